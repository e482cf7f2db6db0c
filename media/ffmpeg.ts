// ffmpeg/ffprobe from Node: probe a file or URL, and stream decoded RGB frames on a pipe (no temp files),
// with scaling done inside ffmpeg and a hard wall-clock limit that kills the process.
import { spawn } from 'node:child_process';
import type { AppConfig } from '../config/schema.ts';
import { MediaError, mediaErrorFrom } from './errors.ts';

export { MediaError } from './errors.ts';

type Tools = Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>;

export interface MediaInfo {
  durationS: number;
  width: number;
  height: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

export interface Frame {
  /** seconds from the start of the input */
  t: number;
  width: number;
  height: number;
  /** interleaved RGB, width*height*3 bytes */
  rgb: Uint8Array;
}

export interface ReadFramesOptions {
  fps?: number;
  startS?: number;
  durationS?: number;
  width: number;
  height: number;
  maxFrames: number;
  timeoutMs: number;
}

export const isUrl = (input: string) => /^https?:\/\//i.test(input);

/** Input options: URLs (MP4 or HLS) get a protocol whitelist and a read/write timeout (µs). */
export function inputArgs(input: string, timeoutMs = 20_000): string[] {
  if (!isUrl(input)) return ['-i', input];
  return ['-protocol_whitelist', 'file,http,https,tcp,tls,crypto', '-rw_timeout', String(timeoutMs * 1000), '-i', input];
}

/** Runs a tool to completion; rejects with MediaError on non-zero exit or timeout. */
export function runTool(bin: string, args: string[], opts: { input: string; timeoutMs: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
    child.on('error', (e) => reject(new MediaError(`cannot start ${bin}: ${e.message}`, false, opts.input)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') reject(new MediaError(`${bin} timed out after ${opts.timeoutMs} ms on ${opts.input}`, false, opts.input));
      else if (code !== 0) reject(mediaErrorFrom(bin, opts.input, code, err));
      else resolve(Buffer.concat(out));
    });
  });
}

export async function probeMedia(cfg: Tools, input: string, timeoutMs = 30_000): Promise<MediaInfo> {
  const args = ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,width,height,duration', '-of', 'json'];
  const out = await runTool(cfg.ffprobePath, [...args, ...inputArgs(input, timeoutMs)], { input, timeoutMs });
  const j = JSON.parse(out.toString('utf8')) as { format?: { duration?: string }; streams?: Array<{ codec_type?: string; width?: number; height?: number; duration?: string }> };
  const streams = j.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const durationS = Number(j.format?.duration ?? v?.duration ?? NaN);
  if (!v && !streams.some((s) => s.codec_type === 'audio')) throw new MediaError(`no audio or video stream in ${input}`, true, input);
  return {
    durationS: Number.isFinite(durationS) ? durationS : 0,
    width: v?.width ?? 0,
    height: v?.height ?? 0,
    hasVideo: !!v,
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}

/** Streams frames scaled to exactly width×height (aspect not preserved: PDQ ignores aspect anyway). */
export async function* readFrames(cfg: Tools, input: string, opts: ReadFramesOptions): AsyncGenerator<Frame> {
  const { width, height, fps = 1, startS = 0 } = opts;
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
  if (startS > 0) args.push('-ss', String(startS));
  args.push(...inputArgs(input, opts.timeoutMs));
  if (opts.durationS) args.push('-t', String(opts.durationS));
  args.push('-an', '-sn', '-vf', `fps=${fps},scale=${width}:${height}:flags=area,format=rgb24`);
  args.push('-frames:v', String(opts.maxFrames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const child = spawn(cfg.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let timedOut = false;
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
  const exited = new Promise<{ code: number | null }>((resolve, reject) => {
    child.on('error', (e) => reject(new MediaError(`cannot start ${cfg.ffmpegPath}: ${e.message}`, false, input)));
    child.on('close', (code) => resolve({ code }));
  });
  exited.catch(() => {});
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  const size = width * height * 3;
  let pending: Buffer = Buffer.alloc(0);
  let n = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= size && n < opts.maxFrames) {
        const rgb = new Uint8Array(pending.subarray(0, size));
        pending = pending.subarray(size);
        yield { t: startS + n / fps, width, height, rgb };
        n++;
      }
    }
    const { code } = await exited;
    if (timedOut) throw new MediaError(`ffmpeg timed out after ${opts.timeoutMs} ms reading ${input}`, false, input);
    if (code !== 0) throw mediaErrorFrom('ffmpeg', input, code, err);
    if (n === 0) throw new MediaError(`no video frames decoded from ${input}`, true, input);
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
