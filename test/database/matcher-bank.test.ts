// storage/film-bank.ts: the FilmBankStore checkpoint moves with fingerprints and with enabled flags (both adapters);
// BankIndexCache: MIH over large banks, same hits as a scan, checkpointed rebuilds and its /health status.
import { describe, expect, it } from 'vitest';
import { createFilmBankStore, insertAsset, insertFilm, insertFingerprints } from '../../storage/film-bank.ts';
import { adapters } from '../kit/db.ts';
import { BankIndexCache } from '../../matcher/bank-index.ts';
import { hexToWords, packHexes } from '../../matcher/hamming.ts';
import { LinearIndex } from '../../matcher/index/linear.ts';
import type { BankSignal, FilmBankStore } from '../../matcher/ports.ts';

const H = (c: string) => c.repeat(64);

describe.each(adapters)('film bank on %s', (_name, open) => {
  it('exposes signals of enabled films and a checkpoint that tracks every change', async () => {
    const db = await open();
    try {
      const bank = createFilmBankStore(db);
      const cp0 = await bank.checkpoint();
      await insertFilm(db, 'film_a', { titleRu: 'А', titleKk: 'А' });
      const asset = await insertAsset(db, { filmId: 'film_a', kind: 'video', sha256: H('1'), blobPath: 'x.mp4', bytes: 1 });
      await insertFingerprints(db, { id: asset, filmId: 'film_a' }, [
        { signalType: 'pdq', contentType: 'video_frame', variant: 'full', t: 1.5, hash: H('a'), quality: 90 },
        { signalType: 'pdq', contentType: 'image', variant: 'poster', t: null, hash: H('b'), quality: 80 },
      ]);
      const cp1 = await bank.checkpoint();
      expect(cp1).not.toBe(cp0);
      expect(await bank.frameSignals()).toEqual([{ filmId: 'film_a', t: 1.5, hash: H('a'), variant: 'full' }]);
      expect(await bank.posterSignals()).toEqual([{ filmId: 'film_a', t: 0, hash: H('b'), variant: 'poster' }]);
      expect(await bank.checkpoint()).toBe(cp1);
      await db.query('UPDATE films SET enabled = false WHERE id = $1', ['film_a']);
      expect(await bank.checkpoint()).not.toBe(cp1);
      expect(await bank.frameSignals()).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('BankIndexCache', () => {
  /** random 256-bit hashes (xorshift, deterministic) and a bank port over them whose checkpoint we control */
  const randomHex = (n: number, seed = 7) => {
    let x = seed;
    const next = () => ((x ^= x << 13), (x >>>= 0), (x ^= x >>> 17), (x ^= x << 5), (x >>>= 0));
    return Array.from({ length: n }, () => Array.from({ length: 8 }, () => next().toString(16).padStart(8, '0')).join(''));
  };
  const flip = (hex: string, bits: number) => {
    const w = hexToWords(hex);
    for (let b = 0; b < bits; b++) w[(b * 5) % 8]! ^= 1 << ((b * 7) % 32);
    return w;
  };
  const fakeBank = (hashes: string[]) => {
    const state = { cp: 'cp1', frames: hashes.map((hash, i): BankSignal => ({ filmId: `film_${i % 3}`, t: i, hash, variant: 'full' })), reads: 0 };
    const bank: FilmBankStore = {
      checkpoint: async () => state.cp,
      frameSignals: async () => (state.reads++, state.frames),
      posterSignals: async () => [],
      negativeSignals: async () => [],
    };
    return { bank, state };
  };

  it('indexes a large bank with MIH, finds the same neighbours as a scan, and reports status for /health', async () => {
    const hashes = randomHex(6000);
    const { bank, state } = fakeBank(hashes);
    const cache = new BankIndexCache();
    expect(cache.status()).toMatchObject({ ready: false, stale: true, size: 0, checkpoint: null, builtAt: null });
    const loaded = await cache.get(bank);
    expect(cache.status()).toMatchObject({ ready: true, stale: false, size: 6000, checkpoint: 'cp1', frames: 6000, index: 'mih' });
    expect(Date.parse(cache.status().builtAt!)).not.toBeNaN();
    const scan = LinearIndex.build(packHexes(hashes), hashes.length);
    for (const i of [0, 17, 2999, 5999]) {
      for (const bits of [0, 20, 44]) {
        const q = flip(hashes[i]!, bits);
        const got = loaded.frameIndex.search(q, 44).sort((a, b) => a.id - b.id);
        expect(got).toEqual(scan.search(q, 44).sort((a, b) => a.id - b.id));
        expect(got.map((h) => h.id)).toContain(i);
      }
    }
    // same checkpoint: no reload; moved checkpoint: rebuilt and swapped
    expect(await cache.get(bank)).toBe(loaded);
    expect(state.reads).toBe(1);
    state.cp = 'cp2';
    state.frames = state.frames.slice(0, 10);
    const next = await cache.get(bank);
    expect(next).not.toBe(loaded);
    expect(cache.status()).toMatchObject({ ready: true, stale: false, size: 10, checkpoint: 'cp2', index: 'linear' });
  });

  it('keeps accepting a plain factory function (the old constructor)', async () => {
    const { bank } = fakeBank(randomHex(50, 3));
    const cache = new BankIndexCache((h, n) => LinearIndex.build(h, n));
    const loaded = await cache.get(bank);
    expect(loaded.frameIndex.search(hexToWords(loaded.frames[3]!.hash), 0)).toEqual([{ id: 3, distance: 0 }]);
    expect(cache.status().index).toBe('custom');
  });
});
