// Re-fingerprinting: when the reference recipe changes (new variants, other sampling), films registered before keep
// the fingerprints of the old recipe and match less than new ones. `staleVideoAssets` lists the video assets whose
// recipe differs from REF_RECIPE; `rehashAsset` hashes the stored master again and swaps the asset's frame
// fingerprints in one transaction, audited. The bank checkpoint moves, so the workers' bank watcher queues a rematch
// of the candidates already seen.
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { BlobStore } from '../storage/blobs.ts';
import type { Db } from '../storage/db.ts';
import { swapAssetFingerprints, videoAssetsNotAt, type StaleAsset } from '../storage/film-bank.ts';
import { fingerprintReference, REF_RECIPE, type RegisterDeps } from './register.ts';

export type { StaleAsset };

export async function staleVideoAssets(db: Db, filmId?: string): Promise<StaleAsset[]> {
  return videoAssetsNotAt(db, REF_RECIPE, filmId);
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
  const after = await swapAssetFingerprints(deps.db, {
    assetId: a.assetId, filmId: a.filmId, recipe, unlessRecipe: REF_RECIPE, prints, replaceAudio: audioDone, audio,
    audit: { actor, details: { assetId: a.assetId, from: a.recipe, to: recipe, before: a.fingerprints, fps, audioSeconds: audio ? Math.round(audio.durationS) : null } },
  });
  if (after === null) return { ...base, after: a.fingerprints, status: 'skipped', reason: 'already current' };
  deps.log.info({ filmId: a.filmId, assetId: a.assetId, before: a.fingerprints, after, ms: Date.now() - t0 }, 'film rehashed');
  return { ...base, after, status: 'rehashed', ...(!audioDone ? { reason: 'audio fingerprint failed (see the log): still stale for audio' } : {}) };
}
