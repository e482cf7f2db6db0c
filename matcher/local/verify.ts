// Geometric verification of one query frame against one reference keyframe: descriptor matches (nearest neighbour
// by Hamming, Lowe's ratio test, at most MATCH_BITS apart), a RANSAC homography reference → query, and sanity checks
// on where the reference picture lands in the query (convex, not mirrored, a plausible share of the frame).
import { popcount32 } from '../index/hash-words.ts';
import type { Keypoints, LocalCv } from './cv.ts';
import type { Keyframe } from './features.ts';
import type { FrameEvidence } from './stage.ts';

/** a descriptor pair further apart than this is no match (ORB: same point under re-encode/blur ≲ 50 of 256 bits) */
export const MATCH_BITS = 64;
/** best distance < RATIO × second best (Lowe) */
export const RATIO = 0.8;
/** RANSAC reprojection threshold, as a fraction of the query frame's width (3 px at 640) */
export const RANSAC_FRACTION = 0.005;
/** RANSAC inliers for a frame to count (dev set: unrelated frames, look-alikes included, ≤ ? — see docs/benchmarks.md) */
export const MIN_INLIERS = 15;
/** the inliers must spread over this share of the reference picture (not a logo in a corner) */
export const MIN_SPREAD = 0.08;

export interface PairVerdict {
  matches: number;
  inliers: number;
  /** reference corners (tl, tr, br, bl) in query pixels */
  quad: number[] | null;
  /** share of the query frame the reference picture covers */
  area: number;
  /** the inliers' spread: share of the reference frame's area covered by their bounding box */
  spread: number;
  /** the inlier correspondences (query descriptor, reference descriptor) */
  inlierPairs?: Array<[number, number]>;
  /** the homography, reference → query pixels (row-major 3×3) */
  h?: number[];
}

const NONE: PairVerdict = { matches: 0, inliers: 0, quad: null, area: 0, spread: 0 };

/** For each query descriptor, its nearest reference descriptor when it passes the ratio test. `skip` marks
 * reference descriptors that never match (the stop-list: shared with other films). */
export function matchDescriptors(q: Keypoints, r: Keypoints, skip?: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const qd = q.desc, rd = r.desc;
  for (let i = 0; i < q.n; i++) {
    const qi = i * 8;
    let best = 257, second = 257, arg = -1;
    for (let j = 0; j < r.n; j++) {
      const rj = j * 8;
      let d = 0;
      for (let w = 0; w < 8 && d < second; w++) d += popcount32((qd[qi + w]! ^ rd[rj + w]!) >>> 0);
      if (d < best) (second = best), (best = d), (arg = j);
      else if (d < second) second = d;
    }
    if (arg >= 0 && best <= MATCH_BITS && best < RATIO * second && !skip?.[arg]) out.push([i, arg]);
  }
  return out;
}

/** A point of the reference frame in query pixels, through a homography (reference → query, row-major 3×3). */
export function project(h: ArrayLike<number>, x: number, y: number): [number, number] {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/** Where the reference frame's corners land in the query (x,y interleaved, clockwise from the top left). */
export function referenceQuad(h: ArrayLike<number>, width: number, height: number): number[] {
  return [project(h, 0, 0), project(h, width, 0), project(h, width, height), project(h, 0, height)].flat();
}

/** Signed area of a polygon (x,y interleaved); positive = same orientation as the reference rectangle. */
function polyArea(p: number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i += 2) {
    const j = (i + 2) % p.length;
    s += p[i]! * p[j + 1]! - p[j]! * p[i + 1]!;
  }
  return s / 2;
}

function convex(p: number[]): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay, bx, by, cx, cy] = [p[2 * i]!, p[2 * i + 1]!, p[(2 * i + 2) % 8]!, p[(2 * i + 3) % 8]!, p[(2 * i + 4) % 8]!, p[(2 * i + 5) % 8]!];
    const z = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (z === 0) return false;
    if (sign && Math.sign(z) !== sign) return false;
    sign = Math.sign(z);
  }
  return true;
}

/** Where the reference lands must look like a copy: the reference frame maps to a convex, non-mirrored quadrilateral
 * covering 2 %–400 % of the query frame (a 25 % picture-in-picture covers 6 %; a 20 % crop shows the reference at
 * 156 %), with sides that keep their aspect within 2× (no collapsed or needle-like fits). */
export function plausible(quad: number[], q: Pick<Keypoints, 'width' | 'height'>): { ok: boolean; area: number } {
  const area = polyArea(quad) / (q.width * q.height);
  if (!(area >= 0.02 && area <= 4) || !convex(quad)) return { ok: false, area };
  const side = (i: number) => Math.hypot(quad[(2 * i + 2) % 8]! - quad[2 * i]!, quad[(2 * i + 3) % 8]! - quad[2 * i + 1]!);
  const [top, right, bottom, left] = [side(0), side(1), side(2), side(3)];
  const ok = top / bottom < 2 && bottom / top < 2 && left / right < 2 && right / left < 2;
  return { ok, area };
}

export function verifyPair(cv: LocalCv, q: Keypoints, r: Keypoints, skip?: Uint8Array): PairVerdict {
  const pairs = matchDescriptors(q, r, skip);
  if (pairs.length < 8) return { ...NONE, matches: pairs.length };
  const from = new Float32Array(pairs.length * 2), to = new Float32Array(pairs.length * 2);
  pairs.forEach(([qi, ri], k) => {
    from[2 * k] = r.xy[2 * ri]!, from[2 * k + 1] = r.xy[2 * ri + 1]!;
    to[2 * k] = q.xy[2 * qi]!, to[2 * k + 1] = q.xy[2 * qi + 1]!;
  });
  const H = cv.homography(from, to, Math.max(2, q.width * RANSAC_FRACTION));
  if (!H) return { ...NONE, matches: pairs.length };
  const quad = referenceQuad(H.h, r.width, r.height);
  const { ok, area } = plausible(quad, q);
  if (!ok) return { matches: pairs.length, inliers: 0, quad, area, spread: 0 };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k < pairs.length; k++) {
    if (!H.inliers[k]) continue;
    x0 = Math.min(x0, from[2 * k]!), x1 = Math.max(x1, from[2 * k]!), y0 = Math.min(y0, from[2 * k + 1]!), y1 = Math.max(y1, from[2 * k + 1]!);
  }
  const spread = H.count ? ((x1 - x0) * (y1 - y0)) / (r.width * r.height) : 0;
  return { matches: pairs.length, inliers: H.count, quad, area, spread, inlierPairs: pairs.filter((_, k) => H.inliers[k]), h: [...H.h] };
}

/** A pair's verdict as evidence for the query frame at stream time t: null unless it verifies (MIN_INLIERS inliers
 * spread over MIN_SPREAD of the reference picture). */
export function evidenceOf(t: number, ref: Keyframe & { filmId: string; assetId?: string }, v: PairVerdict, mirrored: boolean): FrameEvidence | null {
  if (v.inliers < MIN_INLIERS || v.spread < MIN_SPREAD) return null;
  return { t, filmId: ref.filmId, refT: ref.t, refTEnd: ref.tEnd, inliers: v.inliers, mirrored, area: Math.round(v.area * 1000) / 1000,
    ...(v.h ? { h: v.h } : {}), ...(ref.assetId ? { assetId: ref.assetId } : {}), refSize: { width: ref.width, height: ref.height } };
}
