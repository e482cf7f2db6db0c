// Seeding for the registry and API tests: rows written directly with SQL (no matcher involved).
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { AppConfig } from '../../config/schema.ts';
import type { Db } from '../../storage/db.ts';
import { createUser, type UserRole } from '../../storage/users.ts';

export const silentLog: Logger = pino({ level: 'silent' });

export function testConfig(over: Partial<AppConfig> = {}): AppConfig {
  return {
    dataDir: '/tmp/kuzet-test', roles: ['api'], host: '127.0.0.1', port: 0, esIndex: 'kuzet', logLevel: 'silent', logPretty: false,
    matchThreshold: 0.8, reviewThreshold: 0.45, fetchAllowlist: [], fetchMaxBytes: 1 << 26, fetchTimeoutMs: 20000,
    crawlUserAgent: 'KuzetBot/test', crawlMaxPages: 10, crawlConcurrency: 1, crawlDomainDelayMs: 0, crawlMaxPerMinute: 6000, workerConcurrency: 1, framesPerProbe: 24,
    delistDeadlineHours: 24, telegramApiRoot: 'https://api.telegram.org', chromiumPath: '/usr/bin/chromium', ffmpegPath: 'ffmpeg',
    ffprobePath: 'ffprobe', fpcalcPath: 'fpcalc', redisServerPath: 'redis-server', baseUrl: 'http://127.0.0.1:0',
    ...over,
  } as AppConfig;
}

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
