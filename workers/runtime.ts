// Starts BullMQ workers for the queues a process's roles own, dispatching each job to its one processor,
// then queueing the follow-ups from the pipeline graph. Checks at start-up that every job has a processor.
import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Role } from '../config/schema.ts';
import { JOB_NAMES, JOBS, isJobName, parsePayload, queueFor, type JobName, type JobPayload, type QueueName } from './jobs.ts';
import { isPermanent } from './outcome.ts';
import { followUps, type OutcomeOf } from './pipeline.ts';
import { PREFIX, type Queues } from './queues.ts';

export type Processors = { [N in JobName]: (payload: JobPayload[N]) => Promise<OutcomeOf[N]> };

export const QUEUES_OF_ROLE: Record<Role, QueueName[]> = {
  api: [],
  crawler: ['crawl'],
  workers: ['match', 'publish', 'evidence', 'capture', 'reference'],
};

export class StartupError extends Error {}

/** Every job name has exactly one processor, and no processor is registered for an unknown job. */
export function checkProcessors(processors: Partial<Record<string, unknown>>): void {
  const missing = JOB_NAMES.filter((n) => typeof processors[n] !== 'function');
  const unknown = Object.keys(processors).filter((n) => !isJobName(n));
  if (missing.length || unknown.length) {
    throw new StartupError(
      [missing.length ? `no processor for job(s) ${missing.join(', ')} — add workers/processors/<job>.ts and register it in workers/processors/index.ts` : '',
        unknown.length ? `processor(s) for unknown job(s) ${unknown.join(', ')} — declare them in workers/jobs.ts` : ''].filter(Boolean).join('; '),
    );
  }
}

export interface RunningWorkers {
  queues: QueueName[];
  close(): Promise<void>;
}

export function startWorkers(opts: { connection: ConnectionOptions; roles: Role[]; processors: Processors; queues: Queues; log: Logger; concurrency: number }): RunningWorkers {
  checkProcessors(opts.processors);
  const names = [...new Set(opts.roles.flatMap((r) => QUEUES_OF_ROLE[r]))];
  const log = opts.log.child({ component: 'queue' });
  const handle = async (job: Job) => {
    if (!isJobName(job.name) || !names.includes(queueFor(job.name))) {
      log.warn({ jobId: job.id, name: job.name, queue: job.queueName }, 'skipping a job with an unknown name');
      return { status: 'skipped', reason: `unknown job ${job.name}` };
    }
    const name = job.name;
    let payload: JobPayload[typeof name];
    try {
      payload = parsePayload(name, job.data);
    } catch (e) {
      throw new UnrecoverableError(`invalid payload for ${name}: ${(e as Error).message}`);
    }
    try {
      const run = opts.processors[name] as (p: typeof payload) => Promise<OutcomeOf[typeof name]>;
      const outcome = await run(payload);
      for (const f of followUps(name, payload, outcome)) {
        if (f.payloads.length) await opts.queues.enqueueMany(f.name, f.payloads as never);
      }
      return outcome;
    } catch (e) {
      if (isPermanent(e)) throw new UnrecoverableError((e as Error).message);
      throw e;
    }
  };
  const workers = names.map((q) => {
    const w = new Worker(q, handle, { connection: opts.connection, prefix: PREFIX, concurrency: opts.concurrency });
    w.on('failed', (job, err) => log.warn({ jobId: job?.id, name: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job failed'));
    w.on('error', (err) => log.error({ queue: q, err: err.message }, 'worker error'));
    return w;
  });
  log.info({ queues: names, jobs: JOB_NAMES.filter((n) => names.includes(JOBS[n].queue)) }, 'workers started');
  return { queues: names, close: async () => { await Promise.all(workers.map((w) => w.close())); } };
}
