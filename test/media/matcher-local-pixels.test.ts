// The local stage's pixel check (issue 13, matcher/local/pixels.ts) with real ffmpeg and OpenCV (WASM): a registered
// 6-second clip — a still, textured set with a moving subject in one place — and footage of the same set with the
// same subject somewhere else (another scene shot there). A rotated copy of each verifies geometrically on the set,
// and on a clip that short the pin rule refuses both; the moving part of the picture then tells them apart: the copy
// is lifted to `match`, the other footage stays a lead for an investigator. The motion check (motion.ts) agrees: the
// copy moves as the film does, the other footage does not. Inside a longer film (the last block) no structural rule
// refuses either of them, and the checks must confirm the copy and refuse the other footage themselves.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { BankIndexCache } from '../../matcher/bank-index.ts';
import { loadLocalCv, type LocalCv } from '../../matcher/local/cv.ts';
import { MOTION_FLOOR, MOTION_MIN } from '../../matcher/local/motion.ts';
import { PIXEL_MIN } from '../../matcher/local/pixels.ts';
import { localStageFor } from '../../matcher/local/query.ts';
import { createLocalStage, referencePixels, type LocalStagePort } from '../../matcher/local/store.ts';
import { matchMedia } from '../../matcher/match.ts';
import { registerFilm } from '../../matcher/register.ts';
import { applyTransform } from '../../fixtures/media/transforms.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { createFilmBankStore } from '../../storage/film-bank.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';

const tmp = tempDir('kuzet-pixels-');
const cfg = loadConfig({ DATA_DIR: tmp });
const f = (n: string) => path.join(tmp, n);
let db: Db;
let cv: LocalCv;
let stage: LocalStagePort;
let filmId = '';

/** 6 s at 30 fps (two reference keyframes: one per MAX_SPAN_S on a still set): a still mandelbrot set, an animated test pattern (the subject) overlaid at (x, y); one x264 thread */
function scene(out: string, x: number, y: number) {
  const graph = `mandelbrot=size=480x270:rate=30,trim=end_frame=1,loop=loop=179:size=1:start=0,setpts=N/(30*TB)[bg];testsrc2=size=150x110:rate=30,trim=duration=6[fg];[bg][fg]overlay=x=${x}:y=${y}:shortest=1,format=yuv420p[v]`;
  const r = spawnSync(cfg.ffmpegPath, ['-nostdin', '-y', '-hide_banner', '-loglevel', 'error', '-filter_complex', graph, '-map', '[v]', '-t', '6', '-c:v', 'libx264', '-threads', '1', '-preset', 'veryfast', '-crf', '18', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
}

beforeAll(async () => {
  scene(f('clip.mp4'), 40, 60);
  scene(f('same-set.mp4'), 290, 140);
  cv = await loadLocalCv();
  db = await freshPglite();
  const blobs = createBlobStore(f('blobs'));
  filmId = (await registerFilm({ db, blobs, cfg, log: silentLog(), local: cv }, { titleRu: 'Клип', titleKk: 'Клип', video: f('clip.mp4') })).filmId;
  stage = createLocalStage(cv, db, blobs, cfg);
  await applyTransform(cfg, f('clip.mp4'), f('clip.rotate-5.mp4'), 'rotate-5', { startS: 0, durationS: 6 });
  await applyTransform(cfg, f('same-set.mp4'), f('same-set.rotate-5.mp4'), 'rotate-5', { startS: 0, durationS: 6 });
}, 300_000);

afterAll(async () => {
  await db?.close();
});

describe('local stage: the pixel check', () => {
  it('lifts a rotated copy of a short clip to the film when the moving part of the picture agrees', async () => {
    const bank = (await stage.bank())!;
    const v = await localStageFor(cv, bank, cfg, f('clip.rotate-5.mp4'), { pixels: stage.pixels! });
    expect(v.pixels, JSON.stringify({ best: v.best, refused: v.refused })).not.toBeNull();
    expect(v.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    // and it moves as the film does (motion.ts): the animated subject's change between frames agrees too
    expect(v.motion!).toBeGreaterThanOrEqual(MOTION_MIN);
    expect(v).toMatchObject({ filmId, refused: null });
  }, 240_000);

  it('without reference frames to read, the same copy stays a lead (the pin rule refuses it)', async () => {
    const v = await localStageFor(cv, (await stage.bank())!, cfg, f('clip.rotate-5.mp4'));
    expect(v).toMatchObject({ filmId: null, refused: 'pinned', pixels: null, best: { filmId } });
    // a master that is gone (or cannot be decoded) reads as no frames: the same lead, not a failed job
    const gone = referencePixels(cfg, async () => f('gone.mp4'));
    expect(await gone('asset', 0, 2, 480, 270)).toEqual([]);
    const w = await localStageFor(cv, (await stage.bank())!, cfg, f('clip.rotate-5.mp4'), { pixels: gone });
    expect(w).toMatchObject({ filmId: null, refused: 'pinned', pixels: null });
  }, 240_000);

  it('keeps footage of the same set with the subject elsewhere a lead: it verifies on the set, its moving part does not agree', async () => {
    const v = await localStageFor(cv, (await stage.bank())!, cfg, f('same-set.rotate-5.mp4'), { pixels: stage.pixels! });
    // the set alone verifies (otherwise this test would prove nothing about the pixel check)
    expect(v.best?.filmId).toBe(filmId);
    expect(v, JSON.stringify({ best: v.best, pixels: v.pixels })).toMatchObject({ filmId: null, refused: 'pinned' });
    expect(v.pixels ?? 0).toBeLessThan(PIXEL_MIN);
    expect(v.motion ?? 0).toBeLessThan(MOTION_FLOOR);
  }, 240_000);
});

// The same clip as part of a longer film (the clip, then 24 s of colour bars): now the pin rule passes every group, as
// it would on a feature film, and the checks must confirm a group themselves (`confirms` in stage.ts).
describe('local stage: the checks on a film long enough to pin every group', () => {
  let longDb: Db;
  let longStage: LocalStagePort;
  let longId = '';
  beforeAll(async () => {
    const r = spawnSync(cfg.ffmpegPath, ['-nostdin', '-y', '-hide_banner', '-loglevel', 'error', '-i', f('clip.mp4'), '-f', 'lavfi', '-i', 'smptehdbars=size=480x270:rate=30:duration=24', '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p[v]', '-map', '[v]', '-c:v', 'libx264', '-threads', '1', '-preset', 'veryfast', '-crf', '18', f('long.mp4')], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
    longDb = await freshPglite();
    const blobs = createBlobStore(f('long-blobs'));
    longId = (await registerFilm({ db: longDb, blobs, cfg, log: silentLog(), local: cv }, { titleRu: 'Фильм', titleKk: 'Фильм', video: f('long.mp4') })).filmId;
    longStage = createLocalStage(cv, longDb, blobs, cfg);
  }, 300_000);
  afterAll(async () => {
    await longDb?.close();
  });

  it('confirms the rotated copy, and keeps the same set with the subject elsewhere a lead (`unconfirmed`)', async () => {
    const bank = (await longStage.bank())!;
    const copy = await localStageFor(cv, bank, cfg, f('clip.rotate-5.mp4'), { pixels: longStage.pixels! });
    expect(copy, JSON.stringify({ best: copy.best, pixels: copy.pixels, motion: copy.motion })).toMatchObject({ filmId: longId, refused: null });
    expect(copy.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    const other = await localStageFor(cv, bank, cfg, f('same-set.rotate-5.mp4'), { pixels: longStage.pixels! });
    // it passes every structural rule: without the checks it would be a `match`
    expect(other.best?.filmId).toBe(longId);
    expect(other, JSON.stringify({ best: other.best, pixels: other.pixels, motion: other.motion })).toMatchObject({ filmId: null, refused: 'unconfirmed' });
    expect(other.pixels ?? 0).toBeLessThan(PIXEL_MIN);
    // as the workers decide it: a lead for an investigator (`review` of the film, by the stage's evidence), not a `match`
    const r = await matchMedia({ bank: createFilmBankStore(longDb), cfg, log: silentLog(), cache: new BankIndexCache(), local: longStage }, { video: f('same-set.rotate-5.mp4') }, { match: cfg.matchThreshold, review: cfg.reviewThreshold });
    expect(r).toMatchObject({ decision: 'review', stage: null, best: { filmId: longId }, local: { filmId: null, refused: 'unconfirmed', leadFilmId: longId } });
  }, 240_000);
});
