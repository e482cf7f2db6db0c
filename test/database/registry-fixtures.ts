// Seeding for the registry and API tests: rows written directly with SQL (no matcher involved). The logger and the
// hand-built AppConfig these tests use are in test/kit (silentLog, testConfig).
import { createHash } from 'node:crypto';
import type { Db } from '../../storage/db.ts';
import { createUser, type UserRole } from '../../storage/users.ts';

export async function seedFilm(db: Db, id = 'film_1', titles = { kk: 'Қыз Жібек', ru: 'Кыз Жибек', en: 'Kyz Zhibek' }): Promise<string> {
  await db.query(
    `INSERT INTO films (id, title_kk, title_ru, title_en, year) VALUES ($1, $2, $3, $4, 1970) ON CONFLICT DO NOTHING`,
    [id, titles.kk, titles.ru, titles.en],
  );
  return id;
}

/** A candidate page at `url` and a match of it against `filmId` with the given status. Returns the match id. */
export async function seedMatch(db: Db, url: string, opts: { filmId?: string; status?: string; score?: number } = {}): Promise<string> {
  const filmId = opts.filmId ?? (await seedFilm(db));
  const candId = `cand_${createHash('sha256').update(url).digest('hex')}`;
  const host = new URL(url).hostname;
  await db.query(`INSERT INTO candidates (id, url, domain, kind, title) VALUES ($1, $2, $3, 'detail', 'x') ON CONFLICT DO NOTHING`, [candId, url, host]);
  const status = opts.status ?? 'confirmed';
  const matchId = `m_${createHash('sha256').update(url + filmId).digest('hex').slice(0, 16)}`;
  await db.query(
    `INSERT INTO matches (id, candidate_id, film_id, checkpoint, media_url, score, matched_frames, decision, status)
     VALUES ($1, $2, $3, 'cp1', $4, $5, 12, $6, $7)`,
    [matchId, candId, filmId, `${url}/video.mp4`, opts.score ?? 0.93, status === 'confirmed' ? 'match' : 'review', status],
  );
  return matchId;
}

export async function seedUser(db: Db, name: string, role: UserRole) {
  return createUser(db, { name, role, actor: 'test' });
}
