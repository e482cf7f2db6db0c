// media/: probing, raw frame reading on a pipe, synthetic films and pirate copies, MediaError on bad input.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MediaError, probeMedia, readFrames } from '../../media/ffmpeg.ts';
import { generateFilm, makePirateCopy, posterFrom } from '../../fixtures/media/synthetic.ts';
import { hamming } from '../../matcher/hamming.ts';
import { hashVideo } from '../../matcher/video.ts';
import { tempDir } from '../kit/temp.ts';

const tmp = tempDir('kuzet-media-');
const cfg = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' };
const f = (n: string) => path.join(tmp, n);

beforeAll(async () => {
  await generateFilm(cfg, f('a.mp4'), { seed: 5, seconds: 9, width: 160, height: 90, title: 'Media A' });
});

describe('ffmpeg port', () => {
  it('probes a generated film', async () => {
    const info = await probeMedia(cfg, f('a.mp4'));
    expect(info).toMatchObject({ width: 160, height: 90, hasVideo: true, hasAudio: true });
    expect(info.durationS).toBeGreaterThan(8.5);
  });

  it('streams raw RGB frames at the requested rate, size, start and limit', async () => {
    const frames = [];
    for await (const fr of readFrames(cfg, f('a.mp4'), { fps: 2, startS: 1, width: 80, height: 46, maxFrames: 5, timeoutMs: 20_000 })) frames.push(fr);
    expect(frames.map((x) => x.t)).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(frames[0]!.rgb.length).toBe(80 * 46 * 3);
  });

  it('throws a permanent MediaError for a corrupt file and a missing file', async () => {
    fs.writeFileSync(f('corrupt.mp4'), Buffer.concat([Buffer.from('not a video at all'), Buffer.alloc(4096, 7)]));
    const err = await probeMedia(cfg, f('corrupt.mp4')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect(err).toMatchObject({ permanent: true });
    const it2 = readFrames(cfg, f('corrupt.mp4'), { width: 32, height: 32, maxFrames: 2, timeoutMs: 10_000 });
    await expect(it2.next()).rejects.toMatchObject({ name: 'MediaError', permanent: true });
    await expect(probeMedia(cfg, f('missing.mp4'))).rejects.toMatchObject({ permanent: true });
  });

  it('kills ffmpeg at the hard time limit with a transient MediaError', async () => {
    const slow = readFrames(cfg, f('a.mp4'), { fps: 25, width: 160, height: 90, maxFrames: 10_000, timeoutMs: 1 });
    const err = await (async () => {
      for await (const _ of slow) void _;
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MediaError', permanent: false });
  });
});

describe('synthetic media', () => {
  it('gives different seeds visually distinct footage that changes over time', async () => {
    await generateFilm(cfg, f('b.mp4'), { seed: 6, seconds: 9, width: 160, height: 90, title: 'Media B' });
    const opts = { maxFrames: 100, maxFps: 1, variants: ['full'] as const, timeoutMs: 30_000 };
    const [a, b] = await Promise.all([hashVideo(cfg, f('a.mp4'), opts), hashVideo(cfg, f('b.mp4'), opts)]);
    const ha = a.frames.map((x) => x.signals[0]!.hash);
    const hb = b.frames.map((x) => x.signals[0]!.hash);
    expect(hamming(ha[0]!, ha[ha.length - 1]!)).toBeGreaterThan(50); // scenes change
    const cross = Math.min(...ha.flatMap((x) => hb.map((y) => hamming(x, y))));
    expect(cross).toBeGreaterThan(60);
  });

  it('writes a letterboxed HLS pirate copy and a poster', async () => {
    const playlist = await makePirateCopy(cfg, f('a.mp4'), f('hls'), { startS: 2, durationS: 5, letterbox: true });
    expect(fs.readFileSync(playlist, 'utf8')).toMatch(/#EXT-X-ENDLIST/);
    expect(fs.readdirSync(f('hls')).filter((x) => x.endsWith('.ts')).length).toBeGreaterThanOrEqual(2);
    const info = await probeMedia(cfg, playlist);
    expect(info.durationS).toBeGreaterThan(4);
    const frames = [];
    for await (const fr of readFrames(cfg, playlist, { width: 160, height: 90, maxFrames: 1, timeoutMs: 10_000 })) frames.push(fr);
    const frame = frames[0];
    const topRow = frame!.rgb.subarray(0, 160 * 3);
    expect(Math.max(...topRow)).toBeLessThan(40); // black bar
    await posterFrom(cfg, f('a.mp4'), f('poster.png'), { atS: 1, title: 'Медиа А' });
    expect(fs.readFileSync(f('poster.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
