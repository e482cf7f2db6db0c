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
  /** true when Redis answers a PING within the timeout (health checks) */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

const BATCH = 500;

export function createQueues(connection: ConnectionOptions, backoffMs = 2000): Queues {
  const queues = new Map<QueueName, Queue>(
    QUEUES.map((q) => [q, new Queue(q, {
      // producers fail fast while Redis is down (BullMQ's own advice for request paths): an API call that queues
      // work answers at once instead of hanging, and what it could not queue is picked up by a sweep (workers/sweep.ts)
      connection: { ...(connection as object), enableOfflineQueue: false },
      prefix: PREFIX,
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    })]),
  );
  // connection errors while Redis is away are expected (ioredis reconnects); /health reports them through ping()
  for (const q of queues.values()) q.on('error', () => undefined);
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
    async ping(timeoutMs = 1000) {
      const attempt = get('publish').count().then(() => true, () => false); // fails at once while disconnected (no offline queue)
      const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
      return Promise.race([attempt, timeout]);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

