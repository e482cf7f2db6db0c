// Robustness pieces without media: speed-tolerant voting, the flood quarantine (persisted in PGlite), the negative
// bank in the film-bank store, and the mirrored hash from the same DCT.
import { describe, expect, it } from 'vitest';
import { FloodGuard } from '../../matcher/guards.ts';
import { hamming } from '../../matcher/hamming.ts';
import { pdqFromLuma } from '../../matcher/pdq.ts';
import { decideVideo } from '../../matcher/match.ts';
import { hitWeight, MIN_MATCH_STRENGTH, STRONG_BITS, vote, WEAK_BITS } from '../../matcher/vote.ts';
import { addNegativeHashes, createFilmBankStore, createQuarantineStore } from '../../storage/film-bank.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';

const H = (c: string) => c.repeat(64);

describe('matcher guards', () => {
  it('votes a 25/24 speed-up into one offset and reports the speed', () => {
    // refT = 25/24·t + 100: over 117 s the offset drifts 4.9 s, beyond the ±2 s window at speed 1
    const frames = Array.from({ length: 40 }, (_, q) => ({ q, t: q * 3, hash: H('a'), hits: [{ filmId: 'f', refT: (25 / 24) * q * 3 + 100, distance: 10 }] }));
    const [best] = vote(frames, 40);
    expect(best!.matchedFrames).toBe(40);
    expect(best!.speed).toBeCloseTo(25 / 24, 3);
    expect(best!.offsetSeconds).toBeCloseTo(100, 0);
  });

  it('takes each query frame\'s closest hit as evidence, not the window with the fewest hits', () => {
    // every query frame hits its exact reference frame (0 bits) plus a neighbouring frame (40 bits) at one offset,
    // and a look-alike shot (30 bits) 6 s later: summing all hits would prefer the look-alike window (120 < 160)
    const frames = Array.from({ length: 4 }, (_, q) => ({
      q,
      t: q * 0.5,
      hash: H('a'),
      hits: [
        { filmId: 'f', refT: q * 0.5 + 0.2, distance: 0 },
        { filmId: 'f', refT: q * 0.5 + 0.25, distance: 40 },
        { filmId: 'f', refT: q * 0.5 + 6.2, distance: 30 },
      ],
    }));
    const [best] = vote(frames, 4);
    expect(best!.evidence.map((e) => e.distance)).toEqual([0, 0, 0, 0]);
    expect(best!.strength).toBe(4);
  });

  it('a look-alike (same set, frames at 26–36 bits) stays at review; near-exact frames reach match', () => {
    const th = { match: 0.8, review: 0.45 };
    const clip = (d: number[]) => vote(d.map((distance, q) => ({ q, t: q * 0.5, hash: H('a'), hits: [{ filmId: 'f', refT: q * 0.5 + 3, distance }] })), d.length)[0]!;
    const lookAlike = clip([26, 30, 32, 36]);
    expect(lookAlike.score).toBe(1);
    expect(lookAlike.strength!).toBeLessThan(MIN_MATCH_STRENGTH);
    expect(decideVideo(lookAlike, th)).toBe('review');
    expect(decideVideo(clip([4, 8, 12, 20]), th)).toBe('match');
    expect(decideVideo(null, th)).toBe('no_match');
    expect(hitWeight(STRONG_BITS)).toBe(1);
    expect(hitWeight(WEAK_BITS)).toBe(0);
  });

  it('quarantines a reference hash that hits many unrelated queries, and remembers it', async () => {
    const db = await freshPglite();
    try {
      const guard = new FloodGuard(createQuarantineStore(db), { minQueries: 10, minHits: 5, share: 0.3 }, silentLog());
      await guard.load();
      const flagged: string[] = [];
      for (let i = 0; i < 12; i++) flagged.push(...(await guard.observe([{ hash: H('f'), filmId: 'film_x' }, { hash: H(String(i % 10)), filmId: `film_${i}` }], `film_${i}`)));
      expect(flagged).toEqual([H('f')]);
      expect(guard.status().quarantined).toBe(1);
      const again = new FloodGuard(createQuarantineStore(db));
      await again.load();
      expect(again.isQuarantined(H('f'))).toBe(true);
      expect(again.isQuarantined(H('1'))).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('exposes the negative bank and moves the checkpoint when it grows', async () => {
    const db = await freshPglite();
    try {
      const bank = createFilmBankStore(db);
      const cp = await bank.checkpoint();
      expect(await addNegativeHashes(db, [{ hash: H('0'), reason: 'black' }])).toBe(1);
      expect(await addNegativeHashes(db, [{ hash: H('0'), reason: 'black' }])).toBe(0);
      expect(await addNegativeHashes(db, [{ hash: H('0').toUpperCase(), reason: 'black, upper case' }])).toBe(0); // normalised by the PDQ signal
      await expect(addNegativeHashes(db, [{ hash: H('1'), reason: 'ok' }, { hash: 'not-a-hash', reason: 'garbage' }])).rejects.toThrow(/invalid PDQ hash/);
      expect(await bank.negativeSignals!()).toEqual([H('0')]);
      expect(await bank.checkpoint()).not.toBe(cp);
    } finally {
      await db.close();
    }
  });

  it('derives the mirrored hash from the same DCT, close to hashing the mirrored picture', () => {
    const w = 96, h = 64;
    const luma = new Float32Array(w * h).map((_, i) => 128 + 100 * Math.sin((i % w) / 7) * Math.cos(Math.floor(i / w) / 5) + ((i % w) > 60 ? 40 : 0));
    const mirrored = new Float32Array(w * h).map((_, i) => luma[Math.floor(i / w) * w + (w - 1 - (i % w))]!);
    const a = pdqFromLuma({ width: w, height: h, luma }, { flipX: true });
    const b = pdqFromLuma({ width: w, height: h, luma: mirrored });
    expect(hamming(a.flipX!, b.hash)).toBeLessThanOrEqual(24);
    expect(hamming(a.hash, b.hash)).toBeGreaterThan(40);
  });
});
