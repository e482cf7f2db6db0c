// The checks' second try at one offset (issue 13). A frame's homography was fitted to its keyframe's picture, which
// stands for up to MAX_SPAN_S of the film. Where the film's own camera moves through a solid scene (hand-held footage
// around a chair), the view at the frame's true moment differs from the keyframe's by parallax: warped through that
// homography, the copy lines up best with the keyframe's moment, not its own, and a true copy scores like a
// look-alike (dev set: chair camcord-seat, its frames' best moments scattered 2.7–5.9 s around the true 4.7 s,
// pixels 0.27). Here, at each offset tried, every frame's registration is refined onto the reference frame at its
// moment there (ECC, OpenCV's findTransformECC, on the checks' reduced grid) and the frame is warped again from its
// own picture; the group is scored as align.ts scores it, against the reference frames near that moment and the means
// of adjacent ones (a frame rate converted by blending, a camcorder's exposure). A copy of a screen has one map onto
// it, whatever the film's camera does; refined at the right moment, its frames line up, and at a wrong one they do
// not. ECC maximises the very correlation the pixel check measures, so the refined scores decide only through the
// motion clause (stage.ts `unrefused`): the picture close and moving as the film does, never the picture alone.
import { ALIGN_OFFSETS, ALIGN_TOL_S, bestOffset, moment, type Aligned, type Proposal } from './align.ts';
import type { LocalCv } from './cv.ts';
import { PIXEL_SCALE, warpToReference, type WindowReader } from './pixels.ts';

/** ECC iterations per frame and offset */
export const REFINE_ITERATIONS = 20;
/** offsets tried: from the lowest proposed to the highest, 2 × ALIGN_TOL_S apart, at most this many (the proposals
 * lean towards their keyframes' moments, so the true offset lies between them rather than on one) */
export const REFINE_OFFSETS = 2 * ALIGN_OFFSETS;
/** a refinement that moves a corner of the picture by more than this share of its larger side is refused (the frame
 * is scored as registered) */
export const REFINE_MAX_SHIFT = 0.25;

/** 3 × 3 row-major product */
function mul(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const o: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) o.push(a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!);
  return o;
}

/** The frame's homography (reference → query pixels) composed with a warp found on the reduced grid (reduced
 * reference → reduced warped query, as warpToReference samples it: reference pixel = PIXEL_SCALE × cell + ½ cell). */
export function refinedH(h: readonly number[], w: ArrayLike<number>): number[] {
  const S = [PIXEL_SCALE, 0, PIXEL_SCALE / 2, 0, PIXEL_SCALE, PIXEL_SCALE / 2, 0, 0, 1];
  const Si = [1 / PIXEL_SCALE, 0, -0.5, 0, 1 / PIXEL_SCALE, -0.5, 0, 0, 1];
  return mul(mul(mul(h, S), w), Si);
}

/** the largest corner displacement of warp `w` on a W × H grid, as a share of its larger side */
export function shiftOf(w: ArrayLike<number>, W: number, H: number): number {
  let worst = 0;
  for (const [x, y] of [[0, 0], [W, 0], [0, H], [W, H]] as const) {
    const d = w[6]! * x + w[7]! * y + w[8]!;
    worst = Math.max(worst, Math.hypot((w[0]! * x + w[1]! * y + w[2]!) / d - x, (w[3]! * x + w[4]! * y + w[5]!) / d - y));
  }
  return worst / Math.max(W, H);
}

/** the offsets to try: the proposals' range, 2 × ALIGN_TOL_S apart, centred on it and at most REFINE_OFFSETS */
export function refineOffsets(proposed: readonly number[]): number[] {
  if (!proposed.length) return [];
  const lo = Math.min(...proposed), hi = Math.max(...proposed), step = 2 * ALIGN_TOL_S;
  const n = Math.min(REFINE_OFFSETS, Math.floor((hi - lo) / step + 1e-9) + 1), mid = (lo + hi) / 2;
  return Array.from({ length: n }, (_, i) => mid + (i - (n - 1) / 2) * step);
}

/** The frame registered onto the reference frame at its moment at `offset` (itself when there is none, or ECC does
 * not converge, or moves it more than REFINE_MAX_SHIFT). */
async function refineFrame(cv: Pick<LocalCv, 'ecc'>, read: WindowReader, f: Aligned, offset: number): Promise<Aligned> {
  const refs = await moment(read, f, offset), centre = refs[refs.length >> 1];
  if (!centre || !f.e.h || !f.e.refSize) return f;
  const w = cv.ecc(centre, f.q.img, f.q.valid, f.W, f.H, REFINE_ITERATIONS);
  if (!w || !(shiftOf(w, f.W, f.H) <= REFINE_MAX_SHIFT)) return f;
  const h = refinedH(f.e.h, w);
  return { ...f, e: { ...f.e, h }, q: warpToReference(f.pic, f.e.mirrored, h, f.e.refSize.width, f.e.refSize.height) };
}

/** The group's scores with every frame refined at each offset tried; null when there is no offset to try. */
export async function refinedChecks(cv: Pick<LocalCv, 'ecc'>, read: WindowReader, proposal: Proposal): Promise<{ pixels: number; motion: number | null; offsetS: number } | null> {
  const offsets = refineOffsets(proposal.offsets);
  if (!offsets.length) return null;
  return bestOffset(read, offsets, (o) => Promise.all(proposal.frames.map((f) => (f.lag === null ? f : refineFrame(cv, read, f, o)))), true);
}
