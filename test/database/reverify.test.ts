// Expiry and re-verification through the pipeline graph (issue 10), run by the inline runner with the real sweep and
// re-verify processors on PGlite, the guarded fetch against a local pirate site (a name mapped to 127.0.0.1 by the
// fetch's resolver port), and a crawl processor that only records what it was asked to crawl:
//   sweep → entries due → reverify: page unchanged → renewed with new evidence; page changed → the domain's source is
//   crawled again; changed and judged no-match → proposed for lifting (lawful); 404 → proposed for lifting (gone);
//   past its date → expired, delisting withdrawn.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryHistory } from '../../registry/history.ts';
import { expireDue } from '../../registry/lifecycle.ts';
import { applyReverification, dueForReverification, reverifyTarget } from '../../registry/reverify.ts';
import { policyFromConfig, safeFetch } from '../../net/fetch.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { candidateStore } from '../../storage/candidates.ts';
import type { Db } from '../../storage/db.ts';
import { runInline } from '../../workers/inline.ts';
import { lifecycleSweepJob } from '../../workers/processors/lifecycle-sweep.ts';
import { reverifyEntryJob } from '../../workers/processors/reverify-entry.ts';
import type { Processors } from '../../workers/runtime.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { activeEntry } from './lifecycle-fixtures.ts';

const PAGE = '<html><body><h1>Қыз Жібек онлайн</h1><video src="/v.m3u8"></video></body></html>';

describe('re-verification and expiry through the pipeline', () => {
  let db: Db | undefined;
  let site: TestServer | undefined;
  afterEach(async () => {
    await site?.close();
    await db?.close();
    db = undefined;
    site = undefined;
  });

  it('renews, recrawls, proposes lifting (lawful, gone) and expires', async () => {
    db = await freshPglite();
    const pages = new Map<string, { status: number; body: string }>([['/films/1', { status: 200, body: PAGE }], ['/films/9', { status: 404, body: 'gone' }]]);
    site = await serveHttp((req, res) => {
      const p = pages.get(req.url ?? '') ?? { status: 404, body: 'no' };
      res.writeHead(p.status, { 'content-type': 'text/html; charset=utf-8' }).end(p.body);
    });
    const port = site.port;
    const blobs = createBlobStore(path.join(tempDir('kuzet-reverify-'), 'blobs'));
    const candidates = candidateStore({ db, blobs });
    const policy = { ...policyFromConfig({ ...testConfig(), fetchAllowlist: ['127.0.0.1'] }), resolve: async () => [{ address: '127.0.0.1', family: 4 }] };
    const crawled: Array<{ sourceId: string; runId: string }> = [];
    const cfg = testConfig({ entryValidDays: 30, reverifyLeadDays: 14 });
    const none = async () => ({ status: 'skipped' as const, reason: 'not in this test' });
    const processors = {
      'crawl.source.v1': async (p: { sourceId: string; runId: string }) => (crawled.push(p), { status: 'skipped' as const, reason: 'recorded' }),
      'match.candidate.v1': none, 'rematch.bank.v1': none, 'publish.match.v1': none, 'packet.build.v1': none,
      'evidence.screenshot.v1': none, 'evidence.capture.v1': none,
      'registry.sweep.v1': (p: { hour: string }) => lifecycleSweepJob({ log: silentLog(), expireDue: (now) => expireDue(db!, now), dueForReverification: (round, now) => dueForReverification(db!, round, cfg.reverifyLeadDays, now) }, p),
      'registry.reverify.v1': (p: { entryId: string; round: string }) => reverifyEntryJob({
        log: silentLog(), target: (id) => reverifyTarget(db!, id), saveEvidence: (e) => candidates.saveEvidence(e),
        fetchPage: (url) => safeFetch(policy, url, { allowErrorStatus: true }), apply: (id, v) => applyReverification(db!, id, v, cfg.entryValidDays),
      }, p),
    } as unknown as Processors;

    // a pirate page as it was when its match was confirmed; the entry expires in 10 days (inside the 14-day lead)
    const url = `http://kinogo-kz.example:${port}/films/1`;
    const cand = { id: `cand_${createHash('sha256').update(url).digest('hex')}` }; // the id seedMatch gives it
    await db.query(`INSERT INTO candidates (id, url, domain, kind, title) VALUES ($1, $2, 'kinogo-kz.example', 'detail', 'x')`, [cand.id, url]);
    await candidates.saveEvidence({ candidateId: cand.id, kind: 'page_html', data: Buffer.from(PAGE), ext: '.html', url });
    const { entryId, matchId } = await activeEntry(db, url, 10);
    expect((await db.query<{ id: string }>('SELECT candidate_id AS id FROM matches WHERE id = $1', [matchId]))[0]!.id).toBe(cand.id);
    await db.query(`INSERT INTO sources (id, kind, url, domain) VALUES ('src_kinogo', 'web', $1, 'kinogo-kz.example')`, [`http://kinogo-kz.example:${port}/`]);
    const { entryId: goneId } = await activeEntry(db, `http://old-kino.example:${port}/films/9`, 10);
    const before = (await db.query<{ expires_at: Date }>('SELECT expires_at FROM registry_entries WHERE id = $1', [entryId]))[0]!.expires_at;

    // round 1: page unchanged → renewed for 30 days, with a new http_log evidence row; the 404 one → lift proposed
    const runs = await runInline(processors, 'registry.sweep.v1', { hour: '2026-12-02T01' });
    expect(runs.map((r) => r.error).filter(Boolean)).toEqual([]);
    expect(runs.filter((r) => r.name === 'registry.reverify.v1')).toHaveLength(2);
    const [e1] = await db.query<{ expires_at: Date; verified_at: Date }>('SELECT expires_at, verified_at FROM registry_entries WHERE id = $1', [entryId]);
    expect(new Date(e1!.expires_at).getTime()).toBeGreaterThan(new Date(before).getTime() + 19 * 86400_000);
    const renewed = (await entryHistory(db, entryId)).at(-1)!;
    expect(renewed).toMatchObject({ change: 'renewed', status: 'active', actorRole: 'system', reason: '1 infringing page(s) still served unchanged' });
    expect(await db.query(`SELECT 1 FROM evidence WHERE candidate_id = $1 AND kind = 'http_log'`, [cand.id])).toHaveLength(1);
    expect(await db.query(`SELECT 1 FROM audit_log WHERE action = 'registry.renewed' AND subject = $1`, [entryId])).toHaveLength(1);
    expect((await entryHistory(db, goneId)).at(-1)).toMatchObject({ change: 'lift_proposed', status: 'active', reason: 'every infringing page is gone (not found or no longer reachable)' });
    // the same hour again: nothing new (job ids name the hour and the round)
    expect(await runInline(processors, 'registry.sweep.v1', { hour: '2026-12-02T01' })).toHaveLength(1);

    // round 2 (the renewed entry made due again): the page changed → its source is crawled again, no verdict yet
    pages.set('/films/1', { status: 200, body: PAGE.replace('Қыз Жібек', 'Трейлер') });
    await db.query(`UPDATE registry_entries SET expires_at = now() + interval '3 days' WHERE id = $1`, [entryId]);
    await runInline(processors, 'registry.sweep.v1', { hour: '2026-12-03T01' });
    expect(crawled).toEqual([{ sourceId: 'src_kinogo', runId: 'reverify-2026-12-03' }]);
    expect((await entryHistory(db, entryId)).at(-1)!.change).toBe('renewed');

    // the crawl's new match says no_match (dropped) → round 3 proposes lifting: lawful now
    await db.query(`INSERT INTO matches (id, candidate_id, film_id, checkpoint, media_url, score, decision, status, created_at)
                    VALUES ('m_after', $1, 'film_1', 'cp2', 'x', 0.1, 'no_match', 'dropped', now() + interval '2 seconds')`, [cand.id]);
    await runInline(processors, 'registry.sweep.v1', { hour: '2026-12-04T01' });
    expect((await entryHistory(db, entryId)).at(-1)).toMatchObject({ change: 'lift_proposed', reason: 'the pages changed and no longer match a registered film' });

    // past the date: expired, delisting withdrawn, history kept
    await db.query(`UPDATE registry_entries SET expires_at = now() - interval '1 minute' WHERE id = $1`, [goneId]);
    const exp = await runInline(processors, 'registry.sweep.v1', { hour: '2026-12-05T01' });
    expect((exp[0]!.outcome as { expired: string[] }).expired).toEqual([goneId]);
    const [g] = await db.query<{ status: string; removed_at: Date | null }>('SELECT status, removed_at FROM registry_entries WHERE id = $1', [goneId]);
    expect(g!.status).toBe('expired');
    expect(g!.removed_at).not.toBeNull();
    expect(await db.query(`SELECT 1 FROM delist_items WHERE domain LIKE 'old-kino.example' AND status = 'withdrawn'`)).toHaveLength(1);
    expect((await entryHistory(db, goneId)).map((v) => v.change)).toEqual(['proposed', 'activated', 'lift_proposed', 'expired']);
  }, 600_000);
});
