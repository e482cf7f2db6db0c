// `npm run faults [-- --candidates N] [--no-faults] [--data-dir DIR] [--keep-db]`: the split deployment as separate OS
// processes (api, crawler, 2 × workers) on a real PostgreSQL and a real redis-server (AOF), fed a generated pirate
// site, with two investigators deciding through the API while workers, the crawler and Redis are killed and
// PostgreSQL restarts. At the end everything is compared with the ground truth (faults/checks.ts).
// Runs under scripts/with-postgres.sh (TEST_DATABASE_URL, KUZET_PGDATA); see docs/benchmarks.md.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../config/load.ts';
import { createContext, type AppContext } from '../config/context.ts';
import { startFixtureSites, type FixtureSites } from '../fixtures/pirate-site/pirate-site.ts';
import { createFilmBankStore } from '../storage/film-bank.ts';
import { freePort } from '../storage/redis-server.ts';
import { QUEUES } from '../workers/jobs.ts';
import { createQueues, redisConnection, type Queues } from '../workers/queues.ts';
import { automaticLatency, checkRun, unfinished } from './checks.ts';
import { investigators } from './investigators.ts';
import { prepareFaultMedia } from './media.ts';
import { CHANNEL, planSite, type Expected } from './plan.ts';
import { lastLines, phase, restartPostgres, sleep, Supervisor, until } from './procs.ts';
import { addUser, createDatabase, dropDatabase, initSigningKey, registerFilms } from './setup.ts';

const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '1000' }, 'no-faults': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.kuzet-data/faults' }, 'keep-db': { type: 'boolean', default: false },
  },
});
const N = Number(args.candidates);
if (!Number.isInteger(N) || N < 40) throw new Error('--candidates must be an integer ≥ 40');
const FAULTS = !args['no-faults'];
const t0 = Date.now();
const secs = () => Math.round((Date.now() - t0) / 1000);
const say = (s: string) => console.log(`[faults ${String(secs()).padStart(4)} s] ${s}`);

const serverUrl = process.env['TEST_DATABASE_URL'];
if (!serverUrl) {
  console.error('faults: TEST_DATABASE_URL is not set — run it as `npm run faults` (scripts/with-postgres.sh starts a throwaway PostgreSQL)');
  process.exit(2);
}
const base = path.resolve(args['data-dir']!);
const dataDir = path.join(base, 'run');
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
const sup = new Supervisor(dataDir, say);
const dbName = `kuzet_faults_${Date.now()}`;
let ctx: AppContext | null = null;
let site: FixtureSites | null = null;
let queues: Queues | null = null;
let cleaning: Promise<void> | null = null;
const faultLog: Array<{ what: string; at: number }> = [];

async function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await sup.stopProcesses().catch((e) => say(`stopping processes: ${(e as Error).message}`));
    if (queues) await Promise.race([queues.close().catch(() => undefined), sleep(5000)]); // before its Redis goes, or it keeps reconnecting
    await sup.stopAll().catch((e) => say(`stopping redis-server: ${(e as Error).message}`));
    await site?.close().catch(() => undefined);
    await ctx?.close().catch(() => undefined);
    if (!args['keep-db']) await dropDatabase(serverUrl!, dbName).catch(() => undefined);
  })();
  return cleaning;
}
process.on('exit', () => sup.killAllNow());
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    say(`${sig}: stopping every process…`);
    void cleanup().finally(() => process.exit(130));
  });
}

interface Progress { candidates: number; matched: number; confirmed: number; pending: number; delisted: number; packets: number; proposed: number; active: number }

async function main(): Promise<number> {
  say(`${N} candidates, ${FAULTS ? 'with faults' : 'no faults'}; DATA_DIR ${dataDir}; logs in ${sup.logDir}`);
  const databaseUrl = await phase('create database', 30_000, () => createDatabase(serverUrl!, dbName));
  const cfg = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  ctx = await phase('migrate', 60_000, () => createContext(cfg, pino({ level: 'silent' })));
  const db = ctx.db;

  say('media: tiny synthetic films, pirate HLS copies and posters (cached in ' + path.join(base, 'media') + ')');
  const media = await phase('generate media', 15 * 60_000, () => prepareFaultMedia(cfg, path.join(base, 'media'), (s) => say(s)));
  const plan = planSite(N, media);
  site = await startFixtureSites({ items: plan.items, channel: { name: CHANNEL, posts: plan.posts }, pageSize: 50 });
  const truth: Expected[] = plan.expected(site.siteUrl);
  say(`pirate site ${site.listingUrl} (${plan.items.length} pages) and channel ${site.telegramUrl} (${plan.posts.length} posts)`);

  const env = { ...cleanEnv(), DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  say('the signing key, the national films and two investigators, with the kuzet CLI…');
  const keyId = await phase('kuzet keys init', 60_000, () => initSigningKey(env));
  say(`  packet-signing key ${keyId} (the roles may not create another: SIGNING_KEY_CREATE=never)`);
  const films = await phase('register films', 10 * 60_000, () => registerFilms(env, media, say));
  const inv1 = await addUser(env, 'inv1', 'investigator');
  const inv2 = await addUser(env, 'inv2', 'investigator');
  const checkpoint = await createFilmBankStore(db).checkpoint();

  const redisUrl = await phase('start redis-server', 30_000, async () => sup.startRedis(path.join(dataDir, 'redis'), await freePort(), randomBytes(16).toString('hex')));
  queues = createQueues(redisConnection(redisUrl));
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const roleEnv = (roles: string, port: number) => ({
    ...env, REDIS_URL: redisUrl, ROLES: roles, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info',
    FETCH_ALLOWLIST: '127.0.0.1', CRAWL_MAX_PAGES: '100000',
    WORKER_CONCURRENCY: '2', RATE_LIMIT_PER_MINUTE: '100000', SIGNING_KEY_CREATE: 'never',
  });
  say('starting api, crawler, workers-a, workers-b as separate processes…');
  await Promise.all([
    sup.start('api', roleEnv('api', apiPort), `${api}/health`),
    sup.start('crawler', roleEnv('crawler', 0)),
    sup.start('workers-a', roleEnv('workers', 0)),
    sup.start('workers-b', roleEnv('workers', 0)),
  ]);

  const progress = async (): Promise<Progress> => (await db.query<Progress>(
    `SELECT (SELECT count(*) FROM candidates)::int AS candidates,
            (SELECT count(*) FROM matches WHERE checkpoint = $1)::int AS matched,
            (SELECT count(*) FROM matches WHERE checkpoint = $1 AND status = 'confirmed')::int AS confirmed,
            (SELECT count(*) FROM matches WHERE status = 'pending_review')::int AS pending,
            (SELECT count(*) FROM delist_items)::int AS delisted, (SELECT count(*) FROM packets)::int AS packets,
            (SELECT count(*) FROM registry_entries WHERE status = 'proposed')::int AS proposed,
            (SELECT count(*) FROM registry_entries WHERE status = 'active')::int AS active`, [checkpoint]))[0]!;
  let last: Progress | null = null;
  let jobs = -1;
  const show = () => `candidates ${last?.candidates}/${N}, matched ${last?.matched}, confirmed ${last?.confirmed}, waiting review ${last?.pending}, delisted ${last?.delisted}, packets ${last?.packets}, registry proposed ${last?.proposed}/active ${last?.active}, jobs queued ${jobs < 0 ? '?' : jobs}`;

  // the investigators and a progress line run beside everything below
  let redisRestarted = !FAULTS;
  const team = investigators(api, { inv1: inv1.key, inv2: inv2.key }, new Map(truth.map((t) => [t.url, t])), () => redisRestarted);
  let running = true;
  const background = (async () => {
    let tick = 0;
    while (running) {
      last = await progress().catch(() => last);
      jobs = await queueLeft(queues!).catch(() => -1);
      await team.round().catch(() => 0);
      if (++tick % 10 === 0) say(show());
      await sleep(1000);
    }
  })();

  say('adding the site and the channel through the API (inv1): crawled at once');
  for (const s of [{ kind: 'web', url: site.listingUrl, profile: 'dle' }, { kind: 'telegram', url: site.telegramUrl }]) {
    await until('add sources', 30_000, async () => (await fetch(`${api}/api/sources`, {
      method: 'POST', headers: { authorization: `Bearer ${inv1.key}`, 'content-type': 'application/json' }, body: JSON.stringify(s),
    })).ok);
  }

  const waitFor = (what: string, ok: (p: Progress) => boolean) =>
    until(`wait for ${what}`, 15 * 60_000, async () => { const p = await progress(); last = p; return ok(p); }, () => show(), 500);
  const health = `${api}/health`;
  const mark = (what: string) => faultLog.push({ what, at: Date.now() });
  if (FAULTS) {
    await waitFor(`${Math.round(N * 0.25)} candidates crawled`, (p) => p.candidates >= N * 0.25);
    say(`fault: kill -9 crawler (${show()})`);
    mark('crawler kill');
    await sup.kill9('crawler');
    await sleep(2000);
    await sup.restart('crawler');
    await waitFor(`${Math.round(N * 0.2)} matched`, (p) => p.matched >= N * 0.2);
    say(`fault: kill -9 workers-a (${show()})`);
    mark('workers-a kill');
    await sup.kill9('workers-a');
    await sleep(2000);
    await sup.restart('workers-a');
    await waitFor(`${Math.round(N * 0.35)} matched`, (p) => p.matched >= N * 0.35);
    say(`fault: SIGKILL redis-server (${show()})`);
    mark('redis-server SIGKILL');
    await sup.killRedis();
    await sleep(3000);
    await sup.restartRedis();
    redisRestarted = true;
    await until('api healthy after the Redis restart', 60_000, async () => (await fetch(health)).status === 200);
    await waitFor(`${Math.round(N * 0.5)} matched`, (p) => p.matched >= N * 0.5);
    say(`fault: kill -9 workers-a again (${show()})`);
    mark('workers-a kill');
    await sup.kill9('workers-a');
    await sleep(2000);
    await sup.restart('workers-a');
    await waitFor(`${Math.round(N * 0.65)} matched`, (p) => p.matched >= N * 0.65);
    say(`fault: pg_ctl restart -m immediate (${show()})`);
    mark('PostgreSQL restart');
    await phase('restart PostgreSQL', 120_000, restartPostgres);
    sup.restarts++;
    await until('api healthy after the PostgreSQL restart', 60_000, async () => (await fetch(health)).status === 200);
    say('all faults done; waiting for the pipeline to settle');
  }

  // settled: every page crawled and matched, no review waiting, every confirmed match delisted and packed, every
  // proposal decided, no job left. Stops waiting when nothing moved for 5 minutes (longer than the publish sweep).
  let sig = '';
  let moved = Date.now();
  const settled = await phase('settle', 40 * 60_000, async () => {
    for (;;) {
      const p = await progress().catch(() => null);
      const left = await queueLeft(queues!).catch(() => -1);
      if (p) {
        last = p;
        if (p.candidates >= truth.length && p.matched >= truth.length && p.pending === 0 && p.delisted === p.confirmed
          && p.packets === p.confirmed && p.proposed === 0 && left === 0) return true;
        const s = JSON.stringify([p, left]);
        if (s !== sig) { sig = s; moved = Date.now(); }
        if (Date.now() - moved > 300_000) return false;
      }
      await sleep(1000);
    }
  }, () => show());
  running = false;
  await background;
  if (!settled) say(`the pipeline stopped moving before it settled: ${show()}`);
  else say(`settled: ${show()}`);

  say('stopping the Kuzet processes (the audit head is anchored at stop), then checking…');
  await sup.stopProcesses();
  const unexpected = [...sup.unexpectedExits];
  const report = await phase('checks', 10 * 60_000, () => checkRun({
    db, blobs: ctx!.blobs, dataDir, queues: QUEUES.map((q) => queues!.get(q)), truth, films, checkpoint,
    decisions: team.decisions, users: { inv1: inv1.id, inv2: inv2.id },
  }));
  const lat = await automaticLatency(db);
  const reviews = team.decisions.filter((d) => d.kind === 'review');
  say(`counts: ${JSON.stringify(report.counts)}`);
  say(`decisions through the API: ${reviews.filter((d) => d.verdict === 'approve').length} reviews approved, ${reviews.filter((d) => d.verdict === 'reject').length} rejected (${reviews.filter((d) => d.verdict === 'approve' && d.queued === false).length} approvals answered queued:false), ${team.decisions.length - reviews.length} registry approvals; ${team.retries} API calls failed and were retried${team.lastError ? ` (last: ${team.lastError.slice(0, 160)})` : ''}`);
  say(`latency, automatic path (${lat.n} pages${FAULTS ? ', with faults' : ''}): crawled → matched p50 ${lat.match.p50.toFixed(1)} s / p95 ${lat.match.p95.toFixed(1)} s; → delisting item p50 ${lat.delist.p50.toFixed(1)} s / p95 ${lat.delist.p95.toFixed(1)} s; → registry proposal p50 ${lat.registry.p50.toFixed(1)} s / p95 ${lat.registry.p95.toFixed(1)} s; verdict → delisting item p50 ${lat.publish.p50.toFixed(1)} s / p95 ${lat.publish.p95.toFixed(1)} s`);
  const logged = countLogLines(sup.logDir, ['media matched', 'takedown packet built', 'publish sweep: confirmed matches without a packet queued again', 'job failed']);
  say(`work done again after the faults (from the logs): ${logged['media matched']! - report.counts['matches']!} extra media samplings, ${logged['takedown packet built']! - report.counts['packets']!} extra packet builds; ${logged['publish sweep: confirmed matches without a packet queued again']} publish sweep(s) that queued lost publishes; ${logged['job failed']} failed attempts retried`);
  // publishes that came late (the sweep, or a retry after a fault): when each verdict was taken, relative to the faults
  const late = await db.query<{ id: string; matched: Date; delisted: Date }>(
    `SELECT m.id, m.created_at AS matched, d.created_at AS delisted FROM matches m JOIN delist_items d ON d.match_id = m.id
      WHERE d.created_at - coalesce(m.decided_at, m.created_at) > interval '60 seconds' ORDER BY m.created_at`);
  for (const l of late) {
    const before = faultLog.filter((f) => f.at <= l.matched.getTime()).at(-1);
    say(`  late publish: ${l.id} matched ${before ? `${((l.matched.getTime() - before.at) / 1000).toFixed(1)} s after the ${before.what}` : 'before any fault'}, delisted ${((l.delisted.getTime() - l.matched.getTime()) / 1000).toFixed(0)} s later`);
  }
  for (const u of unexpected) report.problems.push(`process exited on its own: ${u}`);
  for (const p of report.problems) say(`  ✗ ${p}`);
  say(report.problems.length ? `${report.problems.length} problem(s); logs in ${sup.logDir}` : `all checks passed; logs in ${sup.logDir}`);
  console.log(`faults: ${truth.length} candidates, ${sup.kills} kills, ${sup.restarts} restarts, lost ${report.lost}, duplicated ${report.duplicated}, failed jobs ${report.failedJobs}, seconds ${secs()}`);
  return report.lost > 0 || report.duplicated > 0 || report.problems.length > 0 ? 1 : 0;
}

async function queueLeft(q: Queues): Promise<number> {
  let n = 0;
  for (const name of QUEUES) n += Object.values(await unfinished(q.get(name))).reduce((a, b) => a + b, 0);
  return n;
}

/** How many JSON log lines of the Kuzet processes carry each message. */
function countLogLines(dir: string, msgs: string[]): Record<string, number> {
  const out = Object.fromEntries(msgs.map((m) => [m, 0]));
  for (const f of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const m = /"msg":"([^"]*)"/.exec(line)?.[1];
      if (m !== undefined && m in out) out[m]!++;
    }
  }
  return out;
}

/** The caller's environment without anything that would point a role elsewhere. */
function cleanEnv(): Record<string, string> {
  const drop = /^(DATABASE_URL|REDIS_URL|ROLES|PORT|HOST|DATA_DIR|ES_URL|TELEGRAM_BOT_TOKEN|PUBLIC_BASE_URL|LOG_PRETTY)$/;
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !drop.test(e[0])));
}

let code = 1;
try {
  code = await main();
} catch (e) {
  const msg = (e as Error).message;
  say(`ABORTED: ${msg}`);
  for (const name of ['api', 'crawler', 'workers-a', 'workers-b']) {
    const f = sup.logFile(name);
    if (fs.existsSync(f)) say(`last lines of ${f}:\n${lastLines(f, 8)}`);
  }
  console.log(`faults: aborted after ${secs()} seconds (${sup.kills} kills, ${sup.restarts} restarts): ${msg.split('\n')[0]}`);
}
await cleanup();
process.exit(code);
