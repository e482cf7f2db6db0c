// A real redis-server for tests (Debian binary), on a free loopback port in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, type OwnedRedis } from '../../storage/redis-server.ts';
import { silentLog } from './log.ts';

export async function startTestRedis(): Promise<OwnedRedis & { dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-redis-'));
  const r = await startRedisServer({ binary: process.env.REDIS_SERVER_PATH ?? 'redis-server', dir, log: silentLog() });
  return { ...r, dir, stop: async () => { await r.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
