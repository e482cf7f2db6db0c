// Reference and query frames → ORB keypoints (matcher/local/cv.ts). Reference side: frames every 1/REF_FPS s at
// REF_WIDTH, a frame kept as a keyframe only when it differs from the last kept one (fewer than KEEP_SHARE of its
// descriptors find a ratio-tested partner there), so a static shot costs one keyframe; each keyframe records the
// span of film time it stands for. Query side: QUERY_WIDTH, the frame and its mirror.
import { readFrames, type MediaInfo, type MediaTools, probeMedia } from '../../media/ffmpeg.ts';
import type { Keypoints, LocalCv } from './cv.ts';
import { matchDescriptors } from './verify.ts';

export const REF_FPS = 2;
export const REF_WIDTH = 480;
export const REF_KEYPOINTS = 300;
export const QUERY_WIDTH = 640;
export const QUERY_KEYPOINTS = 500;
/** a frame is a new keyframe when fewer than this share of its descriptors match the last keyframe's (0.35 left a
 * signer's 2-s clip with one keyframe: the set dominates; 0.5 keeps the moving hands) */
export const KEEP_SHARE = 0.5;
/** …or when the last keyframe is this old (seconds) */
export const MAX_SPAN_S = 4;
/** a frame with fewer keypoints than this (black, flat, a fade) is not a keyframe */
export const MIN_KEYPOINTS = 40;

export const LOCAL_RECIPE = `orb:${REF_WIDTH}px:${REF_KEYPOINTS}kp:${REF_FPS}fps:keep${KEEP_SHARE}:span${MAX_SPAN_S}`;

export interface Keyframe extends Keypoints {
  /** film time of the keyframe, and the end of the span it stands for */
  t: number;
  tEnd: number;
}

/** A grey image read between pixels: bilinear, at (x, y) with 0 ≤ x < width − 1 and 0 ≤ y < height − 1 (the caller
 * keeps it there); used wherever the stage resamples a query frame (the zoom pass, the pixel check's warp). */
export function bilinear(grey: Uint8Array, width: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0, i = y0 * width + x0;
  return grey[i]! * (1 - fx) * (1 - fy) + grey[i + 1]! * fx * (1 - fy) + grey[i + width]! * (1 - fx) * fy + grey[i + width + 1]! * fx * fy;
}

export function greyFromRgb(rgb: Uint8Array, width: number, height: number, mirror = false): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = 3 * (y * width + x);
      out[y * width + (mirror ? width - 1 - x : x)] = (rgb[p]! * 77 + rgb[p + 1]! * 150 + rgb[p + 2]! * 29) >> 8;
    }
  }
  return out;
}

export function sizeFor(info: Pick<MediaInfo, 'width' | 'height'>, maxWidth: number): { width: number; height: number } {
  if (!info.width || !info.height) return { width: maxWidth, height: Math.round((maxWidth * 9) / 16 / 2) * 2 };
  const width = Math.min(maxWidth, info.width - (info.width % 2));
  return { width, height: Math.max(16, Math.round((width * info.height) / info.width / 2) * 2) };
}

/** The reference keyframes of a video file (registration). */
export async function referenceKeyframes(cv: LocalCv, cfg: MediaTools, input: string, opts: { timeoutMs: number; maxFrames?: number }): Promise<{ info: MediaInfo; keyframes: Keyframe[]; frames: number }> {
  const info = await probeMedia(cfg, input, opts.timeoutMs);
  const { width, height } = sizeFor(info, REF_WIDTH);
  const keyframes: Keyframe[] = [];
  let frames = 0;
  for await (const f of readFrames(cfg, input, { fps: REF_FPS, width, height, maxFrames: opts.maxFrames ?? 6 * 3600 * REF_FPS, timeoutMs: opts.timeoutMs })) {
    frames++;
    const kp = cv.orb(greyFromRgb(f.rgb, width, height), width, height, REF_KEYPOINTS);
    const last = keyframes[keyframes.length - 1];
    if (last) last.tEnd = f.t;
    if (kp.n < MIN_KEYPOINTS) continue;
    if (last && f.t - last.t < MAX_SPAN_S && matchDescriptors(kp, last).length >= KEEP_SHARE * kp.n) continue;
    keyframes.push({ ...kp, t: f.t, tEnd: f.t + 1 / REF_FPS });
  }
  return { info, keyframes, frames };
}

export interface QueryFrame {
  t: number;
  kp: Keypoints;
  /** the same frame mirrored (pirates flip pictures to dodge matching) */
  mirrored: Keypoints;
  /** CPU spent on the two ORB passes (and the grey conversions) of this frame */
  cpuMs?: number;
  /** the frame itself (RGB), kept by the stage only for frames that verified: the evidence of what was seen */
  pixels?: { rgb: Uint8Array; width: number; height: number };
}

/** Query frames for the local stage: `fps` from startS, at most maxFrames, each with its mirror. */
export async function* queryFrames(cv: LocalCv, cfg: MediaTools, input: string, opts: { info: MediaInfo; fps: number; maxFrames: number; startS?: number; durationS?: number; timeoutMs: number }): AsyncGenerator<QueryFrame> {
  const { width, height } = sizeFor(opts.info, QUERY_WIDTH);
  for await (const f of readFrames(cfg, input, { fps: opts.fps, width, height, maxFrames: opts.maxFrames, timeoutMs: opts.timeoutMs, ...(opts.startS ? { startS: opts.startS } : {}), ...(opts.durationS ? { durationS: opts.durationS } : {}) })) {
    const c0 = process.cpuUsage();
    const kp = cv.orb(greyFromRgb(f.rgb, width, height), width, height, QUERY_KEYPOINTS);
    const mirrored = cv.orb(greyFromRgb(f.rgb, width, height, true), width, height, QUERY_KEYPOINTS);
    const c = process.cpuUsage(c0);
    yield { t: f.t, kp, mirrored, cpuMs: (c.user + c.system) / 1000, pixels: { rgb: f.rgb, width, height } };
  }
}

/** Query sampling rate for the stage: 2 fps, up to 5 fps for clips shorter than 6 s (a 2-s clip then gives 10
 * frames, enough for MIN_FRAMES agreeing frames on distinct keyframes). */
export function queryFps(durationS: number): number {
  return durationS > 0 ? Math.min(5, Math.max(2, 12 / durationS)) : 2;
}
