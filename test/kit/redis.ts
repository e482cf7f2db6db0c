// A real redis-server for tests (Debian binary), on a free loopback port in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, type OwnedRedis } from '../../storage/redis-server.ts';
import { afterAll, beforeAll } from 'vitest';
import { createQueues, redisConnection, type Queues } from '../../workers/queues.ts';
import { silentLog } from './log.ts';

export async function startTestRedis(): Promise<OwnedRedis & { dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-redis-'));
  const r = await startRedisServer({ binary: process.env.REDIS_SERVER_PATH ?? 'redis-server', dir, log: silentLog() });
  return { ...r, dir, stop: async () => { await r.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** For a describe block: a real redis-server and the project's queues on it, started before its tests and stopped
 * after them. Read `.queues` / `.redis` inside the tests. */
export function useTestQueues(backoffMs = 50): { readonly queues: Queues; readonly redis: OwnedRedis & { dir: string } } {
  let redis: (OwnedRedis & { dir: string }) | undefined;
  let queues: Queues | undefined;
  beforeAll(async () => {
    redis = await startTestRedis();
    queues = createQueues(redisConnection(redis.url), backoffMs);
  });
  afterAll(async () => {
    await queues?.close();
    await redis?.stop();
  });
  return { get queues() { return queues!; }, get redis() { return redis!; } };
}

