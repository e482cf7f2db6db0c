// Synthetic ORB keypoints and a stand-in for OpenCV, for the local stage's bookkeeping tests (issue 13): seeded random
// descriptors and positions on a 480×270 frame; an identity homography that keeps every correspondence as an inlier.
import type { Keypoints, LocalCv } from '../../matcher/local/cv.ts';

export const W = 480, H = 270;

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s);
}

export function keypoints(seed: number, n = 60): Keypoints {
  const r = seeded(seed);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) (xy[2 * i] = 10 + (r() % (W - 20))), (xy[2 * i + 1] = 10 + (r() % (H - 20)));
  const desc = new Uint32Array(8 * n).map(() => r());
  return { width: W, height: H, n, xy, desc };
}

/** No keypoints at all (a detector that found nothing), at a frame's size. */
export const noKeypoints = (width: number, height: number): Keypoints => ({ width, height, n: 0, xy: new Float32Array(0), desc: new Uint32Array(0) });

/** identity homography, every correspondence an inlier; frames come with their keypoints, and ORB and AKAZE — called
 * only by the stage's second and third looks at a frame that did not verify (zoom.ts, akaze.ts) — find nothing there;
 * ECC (refine.ts) never converges */
export const identityCv: LocalCv = {
  orb: (_grey, width, height) => noKeypoints(width, height),
  akaze: (_grey, width, height) => noKeypoints(width, height),
  homography: (from) => ({ h: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), inliers: new Uint8Array(from.length / 2).fill(1), count: from.length / 2 }),
  // the checks' refinement (refine.ts) does not converge: every frame is scored as registered
  ecc: () => null,
};
