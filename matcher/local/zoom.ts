// The local stage's second look (issue 13) at a frame that did not verify, once an earlier frame has: the verified
// homography says where the film sits in the picture and how it is seen.
// - Zoom: a film shown small inside other video (a 35 % picture-in-picture is 224 px of a 640-px frame) keeps too few
//   ORB keypoints at the reference's scale for most frames to verify. The frame is cut to the film's place, enlarged to
//   the reference keyframes' width and described again.
// - Rectify: a film filmed at an angle (a camcord from a seat off-axis: keystone, blur, noise) is described through
//   the earlier frame's homography, i.e. in the reference's own geometry, where ORB's descriptors meet the
//   reference's again (dev set, camcord and camcord-seat: 2 more copies of 26 found, no wrong film; docs/benchmarks.md).
// Either way the keypoints are mapped back to the whole frame, so the evidence, its homography and the pixel check
// stay in whole-frame pixels, and the frame must still verify against the bank as any frame does.
import type { Keypoints, LocalCv } from './cv.ts';
import { bilinear, greyFromRgb, QUERY_KEYPOINTS, REF_WIDTH } from './features.ts';
import type { Picture } from './pixels.ts';
import type { FrameEvidence } from './stage.ts';
import { project, referenceQuad } from './verify.ts';

/** zoom only where the film covers at most this share of the query frame */
export const ZOOM_MAX_AREA = 0.3;
/** …and where enlarging it to REF_WIDTH at least this much (smaller gains: the first pass saw it well enough) */
export const ZOOM_MIN_SCALE = 1.3;
/** margin around the film's box, as a share of its size (the inset moves a little between fits) */
const MARGIN = 0.08;

export interface ZoomRegion { x: number; y: number; width: number; height: number; mirrored: boolean }

/** Where the film sits in the query frame, from the strongest small-area evidence so far (null: none, or not small). */
export function zoomRegion(evidence: readonly FrameEvidence[], frameW: number, frameH: number): ZoomRegion | null {
  const small = evidence.filter((e) => e.h && e.refSize && e.area > 0 && e.area <= ZOOM_MAX_AREA);
  if (!small.length) return null;
  const e = small.reduce((a, b) => (b.inliers > a.inliers ? b : a));
  const quad = referenceQuad(e.h!, e.refSize!.width, e.refSize!.height);
  const xs = quad.filter((_, i) => i % 2 === 0), ys = quad.filter((_, i) => i % 2 === 1);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const mx = (x1 - x0) * MARGIN, my = (y1 - y0) * MARGIN;
  const x = Math.max(0, Math.floor(x0 - mx)), y = Math.max(0, Math.floor(y0 - my));
  const width = Math.min(frameW, Math.ceil(x1 + mx)) - x, height = Math.min(frameH, Math.ceil(y1 + my)) - y;
  if (!(width >= 16 && height >= 16) || REF_WIDTH / width < ZOOM_MIN_SCALE) return null;
  return { x, y, width, height, mirrored: e.mirrored };
}

/** ORB on the region enlarged to REF_WIDTH (bilinear), keypoints mapped back to whole-frame pixels. */
export function zoomedKeypoints(cv: LocalCv, pic: Picture, r: ZoomRegion): Keypoints {
  const grey = greyFromRgb(pic.rgb, pic.width, pic.height, r.mirrored);
  const s = REF_WIDTH / r.width;
  const W = REF_WIDTH, H = Math.max(16, Math.round(r.height * s));
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(pic.height - 1.001, Math.max(0, r.y + (y + 0.5) / s - 0.5));
    for (let x = 0; x < W; x++) out[y * W + x] = bilinear(grey, pic.width, Math.min(pic.width - 1.001, Math.max(0, r.x + (x + 0.5) / s - 0.5)), sy);
  }
  const kp = cv.orb(out, W, H, QUERY_KEYPOINTS);
  const xy = new Float32Array(kp.xy.length);
  for (let k = 0; k < kp.n; k++) (xy[2 * k] = r.x + (kp.xy[2 * k]! + 0.5) / s - 0.5), (xy[2 * k + 1] = r.y + (kp.xy[2 * k + 1]! + 0.5) / s - 0.5);
  return { width: pic.width, height: pic.height, n: kp.n, xy, desc: kp.desc };
}

/** The strongest earlier evidence whose film is not small in the picture (the zoom pass covers those). */
export function rectifySource(evidence: readonly FrameEvidence[]): FrameEvidence | null {
  const big = evidence.filter((e) => e.h && e.refSize && e.area > ZOOM_MAX_AREA);
  return big.length ? big.reduce((a, b) => (b.inliers > a.inliers ? b : a)) : null;
}

/** ORB on the query frame seen through `e`'s homography (reference → query pixels), i.e. at its reference keyframe's
 * size and geometry (beyond the frame's edge its border pixels repeat); keypoints mapped back to whole-frame pixels. */
export function rectifiedKeypoints(cv: LocalCv, pic: Picture, e: FrameEvidence): Keypoints {
  const grey = greyFromRgb(pic.rgb, pic.width, pic.height, e.mirrored);
  const W = e.refSize!.width, H = e.refSize!.height, h = e.h!;
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const [qx, qy] = project(h, x, y);
    out[y * W + x] = bilinear(grey, pic.width, Math.min(pic.width - 1.001, Math.max(0, qx)), Math.min(pic.height - 1.001, Math.max(0, qy)));
  }
  const kp = cv.orb(out, W, H, QUERY_KEYPOINTS);
  const xy = new Float32Array(kp.xy.length);
  for (let k = 0; k < kp.n; k++) {
    const [qx, qy] = project(h, kp.xy[2 * k]!, kp.xy[2 * k + 1]!);
    (xy[2 * k] = qx), (xy[2 * k + 1] = qy);
  }
  return { width: pic.width, height: pic.height, n: kp.n, xy, desc: kp.desc };
}

/** The second look at a frame that did not verify: zoomed where the strongest small fit so far puts the film, else
 * rectified through the strongest other fit; null when no earlier frame verified. */
export function secondLook(cv: LocalCv, evidence: readonly FrameEvidence[], pic: Picture): { kp: Keypoints; mirrored: boolean } | null {
  const zoom = zoomRegion(evidence, pic.width, pic.height);
  if (zoom) return { kp: zoomedKeypoints(cv, pic, zoom), mirrored: zoom.mirrored };
  const e = rectifySource(evidence);
  return e ? { kp: rectifiedKeypoints(cv, pic, e), mirrored: e.mirrored } : null;
}
