// ffmpeg/ffprobe from Node: probe a file or URL, and stream decoded RGB frames on a pipe (no temp files),
// with scaling done inside ffmpeg and a hard wall-clock limit that kills the process; single keyframes at a time
// (for probing long streams without decoding them). URLs are read only through the egress (media/input.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/schema.ts';
import { FetchRefused } from '../net/errors.ts';
import { MediaError, mediaErrorFrom } from './errors.ts';
import { loadHls, MAX_PLAYLIST_BYTES, type HlsSegment as ParsedSegment } from './hls.ts';
import { isUrl, openInput, withInput, type MediaEgress } from './input.ts';

export { MediaError } from './errors.ts';
export { inputArgs, isUrl, type MediaEgress } from './input.ts';

/** ffmpeg and ffprobe, and the egress every URL is read through (none: URL inputs are refused). */
export type MediaTools = Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'> & { egress?: MediaEgress };
type Tools = MediaTools;

export interface MediaInfo {
  durationS: number;
  width: number;
  height: number;
  hasVideo: boolean;
  hasAudio: boolean;
  /** the container's first timestamp (HLS/MPEG-TS usually start at 1.4 s, MP4 at 0) */
  startTimeS?: number;
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
  /** added to every frame time (e.g. the start of the first segment when reading a concat of HLS segments) */
  tOffsetS?: number;
  /** how to reach startS: an input-side -ss (default; byte seeks over HTTP need Range support) or a trim filter
   * that decodes from the start (for short inputs such as a few concatenated HLS segments) */
  seek?: 'input' | 'filter';
}

/** ffmpeg's concat protocol over MPEG-TS segments (files or URLs): one input, timestamps kept per segment. */
export const concatInput = (uris: readonly string[]): string => (uris.length === 1 ? uris[0]! : `concat:${uris.join('|')}`);

/** Runs a tool to completion; rejects with MediaError on non-zero exit or timeout. */
export async function runTool(bin: string, args: string[], opts: { input: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<Buffer> {
  return (await runToolFull(bin, args, opts)).stdout;
}

/** runTool that also returns the tail of stderr (e.g. showinfo lines). */
export function runToolFull(bin: string, args: string[], opts: { input: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}) });
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
      else resolve({ stdout: Buffer.concat(out), stderr: err });
    });
  });
}

export async function probeMedia(cfg: Tools, input: string, timeoutMs = 30_000): Promise<MediaInfo> {
  const args = ['-v', 'error', '-show_entries', 'format=duration,start_time:stream=codec_type,width,height,duration', '-of', 'json'];
  const out = await withInput(cfg, input, timeoutMs, (i) => runTool(cfg.ffprobePath, [...args, ...i.args], { input, timeoutMs, env: i.env }));
  const j = JSON.parse(out.toString('utf8')) as { format?: { duration?: string; start_time?: string }; streams?: Array<{ codec_type?: string; width?: number; height?: number; duration?: string }> };
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
    startTimeS: Number(j.format?.start_time) || 0,
  };
}

/** Streams frames scaled to exactly width×height (aspect not preserved: PDQ ignores aspect anyway). */
export async function* readFrames(cfg: Tools, input: string, opts: ReadFramesOptions): AsyncGenerator<Frame> {
  const { width, height, fps = 1, startS = 0 } = opts;
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
  const trim = opts.seek === 'filter' && startS > 0 ? `trim=start=${startS},setpts=PTS-STARTPTS,` : '';
  if (startS > 0 && !trim) args.push('-ss', String(startS));
  const opened = await openInput(cfg, input, opts.timeoutMs);
  args.push(...opened.args);
  if (opts.durationS) args.push('-t', String(opts.durationS));
  args.push('-an', '-sn', '-vf', `${trim}fps=${fps},scale=${width}:${height}:flags=area,format=rgb24`);
  args.push('-frames:v', String(opts.maxFrames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const child = spawn(cfg.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opened.env });
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
        yield { t: (opts.tOffsetS ?? 0) + startS + n / fps, width, height, rgb };
        n++;
      }
    }
    const { code } = await exited;
    if (opened.refused()) throw opened.refused();
    if (timedOut) throw new MediaError(`ffmpeg timed out after ${opts.timeoutMs} ms reading ${input}`, false, input);
    if (code !== 0) throw mediaErrorFrom('ffmpeg', input, code, err);
    if (n === 0) throw new MediaError(`no video frames decoded from ${input}`, true, input);
  } catch (e) {
    throw opened.refused() ?? e;
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await opened.close();
  }
}

/**
 * The first keyframe at or after `atS`, decoded alone (`-skip_frame nokey`, input-side `-ss`: over HLS only the
 * playlist and one segment are fetched), scaled to width×height, with its real stream time: showinfo's pts_time
 * with `-copyts`, minus the input's start time (probeMedia's startTimeS). Returns null past the last keyframe.
 */
export async function readKeyframe(cfg: Tools, input: string, opts: { atS: number; width: number; height: number; timeoutMs: number; startTimeS?: number }): Promise<Frame | null> {
  const { atS, width, height } = opts;
  const args = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info', '-skip_frame', 'nokey', '-copyts'];
  if (atS > 0) args.push('-ss', String(atS));
  const out = ['-an', '-sn', '-dn', '-vf', `showinfo,scale=${width}:${height}:flags=area,format=rgb24`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  const { stdout, stderr } = await withInput(cfg, input, opts.timeoutMs, (i) => runToolFull(cfg.ffmpegPath, [...args, ...i.args, ...out], { input, timeoutMs: opts.timeoutMs, env: i.env }));
  if (stdout.length < width * height * 3) return null;
  const pts = /pts_time:\s*(-?[\d.]+)/.exec(stderr);
  const t = pts ? Number(pts[1]) - (opts.startTimeS ?? 0) : NaN;
  return { t: Number.isFinite(t) ? Math.max(0, Math.round(t * 1000) / 1000) : atS, width, height, rgb: new Uint8Array(stdout.subarray(0, width * height * 3)) };
}

export type HlsSegment = Pick<ParsedSegment, 'uri' | 'startS' | 'durationS'>;

const PLAYLIST_PATH = /\.m3u8?$/i;

/**
 * The segments of an HLS media playlist (for a master playlist: its lowest-bandwidth variant), with their start
 * times, so a probe can decode one segment directly instead of making ffmpeg parse the playlist and probe the first
 * segment every time. A URL is read with the egress's guarded fetch (the shared HLS loader, media/hls.ts), a local
 * playlist from disk. Null when the input is not an HLS playlist or not plain MPEG-TS segments (fMP4 EXT-X-MAP,
 * encryption, byte ranges, discontinuities) or names segments of another kind (a URL playlist naming files):
 * callers then seek with ffmpeg itself.
 */
export async function hlsSegments(cfg: Pick<Tools, 'egress'>, input: string): Promise<HlsSegment[] | null> {
  const remote = isUrl(input);
  if (remote && !cfg.egress) throw new MediaError(`no egress to read ${input} through: URLs are read only through the egress proxy`, true, input);
  if (!PLAYLIST_PATH.test(remote ? new URL(input).pathname : input)) return null; // the fast path is for .m3u8 only
  const fetchPlaylist = remote
    ? async (url: string) => cfg.egress!.fetch(url, { maxBytes: MAX_PLAYLIST_BYTES })
    : async (url: string) => ({ url, body: await fs.readFile(fileURLToPath(url)) });
  let media;
  try {
    media = (await loadHls(fetchPlaylist, remote ? input : pathToFileURL(input).href, { only: 'lowest' })).media[0]?.playlist;
  } catch (e) {
    if (e instanceof FetchRefused) throw e;
    return null; // not a playlist, unreadable, HTTP error: ffmpeg (through the egress) says what is wrong
  }
  const segs = media?.segments ?? [];
  const plain = segs.every((s) => !s.key && !s.map && !s.byteRange && !s.discontinuity && s.durationS > 0 && isUrl(s.uri) === remote);
  if (!segs.length || !plain) return null;
  return segs.map((s) => ({ uri: remote ? s.uri : fileURLToPath(s.uri), startS: s.startS, durationS: s.durationS }));
}

/** The segment holding time tS (the last one past the end). */
export function segmentAt(segments: readonly HlsSegment[], tS: number): HlsSegment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.startS <= tS) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

/**
 * Every keyframe of the given MPEG-TS segments (one ffmpeg over their concatenation, `-skip_frame nokey`, no frame
 * rate conversion), scaled to width×height, each with its stream time: showinfo's pts_time under `-copyts` minus
 * the stream's start time. For probing HLS: segments keep the stream's timestamps, so order does not matter.
 */
export async function readSegmentKeyframes(cfg: Tools, segments: readonly string[], opts: { width: number; height: number; timeoutMs: number; startTimeS?: number }): Promise<Frame[]> {
  const input = concatInput(segments);
  return withInput(cfg, input, opts.timeoutMs, (i) => segmentKeyframes(cfg, input, i, opts));
}

async function segmentKeyframes(cfg: Tools, input: string, i: { args: string[]; env: NodeJS.ProcessEnv }, opts: { width: number; height: number; timeoutMs: number; startTimeS?: number }): Promise<Frame[]> {
  const { width, height } = opts;
  const args = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info', '-skip_frame', 'nokey', '-copyts', ...i.args];
  args.push('-an', '-sn', '-dn', '-vf', `showinfo,scale=${width}:${height}:flags=area,format=rgb24`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const child = spawn(cfg.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: i.env });
  const times: number[] = [];
  const out: Buffer[] = [];
  let err = '';
  let partial = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      const m = /Parsed_showinfo.*pts_time:\s*(-?[\d.]+)/.exec(l);
      if (m) times.push(Number(m[1]) - (opts.startTimeS ?? 0));
      else err = (err + l + '\n').slice(-8000);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(new MediaError(`cannot start ${cfg.ffmpegPath}: ${e.message}`, false, input)));
    child.on('close', (c, signal) => (signal === 'SIGKILL' ? reject(new MediaError(`ffmpeg timed out after ${opts.timeoutMs} ms reading keyframes`, false, input)) : resolve(c)));
  }).finally(() => clearTimeout(timer));
  if (code !== 0) throw mediaErrorFrom('ffmpeg', input, code, err);
  const buf = Buffer.concat(out);
  const size = width * height * 3;
  const frames: Frame[] = [];
  for (let i = 0; (i + 1) * size <= buf.length; i++) {
    const t = times[i];
    if (t === undefined || !Number.isFinite(t)) break;
    frames.push({ t: Math.max(0, Math.round(t * 1000) / 1000), width, height, rgb: new Uint8Array(buf.subarray(i * size, (i + 1) * size)) });
  }
  return frames;
}
