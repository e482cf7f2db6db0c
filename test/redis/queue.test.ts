import { QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { JOB_NAMES, jobIdFor } from '../../workers/jobs.ts';
import { PREFIX, redisConnection } from '../../workers/queues.ts';
import { checkProcessors, startWorkers, StartupError, type Processors } from '../../workers/runtime.ts';
import { PermanentError } from '../../workers/outcome.ts';
import { useTestQueues } from '../kit/redis.ts';
import { silentLog } from '../kit/log.ts';

const log = silentLog();

describe('job vocabulary', () => {
  it('derives ids from content, without colons, stable across calls', () => {
    const a = jobIdFor('match.candidate.v1', { candidateId: 'cand_1', revision: 'r1' });
    expect(a).toBe(jobIdFor('match.candidate.v1', { candidateId: 'cand_1', revision: 'r1' }));
    expect(a).not.toBe(jobIdFor('match.candidate.v1', { candidateId: 'cand_1', revision: 'r2' }));
    expect(jobIdFor('crawl.source.v1', { sourceId: 'src:x/y', runId: 'r'.repeat(300) })).toMatch(/^[\w.-]+$/);
  });

  it('start-up check names missing and unknown processors', () => {
    expect(() => checkProcessors({})).toThrow(StartupError);
    expect(() => checkProcessors({})).toThrow(/crawl\.source\.v1/);
    const all = Object.fromEntries(JOB_NAMES.map((n) => [n, async () => ({ status: 'skipped', reason: '' })]));
    expect(() => checkProcessors(all)).not.toThrow();
    expect(() => checkProcessors({ ...all, 'hash.v0': async () => ({}) })).toThrow(/unknown job/);
  });
});

describe('workers on a real Redis', () => {
  const env = useTestQueues();

  it('runs the pipeline graph crawl → match → publish → packet, once per content id, and stops on permanent errors', async () => {
    const seen: string[] = [];
    let failures = 0;
    const processors: Processors = {
      'crawl.source.v1': async () => {
        seen.push('crawl');
        return { status: 'done', pagesFetched: 2, failed: 0, candidates: [{ candidateId: 'c1', revision: 'r' }, { candidateId: 'c2', revision: 'r' }, { candidateId: 'c1', revision: 'r' }] };
      },
      'match.candidate.v1': async (p) => {
        seen.push(`match:${p.candidateId}`);
        if (p.candidateId === 'c2') throw new PermanentError('corrupt media');
        return { status: 'done', matchId: `m-${p.candidateId}`, decision: 'match', score: 0.9, filmId: 'f' };
      },
      'publish.match.v1': async (p) => {
        seen.push(`publish:${p.matchId}`);
        if (failures++ === 0) throw new Error('transient');
        return { status: 'done', matchId: p.matchId, delistItemId: 'd', registryEntryId: null };
      },
      'rematch.bank.v1': async () => ({ status: 'skipped', reason: 'not used here' }),
      'evidence.screenshot.v1': async () => ({ status: 'skipped', reason: 'not used here' }),
      'evidence.capture.v1': async () => ({ status: 'skipped', reason: 'not used here' }),
      'registry.sweep.v1': async () => ({ status: 'skipped', reason: 'not used here' }),
      'registry.reverify.v1': async () => ({ status: 'skipped', reason: 'not used here' }),
      'film.reference.v1': async () => ({ status: 'skipped', reason: 'not used here' }),
      'packet.build.v1': async (p) => {
        seen.push(`packet:${p.matchId}`);
        return { status: 'done', packetId: 'p', sha256: 'x' };
      },
    };
    const events = new QueueEvents('evidence', { connection: redisConnection(env.redis.url), prefix: PREFIX });
    await events.waitUntilReady();
    const done = new Promise<void>((resolve) => events.on('completed', ({ jobId }) => void (jobId.startsWith('packet.build') && resolve())));
    const w = startWorkers({ connection: redisConnection(env.redis.url), roles: ['crawler', 'workers'], processors, queues: env.queues, log, concurrency: 2 });
    try {
      await env.queues.enqueue('crawl.source.v1', { sourceId: 's1', runId: 'run1' });
      await env.queues.enqueue('crawl.source.v1', { sourceId: 's1', runId: 'run1' }); // re-delivery: same id, no second crawl
      await done;
      expect(seen.filter((s) => s === 'crawl')).toHaveLength(1);
      expect(seen.filter((s) => s === 'match:c1')).toHaveLength(1);
      expect(seen.filter((s) => s === 'match:c2')).toHaveLength(1); // permanent: not retried
      expect(seen.filter((s) => s === 'publish:m-c1')).toHaveLength(2); // transient: retried once
      expect(seen).toContain('packet:m-c1');
      const failed = await env.queues.get('match').getFailed();
      expect(failed.map((j) => j.failedReason)).toEqual(['corrupt media']);
    } finally {
      await w.close();
      await events.close();
    }
  });
});
