// The pixel check of the local stage (issue 13). It scores every group with enough agreeing frames. Where a
// structural rule refuses the group — the pin rule (a clip of a few seconds, on which every offset agrees and footage
// of the same set verifies as well as a copy does), the shared rule (a film whose set another registered film shows:
// its remaining keypoints cannot tell episodes apart) or the still rule (every frame on one keyframe: one picture of
// the place) — it can lift it; a group no rule refuses it must confirm (stage.ts `lifts`, `confirms`). The agreeing
// query frames are warped into their reference keyframe's picture with the verified homography and compared, block by
// block, with the reference frames decoded around it at PIXEL_FPS. Only blocks that move in the reference count: the
// set behind a signer matches in any footage of that set, the signer's hands only in a copy. Here the group's score is
// the median over its frames of the best mean normalised cross-correlation of those blocks, each frame at its own
// best moment (docs/benchmarks.md, runs G and J: on the dev set every same-signer look-alike ≤ 0.77, copies 0.42–0.97,
// camcords and small insets the lowest); for a group no rule refused, every frame is scored at one offset (align.ts).
import { bilinear, greyFromRgb, MAX_SPAN_S } from './features.ts';
import type { FrameEvidence } from './stage.ts';
import { project } from './verify.ts';

export const PIXEL_FPS = 30;
/** the comparison runs at 1/PIXEL_SCALE of the keyframe's size, in blocks of PIXEL_BLOCK (32 px of a 480-px keyframe) */
export const PIXEL_SCALE = 4;
export const PIXEL_BLOCK = 8;
/** a block moves when its pixels change by this many grey levels per frame on average, in the reference window */
export const PIXEL_MOTION = 3;
/** reference seconds decoded on each side of the keyframe's span */
export const PIXEL_WINDOW_S = 1;
/** the score that lifts a group a rule refused (pin, shared, still: stage.ts) */
export const PIXEL_MIN = 0.8;

/** Reference frames of one asset (its master video): grey, at the keyframe's width × height, PIXEL_FPS from fromS. */
export type ReferencePixels = (assetId: string, fromS: number, toS: number, width: number, height: number) => Promise<Uint8Array[]>;

export type Picture = { rgb: Uint8Array; width: number; height: number };

function shrink(g: Uint8Array | Float32Array, w: number, h: number): Float32Array {
  const W = Math.floor(w / PIXEL_SCALE), H = Math.floor(h / PIXEL_SCALE), out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let s = 0;
    for (let dy = 0; dy < PIXEL_SCALE; dy++) for (let dx = 0; dx < PIXEL_SCALE; dx++) s += g[(y * PIXEL_SCALE + dy) * w + x * PIXEL_SCALE + dx]!;
    out[y * W + x] = s / (PIXEL_SCALE * PIXEL_SCALE);
  }
  return out;
}

/** The query picture seen through the homography (reference → query pixels), sampled at the reduced reference grid. */
export function warpToReference(q: Picture, mirrored: boolean, h: readonly number[], refW: number, refH: number): { img: Float32Array; valid: Uint8Array } {
  const grey = greyFromRgb(q.rgb, q.width, q.height, mirrored);
  const W = Math.floor(refW / PIXEL_SCALE), H = Math.floor(refH / PIXEL_SCALE);
  const img = new Float32Array(W * H), valid = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const X = (x + 0.5) * PIXEL_SCALE, Y = (y + 0.5) * PIXEL_SCALE;
    const [qx, qy] = project(h, X, Y);
    if (!(qx >= 0 && qy >= 0 && qx < q.width - 1 && qy < q.height - 1)) continue;
    img[y * W + x] = bilinear(grey, q.width, qx, qy);
    valid[y * W + x] = 1;
  }
  return { img, valid };
}

/** Blocks (row-major, PIXEL_BLOCK square, at the reduced size) whose pixels change in the reference window. */
export function movingBlocks(frames: readonly Float32Array[], W: number, H: number): boolean[] {
  const bw = Math.floor(W / PIXEL_BLOCK), bh = Math.floor(H / PIXEL_BLOCK), out: boolean[] = [];
  for (let b = 0; b < bw * bh; b++) {
    const bx = (b % bw) * PIXEL_BLOCK, by = Math.floor(b / bw) * PIXEL_BLOCK;
    let d = 0, n = 0;
    for (let i = 1; i < frames.length; i++)
      for (let y = by; y < by + PIXEL_BLOCK; y += 2) for (let x = bx; x < bx + PIXEL_BLOCK; x += 2) d += Math.abs(frames[i]![y * W + x]! - frames[i - 1]![y * W + x]!), n++;
    out.push(n > 0 && d / n >= PIXEL_MOTION);
  }
  return out;
}

/** One block's centred sums for correlating `a` with `b` (block k, row-major, PIXEL_BLOCK square at the reduced size):
 * n, the variance sums ca and cb and the covariance sum cab; null when part of the block lies outside `valid`. Both
 * checks (this one and motion.ts) correlate through it. */
export function blockSums(a: Float32Array, valid: Uint8Array, b: Float32Array, W: number, k: number): { n: number; ca: number; cb: number; cab: number } | null {
  const bw = Math.floor(W / PIXEL_BLOCK), bx = (k % bw) * PIXEL_BLOCK, by = Math.floor(k / bw) * PIXEL_BLOCK;
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let y = by; y < by + PIXEL_BLOCK; y++) for (let x = bx; x < bx + PIXEL_BLOCK; x++) {
    const i = y * W + x;
    if (!valid[i]) return null;
    const va = a[i]!, vb = b[i]!;
    n++, (sa += va), (sb += vb), (saa += va * va), (sbb += vb * vb), (sab += va * vb);
  }
  return { n, ca: Math.max(0, saa - (sa * sa) / n), cb: Math.max(0, sbb - (sb * sb) / n), cab: sab - (sa * sb) / n };
}

/** Mean normalised cross-correlation of the selected blocks that lie wholly inside the warped picture and have texture
 * on both sides; NaN when there is none. */
export function blockNcc(a: Float32Array, valid: Uint8Array, b: Float32Array, W: number, H: number, use: readonly boolean[]): number {
  const blocks = Math.floor(W / PIXEL_BLOCK) * Math.floor(H / PIXEL_BLOCK);
  let sum = 0, count = 0;
  for (let k = 0; k < blocks; k++) {
    const s = use[k] ? blockSums(a, valid, b, W, k) : null;
    if (!s || s.ca < 50 || s.cb < 50) continue;
    sum += s.cab / Math.sqrt(s.ca * s.cb);
    count++;
  }
  return count ? sum / count : NaN;
}

/** Reference frames of one asset between two film times, decoded at PIXEL_FPS and shrunk to the checks' scale; each
 * span is read once per group however many frames or checks ask for it. */
export type SpanReader = (assetId: string, fromS: number, toS: number, width: number, height: number) => Promise<Float32Array[]>;

/** A keyframe's reference window (its span, PIXEL_WINDOW_S either side), from `from` (film seconds) at PIXEL_FPS. */
export type WindowReader = ((e: FrameEvidence) => Promise<{ ref: Float32Array[]; W: number; H: number; from: number } | null>) & { span: SpanReader };
export function windowReader(frames: ReferencePixels): WindowReader {
  const cache = new Map<string, Promise<Float32Array[]>>();
  const span: SpanReader = (assetId, fromS, toS, width, height) => {
    const key = `${assetId}:${fromS}:${toS}:${width}x${height}`;
    if (!cache.has(key)) cache.set(key, frames(assetId, fromS, toS, width, height).then((fs) => fs.map((g) => shrink(g, width, height))));
    return cache.get(key)!;
  };
  const read = async (e: FrameEvidence) => {
    if (!e.assetId || !e.refSize) return null;
    const { width, height } = e.refSize;
    // a keyframe stands for at most MAX_SPAN_S of the film; the clamp keeps a damaged bank row from decoding minutes
    const from = Math.max(0, e.refT - PIXEL_WINDOW_S), to = Math.min(e.refTEnd, e.refT + MAX_SPAN_S) + PIXEL_WINDOW_S;
    return { ref: await span(e.assetId, from, to, width, height), W: Math.floor(width / PIXEL_SCALE), H: Math.floor(height / PIXEL_SCALE), from };
  };
  return Object.assign(read, { span });
}

/** The median of a group's scores, to three decimals (null: none). */
export function median3(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return Math.round((s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) * 1000) / 1000;
}

/** One agreeing frame made ready for the checks: its picture seen through its registration at the checks' scale (q),
 * the blocks that move in its keyframe's reference window (use) and its correlation with each frame of that window
 * (ncc; empty when no block moves). null: nothing to compare (no picture or registration kept, under two reference
 * frames). The pixel check takes each frame's best; align.ts also where in the window it lies. */
export interface Prepared {
  e: FrameEvidence;
  pic: Picture;
  q: { img: Float32Array; valid: Uint8Array };
  use: boolean[];
  W: number;
  H: number;
  win: { ref: Float32Array[]; from: number };
  ncc: number[];
}
export async function prepareFrame(read: WindowReader, e: FrameEvidence, pictures: ReadonlyMap<number, Picture>): Promise<Prepared | null> {
  const pic = pictures.get(e.t);
  if (!pic || !e.h || !e.assetId || !e.refSize) return null;
  const win = await read(e);
  if (!win || win.ref.length < 2) return null;
  const { ref, W, H } = win;
  const use = movingBlocks(ref, W, H);
  const q = warpToReference(pic, e.mirrored, e.h, e.refSize.width, e.refSize.height);
  const ncc = use.some(Boolean) ? ref.map((r) => blockNcc(q.img, q.valid, r, W, H, use)) : [];
  return { e, pic, q, use, W, H, win, ncc };
}

/** The group's pixel score (null: no frame had a moving block to compare — a still shot, or no pictures kept). */
export async function pixelScore(read: WindowReader, group: readonly FrameEvidence[], pictures: ReadonlyMap<number, Picture>): Promise<number | null> {
  const scores: number[] = [];
  for (const e of group) {
    const f = await prepareFrame(read, e, pictures);
    const best = f ? Math.max(...f.ncc.filter((x) => !Number.isNaN(x))) : NaN;
    if (Number.isFinite(best)) scores.push(best);
  }
  return median3(scores);
}
