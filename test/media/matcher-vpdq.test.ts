// vPDQ conformance: our per-frame PDQ of Meta's vPDQ sample videos (../shared/vectors/vpdq/videos) against the hashes
// Meta's implementation produced (sample-hashes/<video>.txt: frameNumber,quality,pdqHex,seconds). We decode at the
// native size at 2 fps and compare each sampled frame with Meta's frames around the same timestamp: ffmpeg's fps
// filter picks its frame up to ~0.25 s from the nominal n/fps (the frames themselves are identical), so the nearest
// of Meta's hashes within ±0.4 s counts. Unrelated frames sit at ~128 ± 8 bits, so this window cannot fake a pass.
// Frames below quality 50 are left out on both sides (as vPDQ does). The median distance per video must be ≤ 10 bits.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { hamming } from '../../matcher/hamming.ts';
import { lumaFromPixels, pdqFromLuma } from '../../matcher/pdq.ts';
import { probeMedia, readFrames } from '../../media/ffmpeg.ts';
import { describeShared, sharedData } from '../kit/shared.ts';

const vpdqData = sharedData('vectors/vpdq', 'videos', 'sample-hashes');
const vpdq = vpdqData.dir;

interface RefFrame {
  frame: number;
  quality: number;
  hash: string;
  t: number;
}

function parseVpdqHashes(text: string): RefFrame[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\d+,/.test(l))
    .map((l) => {
      const [frame, quality, hash, t] = l.split(',');
      return { frame: Number(frame), quality: Number(quality), hash: hash!.toLowerCase(), t: Number(t) };
    });
}

const videos = !vpdqData.missing
  ? fs
      .readdirSync(path.join(vpdq, 'videos'))
      .filter((f) => f.endsWith('.mp4') && fs.existsSync(path.join(vpdq, 'sample-hashes', f.replace(/\.mp4$/, '.txt'))))
      .sort()
  : [];

const FPS = 2;
/** the sampler's timestamp tolerance (see above) */
const PHASE_S = 0.4;
const MIN_QUALITY = 50;
const MAX_MEDIAN = 10;

describeShared('vPDQ per-frame conformance (Meta sample-hashes)', vpdqData, () => {
  const cfg = loadConfig({});
  const medians: Record<string, number> = {};

  it.each(videos)('%s: median distance to Meta ≤ 10 bits', async (file) => {
    const ref = parseVpdqHashes(fs.readFileSync(path.join(vpdq, 'sample-hashes', file.replace(/\.mp4$/, '.txt')), 'utf8'));
    expect(ref.length).toBeGreaterThan(10);
    const input = path.join(vpdq, 'videos', file);
    const info = await probeMedia(cfg, input);
    const dists: number[] = [];
    for await (const f of readFrames(cfg, input, { fps: FPS, width: info.width, height: info.height, maxFrames: 120, timeoutMs: 120_000 })) {
      const mine = pdqFromLuma(lumaFromPixels(f.rgb, f.width, f.height, 3));
      // like vPDQ's matcher, only frames of quality ≥ 50 count (flat or black frames hash to noise on both sides)
      if (mine.quality < MIN_QUALITY) continue;
      const near = ref.filter((r) => Math.abs(r.t - f.t) <= PHASE_S && r.quality >= MIN_QUALITY);
      if (!near.length) continue;
      dists.push(Math.min(...near.map((r) => hamming(mine.hash, r.hash))));
    }
    dists.sort((a, b) => a - b);
    const median = dists[dists.length >> 1]!;
    medians[file] = median;
    console.log(`vPDQ ${file}: ${dists.length} frames, median ${median} bits, max ${dists[dists.length - 1]} bits`);
    expect(dists.length).toBeGreaterThan(3);
    expect(median).toBeLessThanOrEqual(MAX_MEDIAN);
  }, 180_000);

  it('parses Meta\'s hash file format', () => {
    const rows = parseVpdqHashes('0,100,d3d8981ba52c59e79fb49295bed80905036b1dbe57b292c8ea4fb525f52c420e,0.000\n1,99,D2D899DAA62C5DE7BEBC9295AE580905016999AA57969AC0EE4BD50DF52C5B0E,0.033\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ frame: 1, quality: 99, t: 0.033 });
    expect(rows[1]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
