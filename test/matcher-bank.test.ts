// storage/film-bank.ts: the FilmBankStore checkpoint moves with fingerprints and with enabled flags (both adapters).
import { describe, expect, it } from 'vitest';
import { createFilmBankStore, insertAsset, insertFilm, insertFingerprints } from '../storage/film-bank.ts';
import { adapters } from './helpers/db.ts';

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
