// Samples a video (file or http(s) URL, MP4 or HLS) and hashes each sampled frame: evenly (hashVideo), or for long
// streams keyframe probes spread over the timeline first, then dense windows around probes that hit (probeThenDense).
import { concatInput, hlsSegments, probeMedia, readFrames, readKeyframe, readSegmentKeyframes, segmentAt, type Frame, type HlsSegment, type MediaInfo, type MediaTools } from '../media/ffmpeg.ts';
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
  /** called after each sampled frame with its time and the input's duration (progress of a long reference) */
  onFrame?: (t: number, durationS: number) => void;
}

/** Decode size: at most 320 px wide, aspect kept (bars stay proportional), even dimensions. */
export function decodeSize(info: Pick<MediaInfo, 'width' | 'height'>): { width: number; height: number } {
  if (!info.width || !info.height) return { width: 256, height: 144 };
  const width = Math.min(320, info.width - (info.width % 2));
  return { width, height: Math.max(8, Math.round((width * info.height) / info.width / 2) * 2) };
}

export async function hashVideo(cfg: MediaTools, input: string, opts: SampleOptions): Promise<{ info: MediaInfo; fps: number; frames: HashedFrame[] }> {
  const info = await probeMedia(cfg, input, opts.timeoutMs);
  const fps = info.durationS > 0 ? Math.max(opts.minFps ?? 0.05, Math.min(opts.maxFps, opts.maxFrames / info.durationS)) : opts.maxFps;
  const { width, height } = decodeSize(info);
  const frames: HashedFrame[] = [];
  for await (const f of readFrames(cfg, input, { fps, width, height, maxFrames: opts.maxFrames, timeoutMs: opts.timeoutMs })) {
    const { bars, signals } = hashFrameRgb(f.rgb, f.width, f.height, opts.variants);
    frames.push({ t: f.t, bars, signals, width, height, ...(opts.keepPixels ? { rgb: f.rgb } : {}) });
    opts.onFrame?.(f.t, info.durationS);
  }
  return { info, fps, frames };
}

function toHashed(f: Frame, variants: readonly Variant[], keepPixels: boolean | undefined): HashedFrame {
  const { bars, signals } = hashFrameRgb(f.rgb, f.width, f.height, variants);
  return { t: f.t, bars, signals, width: f.width, height: f.height, ...(keepPixels ? { rgb: f.rgb } : {}) };
}

/** Runs fn over items with at most `limit` in flight; results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export interface ProbeDenseOptions {
  /** keyframe probes spread over the timeline (default 24) */
  probes?: number;
  /** seconds of dense sampling around a probe that hit (default 20, centred on the probe) */
  windowS?: number;
  /** frames per second inside a dense window (default 2) */
  denseFps?: number;
  /** at most this many dense windows, in probe order (default 2) */
  maxWindows?: number;
  /** ffmpeg processes at once (default 2: one per core on the 2-core target) */
  concurrency?: number;
  /** inputs up to this long are sampled densely over their whole length, without probes (default 2 × windowS) */
  shortS?: number;
  variants: readonly Variant[];
  /** does this probe frame hit the bank (e.g. any variant within the frame radius of a reference hash)? A number is
   * a hit with that distance (lower first when choosing windows); false or null is a miss. */
  isHit(frame: HashedFrame): boolean | number | null;
  keepPixels?: boolean;
  timeoutMs: number;
  /** a probeMedia result already at hand (skips one ffprobe) */
  info?: MediaInfo;
}

export interface DenseWindow {
  startS: number;
  durationS: number;
  /** the probe time(s) that opened this window; empty when the whole input was sampled */
  probeTs: number[];
  /** the best (lowest) hit distance among its probes (true counts as 0); Infinity without probes */
  bestDistance: number;
  frames: HashedFrame[];
}

export interface ProbeDenseResult {
  info: MediaInfo;
  probes: HashedFrame[];
  windows: DenseWindow[];
  timings: { probeMs: number; denseMs: number };
}

/** Probe times: the middle of P equal slices of the duration (skips the very start and end: logos, credits). */
export function probeTimes(durationS: number, probes: number): number[] {
  return Array.from({ length: probes }, (_, k) => Math.round(((k + 0.5) * durationS * 1000) / probes) / 1000);
}

/** Up to `max` windows of windowS seconds, centred on hits (best first, given in that order) and clamped to the input;
 * a hit inside a chosen window joins it instead of opening another. Returned in time order. */
export function windowsAround(hitTs: readonly number[], windowS: number, durationS: number, max: number): Array<Omit<DenseWindow, 'frames' | 'bestDistance'>> {
  const out: Array<Omit<DenseWindow, 'frames' | 'bestDistance'>> = [];
  for (const t of hitTs) {
    const inside = out.find((w) => t >= w.startS && t <= w.startS + w.durationS);
    if (inside) inside.probeTs.push(t);
    else if (out.length < max) out.push({ startS: Math.max(0, Math.min(t - windowS / 2, (durationS || Infinity) - windowS)), durationS: windowS, probeTs: [t] });
  }
  return out.sort((a, b) => a.startS - b.startS);
}

/**
 * Long streams without a full decode: `probes` keyframes spread over the timeline (one `-skip_frame nokey -ss`
 * ffmpeg each, `concurrency` at a time), then `denseFps` sampling of a `windowS` window around each probe that
 * hits, for temporal voting. Inputs no longer than `shortS` (and inputs of unknown duration, e.g. live) are
 * sampled densely from the start instead. Score each window's frames separately: the vote's denominator is the
 * number of frames scored, so mixing in probes that missed would dilute a true match.
 */
export async function probeThenDense(cfg: MediaTools, input: string, opts: ProbeDenseOptions): Promise<ProbeDenseResult> {
  const windowS = opts.windowS ?? 20;
  const denseFps = opts.denseFps ?? 2;
  const concurrency = opts.concurrency ?? 2;
  const info = opts.info ?? (await probeMedia(cfg, input, opts.timeoutMs));
  const { width, height } = decodeSize(info);
  const dur = info.durationS;
  let t0 = Date.now();
  let probes: HashedFrame[] = [];
  let segments: HlsSegment[] | null = null;
  let spans: Array<Omit<DenseWindow, 'frames'>>;
  if (!(dur > (opts.shortS ?? 2 * windowS))) {
    spans = [{ startS: 0, durationS: dur > 0 ? dur : windowS, probeTs: [], bestDistance: Infinity }];
  } else {
    // HLS of plain MPEG-TS segments: the keyframes of the segments holding the probe times, straight from the
    // segments (they keep the stream's timestamps), `concurrency` ffmpeg over a concat of them; anything else:
    // one ffmpeg per probe, seeking in the input
    segments = await hlsSegments(cfg, input);
    const startTimeS = info.startTimeS ?? 0;
    const times = probeTimes(dur, opts.probes ?? 24);
    let got: Array<Frame | null>;
    if (segments) {
      const uris = [...new Set(times.map((t) => segmentAt(segments!, t).uri))];
      const groups = Array.from({ length: Math.min(concurrency, uris.length) }, (_, g) => uris.filter((_, i) => i % Math.min(concurrency, uris.length) === g));
      got = (await pool(groups, concurrency, (g) => readSegmentKeyframes(cfg, g, { width, height, timeoutMs: opts.timeoutMs, startTimeS }))).flat();
    } else {
      got = await pool(times, concurrency, (atS) => readKeyframe(cfg, input, { atS, width, height, timeoutMs: opts.timeoutMs, startTimeS }));
    }
    const seen = new Set<number>();
    probes = got.filter((f): f is Frame => !!f && !seen.has(f.t) && !!seen.add(f.t)).map((f) => toHashed(f, opts.variants, opts.keepPixels));
    const hits = probes.map((p) => ({ t: p.t, hit: opts.isHit(p) })).filter((h) => h.hit !== false && h.hit !== null);
    const rank = (h: boolean | number | null) => (typeof h === 'number' ? h : 0);
    hits.sort((a, b) => rank(a.hit) - rank(b.hit) || a.t - b.t);
    const rankAt = new Map(hits.map((h) => [h.t, rank(h.hit)]));
    spans = windowsAround(hits.map((h) => h.t), windowS, dur, opts.maxWindows ?? 2)
      .map((w) => ({ ...w, bestDistance: Math.min(...w.probeTs.map((t) => rankAt.get(t)!)) }));
  }
  const probeMs = Date.now() - t0;
  t0 = Date.now();
  const windows = await pool(spans, Math.min(2, concurrency), async (w): Promise<DenseWindow> => {
    const frames: HashedFrame[] = [];
    const maxFrames = Math.ceil(w.durationS * denseFps) + 1;
    // over HLS segments: only the window's segments, concatenated (times relative to the first one's start)
    const segs = segments?.filter((s) => s.startS + s.durationS > w.startS && s.startS < w.startS + w.durationS);
    const src = segs?.length ? { input: concatInput(segs.map((s) => s.uri)), startS: w.startS - segs[0]!.startS, tOffsetS: segs[0]!.startS } : { input, startS: w.startS, tOffsetS: 0 };
    for await (const f of readFrames(cfg, src.input, { fps: denseFps, startS: src.startS, tOffsetS: src.tOffsetS, seek: segs?.length ? 'filter' : 'input', durationS: w.durationS, width, height, maxFrames, timeoutMs: opts.timeoutMs })) {
      frames.push(toHashed(f, opts.variants, opts.keepPixels));
    }
    return { ...w, frames };
  });
  return { info, probes, windows, timings: { probeMs, denseMs: Date.now() - t0 } };
}

/** Whole-input query sampling: ≤ maxFrames at ≤ 2 fps spread over the input (short clips, the eval). */
export function sampleWholeQuery(
  cfg: MediaTools,
  input: string,
  opts: { maxFrames: number; variants: readonly Variant[]; keepPixels?: boolean; timeoutMs?: number },
) {
  return hashVideo(cfg, input, { maxFrames: opts.maxFrames, maxFps: 2, minFps: 0.002, variants: opts.variants, keepPixels: opts.keepPixels ?? false, timeoutMs: opts.timeoutMs ?? 120_000 });
}

/**
 * Query sampling for matchMedia that scales to long streams: inputs up to `longFromS` (default 120 s) are sampled
 * exactly like before (≤ maxFrames at ≤ 2 fps over the whole input, hashVideo); longer ones go through
 * probeThenDense and return the frames of the window around the best probe hit (none when no probe hit).
 */
export async function sampleQueryFrames(
  cfg: MediaTools,
  input: string,
  opts: { maxFrames: number; variants: readonly Variant[]; isHit: ProbeDenseOptions['isHit']; keepPixels?: boolean; timeoutMs?: number; longFromS?: number; probes?: number; windowS?: number },
): Promise<{ info: MediaInfo; frames: HashedFrame[]; probes: number; windows: number }> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const info = await probeMedia(cfg, input, timeoutMs);
  if (!(info.durationS > (opts.longFromS ?? 120))) {
    const { frames } = await sampleWholeQuery(cfg, input, { ...opts, timeoutMs });
    return { info, frames, probes: 0, windows: 1 };
  }
  const r = await probeThenDense(cfg, input, { info, variants: opts.variants, isHit: opts.isHit, keepPixels: opts.keepPixels ?? false, timeoutMs, maxWindows: 1, ...(opts.probes ? { probes: opts.probes } : {}), ...(opts.windowS ? { windowS: opts.windowS } : {}) });
  return { info, frames: r.windows[0]?.frames ?? [], probes: r.probes.length, windows: r.windows.length };
}
