// Exact MIH index vs the linear scan: identical result sets on random data, planted near-duplicates and Meta's
// PDQ needle/haystack lists, for both table layouts and radii on both sides of every pigeonhole boundary.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MihIndex, defaultLayout, type MihLayout } from '../../matcher/index/mih.ts';
import { LinearIndex } from '../../matcher/index/linear.ts';
import { WORDS, hamming, hexToWords, packHex, wordsToHex, type HashIndex, type Hit } from '../../matcher/index/hash-words.ts';
import { describeShared, sharedData } from '../kit/shared.ts';

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

function flipBits(src: Uint32Array, at: number, d: number, next: () => number): Uint32Array {
  const q = src.slice(at, at + WORDS);
  const bits = new Set<number>();
  while (bits.size < d) bits.add(next() & 255);
  for (const b of bits) q[b >> 5]! ^= 1 << (b & 31);
  return q;
}

const key = (hits: Hit[]) => hits.map((h) => `${h.id}:${h.distance}`).sort();
const same = (a: HashIndex, b: HashIndex, q: Uint32Array, r: number) => expect(key(a.search(q, r))).toEqual(key(b.search(q, r)));
const RADII = [0, 1, 11, 12, 15, 16, 17, 23, 24, 31, 32, 35, 36, 47, 48, 64];

describe('hash words', () => {
  it('converts hex both ways, rejects malformed hex and counts differing bits', () => {
    const hex = 'f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95';
    const w = hexToWords(hex);
    expect(w[0]).toBe(0xf162eb9d);
    expect(wordsToHex(w)).toBe(hex);
    expect(() => hexToWords(hex.slice(1))).toThrow(/256-bit/);
    expect(() => hexToWords(`${hex.slice(1)}g`)).toThrow(/256-bit/);
    const other = hexToWords(`${'0'.repeat(63)}f`);
    expect(hamming(w, 0, w, 0)).toBe(0);
    expect(hamming(hexToWords('0'.repeat(64)), 0, other, 0)).toBe(4);
    expect(hamming(hexToWords('f'.repeat(64)), 0, hexToWords('0'.repeat(64)), 0)).toBe(256);
  });
});

describe.each([16, 12] as MihLayout[])('MihIndex, %i tables', (layout) => {
  const n = 4000;
  const next = rng(42 + layout);
  const hashes = new Uint32Array((n + 7) * WORDS);
  for (let i = 0; i < n * WORDS; i++) hashes[i] = next();
  // plant near-duplicates of hash 0 at exact distances after the random ones
  const planted = [0, 1, 15, 16, 17, 31, 32];
  planted.forEach((d, j) => hashes.set(flipBits(hashes, 0, d, next), (n + j) * WORDS));
  const total = n + planted.length;
  const mih = MihIndex.build(hashes, total, layout);
  const linear = LinearIndex.build(hashes, total);

  it('finds the planted near-duplicates: radius 31 includes 31 and excludes 32', () => {
    const q = hashes.slice(0, WORDS);
    const byId = new Map(mih.search(q, 31).map((h) => [h.id, h.distance]));
    expect(byId.get(0)).toBe(0);
    planted.forEach((d, j) => expect(byId.get(n + j)).toBe(d <= 31 ? d : undefined));
    expect(mih.search(q, 32).some((h) => h.id === n + 6 && h.distance === 32)).toBe(true);
    expect(mih.search(q, 16).map((h) => h.distance).sort((a, b) => a - b)).toEqual([0, 0, 1, 15, 16]);
  });

  it('returns exactly the linear-scan result set (no misses, no duplicates) for every radius', () => {
    const q0 = hashes.slice(0, WORDS);
    for (const r of RADII) same(mih, linear, q0, r);
    for (let t = 0; t < 60; t++) {
      const q = flipBits(hashes, (next() % total) * WORDS, t % 50, next);
      for (const r of RADII) same(mih, linear, q, r);
    }
    expect(mih.search(q0, -1)).toEqual([]);
  });

  it('reports its memory per hash and rejects short input', () => {
    expect(mih.size).toBe(total);
    expect(mih.bytesPerHash()).toBeGreaterThan(32 + 4 * (layout === 16 ? 16 : 12));
    expect(() => MihIndex.build(new Uint32Array(10), 2, layout)).toThrow(/need 2×8 words/);
  });
});

describe('MihIndex layout choice', () => {
  it('uses 12 wide tables only once their offsets cost ≤ 20 B per hash', () => {
    expect(defaultLayout(1_000_000)).toBe(16);
    expect(defaultLayout(10_000_000)).toBe(12);
    expect(MihIndex.build(new Uint32Array(0), 0).search(new Uint32Array(8), 31)).toEqual([]);
  });
});

const needleData = sharedData('vectors/pdq/data/reg-test-input', 'haystack.txt', 'needles.txt');
const vectors = needleData.dir;

describeShared("Meta's PDQ needles/haystack (../shared/vectors/pdq)", needleData, () => {
  const lines = (f: string) => readFileSync(path.join(vectors, f), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);

  it.each([16, 12] as MihLayout[])('gives the linear scan result for every needle (%i tables)', (layout) => {
    const haystack = lines('haystack.txt');
    const needles = packHex(lines('needles.txt'));
    const mih = MihIndex.build(packHex(haystack), haystack.length, layout);
    const linear = LinearIndex.build(packHex(haystack), haystack.length);
    let matched = 0;
    for (let i = 0; i < needles.length / WORDS; i++) {
      const q = needles.subarray(i * WORDS, i * WORDS + WORDS);
      for (const r of [0, 16, 31, 32, 48]) same(mih, linear, q, r);
      matched += mih.search(q, 31).length;
    }
    expect(matched).toBe(250); // every needle has near-duplicates in the haystack at PDQ's usual radius
  });
});

describe('buildMihInWorker', () => {
  it('builds on a worker thread an index identical to the in-thread build', async () => {
    const { buildMihInWorker } = await import('../../matcher/index/build-in-worker.ts');
    const next = rng(5);
    const n = 3000;
    const hashes = new Uint32Array(n * WORDS);
    for (let i = 0; i < hashes.length; i++) hashes[i] = next();
    for (const layout of [16, 12] as MihLayout[]) {
      const inWorker = await buildMihInWorker(hashes, n, layout);
      const local = MihIndex.build(hashes, n, layout);
      expect(inWorker.layout).toBe(layout);
      // Buffer.equals: toEqual walks 4M-entry typed arrays element by element, far too slowly
      const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      const same = (a: Uint32Array[], b: Uint32Array[]) => a.length === b.length && a.every((x, k) => bytes(x).equals(bytes(b[k]!)));
      expect(same(inWorker.parts().ids, local.parts().ids)).toBe(true);
      expect(same(inWorker.parts().offsets, local.parts().offsets)).toBe(true);
      const q = flipBits(hashes, 7 * WORDS, 20, next);
      expect(key(inWorker.search(q, 31))).toEqual(key(local.search(q, 31)));
    }
  });
});
