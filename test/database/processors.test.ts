// Processors with real PGlite and strict fakes for the ports they name (a fake fails on an unexpected call).
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../storage/blobs.ts';
import { candidateStore, upsertCandidate } from '../../storage/candidates.ts';
import { filmTitle } from '../../storage/film-bank.ts';
import { matchStore } from '../../storage/matches.ts';
import { sourceStore } from '../../storage/sources.ts';
import type { Db } from '../../storage/db.ts';
import { crawlSourceJob as crawlSource } from '../../workers/processors/crawl-source.ts';
import { matchCandidateJob as matchCandidate, type MatchCandidateDeps, type Verdict } from '../../workers/processors/match-candidate.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDirs } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';

const log = silentLog();
/** the storage ports the processors take, over the real PGlite and blob store */
const ports = (db: Db, blobs: ReturnType<typeof createBlobStore>) => ({ candidates: candidateStore({ db, blobs }), matches: matchStore(db), filmTitle: (id: string) => filmTitle(db, id) });
const crawlPorts = (db: Db, blobs: ReturnType<typeof createBlobStore>) => ({ sources: sourceStore(db), candidates: candidateStore({ db, blobs }) });
const never = (name: string) => async () => { throw new Error(`unexpected call to ${name}`); };

async function seedFilm(db: Db) {
  await db.query(`INSERT INTO films (id, title_kk, title_ru) VALUES ('film_a', 'Дала үні', 'Голос степи')`);
}

describe('processors', () => {
  let db: Db;
  const tmp = tempDirs('kuzet-proc-');
  afterEach(async () => {
    await db?.close();
  });
  const blobs = () => createBlobStore(tmp());

  it('match: a stream verdict is recorded once, with the playlist and best frame kept as evidence', async () => {
    db = await freshPglite();
    await seedFilm(db);
    const c = await upsertCandidate(db, { sourceId: null, url: 'https://pirate.example/film/1', kind: 'detail', streams: ['https://cdn.pirate.example/1/index.m3u8'] });
    const verdict: Verdict = { decision: 'match', best: { filmId: 'film_a', score: 0.93, offsetSeconds: 12, matchedFrames: 20 }, candidates: [], evidencePng: Buffer.from('png-bytes'),
      evidencePngs: [{ t: 4, png: Buffer.from('png-bytes') }, { t: 9.5, png: Buffer.from('png-at-9.5') }] };
    let matches = 0;
    const deps: MatchCandidateDeps = {
      ...ports(db, blobs()), log,
      checkpoint: async () => 'cp1',
      match: async (q) => { matches++; expect(q).toEqual({ video: 'https://cdn.pirate.example/1/index.m3u8' }); return verdict; },
      prepareStream: async () => ({ manifest: Buffer.from('#EXTM3U\n') }),
      fetchImage: never('fetchImage'),
      notifyReview: never('notifyReview'),
    };
    const first = await matchCandidate(deps, { candidateId: c.id, revision: c.revision });
    const again = await matchCandidate(deps, { candidateId: c.id, revision: c.revision });
    expect(first).toMatchObject({ status: 'done', decision: 'match', filmId: 'film_a' });
    expect(again).toEqual(first);
    expect(matches).toBe(1); // the second delivery finds the recorded verdict and samples nothing
    const rows = await db.query<{ status: string; details: Record<string, unknown> }>('SELECT status, details FROM matches');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('confirmed');
    expect(rows[0]!.details).not.toHaveProperty('evidencePng');
    expect(rows[0]!.details).not.toHaveProperty('evidencePngs');
    // every frame at a matched offset is kept with its time in the stream (packets pair it with its reference frame)
    const ev = await db.query<{ kind: string; meta: { t?: number } }>('SELECT kind, meta FROM evidence ORDER BY kind, (meta->>\'t\')::float');
    expect(ev.map((e) => [e.kind, e.meta.t ?? null])).toEqual([['frame', 4], ['frame', 9.5], ['stream_manifest', null]]);
    expect((await db.query('SELECT * FROM audit_log')).length).toBe(1);
  });

  it('match: a poster alone never confirms — it waits for an investigator, who is alerted', async () => {
    db = await freshPglite();
    await seedFilm(db);
    const c = await upsertCandidate(db, { sourceId: null, url: 'https://pirate.example/film/2', kind: 'detail', posters: ['https://pirate.example/p.jpg'] });
    const alerts: unknown[] = [];
    const out = await matchCandidate({
      ...ports(db, blobs()), log,
      checkpoint: async () => 'cp1',
      match: async (q) => { expect(q.image).toBeTypeOf('string'); return { decision: 'match', best: { filmId: 'film_a', score: 0.95, offsetSeconds: null, matchedFrames: 1 }, candidates: [], evidencePng: Buffer.from('png') }; },
      prepareStream: never('prepareStream'),
      fetchImage: async () => Buffer.from('jpeg'),
      notifyReview: async (m) => void alerts.push(m),
    }, { candidateId: c.id, revision: c.revision });
    expect(out).toMatchObject({ status: 'done', decision: 'review' });
    expect(alerts).toEqual([expect.objectContaining({ filmTitle: 'Дала үні / Голос степи', domain: 'pirate.example', score: 0.95 })]);
    const [m] = await db.query<{ status: string }>('SELECT status FROM matches');
    expect(m!.status).toBe('pending_review');
    // the poster is kept as served; its normalised copy is not stored as a video 'frame' (packets list frames as video)
    const kinds = (await db.query<{ kind: string }>('SELECT kind FROM evidence ORDER BY kind')).map((e) => e.kind);
    expect(kinds).toEqual(['poster']);
  });

  it('match: nothing to compare is a skip, an unknown candidate is permanent', async () => {
    db = await freshPglite();
    const c = await upsertCandidate(db, { sourceId: null, url: 'https://pirate.example/film/3', kind: 'detail' });
    const deps: MatchCandidateDeps = { ...ports(db, blobs()), log, checkpoint: never('checkpoint'), match: never('match'), prepareStream: never('prepareStream'), fetchImage: never('fetchImage') };
    expect(await matchCandidate(deps, { candidateId: c.id, revision: c.revision })).toEqual({ status: 'skipped', reason: 'no stream or poster to compare' });
    await expect(matchCandidate(deps, { candidateId: 'cand_nope', revision: 'r' })).rejects.toMatchObject({ permanent: true });
  });

  it('crawl: every page becomes a candidate with its HTML as evidence; a crawl that fetched nothing is retried', async () => {
    db = await freshPglite();
    await db.query(`INSERT INTO sources (id, kind, url, domain) VALUES ('src_1', 'web', 'https://pirate.example/', 'pirate.example')`);
    const out = await crawlSource({
      ...crawlPorts(db, blobs()), log,
      crawl: async (_s, onPage) => {
        await onPage({ url: 'https://pirate.example/f/1', kind: 'detail', title: 'Голос степи', year: 2024, streams: ['https://pirate.example/1.m3u8'], body: Buffer.from('<html>1</html>'), contentType: 'text/html' });
        await onPage({ url: 'https://pirate.example/f/1', kind: 'detail', title: 'Голос степи', year: 2024, streams: ['https://pirate.example/1.m3u8'], body: Buffer.from('<html>1</html>'), contentType: 'text/html' });
        return { pagesFetched: 2, failed: [] };
      },
    }, { sourceId: 'src_1', runId: 'r1' });
    expect(out).toMatchObject({ status: 'done', pagesFetched: 2 });
    expect((await db.query('SELECT * FROM candidates')).length).toBe(1);
    expect((await db.query('SELECT * FROM evidence')).length).toBe(1);
    await expect(crawlSource({ ...crawlPorts(db, blobs()), log, crawl: async () => ({ pagesFetched: 0, failed: [{ url: 'https://pirate.example/', error: 'timeout' }] }) }, { sourceId: 'src_1', runId: 'r2' }))
      .rejects.toThrow(/fetched nothing/);
    await expect(crawlSource({ ...crawlPorts(db, blobs()), log, crawl: never('crawl') }, { sourceId: 'src_x', runId: 'r3' })).rejects.toMatchObject({ permanent: true });
  });
});
