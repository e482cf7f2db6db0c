// Local features for reference videos that have none (films registered before LOCAL_FEATURES was on, or with an
// older local recipe): `kuzet films rehash` computes them from the stored master and records the row and its audit
// entry in one transaction. The local stage's bank checkpoint moves, so every process rebuilds its bank.
import fs from 'node:fs';
import type { Logger } from 'pino';
import { appendAudit } from '../../storage/audit.ts';
import type { BlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { upsertLocalFeatures, videoAssetsWithoutLocal, type AssetWithoutLocal } from '../../storage/local-features.ts';
import type { MediaTools } from '../../media/ffmpeg.ts';
import type { LocalCv } from './cv.ts';
import { LOCAL_RECIPE } from './features.ts';
import { localFeaturesFor } from './store.ts';

export type { AssetWithoutLocal };

export function assetsWithoutLocal(db: Db, filmId?: string): Promise<AssetWithoutLocal[]> {
  return videoAssetsWithoutLocal(db, LOCAL_RECIPE, filmId);
}

export interface LocalRehashResult {
  assetId: string;
  filmId: string;
  status: 'added' | 'skipped';
  keyframes?: number;
  bytes?: number;
  ms?: number;
  reason?: string;
}

/** Computes an asset's local features from its stored master and records them (audited `film.local_features`). A
 * missing master is reported, not fatal. Idempotent: a second run replaces the row with the same recipe's. */
export async function addLocalFeatures(
  deps: { db: Db; blobs: BlobStore; cfg: MediaTools; log: Logger; local: LocalCv },
  a: AssetWithoutLocal,
  actor = 'system',
): Promise<LocalRehashResult> {
  const file = deps.blobs.resolve(a.blobPath);
  const base = { assetId: a.assetId, filmId: a.filmId };
  if (!fs.existsSync(file)) return { ...base, status: 'skipped', reason: `master video ${a.blobPath} is missing from the blob store` };
  const t0 = Date.now();
  const f = await localFeaturesFor(deps.local, deps.cfg, deps.blobs, file);
  const ms = Date.now() - t0;
  await deps.db.tx(async (t) => {
    await upsertLocalFeatures(t, { assetId: a.assetId, filmId: a.filmId, ...f });
    await appendAudit(t, { actor, action: 'film.local_features', subject: a.filmId, details: { assetId: a.assetId, from: a.localRecipe, to: f.recipe, keyframes: f.keyframes, keypoints: f.keypoints, bytes: f.bytes } });
  });
  deps.log.info({ filmId: a.filmId, assetId: a.assetId, keyframes: f.keyframes, bytes: f.bytes, ms }, 'local features added');
  return { ...base, status: 'added', keyframes: f.keyframes, bytes: f.bytes, ms };
}
