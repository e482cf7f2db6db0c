// The local-feature stage's port onto OpenCV (WASM build @techstark/opencv-js): ORB keypoints + descriptors and a
// RANSAC homography, on plain typed arrays so nothing else touches WASM memory. Load it once per process with
// loadLocalCv() and pass it along (≈ 0.4 s to instantiate; no module-level singleton).
import { createRequire } from 'node:module';

/** ORB output for one grey frame: n keypoints, their positions (pixels, x,y interleaved) and 32-byte descriptors. */
export interface Keypoints {
  width: number;
  height: number;
  n: number;
  xy: Float32Array;
  /** n × 32 bytes (256-bit rBRIEF), viewed as n × 8 words for Hamming */
  desc: Uint32Array;
}

export interface Homography {
  /** 3 × 3, row-major, mapping `from` points onto `to` points */
  h: Float64Array;
  /** which correspondences are inliers (reprojection error ≤ threshold) */
  inliers: Uint8Array;
  count: number;
}

export interface LocalCv {
  /** ORB on a grey image (width × height bytes), at most `max` keypoints */
  orb(grey: Uint8Array, width: number, height: number, max: number): Keypoints;
  /** AKAZE on a grey image: its `max` strongest keypoints (by detector response) with 256-bit MLDB descriptors, so
   * they match and verify as ORB's do (verify.ts) — but only against other AKAZE keypoints */
  akaze(grey: Uint8Array, width: number, height: number, max: number): Keypoints;
  /** RANSAC homography from ≥ 4 point pairs (x,y interleaved); null when none was found */
  homography(from: Float32Array, to: Float32Array, thresholdPx: number): Homography | null;
  /** ECC (findTransformECC, a homography) of `input` onto `template`, both W × H floats, from identity: the warp taking
   * template coordinates to input coordinates, row-major 3 × 3; null when it does not converge */
  ecc(template: Float32Array, input: Float32Array, mask: Uint8Array, W: number, H: number, iterations: number): Float64Array | null;
}

// the WASM module's surface this port uses (its own typings are incomplete)
interface CvMat { data: Uint8Array; data32F: Float32Array; data64F: Float64Array; rows: number; cols: number; delete(): void }
interface CvKeyPointVector { size(): number; get(i: number): { pt: { x: number; y: number }; response: number }; delete(): void }
interface CvDetector { detectAndCompute(img: CvMat, mask: CvMat, kp: CvKeyPointVector, desc: CvMat): void; delete(): void }
interface CvModule {
  Mat: { new (): CvMat; new (rows: number, cols: number, type: number): CvMat };
  CV_8UC1: number;
  CV_32FC2: number;
  RANSAC: number;
  ORB: new (n: number, scale?: number, levels?: number, edge?: number, first?: number, wta?: number) => CvDetector & { setPatchSize(n: number): void };
  AKAZE: new () => CvDetector & { setDescriptorSize(bits: number): void; setThreshold(t: number): void };
  KeyPointVector: new () => CvKeyPointVector;
  matFromArray(rows: number, cols: number, type: number, data: ArrayLike<number>): CvMat;
  findHomography(from: CvMat, to: CvMat, method: number, threshold: number, mask: CvMat): CvMat;
  CV_32F: number;
  MOTION_HOMOGRAPHY: number;
  TermCriteria_COUNT: number;
  TermCriteria_EPS: number;
  TermCriteria: new (type: number, count: number, eps: number) => object;
  findTransformECC(template: CvMat, input: CvMat, warp: CvMat, motion: number, criteria: object, mask: CvMat, gaussSize: number): number;
}

/** ORB parameters: scale pyramid 1.2 × 8 levels (a 25 % picture-in-picture is ~3× smaller than its reference),
 * edge/patch 19 (instead of 31) so small frames keep keypoints near their borders. */
const ORB_SCALE = 1.2;
const ORB_LEVELS = 8;
const ORB_EDGE = 19;
/** AKAZE: MLDB descriptors cut to 256 bits (32 bytes, as ORB's), and a detector threshold of 1e-4 (OpenCV's 1e-3 left
 * a blurred camcorded frame a few dozen points; the strongest `max` are kept) */
const AKAZE_BITS = 256;
const AKAZE_THRESHOLD = 0.0001;

export async function loadLocalCv(): Promise<LocalCv> {
  // required, not imported: the Emscripten module is a thenable that resolves to itself, so anything that resolves a
  // promise with it — `await import()` under vitest's CJS interop included — spins the event loop forever
  const cv = createRequire(import.meta.url)('@techstark/opencv-js') as CvModule;
  // poll rather than hook onRuntimeInitialized: under some loaders (vitest's CJS interop) the hook is set on a copy
  // and never fires; fail with a clear error instead of hanging
  for (let waited = 0; !cv.Mat; waited += 50) {
    if (waited > 20_000) throw new Error('OpenCV (WASM) did not initialise within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const orbs = new Map<number, InstanceType<CvModule['ORB']>>();
  const orbFor = (max: number) => {
    let o = orbs.get(max);
    if (!o) {
      // this build binds no ScoreType enum: the constructor takes at most 6 arguments, the patch size via its setter
      // (and has no FAST-threshold setter: it stays at OpenCV's 20)
      orbs.set(max, (o = new cv.ORB(max, ORB_SCALE, ORB_LEVELS, ORB_EDGE, 0, 2)));
      o.setPatchSize(ORB_EDGE);
    }
    return o;
  };
  let akaze: InstanceType<CvModule['AKAZE']> | null = null;
  const akazeDetector = () => {
    if (!akaze) {
      akaze = new cv.AKAZE();
      akaze.setDescriptorSize(AKAZE_BITS);
      akaze.setThreshold(AKAZE_THRESHOLD);
    }
    return akaze;
  };
  // one detector's keypoints and 32-byte descriptors; `max` null: as the detector ranked them (ORB keeps its best
  // itself), else the `max` of highest response
  const describe = (det: CvDetector, grey: Uint8Array, width: number, height: number, max: number | null): Keypoints => {
    const img = new cv.Mat(height, width, cv.CV_8UC1);
    const none = new cv.Mat();
    const kp = new cv.KeyPointVector();
    const des = new cv.Mat();
    try {
      img.data.set(grey.subarray(0, width * height));
      det.detectAndCompute(img, none, kp, des);
      const all = Math.min(kp.size(), des.rows);
      let order = Array.from({ length: all }, (_, i) => i);
      if (max !== null && all > max) order = order.map((i) => [i, kp.get(i).response] as const).sort((a, b) => b[1] - a[1]).slice(0, max).map(([i]) => i);
      const n = order.length;
      const xy = new Float32Array(2 * n);
      const bytes = new Uint8Array(n * 32);
      order.forEach((i, k) => {
        const p = kp.get(i).pt;
        (xy[2 * k] = p.x), (xy[2 * k + 1] = p.y);
        bytes.set(des.data.subarray(i * des.cols, i * des.cols + 32), 32 * k);
      });
      return { width, height, n, xy, desc: new Uint32Array(bytes.buffer) };
    } finally {
      img.delete(), none.delete(), kp.delete(), des.delete();
    }
  };
  return {
    ecc(template, input, mask, W, H, iterations) {
      const t = new cv.Mat(H, W, cv.CV_32F), i = new cv.Mat(H, W, cv.CV_32F), m = new cv.Mat(H, W, cv.CV_8UC1);
      const w = cv.matFromArray(3, 3, cv.CV_32F, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
      try {
        t.data32F.set(template.subarray(0, W * H)), i.data32F.set(input.subarray(0, W * H)), m.data.set(mask.subarray(0, W * H));
        for (let k = 0; k < W * H; k++) if (m.data[k]) m.data[k] = 255;
        cv.findTransformECC(t, i, w, cv.MOTION_HOMOGRAPHY, new cv.TermCriteria(cv.TermCriteria_COUNT + cv.TermCriteria_EPS, iterations, 1e-4), m, 3);
        const out = Float64Array.from(w.data32F.subarray(0, 9));
        return out.every(Number.isFinite) ? out : null;
      } catch {
        // OpenCV throws (a WASM exception pointer) when the images have no gradient or the iteration diverges
        return null;
      } finally {
        t.delete(), i.delete(), m.delete(), w.delete();
      }
    },
    orb: (grey, width, height, max) => describe(orbFor(max), grey, width, height, null),
    akaze: (grey, width, height, max) => describe(akazeDetector(), grey, width, height, max),
    homography(from, to, thresholdPx) {
      const n = from.length / 2;
      if (n < 4) return null;
      const a = cv.matFromArray(n, 1, cv.CV_32FC2, from);
      const b = cv.matFromArray(n, 1, cv.CV_32FC2, to);
      const mask = new cv.Mat();
      let h: CvMat | null = null;
      try {
        h = cv.findHomography(a, b, cv.RANSAC, thresholdPx, mask);
        if (!h || h.rows !== 3 || h.cols !== 3) return null;
        const inliers = new Uint8Array(n);
        let count = 0;
        for (let i = 0; i < n && i < mask.rows; i++) if ((inliers[i] = mask.data[i] ? 1 : 0)) count++;
        return { h: Float64Array.from(h.data64F.subarray(0, 9)), inliers, count };
      } finally {
        a.delete(), b.delete(), mask.delete(), h?.delete();
      }
    },
  };
}
