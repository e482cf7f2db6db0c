// npm run eval:matcher — registers the dev clips of ../shared as films in an in-memory PGlite, queries excerpts of
// them under every pirate transform (fixtures/media/transforms.ts), Meta's real vPDQ copies and unregistered distractors,
// and prints recall per transform, false films, false `match` decisions and the seconds of footage needed.
// Transformed clips are cached under os.tmpdir()/kuzet-eval-cache (delete it to regenerate).
// EVAL_WEIGHTED=1 scores with distance-weighted votes (matcher/vote.ts hitWeight) instead of plain counts;
// EVAL_DUMP=file.json writes the bank and every query's frame hashes (for offline re-scoring of voting rules);
// MATCH_THRESHOLD / REVIEW_THRESHOLD override the configured thresholds; EVAL_AUDIO=0 scores pictures only (no
// Chromaprint confirmation of `review` verdicts); EVAL_LOCAL=0 leaves out the local-feature stage (issue 13), EVAL_PIXELS=0 its pixel check;
// EVAL_LOOKALIKES=0 the generated look-alike distractors; EVAL_ONLY=a,b limits the transforms (prototyping);
// EVAL_GROUPS=distractor (or film, real, comma-separated) queries only those groups — the films are registered either way
// (e.g. the false-match check of the local stage over every distractor, without re-running the positives);
// EVAL_FEATURE=1 registers the five ASL films as one feature-length film (the pin rule passes every group on it);
// EVAL_CLIPS=a,b limits the film and distractor clips queried (by id; diagnosing one clip with EVAL_DUMP).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../config/load.ts';
import { BankIndexCache } from '../matcher/bank-index.ts';
import { FloodGuard, findMultiFilmHashes } from '../matcher/guards.ts';
import { MihIndex } from '../matcher/index/mih.ts';
import { registerFilm } from '../matcher/register.ts';
import { loadLocalCv } from '../matcher/local/cv.ts';
import { createLocalStage } from '../matcher/local/store.ts';
import { hitWeight } from '../matcher/vote.ts';
import { probeMedia } from '../media/ffmpeg.ts';
import { TRANSFORMS, applyTransform } from '../fixtures/media/transforms.ts';
import { createBlobStore } from '../storage/blobs.ts';
import { openPglite } from '../storage/db.ts';
import { addNegativeHashes, createFilmBankStore, createQuarantineStore } from '../storage/film-bank.ts';
import { migrate } from '../storage/migrate.ts';
import { devSet, excerpt, featureFilm, lookalikes } from './corpus.ts';
import { evaluateQuery, type QueryOutcome } from './query.ts';
import { printReport } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared');

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++]!); }));
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(shared, 'corpus', 'video'))) {
    console.log(`eval:matcher skipped: ${shared}/corpus/video not found (see ../shared/README.md)`);
    return;
  }
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-eval-'));
  const cacheDir = path.join(os.tmpdir(), 'kuzet-eval-cache');
  const cfg = loadConfig({ DATA_DIR: tmp });
  const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  // MATCH_THRESHOLD / REVIEW_THRESHOLD from the environment override the defaults (to calibrate them)
  const th = { match: Number(process.env.MATCH_THRESHOLD ?? cfg.matchThreshold), review: Number(process.env.REVIEW_THRESHOLD ?? cfg.reviewThreshold) };
  const db = await openPglite('memory://');
  await migrate(db);
  try {
    const set = devSet(shared);
    if (process.env.EVAL_LOOKALIKES !== '0') set.distractors.push(...(await lookalikes(cfg, path.join(cacheDir, 'lookalikes'), set.films)));
    // EVAL_FEATURE=1: the registered ASL clips are registered as one feature-length film (corpus.ts featureFilm) and
    // their copies expect it; every other film as before
    const feature = process.env.EVAL_FEATURE === '1' ? await featureFilm(cfg, path.join(cacheDir, 'feature'), set.films) : null;
    const registered = feature ? [...set.films.filter((f) => !feature.parts.includes(f)), feature.film] : set.films;
    const registeredAs = (clip: string) => (feature?.parts.some((p) => p.id === clip) ? feature.film.id : clip);
    const blobs = createBlobStore(path.join(tmp, 'blobs'));
    // EVAL_LOCAL=0: PDQ and audio only (no local-feature stage, no local features registered)
    const cv = process.env.EVAL_LOCAL === '0' ? null : await loadLocalCv();
    const filmIds = new Map<string, string>();
    let prints = 0;
    let minutes = 0;
    const filmSeconds: Record<string, number> = {};
    for (const film of registered) {
      const r = await registerFilm({ db, blobs, cfg, log, ...(cv ? { local: cv } : {}) }, { titleRu: film.id, titleKk: film.id, video: film.file });
      filmIds.set(film.id, r.filmId);
      prints += r.fingerprints;
      filmSeconds[r.filmId] = (await probeMedia(cfg, film.file)).durationS;
      minutes += filmSeconds[r.filmId]! / 60;
    }
    const registerS = (Date.now() - t0) / 1000;
    const store = createFilmBankStore(db);
    const cache = new BankIndexCache((h, n) => MihIndex.build(h, n));
    const negatives = findMultiFilmHashes(await cache.get(store));
    await addNegativeHashes(db, negatives.map((n) => ({ hash: n.hash, reason: `hits frames of ${n.films} films` })));
    const bank = await cache.get(store);
    const flood = new FloodGuard(createQuarantineStore(db), {}, log);
    await flood.load();
    const localStage = cv ? createLocalStage(cv, db, blobs, cfg) : null;
    const localBank = localStage ? await localStage.bank() : null;
    const localMeta = localBank ? { keyframes: localBank.keyframes.length, descriptors: localBank.descriptors, stopped: localBank.stopped, shared: Object.fromEntries(localBank.sharedShare) } : null;
    const localS = (Date.now() - t0) / 1000 - registerS;

    // queries: every film and distractor under every transform, plus Meta's real copies as they are
    type Job = { clip: string; transform: string; tier: string; expect: string | null; out: string; make?: () => Promise<unknown> };
    const jobs: Job[] = [];
    const groups = (process.env.EVAL_GROUPS ?? 'film,distractor,real').split(',');
    for (const [group, clips] of [['film', set.films], ['distractor', set.distractors]] as const) {
      if (!groups.includes(group)) continue;
      for (const c of clips.filter((x) => !process.env.EVAL_CLIPS || process.env.EVAL_CLIPS.split(',').includes(x.id))) {
        const ex = excerpt((await probeMedia(cfg, c.file)).durationS);
        for (const t of TRANSFORMS.filter((x) => !process.env.EVAL_ONLY || process.env.EVAL_ONLY.split(',').includes(x.name))) {
          const out = path.join(cacheDir, `${c.id}.${t.name}.${ex.startS}-${ex.durationS}.mp4`);
          const make = () => applyTransform(cfg, c.file, out, t.name, ex).catch((e) => console.error(`transform ${t.name} of ${c.id} failed: ${e}`));
          jobs.push({ clip: c.id, transform: t.name, tier: t.tier, expect: group === 'film' ? filmIds.get(registeredAs(c.id))! : null, out, make });
        }
      }
    }
    if (groups.includes('real')) for (const c of set.realCopies) jobs.push({ clip: c.id, transform: 'real-copy', tier: 'real', expect: filmIds.get(registeredAs(c.expect))!, out: c.file });
    await pool(jobs, 2, async (j) => void (await j.make?.()));
    const genS = (Date.now() - t0) / 1000 - registerS - localS;
    const outcomes: QueryOutcome[] = [];
    await pool(jobs.filter((j) => fs.existsSync(j.out)), 2, async (j) => {
      const extra = { ...(process.env.EVAL_WEIGHTED === '1' ? { weight: hitWeight } : {}), ...(process.env.EVAL_AUDIO === '0' ? {} : { audio: { store, log } }), ...(cv && localBank ? { local: { cv, bank: localBank, ...(localStage?.pixels && process.env.EVAL_PIXELS !== '0' ? { pixels: localStage.pixels } : {}) } } : {}) };
      const o = await evaluateQuery({ cfg, bank, flood, th, ...extra }, { clip: j.clip, transform: j.transform, tier: j.tier, file: j.out, expect: j.expect });
      outcomes.push(o);
    });
    if (process.env.EVAL_DUMP) {
      const dump = { films: Object.fromEntries(filmIds), frames: bank.frames, negatives: bank.negatives, th, queries: outcomes };
      fs.writeFileSync(process.env.EVAL_DUMP, JSON.stringify(dump));
    }
    for (const o of outcomes) delete o.frames;
    printReport(outcomes, th, {
      films: registered.length,
      distractors: set.distractors.length,
      realCopies: set.realCopies.length,
      fingerprints: prints,
      perMinute: Math.round(prints / Math.max(minutes, 1e-9)),
      negatives: negatives.length,
      flood: flood.status(),
      local: localMeta,
      filmSeconds,
      filmNames: Object.fromEntries([...filmIds].map(([clip, id]) => [id, clip])),
      seconds: { register: registerS, 'local bank': localS, transforms: genS, total: (Date.now() - t0) / 1000 },
    });
  } finally {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
