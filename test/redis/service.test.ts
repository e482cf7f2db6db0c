// The service composition: embedded Redis owned and stopped, roles honoured, PGlite directory locked.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../cli/service.ts';
import { createContext } from '../../config/context.ts';
import { loadConfig } from '../../config/load.ts';
import { tempDirs } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';

const log = silentLog();
const portOpen = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

describe('service', () => {
  let svc: Service | undefined;
  let dir: string;
  const tmp = tempDirs('kuzet-svc-');
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
  });

  it('starts its own redis-server with AOF in DATA_DIR, serves /health, and stops everything', async () => {
    dir = tmp();
    svc = await startService(loadConfig({ DATA_DIR: dir, PORT: '0' }), log);
    const health = (await (await fetch(`${svc.url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ roles: ['api', 'crawler', 'workers'], redis: 'embedded', database: 'pglite' });
    const port = Number(new URL(svc.redisUrl).port);
    expect(await portOpen(port)).toBe(true);
    await svc.queues.enqueue('crawl.source.v1', { sourceId: 'src_missing', runId: 'r1' });
    expect(fs.existsSync(path.join(dir, 'redis', 'appendonlydir'))).toBe(true);
    await svc.stop();
    svc = undefined;
    expect(await portOpen(port)).toBe(false);
  });

  it('runs only the API for ROLES=api, and refuses a second process on the same PGlite directory', async () => {
    dir = tmp();
    const cfg = loadConfig({ DATA_DIR: dir, PORT: '0', ROLES: 'api' });
    svc = await startService(cfg, log);
    const health = (await (await fetch(`${svc.url}/health`)).json()) as { queues: string[] };
    expect(health.queues).toEqual([]);
    // the lock names the owner; a fake owner pid stands in for a second process
    const lock = path.join(dir, 'pg.lock');
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    fs.writeFileSync(lock, String(process.ppid));
    await expect(createContext(cfg, log)).rejects.toThrow(/in use by process/);
    fs.writeFileSync(lock, String(process.pid));
  });
});
