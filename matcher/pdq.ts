// PDQ (Meta's perceptual image hash) in TypeScript: luminance → two-pass Jarosz box filter → 64×64 decimation →
// 16×16 DCT (skipping DC) → median threshold → 256 bits, plus Meta's gradient-based quality (0..100).
// Follows hashing/pdq/cpp/hashing/pdqhashing.cpp; hex output is Meta's (word 15 first, 16 bits per word).
// Speed: flat typed arrays reused across calls (hashing is synchronous, so module-level scratch is safe), the column
// box filter runs row-wise over all columns at once (cache friendly), the DCT is two row-contiguous products with a
// precomputed 16×64 matrix, and the median is a quickselect on a scratch copy.

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;
const PASSES = 2;
const N = 64;
const MIN_DIM = 5;

export interface PdqHash {
  /** 64 lower-case hex chars */
  hash: string;
  /** 0..100; pytx treats < 50 as low quality */
  quality: number;
}

/** A luminance plane (row-major, 0..255 as floats). */
export interface LumaImage {
  width: number;
  height: number;
  luma: Float32Array;
}

/** Interleaved 8-bit pixels (channels 1, 3 or 4) → PDQ luminance. */
export function lumaFromPixels(data: Uint8Array, width: number, height: number, channels: number): LumaImage {
  const luma = new Float32Array(width * height);
  if (channels < 3) {
    for (let i = 0; i < luma.length; i++) luma[i] = data[i * channels]!;
  } else {
    for (let i = 0, p = 0; i < luma.length; i++, p += channels) {
      luma[i] = LUMA_R * data[p]! + LUMA_G * data[p + 1]! + LUMA_B * data[p + 2]!;
    }
  }
  return { width, height, luma };
}

/** Scratch buffers, grown on demand and reused (no per-call allocation on the hot path). */
const scratch = {
  a: new Float32Array(N * N),
  b: new Float32Array(N * N),
  sums: new Float64Array(N),
  buf: new Float64Array(N * N),
  t: new Float64Array(16 * N),
  dct: new Float64Array(256),
  sel: new Float64Array(256),
  words: new Uint16Array(16),
  cols: new Int32Array(N),
  colsFor: -1,
};

function planes(size: number, w: number): { a: Float32Array; b: Float32Array; sums: Float64Array } {
  if (scratch.a.length < size) {
    scratch.a = new Float32Array(size);
    scratch.b = new Float32Array(size);
  }
  if (scratch.sums.length < w) scratch.sums = new Float64Array(w);
  return scratch;
}

/** The 64 sampled column indices for width w (the last width's are kept). */
function sampleCols(w: number): Int32Array {
  if (scratch.colsFor !== w) {
    for (let j = 0; j < N; j++) scratch.cols[j] = Math.floor(((j + 0.5) * w) / N);
    scratch.colsFor = w;
  }
  return scratch.cols;
}

/** Hashes a luminance plane; throws on images too small to hash. */
export function pdqFromLuma(img: LumaImage, opts: { flipX?: boolean } = {}): PdqHash & { flipX?: string } {
  const { width: w, height: h } = img;
  if (w < MIN_DIM || h < MIN_DIM) throw new Error(`image too small for PDQ: ${w}x${h}`);
  const { a, b, sums } = planes(w * h, w);
  a.set(img.luma.subarray(0, w * h));
  const winAlongRows = jaroszWindow(w, N);
  const winAlongCols = jaroszWindow(h, N);
  for (let k = 0; k < PASSES; k++) {
    // a window of 1 (inputs ≤ 95 px) leaves the plane unchanged: the running sums are exact then
    if (winAlongRows > 1) for (let r = 0; r < h; r++) boxRow(a, b, r * w, w, winAlongRows);
    else b.set(a.subarray(0, w * h));
    if (winAlongCols > 1) boxCols(b, a, w, h, winAlongCols, sums);
    else a.set(b.subarray(0, w * h));
  }
  const buf = scratch.buf;
  const cols = sampleCols(w);
  for (let i = 0; i < N; i++) {
    const row = Math.floor(((i + 0.5) * h) / N) * w;
    for (let j = 0; j < N; j++) buf[i * N + j] = a[row + cols[j]!]!;
  }
  const quality = qualityOf(buf);
  const dct = dct64To16(buf);
  const median = medianOf(dct);
  return { hash: bitsOf(dct, median, false), quality, ...(opts.flipX ? { flipX: bitsOf(dct, median, true) } : {}) };
}

/** Median threshold of a 16×16 DCT → Meta's hex (word 15 first). With flipX, the mirrored picture's hash: mirroring
 * negates the odd horizontal frequencies (even j, as the DC column is skipped) — Meta's dct16OriginalToFlipX — so it
 * costs no second downsample or DCT. The mirrored median is taken over the negated values as well. */
function bitsOf(dct: Float64Array, median: number, flipX: boolean): string {
  const words = scratch.words.fill(0);
  if (!flipX) {
    for (let k = 0; k < 256; k++) if (dct[k]! > median) words[k >> 4]! |= 1 << (k & 15);
  } else {
    const sel = scratch.sel;
    for (let k = 0; k < 256; k++) sel[k] = k & 1 ? dct[k]! : -dct[k]!;
    const m = medianOf(sel);
    for (let k = 0; k < 256; k++) if ((k & 1 ? dct[k]! : -dct[k]!) > m) words[k >> 4]! |= 1 << (k & 15);
  }
  let hash = '';
  for (let i = 15; i >= 0; i--) hash += HEX4[words[i]!]!;
  return hash;
}

const HEX4: readonly string[] = Array.from({ length: 65536 }, (_, v) => v.toString(16).padStart(4, '0'));

/** The lower middle (128th smallest) of 256 values — Torben's median as in Meta's code — by quickselect on a copy. */
function medianOf(values: Float64Array): number {
  const s = scratch.sel === values ? values : scratch.sel;
  if (s !== values) s.set(values);
  const k = 127;
  let lo = 0;
  let hi = 255;
  while (hi > lo) {
    const pivot = s[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (s[i]! < pivot) i++;
      while (s[j]! > pivot) j--;
      if (i <= j) {
        const x = s[i]!;
        s[i] = s[j]!;
        s[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return s[k]!;
}

function jaroszWindow(oldDim: number, newDim: number): number {
  return Math.floor((oldDim + 2 * newDim - 1) / (2 * newDim));
}

/** Meta's 4-phase running box filter along one row (window shrinks at both ends). */
function boxRow(inv: Float32Array, out: Float32Array, start: number, len: number, win: number): void {
  const half = Math.floor((win + 2) / 2);
  const p1 = half - 1;
  const p2 = win - half + 1;
  const p3 = len - win;
  const p4 = half - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < p1; i++, ri++) {
    sum += inv[ri]!;
    n++;
  }
  for (let i = 0; i < p2; i++, ri++, oi++) {
    sum += inv[ri]!;
    n++;
    out[oi] = sum / n;
  }
  for (let i = 0; i < p3; i++, li++, ri++, oi++) {
    sum += inv[ri]! - inv[li]!;
    out[oi] = sum / n;
  }
  for (let i = 0; i < p4; i++, li++, oi++) {
    sum -= inv[li]!;
    n--;
    out[oi] = sum / n;
  }
}

/** The same filter down every column at once, walking rows (the same arithmetic per column as boxRow). */
function boxCols(inv: Float32Array, out: Float32Array, w: number, h: number, win: number, sums: Float64Array): void {
  const half = Math.floor((win + 2) / 2);
  const p1 = half - 1;
  const p2 = win - half + 1;
  const p3 = h - win;
  const p4 = half - 1;
  sums.fill(0, 0, w);
  let l = 0;
  let r = 0;
  let o = 0;
  let n = 0;
  for (let i = 0; i < p1; i++, r++) {
    for (let c = 0, at = r * w; c < w; c++) sums[c]! += inv[at + c]!;
    n++;
  }
  for (let i = 0; i < p2; i++, r++, o++) {
    n++;
    for (let c = 0, at = r * w, ot = o * w; c < w; c++) out[ot + c] = (sums[c]! += inv[at + c]!) / n;
  }
  for (let i = 0; i < p3; i++, l++, r++, o++) {
    for (let c = 0, at = r * w, lt = l * w, ot = o * w; c < w; c++) out[ot + c] = (sums[c]! += inv[at + c]! - inv[lt + c]!) / n;
  }
  for (let i = 0; i < p4; i++, l++, o++) {
    n--;
    for (let c = 0, lt = l * w, ot = o * w; c < w; c++) out[ot + c] = (sums[c]! -= inv[lt + c]!) / n;
  }
}

/** Meta's gradient sum: Σ |trunc(Δ·100/255)| over vertical and horizontal neighbours (`| 0` truncates: |Δ| ≤ 255). */
function qualityOf(buf: Float64Array): number {
  let g = 0;
  for (let i = 0; i < N - 1; i++) {
    for (let j = 0, at = i * N; j < N; j++, at++) {
      const d = (((buf[at]! - buf[at + N]!) * 100) / 255) | 0;
      g += d < 0 ? -d : d;
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = 0, at = i * N; j < N - 1; j++, at++) {
      const d = (((buf[at]! - buf[at + 1]!) * 100) / 255) | 0;
      g += d < 0 ? -d : d;
    }
  }
  return Math.min(100, Math.floor(g / 90));
}

/** D: rows 1..16 of the 64-point DCT-II, 16×64 row-major. */
const DCT = (() => {
  const d = new Float64Array(16 * N);
  const s = Math.sqrt(2 / N);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < N; j++) d[i * N + j] = s * Math.cos((Math.PI / 2 / N) * (i + 1) * (2 * j + 1));
  }
  return d;
})();

/** B = D · A · Dᵀ as two passes of contiguous length-64 dot products: Uᵀ[j][r] = A[r]·D[j] (16×64), then
 * B[i][j] = D[i]·Uᵀ[j]. Four accumulators per dot product keep the FPU busy. */
function dct64To16(a: Float64Array): Float64Array {
  const ut = scratch.t;
  for (let j = 0; j < 16; j++) {
    const dj = j * N;
    for (let r = 0; r < N; r++) ut[dj + r] = dot64(a, r * N, DCT, dj);
  }
  const b = scratch.dct;
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) b[i * 16 + j] = dot64(DCT, i * N, ut, j * N);
  }
  return b;
}

function dot64(x: Float64Array, xi: number, y: Float64Array, yi: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < N; k += 4) {
    s0 += x[xi + k]! * y[yi + k]!;
    s1 += x[xi + k + 1]! * y[yi + k + 1]!;
    s2 += x[xi + k + 2]! * y[yi + k + 2]!;
    s3 += x[xi + k + 3]! * y[yi + k + 3]!;
  }
  return s0 + s1 + (s2 + s3);
}
