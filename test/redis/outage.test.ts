// Redis faults on the review path and around the embedded server: a decision taken while Redis is down answers at
// once and is published later by the sweep; /health says so; a redis-server left behind by a killed process is
// stopped before a new one opens its AOF; the managed server refuses clients without its password.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { startService, type Service } from '../../cli/service.ts';
import { loadConfig } from '../../config/load.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { confirmedWithoutPacket } from '../../storage/matches.ts';
import { startRedisServer } from '../../storage/redis-server.ts';
import { jobIdFor } from '../../workers/jobs.ts';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { createQueues, redisConnection, type Queues } from '../../workers/queues.ts';
import { sweepUnpublished } from '../../workers/sweep.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';
import { seedMatch, seedUser } from '../database/registry-fixtures.ts';

const log = silentLog();
const tmp = tempDirs('kuzet-outage-');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

const rawCommand = (port: number, cmd: string) => new Promise<string>((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  let out = '';
  s.once('connect', () => s.write(cmd));
  s.on('data', (d) => { out += d; s.destroy(); resolve(out); });
  s.once('error', (e) => resolve(`error ${e.message}`));
});

describe('review path with Redis down', () => {
  it('answers at once, keeps the decision, and the sweep queues the lost publish once Redis is back', async () => {
    const dir = tmp();
    const redis = await startRedisServer({ binary: 'redis-server', dir: path.join(dir, 'redis'), log });
    const queues: Queues = createQueues(redisConnection(redis.url), 50);
    const db: Db = await freshPglite();
    cleanups.push(() => db.close(), () => queues.close(), () => redis.stop());
    const inv = await seedUser(db, 'inv', 'investigator');
    const matchId = await seedMatch(db, 'https://pirate.example/film/9', { status: 'pending_review' });
    const app = await buildApp({ config: testConfig({ dataDir: dir }), log, db, blobs: createBlobStore(path.join(dir, 'blobs')), pipeline: pipelineEntries(queues.enqueue) });
    cleanups.push(() => app.close());

    await redis.stop(); // Redis goes away
    const t0 = Date.now();
    const res = await app.inject({ method: 'POST', url: `/api/reviews/${matchId}`, headers: { authorization: `Bearer ${inv.apiKey}` }, payload: { verdict: 'approve', note: 'same film' } });
    expect(Date.now() - t0).toBeLessThan(5000); // used to hang until Redis came back
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', publish: true, queued: false });
    expect(await confirmedWithoutPacket(db, { olderThanS: 0, limit: 10 })).toEqual([matchId]);
    expect(await queues.ping(500)).toBe(false);

    // Redis is back (a new server, as after a restart); the sweep queues what the request could not
    const back = await startRedisServer({ binary: 'redis-server', dir: path.join(dir, 'redis2'), log });
    const queues2 = createQueues(redisConnection(back.url), 50);
    cleanups.push(() => queues2.close(), () => back.stop());
    const pipeline = pipelineEntries(queues2.enqueue);
    const unpublished = () => confirmedWithoutPacket(db, { olderThanS: 0, limit: 10 });
    expect(await sweepUnpublished({ unpublished, pipeline, log })).toBe(1);
    expect(await sweepUnpublished({ unpublished, pipeline, log })).toBe(1); // still no packet: queued again, but…
    const jobs = await queues2.get('publish').getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    expect(jobs.map((j) => j.id)).toEqual([jobIdFor('publish.match.v1', { matchId })]); // …one job: ids come from content
  });

  it('/health answers 503 degraded while Redis is unreachable', async () => {
    const dir = tmp();
    const redis = await startRedisServer({ binary: 'redis-server', dir: path.join(dir, 'ext-redis'), log });
    cleanups.push(() => redis.stop());
    const svc: Service = await startService(loadConfig({ DATA_DIR: dir, PORT: '0', REDIS_URL: redis.url, ROLES: 'api' }), log);
    cleanups.push(() => svc.stop());
    const ok = await fetch(`${svc.url}/health`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', redisReachable: true });
    await redis.stop();
    const down = await fetch(`${svc.url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'degraded', redisReachable: false, db: 'ok' });
  });
});

describe('embedded redis-server', () => {
  it('refuses clients without the password it was started with', async () => {
    const redis = await startRedisServer({ binary: 'redis-server', dir: tmp(), log });
    cleanups.push(() => redis.stop());
    expect(await rawCommand(redis.port, 'PING\r\n')).toMatch(/NOAUTH/);
    expect(new URL(redis.url).password).toMatch(/^[0-9a-f]{48}$/);
  });

  it('comes back after a SIGKILL on the same port, password and AOF: clients keep their URL and the data (npm run faults)', async () => {
    const dir = tmp();
    const first = await startRedisServer({ binary: 'redis-server', dir, log, password: 'f00dcafe' });
    expect(new URL(first.url).password).toBe('f00dcafe');
    const auth = 'AUTH f00dcafe\r\n';
    expect(await rawCommand(first.port, `${auth}SET kept yes\r\n`)).toMatch(/^\+OK/);
    await new Promise((r) => setTimeout(r, 1500)); // appendfsync everysec: older than a second is on disk
    process.kill(first.pid, 'SIGKILL');
    await first.stop(); // reaps the killed child
    const again = await startRedisServer({ binary: 'redis-server', dir, log, port: first.port, password: 'f00dcafe' });
    cleanups.push(() => again.stop());
    expect(again.url).toBe(first.url);
    const reply = await new Promise<string>((resolve) => {
      const s = net.connect(again.port, '127.0.0.1');
      let out = '';
      s.once('connect', () => s.write(`${auth}GET kept\r\n`));
      s.on('data', (d) => { out += d; if (out.includes('yes') || out.includes('$-1')) { s.destroy(); resolve(out); } });
    });
    expect(reply).toContain('yes');
  });

  it('stops the server a kill -9’d process left on the same folder before starting another on its AOF', async () => {
    const dir = tmp();
    // a child process starts the embedded server, then dies by SIGKILL without stopping it
    const script = `import { startRedisServer } from ${JSON.stringify(path.resolve('storage/redis-server.ts'))};
      const r = await startRedisServer({ binary: 'redis-server', dir: ${JSON.stringify(dir)}, log: { info() {}, warn() {} } });
      process.stdout.write(String(r.port) + '\\n'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphan = JSON.parse(fs.readFileSync(path.join(dir, 'kuzet-redis.json'), 'utf8')) as { pid: number };
    expect(fs.existsSync(`/proc/${orphan.pid}`)).toBe(true); // still running: nothing stopped it
    expect(await rawCommand(port, 'PING\r\n')).toMatch(/NOAUTH/);

    const again = await startRedisServer({ binary: 'redis-server', dir, log });
    cleanups.push(() => again.stop());
    for (let i = 0; i < 40 && fs.existsSync(`/proc/${orphan.pid}`); i++) await new Promise((r) => setTimeout(r, 50));
    const stat = fs.existsSync(`/proc/${orphan.pid}/stat`) ? fs.readFileSync(`/proc/${orphan.pid}/stat`, 'utf8') : '';
    expect(stat === '' || / Z /.test(stat)).toBe(true); // gone (or a zombie waiting for its reaper)
    expect(await rawCommand(port, 'PING\r\n')).toMatch(/^error/);
  });
});
