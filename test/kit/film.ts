// A synthetic film for the local stage's checks (issue 13: align.ts, refine.ts): a still set on the left, a textured
// subject sliding on the right (3 px down and 2 px right per frame at PIXEL_FPS), a 10-s master read by film time,
// and query frames that show it. OpenCV is not needed to build it: the homographies are given.
import { PIXEL_FPS, type ReferencePixels } from '../../matcher/local/pixels.ts';
import type { FrameEvidence } from '../../matcher/local/stage.ts';
import { cellAt, cellTexture } from './footage.ts';
import { H, W } from './keypoints.ts';

const set = cellTexture(7), subject = cellTexture(8);
/** film frame k (k / PIXEL_FPS seconds) */
export function frame(k: number): Uint8Array {
  const g = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) g[y * W + x] = x < W / 2 ? cellAt(set, x, y) : cellAt(subject, (x + 2 * k) % (2 * W), (y + 3 * k) % H);
  return g;
}
/** the master, read by film time (what the stored video's reader does), counting the spans asked for */
export function master() {
  const spans: Array<[number, number]> = [];
  const port: ReferencePixels = async (_asset, fromS, toS) => {
    spans.push([fromS, toS]);
    const out: Uint8Array[] = [];
    for (let k = Math.round(fromS * PIXEL_FPS); k <= Math.round(toS * PIXEL_FPS) && k < 10 * PIXEL_FPS; k++) out.push(frame(k));
    return out;
  };
  return { port, spans };
}
/** the film at `film` seconds as a query picture (RGB) */
export const picture = (film: number) => { const g = frame(Math.round(film * PIXEL_FPS)); return { rgb: Uint8Array.from({ length: g.length * 3 }, (_, i) => g[(i / 3) | 0]!), width: W, height: H }; };
/** query frames at stream times `ts` showing film times `shown`, all verified on the keyframe [refT, refTEnd] with
 * homography `h` (reference → query pixels; identity: the picture is the film's, registered exactly) */
export function group(ts: number[], shown: number[], refT: number, refTEnd: number, h = [1, 0, 0, 0, 1, 0, 0, 0, 1]) {
  const g: FrameEvidence[] = ts.map((t) => ({ t, filmId: 'f', refT, refTEnd, inliers: 40, mirrored: false, area: 1, h, assetId: 'master', refSize: { width: W, height: H } }));
  return { g, pictures: new Map(ts.map((t, i) => [t, picture(shown[i]!)] as const)) };
}
