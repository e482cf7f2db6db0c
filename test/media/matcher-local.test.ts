// The local-feature stage (issue 13) end to end with real ffmpeg and OpenCV (WASM): a generated film registered with
// its ORB keyframes (migration 019), then copies under the eval's hard recipes — an off-axis camcord and a 5°
// rotation — that PDQ and audio alone leave unmatched, verified geometrically by the stage itself and through matchMedia (which records the deciding
// stage); an unregistered film from the same generator (same palette and motion) under the same camcord is not; a
// copy of a registered 4-second clip verifies but is refused as a match (on a clip that short every offset agrees)
// and becomes `review` of that clip, with what was seen.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { BankIndexCache } from '../../matcher/bank-index.ts';
import { loadLocalCv, type LocalCv } from '../../matcher/local/cv.ts';
import { localStageFor } from '../../matcher/local/query.ts';
import { createLocalStage, type LocalStagePort } from '../../matcher/local/store.ts';
import { matchMedia } from '../../matcher/match.ts';
import { registerFilm } from '../../matcher/register.ts';
import { generateFilm } from '../../fixtures/media/synthetic.ts';
import { applyTransform } from '../../fixtures/media/transforms.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { candidateStore, upsertCandidate } from '../../storage/candidates.ts';
import { createFilmBankStore, filmTitle } from '../../storage/film-bank.ts';
import { matchStore } from '../../storage/matches.ts';
import { matchCandidateJob } from '../../workers/processors/match-candidate.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';

const tmp = tempDir('kuzet-local-');
const cfg = loadConfig({ DATA_DIR: tmp });
const log = silentLog();
const th = { match: cfg.matchThreshold, review: cfg.reviewThreshold };
const f = (n: string) => path.join(tmp, n);
let db: Db;
let cv: LocalCv;
let stage: LocalStagePort;
let filmId = '';

beforeAll(async () => {
  await Promise.all([
    generateFilm(cfg, f('film.mp4'), { seed: 41, title: 'Dala', seconds: 16, width: 480, height: 270 }),
    generateFilm(cfg, f('other.mp4'), { seed: 42, title: 'Tau', seconds: 16, width: 480, height: 270 }),
  ]);
  cv = await loadLocalCv();
  db = await freshPglite();
  const blobs = createBlobStore(f('blobs'));
  filmId = (await registerFilm({ db, blobs, cfg, log, local: cv }, { titleRu: 'Дала', titleKk: 'Дала', video: f('film.mp4') })).filmId;
  stage = createLocalStage(cv, db, blobs, cfg); // as the workers build it: the master can be read, so the checks run
}, 300_000);

afterAll(async () => {
  await db?.close();
});

describe('local-feature stage', () => {
  it('registration stored the keyframes (one row, one blob)', async () => {
    const rows = await db.query<{ film_id: string; keyframes: number; bytes: string }>('SELECT film_id, keyframes, bytes FROM local_features');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.film_id).toBe(filmId);
    expect(rows[0]!.keyframes).toBeGreaterThan(3);
    const bank = await stage.bank();
    expect(bank?.keyframes.length).toBe(rows[0]!.keyframes);
  });

  it.each(['camcord-seat', 'rotate-5'])('%s of the registered film is verified geometrically, at the right offset', async (transform) => {
    const out = await applyTransform(cfg, f('film.mp4'), f(`film.${transform}.mp4`), transform, { startS: 5, durationS: 9 });
    const v = await localStageFor(cv, (await stage.bank())!, cfg, out, { pixels: stage.pixels! });
    expect(v.filmId).toBe(filmId);
    // the checks ran on the group and confirmed it (no structural rule refuses a group of this 16-s film)
    expect(v.pixels !== null || v.motion !== null, JSON.stringify({ pixels: v.pixels, motion: v.motion })).toBe(true);
    expect(Math.abs((v.offsetSeconds ?? -99) - 5)).toBeLessThanOrEqual(4);
    expect(v.agreeing.length).toBeGreaterThanOrEqual(3);
    // pictures and sound alone do not find this copy (the reason the stage exists) …
    const fast = await matchMedia({ bank: createFilmBankStore(db), cfg, log, cache: new BankIndexCache() }, { video: out }, th);
    expect(fast.decision).not.toBe('match');
    expect(fast.stage).toBeNull();
    expect(fast.local).toBeUndefined();
    // … with the stage (as the workers and `kuzet match` run it with LOCAL_FEATURES), the local stage decides
    const r = await matchMedia({ bank: createFilmBankStore(db), cfg, log, cache: new BankIndexCache(), local: stage }, { video: out }, th);
    expect(r.decision).toBe('match');
    expect(r.stage).toBe('local');
    expect(r.best?.filmId).toBe(filmId);
    expect(r.local?.filmId).toBe(filmId);
    expect(r.local?.agreeingFrames).toBeGreaterThanOrEqual(3);
    expect(Math.abs((r.best?.offsetSeconds ?? -99) - 5)).toBeLessThanOrEqual(4);
    // the record says what decided: the agreeing frames, their count, and their pictures as the evidence frames
    expect(r.best?.matchedFrames).toBe(r.local?.agreeingFrames);
    expect(r.evidenceFrames).toEqual([]);
    expect(r.local?.seen.length).toBe(Math.min(8, r.local!.agreeingFrames));
    expect(r.evidencePngs?.map((p) => p.t).sort()).toEqual(r.local!.seen.map((e) => e.t).sort());
    expect(r.evidencePngs!.every((p) => p.png.subarray(1, 4).toString() === 'PNG')).toBe(true);
  }, 240_000);

  it('a look-alike (same generator, same camcord) is not verified and not a match', async () => {
    const out = await applyTransform(cfg, f('other.mp4'), f('other.camcord-seat.mp4'), 'camcord-seat', { startS: 5, durationS: 9 });
    const v = await localStageFor(cv, (await stage.bank())!, cfg, out, { pixels: stage.pixels! });
    expect(v.filmId).toBeNull();
    const r = await matchMedia({ bank: createFilmBankStore(db), cfg, log, cache: new BankIndexCache(), local: stage }, { video: out }, th);
    expect(r.decision).not.toBe('match');
    expect(r.stage).toBeNull();
    expect(r.local?.filmId ?? null).toBeNull();
    expect(r.local?.frames).toBeGreaterThan(0); // the stage did run on it, and found nothing
  }, 240_000);

  it('the workers\' match job records which stage decided, in the matches row and its audit entry', async () => {
    const out = f('film.camcord-seat.mp4'); // made by the camcord-seat case above (same recipe, same excerpt)
    const c = await upsertCandidate(db, { sourceId: null, url: 'https://pirate.example/watch/dala', kind: 'detail', title: 'Дала CAMRip', streams: [out] });
    const blobs = createBlobStore(f('blobs'));
    const bank = createFilmBankStore(db);
    const job = await matchCandidateJob({
      candidates: candidateStore({ db, blobs }), matches: matchStore(db), filmTitle: (id) => filmTitle(db, id), log,
      checkpoint: () => bank.checkpoint(), prepareStream: async () => ({ manifest: null }), fetchImage: async () => { throw new Error('no poster here'); },
      // as workers/processors/index.ts builds it with LOCAL_FEATURES on
      match: (q) => matchMedia({ bank, cfg, log, cache: new BankIndexCache(), local: stage }, q, th),
    }, { candidateId: c.id, revision: c.revision });
    expect(job).toMatchObject({ status: 'done', decision: 'match', filmId });
    const [row] = await db.query<{ id: string; decision: string; film_id: string; details: { stage: string; local: { filmId: string; agreeingFrames: number; seen: Array<{ t: number }> } } }>('SELECT id, decision, film_id, details FROM matches WHERE candidate_id = $1', [c.id]);
    expect(row).toMatchObject({ decision: 'match', film_id: filmId, details: { stage: 'local', local: { filmId } } });
    expect(row!.details.local.agreeingFrames).toBeGreaterThanOrEqual(3);
    // the pictures kept as evidence are the agreeing frames, each with its stream time
    const frames = await db.query<{ meta: { t: number } }>(`SELECT meta FROM evidence WHERE candidate_id = $1 AND kind = 'frame'`, [c.id]);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((e) => row!.details.local.seen.some((x: { t: number }) => x.t === e.meta.t))).toBe(true);
    const audit = await db.query<{ details: { stage: string; filmId: string } }>(`SELECT details FROM audit_log WHERE action = 'match.match' AND subject = $1`, [row!.id]);
    expect(audit).toEqual([expect.objectContaining({ details: expect.objectContaining({ stage: 'local', filmId }) })]);
  }, 240_000);

  // last: registering the clip changes the bank the cases above ran against
  it('a rotated copy of a clip of a few seconds is refused as a match (every offset agrees) and raised to review as a lead', async () => {
    await generateFilm(cfg, f('clip.mp4'), { seed: 44, title: 'Qys', seconds: 4, width: 480, height: 270 });
    const clipId = (await registerFilm({ db, blobs: createBlobStore(f('blobs')), cfg, log, local: cv }, { titleRu: 'Клип', titleKk: 'Клип', video: f('clip.mp4') })).filmId;
    const out = await applyTransform(cfg, f('clip.mp4'), f('clip.rotate-5.mp4'), 'rotate-5', { startS: 0, durationS: 4 });
    const fast = await matchMedia({ bank: createFilmBankStore(db), cfg, log, cache: new BankIndexCache() }, { video: out }, th);
    expect(fast.decision).toBe('no_match');
    const r = await matchMedia({ bank: createFilmBankStore(db), cfg, log, cache: new BankIndexCache(), local: stage }, { video: out }, th);
    expect(r.local).toMatchObject({ filmId: null, refused: 'pinned', leadFilmId: clipId });
    expect(r.local!.agreeingFrames).toBeGreaterThanOrEqual(3);
    expect(r.local!.seen.length).toBe(r.local!.agreeingFrames);
    expect(r).toMatchObject({ decision: 'review', stage: null, best: { filmId: clipId } });
    expect(Math.abs(r.best!.offsetSeconds ?? -99)).toBeLessThanOrEqual(1.5); // the copy starts at the clip's start
  }, 240_000);
});
