// The local stage's zoom pass (issue 13): a film shown small inside other video (a 35 % picture-in-picture is 224 px
// of a 640-px frame) keeps too few ORB keypoints at the reference's scale for most frames to verify. Once one frame
// has verified, the verified homography says where the film sits in the picture: the following frames are also cut
// to that place, enlarged to the reference keyframes' width and described again. Their keypoints are mapped back to
// the whole frame, so the evidence, its homography and the pixel check stay in whole-frame pixels.
import type { Keypoints, LocalCv } from './cv.ts';
import { bilinear, greyFromRgb, QUERY_KEYPOINTS, REF_WIDTH } from './features.ts';
import type { FrameEvidence } from './stage.ts';
import { referenceQuad } from './verify.ts';

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
export function zoomedKeypoints(cv: LocalCv, pic: { rgb: Uint8Array; width: number; height: number }, r: ZoomRegion): Keypoints {
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
