// The motion check of the local stage (issue 13), beside the pixel check (pixels.ts) where a structural rule refuses a
// group. The pixel check asks whether each query frame looks like some moment of the film; footage of the same set
// with the same signer does (dev set: look-alikes up to 0.77). This check asks whether the query *moves* as the film
// does: for two agreeing query frames at most MOTION_MAX_GAP_S apart, the difference of the two pictures — both seen
// through one homography, the screen's geometry, so what stands still cancels — is compared block by block with the
// difference of two reference frames the same time apart, at the best moment of the keyframe's window. A copy moves
// the film's hands the film's way; a look-alike moves its own (dev set, docs/benchmarks.md run R: copies mostly
// 0.55–0.94, every look-alike ≤ 0.35). The group's score is the median over its pairs.
import type { FrameEvidence } from './stage.ts';
import { blockSums, median3, PIXEL_BLOCK, PIXEL_FPS, warpToReference, type Picture, type WindowReader } from './pixels.ts';

/** two agreeing frames further apart than this are not compared (the film moves on too far for one homography) */
export const MOTION_MAX_GAP_S = 1;
/** a block of the reference's difference takes part when its grey levels spread this much (standard deviation, at the
 * check's quarter scale): something moved there in the film */
export const MOTION_STD = 4;
/** a block where the query's difference spreads less than this did not move in the query: it counts as 0 */
export const MOTION_QUERY_STD = 1;
/** a group the pixel check leaves between MOTION_PIXEL_MIN and PIXEL_MIN is lifted when its motion score is this high.
 * Above what one shared frame gives: a pair whose later frame is the film's and whose earlier one is unrelated footage
 * of the same contrast scores √(1 − ρ)/2 ≤ 0.5 (ρ: the correlation of the two reference frames); both must move. */
export const MOTION_MIN = 0.6;
export const MOTION_PIXEL_MIN = 0.6;
/** below this the motion contradicts the picture: not even a pixel score ≥ PIXEL_MIN lifts the group. Not a calibrated
 * separation (dev set: look-alikes up to 0.35, one copy at 0.31) but a refusal of what moves otherwise (a frozen or
 * reversed picture). A copy of repetitive footage, whose frames verify against a similar moment seconds away, can score
 * under it too (dev set: intel_bottle, 0.08–0.38): such a group, if a rule refused it, stays a lead. */
export const MOTION_FLOOR = 0.3;

/** Mean normalised cross-correlation of the query's difference `dq` with the reference's `dr`, over the blocks wholly
 * inside the query's picture where `dr` moves; NaN when nothing moves in the reference. */
export function differenceNcc(dq: Float32Array, valid: Uint8Array, dr: Float32Array, W: number, H: number): number {
  const blocks = Math.floor(W / PIXEL_BLOCK) * Math.floor(H / PIXEL_BLOCK);
  let sum = 0, count = 0;
  for (let k = 0; k < blocks; k++) {
    const s = blockSums(dq, valid, dr, W, k);
    if (!s || Math.sqrt(s.cb / s.n) < MOTION_STD) continue;
    sum += Math.sqrt(s.ca / s.n) < MOTION_QUERY_STD ? 0 : s.cab / Math.sqrt(s.ca * s.cb);
    count++;
  }
  return count ? sum / count : NaN;
}

/** The query's change from frame `a` to frame `b`, both seen through the stronger frame's registration (the screen's
 * geometry: what stands still cancels), at the check's scale of a's keyframe; valid where both pictures cover it. */
export function queryDifference(a: FrameEvidence, pa: Picture, b: FrameEvidence, pb: Picture, W: number, H: number): { dq: Float32Array; valid: Uint8Array } {
  const h = a.inliers >= b.inliers ? a.h! : b.h!, { width, height } = a.refSize!;
  const qa = warpToReference(pa, a.mirrored, h, width, height), qb = warpToReference(pb, b.mirrored, h, width, height);
  const dq = new Float32Array(W * H), valid = new Uint8Array(W * H);
  for (let i = 0; i < W * H; i++) if (qa.valid[i] && qb.valid[i]) (valid[i] = 1), (dq[i] = qb.img[i]! - qa.img[i]!);
  return { dq, valid };
}

/** The best correlation of the query's change with the reference's change over any of `pairs` (earlier, later
 * reference frame); −Infinity when none has anything moving to compare. */
export function bestDifference(dq: Float32Array, valid: Uint8Array, W: number, H: number, pairs: Iterable<readonly [Float32Array, Float32Array]>): number {
  const dr = new Float32Array(W * H);
  let best = -Infinity;
  for (const [from, to] of pairs) {
    for (let p = 0; p < W * H; p++) dr[p] = to[p]! - from[p]!;
    const s = differenceNcc(dq, valid, dr, W, H);
    if (s > best) best = s;
  }
  return best;
}

/** The group's motion score (null: no pair of frames to compare, or nothing moves in the film there). */
export async function motionScore(read: WindowReader, group: readonly FrameEvidence[], pictures: ReadonlyMap<number, Picture>): Promise<number | null> {
  const sorted = [...group].sort((x, y) => x.t - y.t), scores: number[] = [];
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!, b = sorted[k]!, gap = b.t - a.t;
    const pa = pictures.get(a.t), pb = pictures.get(b.t);
    if (gap > MOTION_MAX_GAP_S || !pa || !pb || !a.h || !b.h || !a.refSize || a.mirrored !== b.mirrored || a.assetId !== b.assetId) continue;
    // a's window reaches PIXEL_WINDOW_S (≥ MOTION_MAX_GAP_S) past its keyframe's span: b's moment is in it
    const win = await read(a);
    if (!win || win.ref.length < 2) continue;
    const { ref, W, H } = win;
    // the stronger frame's registration for both; where the two landed on different keyframes it is read against a's
    // window all the same (a still camera: one picture of the place; measured so in runs R and S)
    const { dq, valid } = queryDifference(a, pa, b, pb, W, H);
    // the query's frame times fall between the reference's: one reference frame either way
    const step = Math.max(1, Math.round(gap * PIXEL_FPS));
    const pairs = function* () {
      for (let i = 0; i < ref.length; i++) for (let j = Math.max(i + 1, i + step - 1); j <= i + step + 1 && j < ref.length; j++) yield [ref[i]!, ref[j]!] as const;
    };
    const best = bestDifference(dq, valid, W, H, pairs());
    if (Number.isFinite(best)) scores.push(best);
  }
  return median3(scores);
}
