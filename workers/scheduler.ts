// Recrawl schedule: one BullMQ job scheduler per enabled source (every `recrawl_minutes`), kept in step
// with the sources table. Runs in the crawler role.
import type { Logger } from 'pino';
import type { Db } from '../storage/db.ts';
import type { Queues } from './queues.ts';

export async function syncCrawlSchedules(deps: { db: Db; queues: Queues; log: Logger }): Promise<number> {
  const queue = deps.queues.get('crawl');
  const sources = await deps.db.query<{ id: string; recrawl_minutes: number }>('SELECT id, recrawl_minutes FROM sources WHERE enabled');
  const wanted = new Set(sources.map((s) => `recrawl-${s.id}`));
  for (const s of sources) {
    await queue.upsertJobScheduler(`recrawl-${s.id}`, { every: s.recrawl_minutes * 60_000 }, {
      name: 'crawl.source.v1',
      data: { sourceId: s.id, runId: 'scheduled' },
    });
  }
  for (const js of await queue.getJobSchedulers()) {
    if (js.key.startsWith('recrawl-') && !wanted.has(js.key)) await queue.removeJobScheduler(js.key);
  }
  deps.log.info({ component: 'crawler', sources: sources.length }, 'recrawl schedules synced');
  return sources.length;
}

/**
 * Watches the film bank: whenever its checkpoint differs from the last one seen (and once at start), queues a
 * rematch of the candidates already seen. Job ids name the checkpoint, so several processes watching at once
 * queue it once, and a restart at the same checkpoint re-finds recorded matches instead of re-sampling.
 */
export function bankWatcher(deps: { checkpoint: () => Promise<string>; queues: Queues; log: Logger }): () => Promise<boolean> {
  let last: string | null = null;
  return async () => {
    const cp = await deps.checkpoint();
    if (cp === last) return false;
    await deps.queues.enqueue('rematch.bank.v1', { checkpoint: cp, after: '' });
    deps.log.info({ component: 'matcher', checkpoint: cp, previous: last }, 'film bank checkpoint moved: rematch queued');
    last = cp;
    return true;
  };
}
