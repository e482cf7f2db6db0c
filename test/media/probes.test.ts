// probeThenDense (matcher/video.ts) and readKeyframe (media/ffmpeg.ts): keyframe probes over a long pirate copy,
// dense windows only where a probe hits the bank, no dense decode when nothing hits; pure window helpers.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readKeyframe } from '../../media/ffmpeg.ts';
import { generateFilm, makePirateCopy } from '../../fixtures/media/synthetic.ts';
import { QUERY_VARIANTS } from '../../matcher/frames.ts';
import { hexToWords, packHexes } from '../../matcher/hamming.ts';
import { LinearIndex } from '../../matcher/index/linear.ts';
import { hashVideo, probeThenDense, probeTimes, sampleQueryFrames, windowsAround, type HashedFrame } from '../../matcher/video.ts';
import { BankIndexCache, bankHit } from '../../matcher/bank-index.ts';
import { scoreFrames } from '../../matcher/match.ts';
import type { FilmBankStore } from '../../matcher/ports.ts';
import { tempDir } from '../kit/temp.ts';

const tmp = tempDir('kuzet-probes-');
const cfg = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' };
const f = (n: string) => path.join(tmp, n);
const EXCERPT_START = 30;
let film: Array<{ t: number; hash: string }> = [];
let other: Array<{ t: number; hash: string }> = [];

/** nearest reference frame (by hash) of a query frame, over all its variants: {t, distance} */
function nearest(ref: Array<{ t: number; hash: string }>, frame: HashedFrame): { t: number; distance: number } {
  const idx = LinearIndex.build(packHexes(ref.map((r) => r.hash)), ref.length);
  const hits = frame.signals.flatMap((s) => idx.search(hexToWords(s.hash), 256));
  const best = hits.sort((a, b) => a.distance - b.distance)[0]!;
  return { t: ref[best.id]!.t, distance: best.distance };
}
const hitsBank = (ref: Array<{ t: number; hash: string }>) => (frame: HashedFrame) => {
  const d = nearest(ref, frame).distance;
  return d <= 44 ? d : null;
};
const hits = (ref: Array<{ t: number; hash: string }>) => (frame: HashedFrame) => hitsBank(ref)(frame) !== null;

beforeAll(async () => {
  await Promise.all([
    generateFilm(cfg, f('film.mp4'), { seed: 11, seconds: 120, width: 160, height: 90, title: 'Probe A' }),
    generateFilm(cfg, f('other.mp4'), { seed: 12, seconds: 15, width: 160, height: 90, title: 'Probe B' }),
  ]);
  // the pirate copy: 80 s from 30 s on, letterboxed and re-encoded as HLS; plus a short 20 s one
  await Promise.all([
    makePirateCopy(cfg, f('film.mp4'), f('long'), { startS: EXCERPT_START, durationS: 80, letterbox: true }),
    makePirateCopy(cfg, f('film.mp4'), f('short'), { startS: EXCERPT_START, durationS: 20 }),
  ]);
  const ref = (file: string) => hashVideo(cfg, file, { maxFrames: 400, maxFps: 2, variants: ['full'], timeoutMs: 60_000 })
    .then((r) => r.frames.filter((x) => x.signals[0]!.quality >= 20).map((x) => ({ t: x.t, hash: x.signals[0]!.hash })));
  [film, other] = await Promise.all([ref(f('film.mp4')), ref(f('other.mp4'))]);
}, 240_000);

describe('window helpers', () => {
  it('spreads probes over the middle of equal slices', () => {
    expect(probeTimes(100, 4)).toEqual([12.5, 37.5, 62.5, 87.5]);
  });

  it('centres windows on the best hits, clamps them to the input and folds hits inside a chosen window', () => {
    expect(windowsAround([50], 20, 100, 2)).toEqual([{ startS: 40, durationS: 20, probeTs: [50] }]);
    expect(windowsAround([98, 3], 20, 100, 2)).toEqual([
      { startS: 0, durationS: 20, probeTs: [3] },
      { startS: 80, durationS: 20, probeTs: [98] },
    ]);
    expect(windowsAround([45, 40, 70, 20], 20, 100, 1)).toEqual([{ startS: 35, durationS: 20, probeTs: [45, 40] }]);
  });
});

describe('keyframe probes and dense windows', () => {
  it('reads the first keyframe at or after a time, with its real stream time', async () => {
    const kf = await readKeyframe(cfg, f('long/index.m3u8'), { atS: 5, width: 64, height: 36, timeoutMs: 20_000 });
    expect(kf!.rgb.length).toBe(64 * 36 * 3);
    expect(kf!.t).toBeGreaterThanOrEqual(5);
    expect(kf!.t).toBeLessThanOrEqual(7.5); // keyframes every 2 s in the pirate copy
    expect(await readKeyframe(cfg, f('long/index.m3u8'), { atS: 500, width: 64, height: 36, timeoutMs: 20_000 })).toBeNull();
  });

  it('probes a long pirate copy, then samples densely only around probes that hit, at the right film offset', async () => {
    const r = await probeThenDense(cfg, f('long/index.m3u8'), { probes: 8, windowS: 16, variants: QUERY_VARIANTS, isHit: hitsBank(film), timeoutMs: 30_000 });
    expect(r.probes.length).toBeGreaterThanOrEqual(7);
    expect(r.probes.filter(hits(film)).length).toBeGreaterThanOrEqual(4);
    expect(r.windows.length).toBeGreaterThanOrEqual(1);
    expect(r.windows.length).toBeLessThanOrEqual(2);
    for (const w of r.windows) {
      expect(w.probeTs.length).toBeGreaterThanOrEqual(1);
      expect(w.frames.length).toBeGreaterThanOrEqual(2 * w.durationS - 2);
      expect(w.frames.length).toBeLessThanOrEqual(2 * w.durationS + 1);
      // dense frames land where the excerpt came from: reference time ≈ pirate time + 30 s
      const offsets = w.frames.map((fr) => nearest(film, fr)).filter((n) => n.distance <= 44).map((n, i) => n.t - w.frames[i]!.t);
      const good = w.frames.filter((fr) => Math.abs(nearest(film, fr).t - fr.t - EXCERPT_START) <= 2);
      expect(good.length, `offsets ${offsets.join(',')}`).toBeGreaterThanOrEqual(w.frames.length * 0.6);
    }
    // far fewer frames decoded than a dense pass over the 80 s copy (160 at 2 fps)
    const decoded = r.probes.length + r.windows.reduce((s, w) => s + w.frames.length, 0);
    expect(decoded).toBeLessThan(90);
  });

  it('probes an MP4 (no HLS segments) by seeking with ffmpeg, with frame times on the film timeline', async () => {
    const r = await probeThenDense(cfg, f('film.mp4'), { probes: 4, windowS: 10, variants: ['full'], isHit: hitsBank(film), timeoutMs: 30_000 });
    expect(r.probes.map((p) => Math.round(p.t / 15))).toEqual([1, 3, 5, 7]); // keyframes near 15, 45, 75, 105 s
    expect(r.windows.length).toBeGreaterThanOrEqual(1);
    const w = r.windows[0]!;
    expect(w.frames.filter((fr) => Math.abs(nearest(film, fr).t - fr.t) <= 1).length).toBeGreaterThanOrEqual(w.frames.length * 0.8);
  });

  it('decodes no dense window when no probe hits the bank', async () => {
    const r = await probeThenDense(cfg, f('long/index.m3u8'), { probes: 6, variants: QUERY_VARIANTS, isHit: hitsBank(other), timeoutMs: 30_000 });
    expect(r.probes.length).toBeGreaterThanOrEqual(5);
    expect(r.windows).toEqual([]);
  });

  it('samples a short input densely from the start, without probes', async () => {
    const r = await probeThenDense(cfg, f('short/index.m3u8'), { windowS: 20, variants: ['full'], isHit: () => false, timeoutMs: 30_000 });
    expect(r.probes).toEqual([]);
    expect(r.windows).toHaveLength(1);
    expect(r.windows[0]!.startS).toBe(0);
    expect(r.windows[0]!.frames.length).toBeGreaterThanOrEqual(36);
  });

  it('samples a long query around its best probe hit, and the matcher scores it at the excerpt offset', async () => {
    const signals = [...film.map((r) => ({ filmId: 'film_a', t: r.t, hash: r.hash, variant: 'full' })), ...other.map((r) => ({ filmId: 'film_b', t: r.t, hash: r.hash, variant: 'full' }))];
    const store: FilmBankStore = { checkpoint: async () => 'cp', frameSignals: async () => signals, posterSignals: async () => [] };
    const bank = await new BankIndexCache().get(store);
    const q = await sampleQueryFrames(cfg, f('long/index.m3u8'), { maxFrames: 24, variants: QUERY_VARIANTS, isHit: bankHit(bank), longFromS: 40, probes: 6, windowS: 16 });
    expect(q.probes).toBeGreaterThanOrEqual(5);
    expect(q.windows).toBe(1);
    expect(q.frames.length).toBeGreaterThanOrEqual(30);
    const best = scoreFrames(bank, q.frames).voted[0]!;
    expect(best.filmId).toBe('film_a');
    expect(Math.abs(best.offsetSeconds! - EXCERPT_START)).toBeLessThanOrEqual(2);
    expect(best.score).toBeGreaterThan(0.5);
    // a short input keeps the even sampling over its whole length
    const short = await sampleQueryFrames(cfg, f('short/index.m3u8'), { maxFrames: 10, variants: ['full'], isHit: bankHit(bank) });
    expect(short.probes).toBe(0);
    expect(short.frames).toHaveLength(10);
  });
});
