// Audio confirmation end to end (real ffmpeg, fpcalc, PGlite): a copy whose pictures alone reach only `review` (half
// of it is another film's footage) is lifted to `match` by the film's own soundtrack at the voted offset; the same
// pictures under a different soundtrack (a dub) stay at `review`; the film's soundtrack under unrelated pictures is
// never consulted (audio is not a sole basis).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { BankIndexCache } from '../../matcher/bank-index.ts';
import { decideVideo, matchMedia } from '../../matcher/match.ts';
import { REF_RECIPE, registerFilm } from '../../matcher/register.ts';
import { runTool } from '../../media/ffmpeg.ts';
import { generateFilm } from '../../fixtures/media/synthetic.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { createFilmBankStore } from '../../storage/film-bank.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDir } from '../kit/temp.ts';
import { hasProgram } from '../kit/tools.ts';
import { silentLog } from '../kit/log.ts';

const hasFpcalc = hasProgram('fpcalc');
if (!hasFpcalc) console.warn('[matcher-audio.test] fpcalc not installed (apt-get install libchromaprint-tools): skipping audio confirmation');

const tmp = tempDir('kuzet-maudio-');
const cfg = loadConfig({ DATA_DIR: tmp });
const log = silentLog();
const th = { match: cfg.matchThreshold, review: cfg.reviewThreshold };
const f = (n: string) => path.join(tmp, n);
let db: Db;
let filmA = '';

/** 12 s from 6 s in: the first `own` seconds of pictures from `pictures`, the rest from `filler`; sound from `sound` */
async function splice(out: string, pictures: string, filler: string, sound: string, own: number): Promise<string> {
  const graph = `[0:v]trim=0:${own},setpts=PTS-STARTPTS[a];[1:v]trim=${own}:12,setpts=PTS-STARTPTS[b];[a][b]concat=n=2:v=1:a=0[v]`;
  const args = ['-nostdin', '-y', '-loglevel', 'error', '-ss', '6', '-t', '12', '-i', pictures, '-ss', '6', '-t', '12', '-i', filler, '-ss', '6', '-t', '12', '-i', sound];
  await runTool(cfg.ffmpegPath, [...args, '-filter_complex', graph, '-map', '[v]', '-map', '2:a', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-c:a', 'aac', '-b:a', '64k', '-shortest', out], { input: pictures, timeoutMs: 60_000 });
  return out;
}

beforeAll(async () => {
  if (!hasFpcalc) return;
  const size = { seconds: 24, width: 160, height: 90 };
  await Promise.all([generateFilm(cfg, f('a.mp4'), { seed: 51, title: 'Audio A', ...size }), generateFilm(cfg, f('b.mp4'), { seed: 52, title: 'Audio B', ...size })]);
  db = await freshPglite();
  filmA = (await registerFilm({ db, blobs: createBlobStore(f('blobs')), cfg, log }, { titleRu: 'Звук', titleKk: 'Дыбыс', video: f('a.mp4') })).filmId;
}, 180_000);

afterAll(async () => {
  await db?.close();
});

describe.skipIf(!hasFpcalc)('audio confirmation (Chromaprint)', () => {
  const cache = new BankIndexCache();
  const match = (video: string) => matchMedia({ bank: createFilmBankStore(db), cfg, log, cache }, { video }, th);

  it('registration stores the soundtrack print and the full recipe', async () => {
    const [row] = await db.query<{ n: number; recipe: string }>(`SELECT (SELECT count(*)::int FROM audio_fingerprints WHERE film_id = $1) AS n, (SELECT recipe FROM reference_assets WHERE film_id = $1 AND kind = 'video') AS recipe`, [filmA]);
    expect(row).toEqual({ n: 1, recipe: REF_RECIPE });
  });

  it("lifts a half-spliced copy from review to match with the film's own soundtrack at the voted offset", async () => {
    const r = await match(await splice(f('q-own.mp4'), f('a.mp4'), f('b.mp4'), f('a.mp4'), 6));
    expect(r.best?.filmId).toBe(filmA);
    expect(decideVideo(r.best, th)).toBe('review'); // the pictures alone
    expect(r.audio).toMatchObject({ filmId: filmA, confirmed: true });
    expect(r.audio!.ber).toBeLessThan(0.15);
    expect(Math.abs(r.audio!.offsetS - 6)).toBeLessThan(0.5);
    expect(r.decision).toBe('match');
  }, 60_000);

  it('keeps the same pictures under another soundtrack (a dub) at review', async () => {
    const r = await match(await splice(f('q-dub.mp4'), f('a.mp4'), f('b.mp4'), f('b.mp4'), 6));
    expect(r.best?.filmId).toBe(filmA);
    expect(r.audio?.confirmed ?? false).toBe(false);
    expect(r.decision).toBe('review');
  }, 60_000);

  it("never consults audio when the pictures do not point at the film (the film's soundtrack over other footage)", async () => {
    const r = await match(await splice(f('q-sound-only.mp4'), f('b.mp4'), f('b.mp4'), f('a.mp4'), 12));
    expect(r.audio).toBeUndefined();
    expect(r.decision).toBe('no_match');
  }, 60_000);
});
