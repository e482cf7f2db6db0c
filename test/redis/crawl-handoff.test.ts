// Crawl → match hand-off on a real Redis: each candidate's match job is queued as soon as its page is stored
// (pipeline entry candidateStored), not when the whole crawl returns; the end-of-crawl follow-up uses the same job
// ids, so a crawl that dies half-way and is retried from the start still matches every candidate exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../storage/blobs.ts';
import { candidateStore } from '../../storage/candidates.ts';
import type { Db } from '../../storage/db.ts';
import { sourceStore } from '../../storage/sources.ts';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { crawlSourceJob, type CrawlSourceDeps, type PageForCandidate } from '../../workers/processors/crawl-source.ts';
import { redisConnection } from '../../workers/queues.ts';
import { startWorkers, type Processors, type RunningWorkers } from '../../workers/runtime.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { useTestQueues } from '../kit/redis.ts';
import { tempDirs } from '../kit/temp.ts';

const log = silentLog();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const page = (i: number): PageForCandidate => ({
  url: `https://pirate.example/f/${i}`, kind: 'detail', title: `Фильм ${i}`, year: 2024,
  streams: [`https://pirate.example/${i}.m3u8`], body: Buffer.from(`<html>${i}</html>`), contentType: 'text/html',
});
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(25);
  }
  return false;
}

describe('crawl hands each candidate to the pipeline as its page is stored (real Redis)', () => {
  const env = useTestQueues();
  const tmp = tempDirs('kuzet-handoff-');
  let db: Db | undefined;
  let workers: RunningWorkers | undefined;
  afterEach(async () => {
    await workers?.close();
    workers = undefined;
    for (const q of ['crawl', 'match'] as const) await env.queues.get(q).obliterate({ force: true });
    await db?.close();
  });

  /** starts the crawl and match workers: the real crawl processor, a match processor that counts */
  async function start(crawl: CrawlSourceDeps['crawl'], handOff?: CrawlSourceDeps['handOff']) {
    db = await freshPglite();
    await db.query(`INSERT INTO sources (id, kind, url, domain) VALUES ('src_1', 'web', 'https://pirate.example/', 'pirate.example')`);
    const matched = new Map<string, number>();
    const deps: CrawlSourceDeps = {
      sources: sourceStore(db), candidates: candidateStore({ db, blobs: createBlobStore(tmp()) }), log, crawl,
      handOff: handOff ?? ((c, correlationId) => pipelineEntries(env.queues.enqueue).candidateStored(c.candidateId, c.revision, correlationId)),
    };
    const none = async () => ({ status: 'skipped' as const, reason: 'not used here' });
    const processors: Processors = {
      'crawl.source.v1': (p) => crawlSourceJob(deps, p),
      'match.candidate.v1': async (p) => {
        matched.set(p.candidateId, (matched.get(p.candidateId) ?? 0) + 1);
        return { status: 'skipped', reason: 'counted' };
      },
      'rematch.bank.v1': none, 'publish.match.v1': none, 'packet.build.v1': none,
      'evidence.screenshot.v1': none, 'evidence.capture.v1': none, 'registry.sweep.v1': none, 'registry.reverify.v1': none, 'film.reference.v1': none,
    };
    workers = startWorkers({ connection: redisConnection(env.redis.url), roles: ['crawler', 'workers'], processors, queues: env.queues, log, concurrency: 2 });
    const ids = async () => (await db!.query<{ id: string; url: string }>('SELECT id, url FROM candidates')).map((r) => r);
    return { matched, ids };
  }

  const settled = async (matched: Map<string, number>, n: number) => {
    const crawlDone = await until(async () => (await env.queues.get('crawl').getJobCounts('completed')).completed === 1, 20_000);
    const matchDone = await until(async () => {
      const c = await env.queues.get('match').getJobCounts('waiting', 'active', 'delayed', 'completed');
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0 && (c.completed ?? 0) >= n;
    }, 20_000);
    await sleep(300); // a late duplicate would show up here
    return crawlDone && matchDone && matched.size === n;
  };

  it('queues a match while the crawl goes on, and a crawl killed half-way and retried matches each candidate once', async () => {
    let attempt = 0;
    const seenMidCrawl: boolean[] = [];
    const { matched, ids } = await start(async (_s, onPage) => {
      attempt++;
      for (let i = 1; i <= 6; i++) {
        await onPage(page(i));
        if (attempt === 1 && i === 1) {
          // the crawl is still running: page 1's match must already be under way
          seenMidCrawl.push(await until(() => matched.size > 0, 10_000));
        }
        if (attempt === 1 && i === 3) throw new Error('crawler died half-way'); // transient: the job is retried from the start
      }
      return { pagesFetched: 6, failed: [] };
    });
    await env.queues.enqueue('crawl.source.v1', { sourceId: 'src_1', runId: 'run1' });
    expect(await settled(matched, 6)).toBe(true);
    expect(seenMidCrawl).toEqual([true]);
    expect(attempt).toBe(2);
    const cands = await ids();
    expect(cands).toHaveLength(6);
    for (const c of cands) expect(matched.get(c.id), c.url).toBe(1);
    expect([...matched.values()].reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('a hand-off that fails (Redis away for a moment) is queued by the end-of-crawl follow-up, once', async () => {
    let calls = 0;
    const { matched, ids } = await start(async (_s, onPage) => {
      for (let i = 1; i <= 5; i++) await onPage(page(i));
      return { pagesFetched: 5, failed: [] };
    }, async (c, correlationId) => {
      if (++calls % 2 === 1) throw new Error('Stream isn\'t writeable and enableOfflineQueue options is false');
      await pipelineEntries(env.queues.enqueue).candidateStored(c.candidateId, c.revision, correlationId);
    });
    await env.queues.enqueue('crawl.source.v1', { sourceId: 'src_1', runId: 'run2' });
    expect(await settled(matched, 5)).toBe(true);
    expect(calls).toBe(5);
    for (const c of await ids()) expect(matched.get(c.id), c.url).toBe(1);
  });
});
