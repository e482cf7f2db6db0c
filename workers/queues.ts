// BullMQ queues over one Redis: the typed `enqueue` every producer uses (payload validated, id from content).
import { Queue, type ConnectionOptions } from 'bullmq';
import { QUEUES, jobIdFor, parsePayload, queueFor, type JobName, type JobPayload, type QueueName } from './jobs.ts';

export type Enqueue = <N extends JobName>(name: N, payload: JobPayload[N]) => Promise<void>;
export type EnqueueMany = <N extends JobName>(name: N, payloads: JobPayload[N][]) => Promise<void>;

export const PREFIX = 'kuzet';

export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null, // required by BullMQ workers
  };
}

export interface Queues {
  enqueue: Enqueue;
  enqueueMany: EnqueueMany;
  get(name: QueueName): Queue;
  close(): Promise<void>;
}

const BATCH = 500;

export function createQueues(connection: ConnectionOptions, backoffMs = 2000): Queues {
  const queues = new Map<QueueName, Queue>(
    QUEUES.map((q) => [q, new Queue(q, {
      connection,
      prefix: PREFIX,
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    })]),
  );
  const get = (q: QueueName) => queues.get(q)!;
  const jobOf = <N extends JobName>(name: N, payload: JobPayload[N]) => {
    const data = parsePayload(name, payload);
    return { name, data, opts: { jobId: jobIdFor(name, data) } };
  };
  return {
    get,
    async enqueue(name, payload) {
      const j = jobOf(name, payload);
      await get(queueFor(name)).add(j.name, j.data, j.opts);
    },
    async enqueueMany(name, payloads) {
      for (let i = 0; i < payloads.length; i += BATCH) {
        await get(queueFor(name)).addBulk(payloads.slice(i, i + BATCH).map((p) => jobOf(name, p)));
      }
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

