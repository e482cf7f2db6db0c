// Video frames → PDQ signals: black-bar (letterbox/pillarbox) removal, then the full picture and its variants: on the
// reference side centre crops (pirates' crops, logos near the edges) and the top 80 %; on the query side mirror,
// picture-in-picture, bars carrying logos/subtitles and camcorder unwarps (see Variant).
import { lumaFromPixels, pdqFromLuma, type LumaImage, type PdqHash } from './pdq.ts';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** full: the picture inside detected bars; crop95/90/80: its centre 95/90/80 % (pirates' crops, logos near the
 * edges); fcrop90/80: the centre 90/80 % of the whole decoded frame, then the bars left inside it (a pirate cropping
 * a letterboxed film cuts bars and picture together; reference side, only for frames that have bars); top80: its
 * top 80 % (burned-in subtitles); raw: the frame as decoded (query side, as a fallback when a dark scene's edges
 * were mistaken for bars); flip: the horizontal mirror of `full` (query side, from the same DCT);
 * inner: the picture inside any uniform border, not only a black one (query side: picture-in-picture);
 * loose: the picture inside bars that carry a logo or burned-in subtitles (rows up to half bright; query side);
 * persp: the frame unwarped under a small family of camcorder perspectives (screen filmed slightly off-axis: a few
 * per cent of zoom and of horizontal keystone either way; query side, one signal per hypothesis). */
export type Variant = 'full' | 'crop95' | 'crop90' | 'crop80' | 'fcrop90' | 'fcrop80' | 'top80' | 'raw' | 'flip' | 'inner' | 'loose' | 'persp';

/** Reference-side variants registered per frame. */
export const REF_VARIANTS: readonly Variant[] = ['full', 'crop95', 'crop90', 'crop80', 'fcrop90', 'fcrop80', 'top80'];
/** Query-side variants hashed per frame (each votes; raw/inner only when they differ from full). */
export const QUERY_VARIANTS: readonly Variant[] = ['full', 'raw', 'flip', 'inner', 'loose', 'top80', 'persp'];

/** A pixel row/column is "black" when nearly all of it is dark (tolerates compression noise). */
const DARK = 22;
const MAX_BRIGHT_FRACTION = 0.02;
/** never remove more than this fraction per side: a dark scene is not a bar */
const MAX_BAR = 0.3;

/** pirates put logos and subtitles into the bars: a bar row may then be up to this bright (query-side `loose`) */
const LOOSE_BRIGHT_FRACTION = 0.5;

function darkLine(maxBright: number, dark = DARK) {
  return (img: LumaImage, start: number, count: number, step: number): boolean => {
    let bright = 0;
    for (let i = 0, p = start; i < count; i++, p += step) if (img.luma[p]! > dark) bright++;
    return bright <= count * maxBright;
  };
}
const isDarkLine = darkLine(MAX_BRIGHT_FRACTION);
const isLooseDarkLine = darkLine(LOOSE_BRIGHT_FRACTION);

/** A filmed screen's black is grey (the camera lifts it, adds noise): `dim` bars are rows/columns no brighter than
 * the frame's darkest 2 % plus DIM_MARGIN (at least DARK, at most DIM_MAX). */
const DIM_MARGIN = 16;
const DIM_MAX = 64;
export function dimLevel(img: LumaImage): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < img.luma.length; i++) hist[Math.max(0, Math.min(255, img.luma[i]! | 0))]!++;
  let v = 0;
  for (let seen = hist[0]!, want = img.luma.length * 0.02; seen < want && v < 255; ) seen += hist[++v]!;
  return Math.min(DIM_MAX, Math.max(DARK, v + DIM_MARGIN));
}

/** A line of (nearly) one luminance, whatever it is: a flat background around a picture-in-picture. */
const UNIFORM_TOL = 10;
function isUniformLine(img: LumaImage, start: number, count: number, step: number): boolean {
  const ref = img.luma[start + Math.floor(count / 2) * step]!;
  let off = 0;
  for (let i = 0, p = start; i < count; i++, p += step) if (Math.abs(img.luma[p]! - ref) > UNIFORM_TOL) off++;
  return off <= count * MAX_BRIGHT_FRACTION;
}

/** The picture area inside black bars on any side; the whole frame when no bars (or an all-dark frame).
 * `uniform`: true strips borders of any flat colour (picture-in-picture), up to 35 % per side; 'loose' dark bars
 * carrying logos or subtitles; a number: bars up to that luminance (dimLevel: a filmed screen's grey black). */
export function detectBars(img: LumaImage, uniform: boolean | 'loose' | number = false): Rect {
  const { width: w, height: h } = img;
  const cap = uniform === true ? 0.35 : MAX_BAR;
  const maxY = Math.floor(h * cap);
  const maxX = Math.floor(w * cap);
  const line = uniform === true ? isUniformLine : uniform === 'loose' ? isLooseDarkLine : typeof uniform === 'number' ? darkLine(MAX_BRIGHT_FRACTION, uniform) : isDarkLine;
  let top = 0;
  while (top < maxY && line(img, top * w, w, 1)) top++;
  let bottom = 0;
  while (bottom < maxY && line(img, (h - 1 - bottom) * w, w, 1)) bottom++;
  let left = 0;
  while (left < maxX && line(img, left, h, w)) left++;
  let right = 0;
  while (right < maxX && line(img, w - 1 - right, h, w)) right++;
  // a frame dark everywhere hits the cap on every side: keep it whole (it will fail the quality gate)
  if ((top >= maxY && bottom >= maxY) || (left >= maxX && right >= maxX)) return { x: 0, y: 0, w, h };
  return { x: left, y: top, w: w - left - right, h: h - top - bottom };
}

export function cropLuma(img: LumaImage, r: Rect): LumaImage {
  if (r.x === 0 && r.y === 0 && r.w === img.width && r.h === img.height) return img;
  const luma = new Float32Array(r.w * r.h);
  for (let y = 0; y < r.h; y++) luma.set(img.luma.subarray((r.y + y) * img.width + r.x, (r.y + y) * img.width + r.x + r.w), y * r.w);
  return { width: r.w, height: r.h, luma };
}

export function centreCrop(r: Rect, fraction: number): Rect {
  const w = Math.max(5, Math.round(r.w * fraction));
  const h = Math.max(5, Math.round(r.h * fraction));
  return { x: r.x + Math.floor((r.w - w) / 2), y: r.y + Math.floor((r.h - h) / 2), w, h };
}

export interface FrameSignal extends PdqHash {
  variant: Variant;
}

export function topCrop(r: Rect, fraction: number): Rect {
  return { x: r.x, y: r.y, w: r.w, h: Math.max(5, Math.round(r.h * fraction)) };
}

const CENTRE: Partial<Record<Variant, number>> = { crop95: 0.95, crop90: 0.9, crop80: 0.8 };
const FRAME_CENTRE: Partial<Record<Variant, number>> = { fcrop90: 0.9, fcrop80: 0.8 };

/** The picture inside the black bars of `r` (bars detected within r; r itself when it has none). */
function barsWithin(img: LumaImage, r: Rect): Rect {
  const inner = detectBars(cropLuma(img, r));
  return { x: r.x + inner.x, y: r.y + inner.y, w: inner.w, h: inner.h };
}
const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/** Maps the unit square onto the quadrilateral tl, tr, bl, br (unit coordinates): a projective transform. */
function squareToQuad(q: readonly number[]): (u: number, v: number) => [number, number] {
  const [x0, y0, x1, y1, x3, y3, x2, y2] = q as [number, number, number, number, number, number, number, number];
  const dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / den, h = (dx1 * sy - sx * dy1) / den;
  const a = x1 - x0 + g * x1, b = x3 - x0 + h * x3, d = y1 - y0 + g * y1, e = y3 - y0 + h * y3;
  return (u, v) => {
    const w = g * u + h * v + 1;
    return [(a * u + b * v + x0) / w, (d * u + e * v + y0) / w];
  };
}

/** The quadrilateral `quad` (tl, tr, bl, br in unit coordinates) of `img` resampled (bilinear) onto the whole frame. */
export function unwarpLuma(img: LumaImage, quad: readonly number[]): LumaImage {
  const { width: w, height: h, luma } = img;
  const map = squareToQuad(quad);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [u, v] = map((x + 0.5) / w, (y + 0.5) / h);
      const fx = Math.min(w - 1, Math.max(0, u * w - 0.5)), fy = Math.min(h - 1, Math.max(0, v * h - 0.5));
      const ix = Math.min(w - 2, Math.floor(fx)), iy = Math.min(h - 2, Math.floor(fy));
      const ax = fx - ix, ay = fy - iy, p = iy * w + ix;
      out[y * w + x] = (1 - ay) * ((1 - ax) * luma[p]! + ax * luma[p + 1]!) + ay * ((1 - ax) * luma[p + w]! + ax * luma[p + w + 1]!);
    }
  }
  return { width: w, height: h, luma: out };
}

const PERSP_WIDTH = 128;

/** Box-average downscale by an integer factor so the width is at most `maxWidth` (identity when already small). */
export function shrinkLuma(img: LumaImage, maxWidth: number): LumaImage {
  const f = Math.ceil(img.width / maxWidth);
  if (f <= 1) return img;
  const w = Math.floor(img.width / f), h = Math.max(1, Math.floor(img.height / f));
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        const row = (y * f + dy) * img.width + x * f;
        for (let dx = 0; dx < f; dx++) sum += img.luma[row + dx]!;
      }
      out[y * w + x] = sum / (f * f);
    }
  }
  return { width: w, height: h, luma: out };
}

/** Camcorder hypotheses (query side, `persp`): the screen fills the frame less `zoom` per side, its right side
 * taller than its left by 2·keystone (negative: the left side taller), its top shifted right of its bottom by
 * `shear` (a tilted camera). A 4 × 5 zoom × keystone grid, plus ± shear on the middle of it. */
const quad = (z: number, k: number, sh = 0) => [z + sh / 2, z + k, 1 - z + sh / 2, z - k, z - sh / 2, 1 - z - k, 1 - z - sh / 2, 1 - z + k];
export const PERSP_QUADS: readonly number[][] = [
  ...[0.02, 0.035, 0.05, 0.065].flatMap((z) => [-0.03, -0.015, 0, 0.015, 0.03].map((k) => quad(z, k))),
  ...[0.035, 0.05].flatMap((z) => [-0.02, 0, 0.02].flatMap((k) => [-0.03, 0.03].map((sh) => quad(z, k, sh)))),
];

/** Hashes one RGB frame after bar removal; `variants` picks which pictures to hash. raw, inner and loose are skipped
 * when they would equal full; flip comes from full's DCT (requested together with full). */
export function hashFrameRgb(rgb: Uint8Array, width: number, height: number, variants: readonly Variant[] = ['full']): { bars: Rect; signals: FrameSignal[] } {
  const img = lumaFromPixels(rgb, width, height, 3);
  const bars = detectBars(img);
  const whole = { x: 0, y: 0, w: width, h: height };
  const signals: FrameSignal[] = [];
  for (const variant of variants) {
    if (variant === 'flip') continue;
    if (variant === 'persp') {
      // unwarp a small copy: PDQ shrinks to 64×64 anyway, and 32 hypotheses at full decode size cost ~100 ms a frame
      const small = shrinkLuma(img, PERSP_WIDTH);
      const dim = dimLevel(small);
      for (const quad of PERSP_QUADS) {
        const u = unwarpLuma(small, quad);
        signals.push({ variant, ...pdqFromLuma(cropLuma(u, detectBars(u, dim))) });
      }
      continue;
    }
    let rect: Rect;
    if (variant === 'raw') {
      if (sameRect(bars, whole)) continue;
      rect = whole;
    } else if (variant === 'inner') {
      // a film inside a flat frame keeps its own black bars: strip them too
      const flat = detectBars(img, true);
      if (flat.w < width * 0.3 || flat.h < height * 0.3) continue;
      rect = barsWithin(img, flat);
      if (sameRect(rect, bars)) continue;
    } else if (FRAME_CENTRE[variant]) {
      if (sameRect(bars, whole)) continue;
      rect = barsWithin(img, centreCrop(whole, FRAME_CENTRE[variant]!));
    } else if (variant === 'loose') {
      rect = detectBars(img, 'loose');
      if (sameRect(rect, bars) || rect.w < width * 0.3 || rect.h < height * 0.3) continue;
    } else if (variant === 'top80') rect = topCrop(bars, 0.8);
    else rect = CENTRE[variant] ? centreCrop(bars, CENTRE[variant]!) : bars;
    const flip = variant === 'full' && variants.includes('flip');
    const { flipX, ...h } = pdqFromLuma(cropLuma(img, rect), { flipX: flip });
    signals.push({ variant, ...h });
    if (flipX) signals.push({ variant: 'flip', hash: flipX, quality: h.quality });
  }
  return { bars, signals };
}
