// PDQ (Meta's perceptual image hash) in TypeScript: luminance → two-pass Jarosz box filter → 64×64 decimation →
// 16×16 DCT (skipping DC) → median threshold → 256 bits, plus Meta's gradient-based quality (0..100).
// Follows hashing/pdq/cpp/hashing/pdqhashing.cpp; hex output is Meta's (word 15 first, 16 bits per word).

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

/** Hashes a luminance plane; throws on images too small to hash. */
export function pdqFromLuma(img: LumaImage, opts: { flipX?: boolean } = {}): PdqHash & { flipX?: string } {
  const { width: w, height: h } = img;
  if (w < MIN_DIM || h < MIN_DIM) throw new Error(`image too small for PDQ: ${w}x${h}`);
  const a = Float32Array.from(img.luma);
  const b = new Float32Array(w * h);
  const winAlongRows = jaroszWindow(w, N);
  const winAlongCols = jaroszWindow(h, N);
  for (let k = 0; k < PASSES; k++) {
    for (let r = 0; r < h; r++) box1D(a, b, r * w, w, 1, winAlongRows);
    for (let c = 0; c < w; c++) box1D(b, a, c, h, w, winAlongCols);
  }
  const buf = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    const ini = Math.floor(((i + 0.5) * h) / N);
    for (let j = 0; j < N; j++) buf[i * N + j] = a[ini * w + Math.floor(((j + 0.5) * w) / N)]!;
  }
  const quality = qualityOf(buf);
  const dct = dct64To16(buf);
  return { hash: bitsOf(dct), quality, ...(opts.flipX ? { flipX: bitsOf(flipXOf(dct)) } : {}) };
}

/** Median threshold of a 16×16 DCT → Meta's hex (word 15 first). */
function bitsOf(dct: Float64Array): string {
  const median = [...dct].sort((x, y) => x - y)[127]!; // Torben's median of 256 = lower middle
  const words = new Uint16Array(16);
  for (let k = 0; k < 256; k++) if (dct[k]! > median) words[k >> 4]! |= 1 << (k & 15);
  let hash = '';
  for (let i = 15; i >= 0; i--) hash += words[i]!.toString(16).padStart(4, '0');
  return hash;
}

/** Meta's dct16OriginalToFlipX: mirroring the picture negates the odd horizontal frequencies (even j, as the
 * DC column is skipped), so the mirrored hash costs no second downsample or DCT. */
function flipXOf(dct: Float64Array): Float64Array {
  const out = new Float64Array(256);
  for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) out[i * 16 + j] = j & 1 ? dct[i * 16 + j]! : -dct[i * 16 + j]!;
  return out;
}

function jaroszWindow(oldDim: number, newDim: number): number {
  return Math.floor((oldDim + 2 * newDim - 1) / (2 * newDim));
}

/** Meta's 4-phase running box filter (window shrinks at both ends). */
function box1D(inv: Float32Array, out: Float32Array, start: number, len: number, stride: number, win: number): void {
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
  for (let i = 0; i < p1; i++, ri += stride) {
    sum += inv[ri]!;
    n++;
  }
  for (let i = 0; i < p2; i++, ri += stride, oi += stride) {
    sum += inv[ri]!;
    n++;
    out[oi] = sum / n;
  }
  for (let i = 0; i < p3; i++, li += stride, ri += stride, oi += stride) {
    sum += inv[ri]! - inv[li]!;
    out[oi] = sum / n;
  }
  for (let i = 0; i < p4; i++, li += stride, oi += stride) {
    sum -= inv[li]!;
    n--;
    out[oi] = sum / n;
  }
}

function qualityOf(buf: Float64Array): number {
  let g = 0;
  for (let i = 0; i < N - 1; i++) {
    for (let j = 0; j < N; j++) g += Math.abs(Math.trunc(((buf[i * N + j]! - buf[(i + 1) * N + j]!) * 100) / 255));
  }
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N - 1; j++) g += Math.abs(Math.trunc(((buf[i * N + j]! - buf[i * N + j + 1]!) * 100) / 255));
  }
  return Math.min(100, Math.floor(g / 90));
}

const DCT = (() => {
  const d = new Float64Array(16 * N);
  const s = Math.sqrt(2 / N);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < N; j++) d[i * N + j] = s * Math.cos((Math.PI / 2 / N) * (i + 1) * (2 * j + 1));
  }
  return d;
})();

/** B = D · A · Dᵀ with D the 16×64 DCT-II rows 1..16. */
function dct64To16(a: Float64Array): Float64Array {
  const t = new Float64Array(16 * N);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < N; k++) s += DCT[i * N + k]! * a[k * N + j]!;
      t[i * N + j] = s;
    }
  }
  const b = new Float64Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < N; k++) s += t[i * N + k]! * DCT[j * N + k]!;
      b[i * 16 + j] = s;
    }
  }
  return b;
}
