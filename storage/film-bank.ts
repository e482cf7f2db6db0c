// The national-film bank: films, their reference assets and the PDQ fingerprints hashed from them.
// Also the FilmBankStore adapter the matcher reads (checkpoint + signals of enabled films).
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './hash.ts';
import type { BankSignal, FilmBankStore, QuarantineStore } from '../matcher/ports.ts';
import { PdqSignal, type SignalType } from '../matcher/signal.ts';
import { audioPrintsForFilms, insertAudioPrint } from './audio-prints.ts';
import type { AudioPrint } from '../matcher/audio.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';

export interface FilmInput {
  titleRu: string;
  titleKk: string;
  titleEn?: string | null;
  year?: number | null;
  kinopoiskId?: number | null;
  imdbId?: string | null;
  rightsHolder?: string | null;
  createdBy?: string | null;
}

export interface AssetInput {
  filmId: string;
  kind: 'video' | 'poster' | 'trailer';
  sha256: string;
  blobPath: string;
  bytes: number;
  durationS?: number | null;
  width?: number | null;
  height?: number | null;
  /** the fingerprint recipe (matcher/register.ts REF_RECIPE) of a video asset */
  recipe?: string | null;
}

export interface FingerprintInput {
  signalType: string;
  contentType: 'video_frame' | 'image';
  variant: string;
  t: number | null;
  hash: string;
  quality: number;
}

export const newFilmId = () => `film_${randomBytes(8).toString('hex')}`;
export const assetId = (filmId: string, sha256: string) => `ra_${sha256Hex(`${filmId}|${sha256}`).slice(0, 32)}`;

export async function insertFilm(db: Db, id: string, f: FilmInput): Promise<void> {
  await db.query(
    `INSERT INTO films (id, title_ru, title_kk, title_en, year, kinopoisk_id, imdb_id, rights_holder, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [id, f.titleRu, f.titleKk, f.titleEn ?? null, f.year ?? null, f.kinopoiskId ?? null, f.imdbId ?? null, f.rightsHolder ?? null, f.createdBy ?? null],
  );
}

/** The film that already owns a reference asset with these bytes (any kind), if any. */
export async function filmByAssetSha(db: Db, sha256: string, kind: AssetInput['kind']): Promise<{ filmId: string; assetId: string } | null> {
  const [row] = await db.query<{ film_id: string; id: string }>(
    'SELECT film_id, id FROM reference_assets WHERE sha256 = $1 AND kind = $2 ORDER BY created_at LIMIT 1',
    [sha256, kind],
  );
  return row ? { filmId: row.film_id, assetId: row.id } : null;
}

export async function insertAsset(db: Db, a: AssetInput): Promise<string> {
  const id = assetId(a.filmId, a.sha256);
  await db.query(
    `INSERT INTO reference_assets (id, film_id, kind, sha256, blob_path, bytes, duration_s, width, height, recipe)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (film_id, sha256) DO NOTHING`,
    [id, a.filmId, a.kind, a.sha256, a.blobPath, a.bytes, a.durationS ?? null, a.width ?? null, a.height ?? null, a.recipe ?? null],
  );
  return id;
}

/** Inserts fingerprints in multi-row batches (one statement per 500 rows). */
export async function insertFingerprints(db: Db, asset: { id: string; filmId: string }, rows: FingerprintInput[]): Promise<number> {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const params: unknown[] = [];
    const values = batch.map((r) => {
      params.push(asset.id, asset.filmId, r.signalType, r.contentType, r.variant, r.t, r.hash, r.quality);
      const b = params.length - 8;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8})`;
    });
    await db.query(
      `INSERT INTO fingerprints (asset_id, film_id, signal_type, content_type, variant, t_seconds, hash, quality) VALUES ${values.join(',')}`,
      params,
    );
  }
  return rows.length;
}

/** "title kk / title ru" of a film, or null when unknown: how alerts and notices name it. */
export async function filmTitle(db: Db, filmId: string): Promise<string | null> {
  const [film] = await db.query<{ title: string }>(`SELECT title_kk || ' / ' || title_ru AS title FROM films WHERE id = $1`, [filmId]);
  return film?.title ?? null;
}

export async function countFingerprints(db: Db, filmId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fingerprints WHERE film_id = $1', [filmId]);
  return row?.n ?? 0;
}

/** FilmBankStore over the fingerprints table (PDQ signals of enabled films only). */
export function createFilmBankStore(db: Db, signalType = 'pdq'): FilmBankStore {
  const signals = async (contentType: 'video_frame' | 'image'): Promise<BankSignal[]> => {
    const rows = await db.query<{ film_id: string; t: number | null; hash: string; variant: string }>(
      `SELECT f.film_id, f.t_seconds AS t, f.hash, f.variant FROM fingerprints f JOIN films m ON m.id = f.film_id
       WHERE m.enabled AND f.signal_type = $1 AND f.content_type = $2 ORDER BY f.id`,
      [signalType, contentType],
    );
    return rows.map((r) => ({ filmId: r.film_id, t: r.t ?? 0, hash: r.hash, variant: r.variant }));
  };
  return {
    async checkpoint() {
      const [row] = await db.query<{ n: number; last: number; films: string | null; neg: number }>(
        `SELECT (SELECT count(*)::int FROM fingerprints WHERE signal_type = $1) AS n,
                (SELECT coalesce(max(id), 0) FROM fingerprints WHERE signal_type = $1) AS last,
                (SELECT md5(string_agg(id, ',' ORDER BY id)) FROM films WHERE enabled) AS films,
                (SELECT count(*)::int FROM negative_hashes WHERE signal_type = $1) AS neg`,
        [signalType],
      );
      const films = (row?.films ?? 'none').slice(0, 8);
      const neg = row?.neg ? `-n${row.neg}` : '';
      return `${signalType}-${row?.n ?? 0}-${row?.last ?? 0}-${films}${neg}`;
    },
    frameSignals: () => signals('video_frame'),
    audioPrint: async (filmId) => (await audioPrintsForFilms(db, [filmId])).get(filmId) ?? null,
    posterSignals: () => signals('image'),
    async negativeSignals() {
      const rows = await db.query<{ hash: string }>('SELECT hash FROM negative_hashes WHERE signal_type = $1 ORDER BY hash', [signalType]);
      return rows.map((r) => r.hash);
    },
  };
}

/** Adds hashes to the negative bank (idempotent); returns how many were new. */
export async function addNegativeHashes(db: Db, rows: Array<{ hash: string; reason: string }>, signal: SignalType = PdqSignal): Promise<number> {
  const valid = rows.map((r) => ({ hash: signal.validate(r.hash), reason: r.reason })); // all or nothing: a bad hash stores none
  let n = 0;
  for (const r of valid) {
    const res = await db.query<{ hash: string }>(
      'INSERT INTO negative_hashes (signal_type, hash, reason) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING RETURNING hash',
      [signal.name, r.hash, r.reason],
    );
    n += res.length;
  }
  return n;
}

/** QuarantineStore over quarantined_hashes (migration 007). */
export function createQuarantineStore(db: Db, signalType = 'pdq'): QuarantineStore {
  return {
    quarantined: () => db.query<{ hash: string; reason: string }>('SELECT hash, reason FROM quarantined_hashes WHERE signal_type = $1 ORDER BY created_at', [signalType]),
    async quarantine(q) {
      await db.query(
        `INSERT INTO quarantined_hashes (signal_type, hash, film_id, reason, hits, window_queries) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (signal_type, hash) DO NOTHING`,
        [signalType, q.hash, q.filmId, q.reason, q.hits, q.windowQueries],
      );
    },
  };
}

export interface StaleAsset {
  assetId: string;
  filmId: string;
  titleRu: string;
  blobPath: string;
  /** null: registered before recipes were recorded */
  recipe: string | null;
  fingerprints: number;
}

/** Reference videos fingerprinted with a recipe other than `recipe` (all films, or one). */
export async function videoAssetsNotAt(db: Db, recipe: string, filmId?: string): Promise<StaleAsset[]> {
  const rows = await db.query<{ id: string; film_id: string; title_ru: string; blob_path: string; recipe: string | null; n: number }>(
    `SELECT a.id, a.film_id, f.title_ru, a.blob_path, a.recipe,
            (SELECT count(*)::int FROM fingerprints p WHERE p.asset_id = a.id) AS n
       FROM reference_assets a JOIN films f ON f.id = a.film_id
      WHERE a.kind = 'video' AND a.recipe IS DISTINCT FROM $1 AND ($2::text IS NULL OR a.film_id = $2)
      ORDER BY a.created_at, a.id`,
    [recipe, filmId ?? null],
  );
  return rows.map((r) => ({ assetId: r.id, filmId: r.film_id, titleRu: r.title_ru, blobPath: r.blob_path, recipe: r.recipe, fingerprints: r.n }));
}

/** Replaces an asset's frame fingerprints (and its soundtrack print when asked) and records the new recipe, audited as
 * `film.rehash`, in one transaction. null when the asset already has `unlessRecipe` (another process got there first). */
export async function swapAssetFingerprints(db: Db, s: {
  assetId: string; filmId: string; recipe: string; unlessRecipe: string; prints: FingerprintInput[];
  replaceAudio: boolean; audio: AudioPrint | null; audit: { actor: string; details: Record<string, unknown> };
}): Promise<number | null> {
  return db.tx(async (t) => {
    const [cur] = await t.query<{ recipe: string | null }>('SELECT recipe FROM reference_assets WHERE id = $1 FOR UPDATE', [s.assetId]);
    if (cur?.recipe === s.unlessRecipe) return null;
    await t.query(`DELETE FROM fingerprints WHERE asset_id = $1 AND content_type = 'video_frame'`, [s.assetId]);
    const n = await insertFingerprints(t, { id: s.assetId, filmId: s.filmId }, s.prints);
    if (s.replaceAudio) await t.query('DELETE FROM audio_fingerprints WHERE asset_id = $1', [s.assetId]);
    if (s.audio) await insertAudioPrint(t, { assetId: s.assetId, filmId: s.filmId, print: s.audio });
    await t.query('UPDATE reference_assets SET recipe = $2 WHERE id = $1', [s.assetId, s.recipe]);
    await appendAudit(t, { actor: s.audit.actor, action: 'film.rehash', subject: s.filmId, details: { ...s.audit.details, after: n } });
    return n;
  });
}

