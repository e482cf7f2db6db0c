// `npm run bench -- --only api [--entries N] [--delist M] [--seconds S] [--connections C]`: the public exports and
// feeds under concurrent load on loopback (autocannon), on a database holding N active registry entries and M
// delisting items (default 100,000 and 1,000,000; --quick: 10,000 and 100,000). One process, PGlite by default
// (DATABASE_URL: a real server). Reports every route's req/s and latency, the database size and the memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../api/app.ts';
import { createBlobStore } from '../storage/blobs.ts';
import { openDb } from '../storage/db.ts';
import { migrate } from '../storage/migrate.ts';
import { createUser } from '../storage/users.ts';
import { pipelineEntries } from '../workers/pipeline.ts';
import { loadConfig } from '../config/load.ts';
import { createRootLogger } from '../config/log.ts';
import { seedLoad } from './api-seed.ts';
import { flag, type BenchPart, type BenchTable } from './types.ts';

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

function dirSize(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirSize(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return n;
}

export const apiBench: BenchPart = {
  name: 'api',
  async run({ argv, quick }) {
    const entries = Number(flag(argv, 'entries') ?? (quick ? 10_000 : 100_000));
    const delist = Number(flag(argv, 'delist') ?? (quick ? 100_000 : 1_000_000));
    const seconds = Number(flag(argv, 'seconds') ?? (quick ? 3 : 10));
    const connections = Number(flag(argv, 'connections') ?? 50);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-bench-api-'));
    const config = { ...loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' }) };
    const log = createRootLogger({ level: 'silent', pretty: false });
    const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
    try {
      await migrate(db);
      const t0 = Date.now();
      await seedLoad(db, { entries, delist });
      const seedS = (Date.now() - t0) / 1000;
      // a registry that changed: 1 in 1,000 entries lifted since (each a removal with its own serial), for the diff
      await db.query(`UPDATE registry_entries SET status = 'lifted', lifted_at = now(), updated_at = now() WHERE serial % 1000 = 0 AND status = 'active'`);
      const engine = await createUser(db, { name: 'bench-engine', role: 'search_engine' });
      const app = await buildApp({ config, log, db, blobs: createBlobStore(path.join(dataDir, 'blobs')), pipeline: pipelineEntries(async () => undefined) });
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const first = await fetch(`${base}/registry.json`);
      const etag = first.headers.get('etag');
      const serial = Number(first.headers.get('x-registry-serial'));
      await first.arrayBuffer();
      // the compressed copies are made in the background after the first rendering: wait for them before measuring
      const compressed = async (url: string) => {
        for (let i = 0; i < 600; i++) {
          const r = await fetch(`${base}${url}`, { headers: { 'accept-encoding': 'br' } });
          await r.arrayBuffer();
          if (r.headers.get('content-encoding') === 'br') return;
          await new Promise((res) => setTimeout(res, 200));
        }
      };
      await compressed('/registry.json');
      await compressed('/feeds/hosts.txt');
      const se = { authorization: `Bearer ${engine.apiKey}` };
      const br = { 'accept-encoding': 'gzip, deflate, br' };
      const routes: Array<[string, string, Record<string, string>?]> = [
        ['public registry page `?page=500` (100 a page)', '/en/?page=500'],
        ['`/registry.json` full, identity', '/registry.json'],
        ['`/registry.json` full, brotli (`Accept-Encoding: br`)', '/registry.json', br],
        ...(etag ? [['`/registry.json` `If-None-Match` → 304', '/registry.json', { 'if-none-match': etag }] as [string, string, Record<string, string>]] : []),
        ['`/registry.json?since=` 100 changes back (diff)', `/registry.json?since=${serial - 100}`, br],
        ['`/registry.json.sig`', '/registry.json.sig'],
        ['`/feeds/hosts.txt`, brotli', '/feeds/hosts.txt', br],
        ['`/feeds/rpz.zone` `If-None-Match` → 304', '/feeds/rpz.zone', { 'if-none-match': '*' }],
        ['`/api/delist?after=500000&limit=100` (search_engine key)', `/api/delist?after=${Math.floor(delist / 2)}&limit=100`, se],
      ];
      const rows: (string | number)[][] = [];
      const one = async (url: string, headers?: Record<string, string>) => {
        const t = performance.now();
        await (await fetch(`${base}${url}`, { headers })).arrayBuffer();
        return performance.now() - t;
      };
      const single: string[] = [];
      for (const [name, url, headers] of routes) {
        // one request alone first (it also fills the export cache), then the load; the next route starts only when
        // this one's queued requests have drained (a request alone again)
        single.push(`${name}: ${(await one(url, headers)).toFixed(0)} ms alone`);
        const r = await autocannon({ url: `${base}${url}`, connections, duration: seconds, headers, timeout: 30 });
        const size = r.requests.total ? Math.round(r.throughput.total / Math.max(1, r.requests.total)) : 0;
        rows.push([name, Math.round(r.requests.average), r.latency.p50, r.latency.p99, `${(size / 1024).toFixed(1)} kB`, r.non2xx + r.errors + r.timeouts]);
        await one(url, headers);
      }
      await app.close();
      const rss = process.memoryUsage().rss;
      const table: BenchTable = {
        title: `API load: ${entries.toLocaleString('en')} active entries, ${delist.toLocaleString('en')} delisting items, ${connections} connections × ${seconds} s`,
        columns: ['route', 'req/s', 'p50 ms', 'p99 ms', 'body', 'non-2xx/errors'],
        rows,
        notes: [
          `one request alone, before the load: ${single.join('; ')}`,
          `database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite, ${mb(dirSize(path.join(dataDir, 'pg')))} on disk`}; seeded in ${seedS.toFixed(0)} s`,
          `process RSS after the run: ${mb(rss)} (heap ${mb(process.memoryUsage().heapUsed)}); ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the end`,
          'target (issue 12): ≥ 2,000 req/s and p99 < 50 ms for the public exports on one process',
          ...(etag ? [] : ['/registry.json sends no ETag: conditional requests (304) are not possible yet']),
        ],
      };
      return [table];
    } finally {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
