// HMA vocabulary: ContentType, SignalType (here PDQ), and the thresholds the matcher uses with it.
import { hamming } from './hamming.ts';

export type ContentType = 'image' | 'video_frame' | 'video';

export interface SignalType {
  name: string;
  contentTypes: readonly ContentType[];
  /** normalises a hash or throws */
  validate(hash: string): string;
  compare(a: string, b: string, threshold: number): { match: boolean; distance: number };
  /** known hashes usable as fixtures (pytx `examples()`) */
  examples(): string[];
}

/**
 * Hamming radius for a frame hit (of 256 bits). Meta recommends 31 for still images; video frames that went through
 * letterboxing, a CRF-32 re-encode and a 160×90 decode land at 12–40 bits from their reference in our measurements,
 * while frames of unrelated synthetic films sit at ≥ 80 (random pairs: 128 ± 8, so ≤ 44 is > 10σ away). Temporal
 * voting (offsets agreeing within ±2 s) removes the rare chance hit.
 */
export const PDQ_FRAME_RADIUS = 44;
/** Query frames below this PDQ quality (black, flat, blurred) do not vote (pytx treats < 50 as low quality). */
export const PDQ_QUALITY_GATE = 50;
/** Video query frames vote from this quality up: smooth footage (a parking lot, a camcorded screen) sits at 20–45,
 * and temporal voting plus distance weighting keeps their weaker hashes honest (dev set: recall up, no false match). */
export const PDQ_VIDEO_QUALITY_GATE = 20;
/** Reference frames below this quality are not stored at all (black frames, fades). */
export const PDQ_STORE_MIN_QUALITY = 20;

export const PdqSignal: SignalType = {
  name: 'pdq',
  contentTypes: ['image', 'video_frame'],
  validate(hash) {
    const h = hash.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(h)) throw new Error(`invalid PDQ hash: ${hash}`);
    return h;
  },
  compare(a, b, threshold) {
    const distance = hamming(a, b);
    return { match: distance <= threshold, distance };
  },
  examples: () => [
    'e4cc89d91c623842f8d1f1d9a398e78c9f199a3bf87925f2b7e11e0bf061b064',
    'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22',
  ],
};
