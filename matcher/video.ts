// Samples a video (file or http(s) URL, MP4 or HLS) and hashes each sampled frame.
import type { AppConfig } from '../config/schema.ts';
import { probeMedia, readFrames, type MediaInfo } from '../media/ffmpeg.ts';
import { hashFrameRgb, type FrameSignal, type Rect, type Variant } from './frames.ts';

export interface HashedFrame {
  t: number;
  bars: Rect;
  signals: FrameSignal[];
  /** kept only when asked (query side, for evidence) */
  rgb?: Uint8Array;
  width: number;
  height: number;
}

export interface SampleOptions {
  maxFrames: number;
  /** upper bound on the sampling rate; the rate drops for long inputs so maxFrames covers the whole duration */
  maxFps: number;
  minFps?: number;
  variants: readonly Variant[];
  keepPixels?: boolean;
  timeoutMs: number;
}

/** Decode size: at most 320 px wide, aspect kept (bars stay proportional), even dimensions. */
export function decodeSize(info: Pick<MediaInfo, 'width' | 'height'>): { width: number; height: number } {
  if (!info.width || !info.height) return { width: 256, height: 144 };
  const width = Math.min(320, info.width - (info.width % 2));
  return { width, height: Math.max(8, Math.round((width * info.height) / info.width / 2) * 2) };
}

export async function hashVideo(cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>, input: string, opts: SampleOptions): Promise<{ info: MediaInfo; fps: number; frames: HashedFrame[] }> {
  const info = await probeMedia(cfg, input, opts.timeoutMs);
  const fps = info.durationS > 0 ? Math.max(opts.minFps ?? 0.05, Math.min(opts.maxFps, opts.maxFrames / info.durationS)) : opts.maxFps;
  const { width, height } = decodeSize(info);
  const frames: HashedFrame[] = [];
  for await (const f of readFrames(cfg, input, { fps, width, height, maxFrames: opts.maxFrames, timeoutMs: opts.timeoutMs })) {
    const { bars, signals } = hashFrameRgb(f.rgb, f.width, f.height, opts.variants);
    frames.push({ t: f.t, bars, signals, width, height, ...(opts.keepPixels ? { rgb: f.rgb } : {}) });
  }
  return { info, fps, frames };
}
