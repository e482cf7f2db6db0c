// Re-fingerprinting: when the reference recipe changes (new variants, other sampling), films registered before keep
// the fingerprints of the old recipe and match less than new ones. `staleVideoAssets` lists the video assets whose
// recipe differs from REF_RECIPE; `rehashAsset` hashes the stored master again and swaps the asset's frame
// fingerprints in one transaction, audited. The bank checkpoint moves, so the workers' bank watcher queues a rematch
// of the candidates already seen.
import fs from 'node:fs';
import type { Logger } from 'pino';
import { appendAudit } from '../storage/audit.ts';
import type { BlobStore } from '../storage/blobs.ts';
import type { Db } from '../storage/db.ts';
import { insertAudioPrint } from '../storage/audio-prints.ts';
import { insertFingerprints } from '../storage/film-bank.ts';
import { fingerprintReference, REF_RECIPE, type RegisterDeps } from './register.ts';

export interface StaleAsset {
  assetId: string;
  filmId: string;
  titleRu: string;
  blobPath: string;
  /** null: registered before recipes were recorded */
  recipe: string | null;
  fingerprints: number;
}

export async function staleVideoAssets(db: Db, filmId?: string): Promise<StaleAsset[]> {
  const rows = await db.query<{ id: string; film_id: string; title_ru: string; blob_path: string; recipe: string | null; n: number }>(
    `SELECT a.id, a.film_id, f.title_ru, a.blob_path, a.recipe,
            (SELECT count(*)::int FROM fingerprints p WHERE p.asset_id = a.id) AS n
       FROM reference_assets a JOIN films f ON f.id = a.film_id
      WHERE a.kind = 'video' AND a.recipe IS DISTINCT FROM $1 AND ($2::text IS NULL OR a.film_id = $2)
      ORDER BY a.created_at, a.id`,
    [REF_RECIPE, filmId ?? null],
  );
  return rows.map((r) => ({ assetId: r.id, filmId: r.film_id, titleRu: r.title_ru, blobPath: r.blob_path, recipe: r.recipe, fingerprints: r.n }));
}

export interface RehashResult {
  assetId: string;
  filmId: string;
  before: number;
  after: number;
  status: 'rehashed' | 'skipped';
  reason?: string;
}

/** Hashes the asset's stored master with REF_RECIPE and replaces its frame fingerprints (posters are untouched). A
 * missing master is reported, not fatal: the old fingerprints stay. Idempotent: a current asset is skipped. */
export async function rehashAsset(deps: RegisterDeps & { blobs: BlobStore; log: Logger }, a: StaleAsset, actor = 'system'): Promise<RehashResult> {
  const file = deps.blobs.resolve(a.blobPath);
  const base = { assetId: a.assetId, filmId: a.filmId, before: a.fingerprints };
  if (!fs.existsSync(file)) return { ...base, after: a.fingerprints, status: 'skipped', reason: `master video ${a.blobPath} is missing from the blob store` };
  const t0 = Date.now();
  const { prints, fps, audio, recipe } = await fingerprintReference(deps, file);
  const audioDone = recipe === REF_RECIPE; // false: fpcalc failed, the old print (if any) stays
  const after = await deps.db.tx(async (t) => {
    const [cur] = await t.query<{ recipe: string | null }>('SELECT recipe FROM reference_assets WHERE id = $1 FOR UPDATE', [a.assetId]);
    if (cur?.recipe === REF_RECIPE) return null; // another process got there first
    await t.query(`DELETE FROM fingerprints WHERE asset_id = $1 AND content_type = 'video_frame'`, [a.assetId]);
    const n = await insertFingerprints(t, { id: a.assetId, filmId: a.filmId }, prints);
    if (audioDone) await t.query('DELETE FROM audio_fingerprints WHERE asset_id = $1', [a.assetId]);
    if (audio) await insertAudioPrint(t, { assetId: a.assetId, filmId: a.filmId, print: audio });
    await t.query('UPDATE reference_assets SET recipe = $2 WHERE id = $1', [a.assetId, recipe]);
    await appendAudit(t, { actor, action: 'film.rehash', subject: a.filmId, details: { assetId: a.assetId, from: a.recipe, to: recipe, before: a.fingerprints, after: n, fps, audioSeconds: audio ? Math.round(audio.durationS) : null } });
    return n;
  });
  if (after === null) return { ...base, after: a.fingerprints, status: 'skipped', reason: 'already current' };
  deps.log.info({ filmId: a.filmId, assetId: a.assetId, before: a.fingerprints, after, ms: Date.now() - t0 }, 'film rehashed');
  return { ...base, after, status: 'rehashed', ...(!audioDone ? { reason: 'audio fingerprint failed (see the log): still stale for audio' } : {}) };
}
