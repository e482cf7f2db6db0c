// Video frames → PDQ signals: black-bar (letterbox/pillarbox) removal, then the full picture and, on the
// reference side, a 90 % centre crop (survives pirates' cropping and burnt-in logos near the edges).
import { lumaFromPixels, pdqFromLuma, type LumaImage, type PdqHash } from './pdq.ts';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** full: the picture inside detected bars; crop90: its centre 90 %; raw: the frame as decoded (query side, as a
 * fallback when a dark scene's edges were mistaken for bars) */
export type Variant = 'full' | 'crop90' | 'raw';

/** A pixel row/column is "black" when nearly all of it is dark (tolerates compression noise). */
const DARK = 22;
const MAX_BRIGHT_FRACTION = 0.02;
/** never remove more than this fraction per side: a dark scene is not a bar */
const MAX_BAR = 0.3;

function isDarkLine(img: LumaImage, start: number, count: number, step: number): boolean {
  let bright = 0;
  for (let i = 0, p = start; i < count; i++, p += step) if (img.luma[p]! > DARK) bright++;
  return bright <= count * MAX_BRIGHT_FRACTION;
}

/** The picture area inside black bars on any side; the whole frame when no bars (or an all-dark frame). */
export function detectBars(img: LumaImage): Rect {
  const { width: w, height: h } = img;
  const maxY = Math.floor(h * MAX_BAR);
  const maxX = Math.floor(w * MAX_BAR);
  let top = 0;
  while (top < maxY && isDarkLine(img, top * w, w, 1)) top++;
  let bottom = 0;
  while (bottom < maxY && isDarkLine(img, (h - 1 - bottom) * w, w, 1)) bottom++;
  let left = 0;
  while (left < maxX && isDarkLine(img, left, h, w)) left++;
  let right = 0;
  while (right < maxX && isDarkLine(img, w - 1 - right, h, w)) right++;
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

/** Hashes one RGB frame after bar removal; `variants` picks which pictures to hash. */
export function hashFrameRgb(rgb: Uint8Array, width: number, height: number, variants: readonly Variant[] = ['full']): { bars: Rect; signals: FrameSignal[] } {
  const img = lumaFromPixels(rgb, width, height, 3);
  const bars = detectBars(img);
  const noBars = bars.w === width && bars.h === height;
  const signals = variants.filter((v) => v !== 'raw' || !noBars).map((variant) => {
    const rect = variant === 'crop90' ? centreCrop(bars, 0.9) : variant === 'raw' ? { x: 0, y: 0, w: width, h: height } : bars;
    return { variant, ...pdqFromLuma(cropLuma(img, rect)) };
  });
  return { bars, signals };
}
