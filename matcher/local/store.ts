// Local features in and out of storage: a reference video's keyframes → one blob + its row (registration), and the
// enabled films' blobs → a LocalBank, rebuilt only when the rows change (one LocalBankCache per process).
import { readFrames, type MediaTools } from '../../media/ffmpeg.ts';
import type { BlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { localFeatureRows, videoAssetBlobPath } from '../../storage/local-features.ts';
import { buildLocalBank, type LocalBank } from './bank.ts';
import { decodeKeyframes, encodeKeyframes } from './codec.ts';
import type { LocalCv } from './cv.ts';
import { greyFromRgb, LOCAL_RECIPE, referenceKeyframes } from './features.ts';
import { PIXEL_FPS, type ReferencePixels } from './pixels.ts';

export async function localFeaturesFor(cv: LocalCv, cfg: MediaTools, blobs: BlobStore, file: string) {
  const { keyframes } = await referenceKeyframes(cv, cfg, file, { timeoutMs: 60 * 60_000 });
  const blob = await blobs.put(encodeKeyframes(keyframes), '.kzl');
  return { recipe: LOCAL_RECIPE, blobPath: blob.path, keyframes: keyframes.length, keypoints: keyframes.reduce((s, k) => s + k.n, 0), bytes: blob.bytes };
}

export interface LocalStagePort {
  cv: LocalCv;
  /** the current bank (null when no film has local features) */
  bank(): Promise<LocalBank | null>;
  /** the pixel check's reference frames, read from the stored master; none → the rules' refusals stand */
  pixels?: ReferencePixels;
}

/** Reference frames for the pixel check: the asset's stored video, decoded for the window only. */
export function referencePixels(cfg: MediaTools, locate: (assetId: string) => Promise<string | null>): ReferencePixels {
  return async (assetId, fromS, toS, width, height) => {
    const file = await locate(assetId);
    if (!file) return [];
    const out: Uint8Array[] = [];
    const maxFrames = Math.ceil((toS - fromS) * PIXEL_FPS) + 2;
    try {
      for await (const f of readFrames(cfg, file, { startS: fromS, durationS: toS - fromS, fps: PIXEL_FPS, width, height, maxFrames, timeoutMs: 60_000 })) out.push(greyFromRgb(f.rgb, width, height));
    } catch {
      // a master that cannot be read (gone, timed out) only means no pixel check: the group stays a lead, never a match
      return [];
    }
    return out;
  };
}

/** One per process: loads the blobs of enabled films' local features and builds the bank once per row set; with the
 * media tools it also reads reference frames for the pixel check. */
export function createLocalStage(cv: LocalCv, db: Db, blobs: Pick<BlobStore, 'read' | 'resolve'>, cfg?: MediaTools): LocalStagePort {
  let cached: { checkpoint: string; bank: Promise<LocalBank | null> } | null = null;
  return {
    cv,
    ...(cfg ? { pixels: referencePixels(cfg, async (id) => { const p = await videoAssetBlobPath(db, id); return p ? blobs.resolve(p) : null; }) } : {}),
    async bank() {
      const { checkpoint, rows } = await localFeatureRows(db);
      if (cached?.checkpoint !== checkpoint) {
        const build = async () => {
          if (!rows.length) return null;
          const films = await Promise.all(rows.map(async (r) => ({ filmId: r.filmId, assetId: r.assetId, keyframes: decodeKeyframes(await blobs.read(r.blobPath)) })));
          return buildLocalBank(films, cv);
        };
        cached = { checkpoint, bank: build() };
      }
      return cached.bank;
    },
  };
}
