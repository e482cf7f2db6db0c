// PDQ conformance against Meta's reference hashes (../shared/vectors/pdq), black-bar removal, hash helpers.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cropLuma, detectBars, hashFrameRgb } from '../../matcher/frames.ts';
import { hamming, hexToWords, linearIndex, packHexes } from '../../matcher/hamming.ts';
import { decodeLuma, pdqFromImage } from '../../matcher/image.ts';
import { lumaFromPixels, pdqFromLuma } from '../../matcher/pdq.ts';
import { PdqSignal } from '../../matcher/signal.ts';
import { describeShared, sharedData } from '../kit/shared.ts';

const pdqData = sharedData('vectors/pdq', 'PDQMD5TestData.csv');
const vectors = pdqData.dir;

describeShared('PDQ conformance with Meta (PDQMD5TestData.csv)', pdqData, () => {
  it('is within 10 bits of the reference hash for every image with quality ≥ 80', async () => {
    const rows = fs.readFileSync(path.join(vectors, 'PDQMD5TestData.csv'), 'utf8').trim().split('\n').slice(1);
    const results: Array<{ file: string; distance: number; quality: number }> = [];
    for (const row of rows) {
      const [p, ref] = row.split(',');
      const file = path.join(vectors, p!.replace(/^(\.\.\/)+/, ''));
      if (ref!.length !== 64 || !fs.existsSync(file)) continue; // MD5 rows and the missing b.jpg
      const { hash, quality } = await pdqFromImage(file);
      results.push({ file: path.relative(vectors, file), distance: hamming(hash, ref!), quality });
    }
    const gated = results.filter((r) => r.quality >= 80);
    const exact = results.filter((r) => r.distance === 0).length;
    console.log(`PDQ conformance: ${results.length} images, ${exact} exact, max distance ${Math.max(...gated.map((r) => r.distance))} (quality ≥ 80: ${gated.length})`);
    expect(results.length).toBeGreaterThanOrEqual(14);
    for (const r of gated) expect(r.distance, r.file).toBeLessThanOrEqual(10);
  });

  it('maps the 8 dihedral transforms of one photo to distinct hashes (the hash is not rotation-invariant)', async () => {
    const dir = path.join(vectors, 'data', 'reg-test-input', 'dih');
    const hashes = await Promise.all(fs.readdirSync(dir).sort().map(async (f) => (await pdqFromImage(path.join(dir, f))).hash));
    expect(new Set(hashes).size).toBe(8);
    expect(hamming(hashes[0]!, hashes[2]!)).toBeGreaterThan(31);
  });
});

describe('black bars', () => {
  /** a 160×90 picture (sharp applies composite after extend, hence two pipelines) framed by black bars */
  const frame = async (w: number, h: number, bars: { top: number; bottom: number; left: number; right: number }) => {
    const picture = await sharp({ create: { width: 160, height: 90, channels: 3, background: '#808080' } })
      .composite([{ input: Buffer.from('<svg width="160" height="90"><rect x="5" y="5" width="40" height="20" fill="#f00"/><circle cx="90" cy="30" r="20" fill="#0f0"/></svg>') }])
      .png()
      .toBuffer();
    const out = await sharp(picture).removeAlpha().extend({ ...bars, background: '#000' }).raw().toBuffer({ resolveWithObject: true });
    expect([out.info.width, out.info.height]).toEqual([w, h]);
    return out;
  };

  it('detects letterbox and pillarbox bars and hashes the picture inside them', async () => {
    const plain = await frame(160, 90, { top: 0, bottom: 0, left: 0, right: 0 });
    const boxed = await frame(160, 120, { top: 15, bottom: 15, left: 0, right: 0 });
    const pillar = await frame(200, 90, { top: 0, bottom: 0, left: 20, right: 20 });
    const lb = lumaFromPixels(boxed.data, boxed.info.width, boxed.info.height, 3);
    expect(detectBars(lb)).toEqual({ x: 0, y: 15, w: 160, h: 90 });
    const pb = lumaFromPixels(pillar.data, pillar.info.width, pillar.info.height, 3);
    expect(detectBars(pb)).toEqual({ x: 20, y: 0, w: 160, h: 90 });
    const ref = hashFrameRgb(plain.data, 160, 90).signals[0]!.hash;
    expect(hashFrameRgb(boxed.data, 160, 120).signals[0]!.hash).toBe(ref);
    expect(hashFrameRgb(pillar.data, 200, 90).signals[0]!.hash).toBe(ref);
    // without bar removal the letterboxed frame hashes far away: the removal is what makes it match
    expect(hamming(pdqFromLuma(lb).hash, ref)).toBeGreaterThan(20);
  });

  it('keeps a dark frame whole instead of cropping it to nothing', () => {
    const dark = lumaFromPixels(new Uint8Array(64 * 48 * 3).fill(5), 64, 48, 3);
    expect(detectBars(dark)).toEqual({ x: 0, y: 0, w: 64, h: 48 });
    expect(pdqFromLuma(cropLuma(dark, detectBars(dark))).quality).toBe(0);
  });
});

describe('hash helpers', () => {
  it('validates hashes, computes distances and finds neighbours with the linear index', async () => {
    const [a, b] = PdqSignal.examples();
    expect(PdqSignal.validate(a!.toUpperCase())).toBe(a);
    expect(() => PdqSignal.validate('xyz')).toThrow(/invalid PDQ/);
    expect(PdqSignal.compare(a!, a!, 31)).toEqual({ match: true, distance: 0 });
    const d = hamming(a!, b!);
    expect(d).toBeGreaterThan(31);
    const idx = linearIndex(packHexes([a!, b!]), 2);
    expect(idx.search(hexToWords(a!), 31)).toEqual([{ id: 0, distance: 0 }]);
    expect(idx.search(hexToWords(a!), d).map((h) => h.id)).toEqual([0, 1]);
  });

  it('hashes a decoded image the same whether from a file or a buffer', async () => {
    const png = await sharp({ create: { width: 100, height: 80, channels: 3, background: '#123456' } })
      .composite([{ input: Buffer.from('<svg width="100" height="80"><rect x="10" y="10" width="30" height="50" fill="#fff"/></svg>') }]).png().toBuffer();
    const a = await pdqFromImage(png);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pdqFromLuma(await decodeLuma(png))).toEqual(a);
  });
});
