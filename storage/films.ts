// A film's title data (issue 11) in `films`: read as one FilmRecord (what packets, the portal and the CLI show), and
// written field by field (only the fields given; null clears). The bank's signals stay in storage/film-bank.ts.
import type { FilmMeta, MetaKey } from '../films/meta.ts';
import { META_COLUMNS } from '../films/meta.ts';
import type { Db } from './db.ts';
import { listLicensedPlatforms, type LicensedKind } from './licensed-platforms.ts';

/** How a film is protected: by its reference video's frames and sound, or only by metadata (ids, titles) and poster. */
export type Protection = 'video' | 'metadata+poster' | 'metadata';

export interface FilmRecord {
  id: string;
  titleKk: string;
  titleRu: string;
  titleEn: string | null;
  originalTitle: string | null;
  altTitles: string[];
  year: number | null;
  genre: string | null;
  durationMin: number | null;
  stateRegisterNo: string | null;
  distributionCertificate: string | null;
  distributionCertificateDate: string | null;
  nationalFilmCertificate: string | null;
  eidr: string | null;
  kinopoiskId: number | null;
  imdbId: string | null;
  rightsHolder: string | null;
  rightsHolderBin: string | null;
  territory: string | null;
  rightsFrom: string | null;
  rightsTo: string | null;
  noticeContact: string | null;
  enabled: boolean;
  protection: Protection;
  /** domains and Telegram channels that distribute it lawfully (film_licensed_platforms, migration 017) */
  licensedPlatforms: Array<{ kind: LicensedKind; value: string }>;
}

const DATE_KEYS = new Set<MetaKey>(['distributionCertificateDate', 'rightsFrom', 'rightsTo']);
const SELECT = `SELECT f.*,
  to_char(f.distribution_certificate_date, 'YYYY-MM-DD') AS distribution_certificate_date,
  to_char(f.rights_from, 'YYYY-MM-DD') AS rights_from, to_char(f.rights_to, 'YYYY-MM-DD') AS rights_to,
  EXISTS (SELECT 1 FROM reference_assets a WHERE a.film_id = f.id AND a.kind = 'video') AS has_video,
  EXISTS (SELECT 1 FROM reference_assets a WHERE a.film_id = f.id AND a.kind = 'poster') AS has_poster
  FROM films f`;

function toRecord(r: Record<string, unknown>): FilmRecord {
  const out: Record<string, unknown> = { id: r.id, enabled: r.enabled };
  for (const [key, col] of Object.entries(META_COLUMNS)) out[key] = r[col] ?? null;
  out.altTitles = (r.alt_titles as string[] | null) ?? [];
  out.protection = r.has_video ? 'video' : r.has_poster ? 'metadata+poster' : 'metadata';
  out.licensedPlatforms = [];
  return out as unknown as FilmRecord;
}

async function withPlatforms(db: Db, f: FilmRecord): Promise<FilmRecord> {
  f.licensedPlatforms = (await listLicensedPlatforms(db, f.id)).map((p) => ({ kind: p.kind, value: p.value }));
  return f;
}

export async function getFilmRecord(db: Db, id: string): Promise<FilmRecord | null> {
  const [row] = await db.query<Record<string, unknown>>(`${SELECT} WHERE f.id = $1`, [id]);
  return row ? withPlatforms(db, toRecord(row)) : null;
}

export async function filmByRegisterNo(db: Db, registerNo: string): Promise<FilmRecord | null> {
  const [row] = await db.query<Record<string, unknown>>(`${SELECT} WHERE f.state_register_no = $1`, [registerNo]);
  return row ? withPlatforms(db, toRecord(row)) : null;
}

/** Films by id (the caller's order is not kept). */
export async function filmRecords(db: Db, ids: readonly string[]): Promise<FilmRecord[]> {
  if (!ids.length) return [];
  const rows = await db.query<Record<string, unknown>>(`${SELECT} WHERE f.id = ANY($1) ORDER BY f.id`, [ids]);
  return Promise.all(rows.map((r) => withPlatforms(db, toRecord(r))));
}

/** Writes the given fields of an existing film (null clears one) and stamps updated_at. */
export async function writeFilmMeta(db: Db, id: string, meta: FilmMeta): Promise<void> {
  const keys = (Object.keys(meta) as MetaKey[]).filter((k) => meta[k] !== undefined);
  if (!keys.length) return;
  const sets = keys.map((k, i) => `${META_COLUMNS[k]} = $${i + 2}${DATE_KEYS.has(k) ? '::date' : ''}`);
  await db.query(`UPDATE films SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...keys.map((k) => meta[k])]);
}

/** Inserts a film from title data alone (no reference media yet): it is protected by metadata until a video follows. */
export async function insertFilmMeta(db: Db, id: string, meta: FilmMeta & { titleKk: string; titleRu: string }, createdBy: string | null): Promise<void> {
  await db.query('INSERT INTO films (id, title_kk, title_ru, created_by) VALUES ($1, $2, $3, $4)', [id, meta.titleKk, meta.titleRu, createdBy]);
  await writeFilmMeta(db, id, meta);
}

/** Titles of every film, for the transliterating title search (national films: thousands at most). */
export async function allFilmTitles(db: Db, opts: { enabledOnly?: boolean; filmIds?: readonly string[] } = {}) {
  return db.query<{ id: string; title_kk: string; title_ru: string; title_en: string | null; original_title: string | null; alt_titles: string[]; year: number | null }>(
    `SELECT id, title_kk, title_ru, title_en, original_title, alt_titles, year FROM films
      WHERE ($1::boolean IS NOT TRUE OR enabled) AND ($2::text[] IS NULL OR id = ANY($2)) ORDER BY id`,
    [opts.enabledOnly ?? false, opts.filmIds ?? null],
  );
}

/** Whether a rights-holder user is linked to the film (user_films, migration 011). */
export async function userHoldsFilm(db: Db, userId: string, filmId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM user_films WHERE user_id = $1 AND film_id = $2', [userId, filmId])).length > 0;
}

/** The films a rights-holder user is linked to. */
export async function filmIdsOfUser(db: Db, userId: string): Promise<string[]> {
  return (await db.query<{ film_id: string }>('SELECT film_id FROM user_films WHERE user_id = $1 ORDER BY film_id', [userId])).map((r) => r.film_id);
}

/** Enabled films with this Kinopoisk or IMDb id (the metadata signal, matcher/metadata.ts). */
export async function filmsByExternalId(db: Db, q: { kinopoiskId: number | null; imdbId: string | null }) {
  const rows = await db.query<{ id: string; kinopoisk_id: number | null; imdb_id: string | null }>(
    `SELECT id, kinopoisk_id, imdb_id FROM films WHERE enabled AND (kinopoisk_id = $1 OR imdb_id = $2) ORDER BY id LIMIT 20`,
    [q.kinopoiskId, q.imdbId],
  );
  return rows.map((r) => ({ filmId: r.id, kinopoiskId: r.kinopoisk_id, imdbId: r.imdb_id }));
}
