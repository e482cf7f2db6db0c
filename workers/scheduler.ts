// Recrawl schedule: one BullMQ job scheduler per enabled source (every `recrawl_minutes`), kept in step
// with the sources table. Runs in the crawler role. The job itself comes from the pipeline (scheduledCrawl).
import type { Logger } from 'pino';
import type { Source } from '../storage/sources.ts';
import { isCrawlSchedule, scheduledCrawl, type PipelineEntries } from './pipeline.ts';
import type { Queues } from './queues.ts';

export async function syncCrawlSchedules(deps: { enabledSources: () => Promise<Array<Pick<Source, 'id' | 'recrawl_minutes'>>>; queues: Queues; log: Logger }): Promise<number> {
  const queue = deps.queues.get('crawl');
  const sources = await deps.enabledSources();
  const wanted = new Set<string>();
  for (const s of sources) {
    const job = scheduledCrawl(s.id);
    wanted.add(job.schedulerId);
    await queue.upsertJobScheduler(job.schedulerId, { every: s.recrawl_minutes * 60_000 }, { name: job.name, data: job.data });
  }
  for (const js of await queue.getJobSchedulers()) {
    // 'recrawl-' is the key earlier versions used: removed here once
    if ((isCrawlSchedule(js.key) || js.key.startsWith('recrawl-')) && !wanted.has(js.key)) await queue.removeJobScheduler(js.key);
  }
  deps.log.info({ component: 'crawler', sources: sources.length }, 'recrawl schedules synced');
  return sources.length;
}

/**
 * Watches the film bank: whenever its checkpoint differs from the last one seen (and once at start), queues a
 * rematch of the candidates already seen. Job ids name the checkpoint, so several processes watching at once
 * queue it once, and a restart at the same checkpoint re-finds recorded matches instead of re-sampling.
 */
export function bankWatcher(deps: { checkpoint: () => Promise<string>; pipeline: Pick<PipelineEntries, 'bankMoved'>; log: Logger }): () => Promise<boolean> {
  let last: string | null = null;
  return async () => {
    const cp = await deps.checkpoint();
    if (cp === last) return false;
    await deps.pipeline.bankMoved(cp);
    deps.log.info({ component: 'matcher', checkpoint: cp, previous: last }, 'film bank checkpoint moved: rematch queued');
    last = cp;
    return true;
  };
}
