// The recrawl schedule on a real Redis: one BullMQ job scheduler per enabled source, whose job is the
// pipeline's scheduledCrawl (payload parsed by the job schema, scheduler id derived like a job id).
import { describe, expect, it } from 'vitest';
import { JOBS } from '../../workers/jobs.ts';
import { scheduledCrawl } from '../../workers/pipeline.ts';
import { syncCrawlSchedules } from '../../workers/scheduler.ts';
import { silentLog } from '../kit/log.ts';
import { useTestQueues } from '../kit/redis.ts';

describe('recrawl schedule', () => {
  const env = useTestQueues();

  it('holds one scheduler per enabled source, with a job the crawl schema accepts, and drops the rest', async () => {
    const crawl = env.queues.get('crawl');
    await crawl.upsertJobScheduler('recrawl-src_old', { every: 60_000 }, { name: 'crawl.source.v1', data: { sourceId: 'src_old', runId: 'scheduled' } });
    let sources = [{ id: 'src_a', recrawl_minutes: 30 }, { id: 'src_b', recrawl_minutes: 360 }];
    expect(await syncCrawlSchedules({ enabledSources: async () => sources, queues: env.queues, log: silentLog() })).toBe(2);
    const keys = async () => (await crawl.getJobSchedulers()).map((s) => s.key).sort();
    expect(await keys()).toEqual([scheduledCrawl('src_a').schedulerId, scheduledCrawl('src_b').schedulerId].sort());
    const waiting = await crawl.getJobs(['delayed', 'waiting', 'prioritized']);
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const j of waiting) expect(() => JOBS['crawl.source.v1'].payload.parse(j.data)).not.toThrow();
    sources = [{ id: 'src_b', recrawl_minutes: 360 }];
    await syncCrawlSchedules({ enabledSources: async () => sources, queues: env.queues, log: silentLog() });
    expect(await keys()).toEqual([scheduledCrawl('src_b').schedulerId]);
  });

  it('refuses a source id the job schema refuses', () => {
    expect(() => scheduledCrawl('')).toThrow();
  });
});
