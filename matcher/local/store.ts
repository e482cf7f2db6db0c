// Local features in and out of storage: a reference video's keyframes → one blob + its row (registration), and the
// enabled films' blobs → a LocalBank, rebuilt only when the rows change (one LocalBankCache per process).
import type { MediaTools } from '../../media/ffmpeg.ts';
import type { BlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { localFeatureRows } from '../../storage/local-features.ts';
import { buildLocalBank, type LocalBank } from './bank.ts';
import { decodeKeyframes, encodeKeyframes } from './codec.ts';
import type { LocalCv } from './cv.ts';
import { LOCAL_RECIPE, referenceKeyframes } from './features.ts';

export async function localFeaturesFor(cv: LocalCv, cfg: MediaTools, blobs: BlobStore, file: string) {
  const { keyframes } = await referenceKeyframes(cv, cfg, file, { timeoutMs: 60 * 60_000 });
  const blob = await blobs.put(encodeKeyframes(keyframes), '.kzl');
  return { recipe: LOCAL_RECIPE, blobPath: blob.path, keyframes: keyframes.length, keypoints: keyframes.reduce((s, k) => s + k.n, 0), bytes: blob.bytes };
}

export interface LocalStagePort {
  cv: LocalCv;
  /** the current bank (null when no film has local features) */
  bank(): Promise<LocalBank | null>;
}

/** One per process: loads the blobs of enabled films' local features and builds the bank once per row set. */
export function createLocalStage(cv: LocalCv, db: Db, blobs: Pick<BlobStore, 'read'>): LocalStagePort {
  let cached: { checkpoint: string; bank: Promise<LocalBank | null> } | null = null;
  return {
    cv,
    async bank() {
      const { checkpoint, rows } = await localFeatureRows(db);
      if (cached?.checkpoint !== checkpoint) {
        const build = async () => {
          if (!rows.length) return null;
          const films = await Promise.all(rows.map(async (r) => ({ filmId: r.filmId, keyframes: decodeKeyframes(await blobs.read(r.blobPath)) })));
          return buildLocalBank(films, cv);
        };
        cached = { checkpoint, bank: build() };
      }
      return cached.bank;
    },
  };
}
