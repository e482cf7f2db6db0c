// End to end on generated media: register two synthetic films, match pirate HLS excerpts (file and 127.0.0.1 URL),
// a poster image, idempotent re-registration, and the negative (an unregistered film's excerpt).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { BankIndexCache } from '../../matcher/bank-index.ts';
import { matchMedia, type MatchResult } from '../../matcher/match.ts';
import { createEgress } from '../../net/egress.ts';
import { policyFromConfig } from '../../net/fetch.ts';
import { registerFilm } from '../../matcher/register.ts';
import { generateFilm, makePirateCopy, posterFrom } from '../../fixtures/media/synthetic.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { createFilmBankStore } from '../../storage/film-bank.ts';
import { freshPglite } from '../kit/db.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';
import { tempDir } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';

const tmp = tempDir('kuzet-matcher-');
const cfg = loadConfig({ DATA_DIR: tmp });
const log = silentLog();
const th = { match: cfg.matchThreshold, review: cfg.reviewThreshold };
const f = (n: string) => path.join(tmp, n);
let db: Db;
let server: TestServer | undefined;
let baseUrl = '';
const seen: Record<string, MatchResult> = {};

beforeAll(async () => {
  const size = { seconds: 30, width: 160, height: 90 };
  await Promise.all([
    generateFilm(cfg, f('a.mp4'), { seed: 11, title: 'Film A', ...size }),
    generateFilm(cfg, f('b.mp4'), { seed: 22, title: 'Film B', ...size }),
  ]);
  await makePirateCopy(cfg, f('a.mp4'), f('pirate-a'), { startS: 6, durationS: 20, letterbox: true, crf: 32 });
  await makePirateCopy(cfg, f('b.mp4'), f('pirate-b'), { startS: 4, durationS: 20, letterbox: true, crf: 32 });
  await posterFrom(cfg, f('a.mp4'), f('poster-a.png'), { atS: 4, title: 'Film A' });
  db = await freshPglite();
  server = await serveHttp((req, res) => {
    const p = path.join(tmp, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!p.startsWith(tmp + path.sep) || !fs.existsSync(p)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': p.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t' });
    fs.createReadStream(p).pipe(res);
  });
  baseUrl = server.url;
});

afterAll(async () => {
  await db?.close();
  await server?.close();
  console.log('matcher scores', JSON.stringify(Object.fromEntries(Object.entries(seen).map(([k, r]) => [k, { decision: r.decision, best: r.best, second: r.candidates[1] ?? null, usable: r.usableFrames, ms: r.timings }]))));
});

describe('register + match (synthetic films)', () => {
  const deps = () => ({ db, blobs: createBlobStore(path.join(tmp, 'blobs')), cfg, log });
  const mdeps = (cache = new BankIndexCache()) => ({ bank: createFilmBankStore(db), cfg, log, cache });
  let filmA = '';
  let filmB = '';

  it('registers film A with a poster and stores fingerprints + an audit entry', async () => {
    const r = await registerFilm(deps(), { titleRu: 'Фильм А', titleKk: 'Фильм А', year: 2024, video: f('a.mp4'), poster: f('poster-a.png'), actor: 'test' });
    expect(r.created).toBe(true);
    expect(r.fingerprints).toBeGreaterThan(60);
    filmA = r.filmId;
    const [audit] = await db.query<{ action: string; subject: string }>("SELECT action, subject FROM audit_log WHERE action = 'film.register'");
    expect(audit).toEqual({ action: 'film.register', subject: filmA });
    const assets = await db.query<{ kind: string }>('SELECT kind FROM reference_assets WHERE film_id = $1 ORDER BY kind', [filmA]);
    expect(assets.map((a) => a.kind)).toEqual(['poster', 'video']);
  });

  it('re-registering the same video is idempotent', async () => {
    const bank = createFilmBankStore(db);
    const before = await bank.checkpoint();
    const r = await registerFilm(deps(), { titleRu: 'Другое', titleKk: 'Басқа', video: f('a.mp4') });
    expect(r).toMatchObject({ filmId: filmA, created: false });
    expect(await bank.checkpoint()).toBe(before);
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM films');
    expect(n!.n).toBe(1);
  });

  it("film B's pirate excerpt does not match a bank holding only film A", async () => {
    const r = await matchMedia(mdeps(), { video: f('pirate-b/index.m3u8') }, th);
    seen.bAgainstA = r;
    expect(r.decision).toBe('no_match');
    expect(r.best?.score ?? 0).toBeLessThan(0.45);
  });

  it("film A's letterboxed, re-encoded HLS excerpt matches film A at the right offset", async () => {
    const r = await matchMedia(mdeps(), { video: f('pirate-a/index.m3u8') }, th);
    seen.pirateAFile = r;
    expect(r.decision).toBe('match');
    expect(r.best!.filmId).toBe(filmA);
    expect(r.best!.score).toBeGreaterThan(0.8);
    expect(Math.abs(r.best!.offsetSeconds! - 6)).toBeLessThanOrEqual(1);
    expect(r.evidenceFrames.length).toBe(r.best!.matchedFrames);
    expect(r.evidencePng!.subarray(1, 4).toString()).toBe('PNG');
  });

  it('with both films registered, each excerpt picks its own film; the cache follows the checkpoint', async () => {
    const cache = new BankIndexCache();
    await matchMedia(mdeps(cache), { image: f('poster-a.png') }, th);
    const cp1 = cache.status().checkpoint;
    filmB = (await registerFilm(deps(), { titleRu: 'Фильм Б', titleKk: 'Фильм Б', video: f('b.mp4') })).filmId;
    const ra = await matchMedia(mdeps(cache), { video: f('pirate-a/index.m3u8') }, th);
    expect(cache.status().checkpoint).not.toBe(cp1);
    const rb = await matchMedia(mdeps(cache), { video: f('pirate-b/index.m3u8') }, th);
    seen.pirateAWithB = ra;
    seen.pirateB = rb;
    expect(ra.best!.filmId).toBe(filmA);
    expect(rb.best!.filmId).toBe(filmB);
    expect(rb.decision).toBe('match');
    expect(rb.candidates.find((c) => c.filmId === filmA)?.score ?? 0).toBeLessThan(0.45);
  });

  it('matches the HLS playlist by http URL on 127.0.0.1, read through the egress proxy (127.0.0.1 allowlisted)', async () => {
    const egress = createEgress(policyFromConfig({ ...cfg, fetchAllowlist: ['127.0.0.1'] }));
    const r = await matchMedia({ ...mdeps(), cfg: { ...cfg, egress } }, { video: `${baseUrl}/pirate-a/index.m3u8` }, th);
    seen.pirateAUrl = r;
    expect(r.decision).toBe('match');
    expect(r.best!.filmId).toBe(filmA);
  });

  it('matches the poster image (re-encoded as JPEG) and rejects an unrelated image', async () => {
    const sharp = (await import('sharp')).default;
    await sharp(f('poster-a.png')).jpeg({ quality: 60 }).toFile(f('poster-a.jpg'));
    const r = await matchMedia(mdeps(), { image: f('poster-a.jpg') }, th);
    seen.posterJpeg = r;
    expect(r.decision).toBe('match');
    expect(r.best!.filmId).toBe(filmA);
    await sharp({ create: { width: 160, height: 90, channels: 3, background: '#000' } })
      .composite([{ input: Buffer.from('<svg width="160" height="90"><circle cx="40" cy="45" r="30" fill="#fff"/><rect x="100" y="10" width="50" height="70" fill="#888"/></svg>') }])
      .png().toFile(f('other.png'));
    const n = await matchMedia(mdeps(), { image: f('other.png') }, th);
    seen.otherImage = n;
    expect(n.decision).toBe('no_match');
  });
});
