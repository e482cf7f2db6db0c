// The hard pirate transforms on a letterboxed ("scope") film, end to end with real ffmpeg: the eval's own recipes
// (fixtures/media/transforms.ts) for crop 20 %, picture-in-picture and camcord, registered and matched through PGlite. A crop
// of a letterboxed frame cuts bars and picture together (reference `fcrop` variants), a picture-in-picture keeps the
// film's own bars inside its flat frame (`inner` strips both), a filmed screen's black is grey (`persp` dim bars).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { BankIndexCache } from '../../matcher/bank-index.ts';
import { matchMedia, type MatchResult } from '../../matcher/match.ts';
import { registerFilm } from '../../matcher/register.ts';
import { runTool } from '../../media/ffmpeg.ts';
import { generateFilm } from '../../fixtures/media/synthetic.ts';
import { applyTransform } from '../../fixtures/media/transforms.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { createFilmBankStore } from '../../storage/film-bank.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDir } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';

const tmp = tempDir('kuzet-hard-');
const cfg = loadConfig({ DATA_DIR: tmp });
const log = silentLog();
const th = { match: cfg.matchThreshold, review: cfg.reviewThreshold };
const f = (n: string) => path.join(tmp, n);
let db: Db;
let filmId = '';
const seen: Record<string, Pick<MatchResult, 'decision' | 'best' | 'usableFrames'>> = {};

/** a 2.39:1 picture letterboxed into 16:9, the way scope films are mastered for the web */
async function letterboxed(src: string, out: string): Promise<void> {
  await runTool(cfg.ffmpegPath, ['-nostdin', '-y', '-loglevel', 'error', '-i', src, '-vf', 'scale=640:268,pad=640:360:0:46:black,setsar=1', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-an', out], { input: src, timeoutMs: 120_000 });
}

beforeAll(async () => {
  await Promise.all([
    generateFilm(cfg, f('scope-src.mp4'), { seed: 33, title: 'Scope', seconds: 24, width: 640, height: 268 }),
    generateFilm(cfg, f('other-src.mp4'), { seed: 32, title: 'Other', seconds: 24, width: 640, height: 268 }),
  ]);
  await Promise.all([letterboxed(f('scope-src.mp4'), f('scope.mp4')), letterboxed(f('other-src.mp4'), f('other.mp4'))]);
  db = await freshPglite();
  filmId = (await registerFilm({ db, blobs: createBlobStore(f('blobs')), cfg, log }, { titleRu: 'Широкий экран', titleKk: 'Кең экран', video: f('scope.mp4') })).filmId;
}, 240_000);

afterAll(async () => {
  await db?.close();
  console.log('hard transforms', JSON.stringify(seen));
});

describe('hard transforms of a letterboxed film', () => {
  const cache = new BankIndexCache();
  const query = async (film: string, transform: string) => {
    const out = await applyTransform(cfg, f(`${film}.mp4`), f(`${film}.${transform}.mp4`), transform, { startS: 6, durationS: 12 });
    const r = await matchMedia({ bank: createFilmBankStore(db), cfg, log, cache }, { video: out }, th);
    seen[`${film}/${transform}`] = { decision: r.decision, best: r.best, usableFrames: r.usableFrames };
    return r;
  };

  it.each(['crop20', 'pip', 'camcord'])('%s of the registered film is a match at the right offset', async (transform) => {
    const r = await query('scope', transform);
    expect(r.decision).toBe('match');
    expect(r.best?.filmId).toBe(filmId);
    expect(Math.abs((r.best?.offsetSeconds ?? -99) - 6)).toBeLessThanOrEqual(1);
  }, 120_000);

  it.each(['crop20', 'pip', 'camcord'])('%s of an unregistered film is not a match', async (transform) => {
    expect((await query('other', transform)).decision).not.toBe('match');
  }, 120_000);
});
