// Chromaprint alignment: slide the query's raw items over the reference's, bit error rate (BER) per integer item
// shift, best shift wins. Random (unrelated) item pairs sit near BER 0.5; the same audio re-encoded sits far below.
import type { AudioPrint } from './audio.ts';

export interface AudioMatch {
  /** reference time − query time (s), start offsets of both prints included: refT ≈ queryT + offsetS */
  offsetS: number;
  /** bit error rate over the overlap at the best shift, 0..1 */
  ber: number;
  /** seconds of overlap at the best shift */
  overlapS: number;
  /** 1 − 2·ber clamped to 0..1 */
  similarity: number;
}

export interface CompareAudioOptions {
  /** when given, a best alignment with a higher BER returns null (default: return it, so callers can log it) */
  maxBer?: number;
  /** shorter overlaps are ignored (default 3 s) */
  minOverlapS?: number;
  /** only try shifts near this offset (e.g. the PDQ vote's offset: refT ≈ queryT + offset) */
  expectOffsetS?: number;
  /** half-width of the window around expectOffsetS (default 5 s ≈ ±40 shifts) */
  toleranceS?: number;
}

/**
 * Default confirmation threshold, measured (fpcalc 1.5.1) on generated music-like tracks (two voices stepping through
 * pseudo-random semitones, as in test/media/audio.test.ts), 10 s excerpts of a 40 s reference, best shift of a full slide:
 * - same audio re-encoded: aac 48k 0.013, mp3 64k 0.009; a 30 s excerpt starting half an item off the reference's
 *   item grid (the worst case: shifts are whole items) 0.070;
 * - with noise mixed in (volume 0.8 + anoisesrc): white a=0.05 0.012, a=0.2 0.020, a=0.5 0.059; pink a=0.3 0.018;
 * - atempo 25/24 (PAL speed-up): 0.129 over 10 s, 0.242 over 30 s: speed changes break alignment, not confirmable;
 * - unrelated: 10 other tracks of the same style 0.358–0.397, a chirp over band-passed noise 0.336 (at a 3.1 s edge
 *   overlap), white noise 0.524, pink 0.517; within a ±5 s window around the expected offset 0.382–0.435.
 * 0.25 sits between the worst related (0.07, or 0.13 sped up) and the best unrelated (0.336) with margin.
 */
export const AUDIO_MAX_BER = 0.25;
export const AUDIO_MIN_OVERLAP_S = 3;
export const AUDIO_TOLERANCE_S = 5;

export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function compareAudio(ref: AudioPrint, query: AudioPrint, opts: CompareAudioOptions = {}): AudioMatch | null {
  if (Math.abs(ref.itemS - query.itemS) > 1e-9) throw new Error(`audio prints of different item lengths (${ref.itemS} vs ${query.itemS})`);
  const itemS = ref.itemS;
  const r = ref.items;
  const q = query.items;
  const minItems = Math.max(1, Math.ceil((opts.minOverlapS ?? AUDIO_MIN_OVERLAP_S) / itemS));
  // shift s aligns query item j with ref item j + s; offsetS = ref.startS + s·itemS − query.startS
  let lo = -(q.length - minItems);
  let hi = r.length - minItems;
  if (opts.expectOffsetS !== undefined) {
    const centre = Math.round((opts.expectOffsetS - ref.startS + query.startS) / itemS);
    const half = Math.ceil((opts.toleranceS ?? AUDIO_TOLERANCE_S) / itemS);
    lo = Math.max(lo, centre - half);
    hi = Math.min(hi, centre + half);
  }
  let best: { s: number; errs: number; n: number } | null = null;
  for (let s = lo; s <= hi; s++) {
    const j0 = Math.max(0, -s);
    const j1 = Math.min(q.length, r.length - s);
    const n = j1 - j0;
    if (n < minItems) continue;
    let errs = 0;
    for (let j = j0; j < j1; j++) errs += popcount32((r[j + s]! ^ q[j]!) >>> 0);
    if (!best || errs * best.n < best.errs * n || (errs * best.n === best.errs * n && n > best.n)) best = { s, errs, n };
  }
  if (!best) return null;
  const ber = best.errs / (32 * best.n);
  if (opts.maxBer !== undefined && ber > opts.maxBer) return null;
  const offsetS = Math.round((ref.startS + best.s * itemS - query.startS) * 1000) / 1000;
  return { offsetS, ber, overlapS: best.n * itemS, similarity: Math.min(1, Math.max(0, 1 - 2 * ber)) };
}

/** True when an alignment exists and its BER is at or under maxBer (default AUDIO_MAX_BER). */
export function isAudioConfirmed(m: AudioMatch | null, opts: { maxBer?: number } = {}): boolean {
  return m !== null && m.ber <= (opts.maxBer ?? AUDIO_MAX_BER);
}
