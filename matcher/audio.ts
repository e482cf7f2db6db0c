// Audio fingerprints (Chromaprint raw items) for optional audio confirmation of a video match: never the sole
// basis of a verdict. OUR ffmpeg decodes the input (files, or http(s)/HLS URLs read through the egress proxy with
// media/input.ts's protocol whitelist) to mono s16le at 11025 Hz on a pipe into `fpcalc -raw -json ... -`; fpcalc never
// opens the input itself. Comparison lives in audio-compare.ts (re-exported here).
import { spawn, type ChildProcess } from 'node:child_process';
import { withInput, type MediaEgress, type MediaInput } from '../media/input.ts';
import { MediaError, mediaErrorFrom } from '../media/errors.ts';

export { compareAudio, isAudioConfirmed, AUDIO_MAX_BER, type AudioMatch, type CompareAudioOptions } from './audio-compare.ts';

export interface AudioPrint {
  /** Chromaprint raw fingerprint items (32 bits each), one per itemS of audio */
  items: Uint32Array;
  /** seconds of audio one item advances (Chromaprint default: 4096/3 samples at 11025 Hz) */
  itemS: number;
  /** input time (s) of the first decoded sample */
  startS: number;
  /** seconds of audio decoded */
  durationS: number;
}

export interface AudioTools {
  ffmpegPath: string;
  fpcalcPath: string;
  /** what URL inputs are read through (media/input.ts); none: URLs are refused */
  egress?: MediaEgress;
}

export interface AudioFingerprintOptions {
  startS?: number;
  durationS?: number;
  timeoutMs: number;
  /** cap on decoded audio (default AUDIO_MAX_S) */
  maxS?: number;
}

export const AUDIO_RATE = 11025;
/** 1365.33 samples: measured 81 items per 10 s (140 items for 20 s, 59 for 10 s of the same track) = 0.1235 s. */
export const AUDIO_ITEM_S = 4096 / 3 / AUDIO_RATE;
/** a feature film's whole soundtrack (references); queries ask for their sampled span */
export const AUDIO_MAX_S = 4 * 3600;
/** Below this much decoded audio there is nothing worth comparing (fpcalc itself needs ~2.9 s for one item). */
export const AUDIO_MIN_S = 3;

/**
 * fpcalc's verdict: exit 0, or 3 (fpcalc 1.5.1 exits 3 after "Error decoding audio frame (End of file)" on a pipe,
 * i.e. on every successful stdin run), with JSON holding a non-empty fingerprint. Anything else throws.
 */
export function parseFpcalcOutput(code: number | null, stdout: string, stderr: string): Uint32Array {
  const fail = (why: string) => new MediaError(`fpcalc failed (exit ${code}): ${why}: ${stderr.trim().slice(-500) || 'no stderr'}`, false);
  if (code !== 0 && code !== 3) throw fail('unexpected exit code');
  let fp: unknown;
  try {
    fp = (JSON.parse(stdout) as { fingerprint?: unknown }).fingerprint;
  } catch {
    throw fail('no JSON on stdout');
  }
  if (!Array.isArray(fp) || fp.length === 0) throw fail('empty fingerprint');
  if (!fp.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)) throw fail('fingerprint items are not unsigned 32-bit integers');
  return Uint32Array.from(fp as number[]);
}

/** A track of one repeated item (digital silence, a steady hum) carries no identity. */
export const isFlatPrint = (items: Uint32Array) => items.every((x) => x === items[0]);

/**
 * Chromaprint of [startS, startS + durationS) of the input's first audio stream (at most maxS seconds). Null when
 * the input has no audio stream, less than AUDIO_MIN_S of audio, or a flat (silent) fingerprint. Throws MediaError
 * on decode failure (permanent for corrupt/missing media), fpcalc failure or timeout (both processes killed).
 */
export function audioFingerprint(tools: AudioTools, input: string, opts: AudioFingerprintOptions): Promise<AudioPrint | null> {
  return withInput(tools, input, opts.timeoutMs, (i) => fingerprintInput(tools, input, i, opts));
}

async function fingerprintInput(tools: AudioTools, input: string, i: MediaInput, opts: AudioFingerprintOptions): Promise<AudioPrint | null> {
  const maxS = Math.min(opts.maxS ?? AUDIO_MAX_S, AUDIO_MAX_S);
  const seconds = Math.min(opts.durationS ?? maxS, maxS);
  const startS = opts.startS ?? 0;
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
  if (startS > 0) args.push('-ss', String(startS));
  args.push(...i.args, '-t', String(seconds), '-map', '0:a:0', '-vn', '-sn', '-dn');
  args.push('-ac', '1', '-ar', String(AUDIO_RATE), '-f', 's16le', 'pipe:1');
  const fpArgs = ['-raw', '-json', '-format', 's16le', '-rate', String(AUDIO_RATE), '-channels', '1', '-length', String(Math.ceil(seconds)), '-'];

  const ff = spawn(tools.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: i.env });
  const fp = spawn(tools.fpcalcPath, fpArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
  let bytes = 0;
  let ffErr = '';
  let fpErr = '';
  let fpOut = '';
  let timedOut = false;
  const killAll = () => {
    for (const c of [ff, fp]) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killAll();
  }, opts.timeoutMs);
  ff.stdout.on('data', (d: Buffer) => (bytes += d.length));
  ff.stdout.pipe(fp.stdin);
  fp.stdin.on('error', () => {}); // EPIPE when fpcalc stops reading (-length reached, or it died: its exit code says)
  fp.on('close', () => {
    ff.stdout.unpipe(fp.stdin);
    ff.stdout.resume(); // keep draining so ffmpeg never blocks on a full pipe
  });
  ff.stderr.on('data', (d: Buffer) => (ffErr = (ffErr + d.toString()).slice(-8000)));
  fp.stderr.on('data', (d: Buffer) => (fpErr = (fpErr + d.toString()).slice(-8000)));
  fp.stdout.on('data', (d: Buffer) => (fpOut += d.toString()));
  const exit = (c: ChildProcess, bin: string) =>
    new Promise<number | null>((resolve, reject) => {
      c.on('error', (e) => reject(new MediaError(`cannot start ${bin}: ${e.message}`, false, input)));
      c.on('close', (code) => resolve(code));
    });
  try {
    const [ffCode, fpCode] = await Promise.all([exit(ff, tools.ffmpegPath), exit(fp, tools.fpcalcPath)]);
    if (timedOut) throw new MediaError(`audio fingerprint timed out after ${opts.timeoutMs} ms on ${input}`, false, input);
    if (ffCode !== 0) {
      if (/matches no streams|does not contain any stream/i.test(ffErr)) return null;
      throw mediaErrorFrom('ffmpeg', input, ffCode, ffErr);
    }
    const durationS = bytes / 2 / AUDIO_RATE;
    if (durationS < AUDIO_MIN_S) return null;
    let items: Uint32Array;
    try {
      items = parseFpcalcOutput(fpCode, fpOut, fpErr);
    } catch (e) {
      throw new MediaError(`${(e as Error).message} (on ${input})`, false, input);
    }
    if (isFlatPrint(items)) return null;
    return { items, itemS: AUDIO_ITEM_S, startS, durationS };
  } finally {
    clearTimeout(timer);
    killAll();
  }
}
