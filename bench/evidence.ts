// Evidence capture cost (issue 9), `npm run bench -- --only evidence [--quick]`:
// 1. crawl throughput on the Cheerio path through the real crawl job (PGlite in memory, candidates + page HTML stored)
//    with the exchange recording off and on (on = what the service runs: every page's exchanges kept for the WARC);
// 2. per page: the screenshot job (Chromium, warm browser), the capture job (WARC + network facts + signed WACZ) with
//    RDAP from a local RDAP server — the first capture fills the cache, the rest run warm — and the pieces alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import sharp from 'sharp';
import { loadConfig } from '../config/load.ts';
import { crawlSource } from '../crawlers/crawl-source.ts';
import { captureEvidence } from '../evidence/capture.ts';
import { keepCrawledExchanges } from '../evidence/exchanges.ts';
import { bootstrapFrom } from '../evidence/rdap/bootstrap.ts';
import { rdapLookup } from '../evidence/rdap/client.ts';
import { createScreenshotter } from '../evidence/screenshot.ts';
import type { FixtureItem } from '../fixtures/pirate-site/pirate-pages.ts';
import { startFixtureSites } from '../fixtures/pirate-site/pirate-site.ts';
import { ipAnswer, startRdapServer } from '../fixtures/rdap-server.ts';
import { createEgress } from '../net/egress.ts';
import { policyFromConfig, safeFetch } from '../net/fetch.ts';
import { loadOrCreateSigner } from '../packets/signer.ts';
import { createBlobStore } from '../storage/blobs.ts';
import { candidateStore } from '../storage/candidates.ts';
import { openPglite, type Db } from '../storage/db.ts';
import { getCaptures, recordCapture } from '../storage/evidence-capture.ts';
import { migrate } from '../storage/migrate.ts';
import { rdapCache } from '../storage/rdap-cache.ts';
import { sourceStore } from '../storage/sources.ts';
import { captureScreenshotJob } from '../workers/processors/capture-screenshot.ts';
import { crawlSourceJob } from '../workers/processors/crawl-source.ts';
import { toCandidatePage } from '../workers/processors/crawled-page.ts';
import type { BenchPart } from './types.ts';

const log = pino({ level: 'silent' });
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (x: number) => x.toFixed(x < 10 ? 1 : 0);

async function items(dir: string, n: number): Promise<FixtureItem[]> {
  const posterFile = path.join(dir, 'poster.png');
  await sharp({ create: { width: 120, height: 180, channels: 3, background: { r: 150, g: 30, b: 30 } } }).png().toFile(posterFile);
  const hlsDir = path.join(dir, 'hls');
  fs.mkdirSync(hlsDir, { recursive: true });
  fs.writeFileSync(path.join(hlsDir, 'index.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n');
  return Array.from({ length: n }, (_, i) => ({ slug: `film-${i}`, titleRu: `Фильм ${i}`, year: 1990 + (i % 35), kinopoiskId: 100000 + i, posterFile, hlsDir }));
}

async function freshDb(): Promise<Db> {
  const db = await openPglite('memory://');
  await migrate(db);
  return db;
}

type Mode = 'crawl only' | 'crawl + exchanges kept' | 'crawl job, capture off' | 'crawl job, capture on';

/** One crawl of the fixture site: the crawler alone, the crawler keeping exchanges, or the crawl job (its own writes) without/with them. */
async function crawlRun(listingUrl: string, dataDir: string, mode: Mode) {
  const db = await freshDb();
  const blobs = createBlobStore(path.join(dataDir, `blobs-${mode.replace(/\W+/g, '-')}`));
  await db.query(`INSERT INTO sources (id, kind, url, domain) VALUES ('src_b', 'web', $1, '127.0.0.1')`, [listingUrl]);
  const cfg = loadConfig({ DATA_DIR: dataDir, FETCH_ALLOWLIST: '127.0.0.1', FETCH_TIMEOUT_MS: '15000', CRAWL_MAX_PAGES: '1000000', CRAWL_CONCURRENCY: '8', CRAWL_MAX_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' });
  const keep = mode === 'crawl + exchanges kept' || mode === 'crawl job, capture on';
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let pages = 0;
  let candidates: Array<{ candidateId: string; revision: string }> = [];
  if (mode.startsWith('crawl job')) {
    const out = await crawlSourceJob({
      sources: sourceStore(db), candidates: candidateStore({ db, blobs }), log,
      crawl: (source, onPage) => crawlSource({ cfg, log }, source, async (page) => {
        const c = toCandidatePage(page);
        if (keep) await keepCrawledExchanges({ db, blobs }, c.url, page.exchanges);
        await onPage(c);
      }),
    }, { sourceId: 'src_b', runId: 'bench' });
    if (out.status !== 'done') throw new Error('bench crawl skipped');
    pages = out.pagesFetched;
    candidates = out.candidates;
  } else {
    const out = await crawlSource({ cfg, log }, { id: 'src_b', kind: 'web', url: listingUrl }, async (page) => {
      if (keep) await keepCrawledExchanges({ db, blobs }, page.url, page.exchanges);
    });
    pages = out.pagesFetched;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const exchanges = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM http_exchanges'))[0]!.n);
  return { db, blobs, cfg, mode, pages, candidates, seconds, cpuMs, exchanges };
}

export const evidenceBench: BenchPart = {
  name: 'evidence',
  async run({ quick }) {
    const n = quick ? 200 : 1000;
    const shotsN = quick ? 5 : 20;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-bench-evidence-'));
    const rdap = await startRdapServer({ ips: [{ match: (ip) => ip.startsWith('127.'), answer: ipAnswer('127.0.0.0', '127.255.255.255') }] });
    const sites = await startFixtureSites({ items: await items(dir, n), pageSize: 50 });
    const lines: string[] = [];
    try {
      const runs = [];
      for (const mode of ['crawl only', 'crawl + exchanges kept', 'crawl job, capture off'] as const) {
        const r = await crawlRun(sites.listingUrl, dir, mode);
        await r.db.close();
        runs.push(r);
      }
      const on = await crawlRun(sites.listingUrl, dir, 'crawl job, capture on');
      runs.push(on);
      lines.push(`### Crawl throughput with evidence capture off / on (Cheerio path, ${n} detail pages, concurrency 8, PGlite in memory)`, '',
        '| run | HTTP pages | exchanges kept | wall s | pages/s (wall) | CPU ms per page | pages/s per busy core (1000 / CPU ms) |', '|---|---|---|---|---|---|---|',
        ...runs.map((r) => `| ${r.mode} | ${r.pages} | ${r.exchanges} | ${r.seconds.toFixed(1)} | ${(r.pages / r.seconds).toFixed(1)} | ${(r.cpuMs / r.pages).toFixed(2)} | ${(1000 / (r.cpuMs / r.pages)).toFixed(0)} |`), '',
        '- CPU ms = this process\'s user + system time (the fixture site runs in the same process, so it is included); on a box shared with other work the wall-clock rate drops, the CPU cost per page does not.',
        '- "exchanges kept" = capture on in the crawl: every page\'s HTTP exchanges (request/response heads, body blob, dialled address, TLS certificate) written as the page arrives; screenshots, WARC and WACZ run later on their own capture queue, outside the crawl.',
        '- "crawl job" rows include the crawl job\'s own writes (candidate upsert, page HTML evidence) as the service runs them.', '');

      // the recording alone, in isolation from the crawl's noise: a detail page's two exchanges (page + player, ~6 KB each)
      const iso = await freshDb();
      const isoBlobs = createBlobStore(path.join(dir, 'blobs-iso'));
      const reps = quick ? 200 : 1000;
      const filler = '<div class="film">Фильм смотреть онлайн</div>'.repeat(120);
      const xsOf = (i: number) => ['page', 'player'].map((kind, j) => ({
        url: `http://127.0.0.1:1/${kind}/${i}`, method: 'GET', status: 200, httpVersion: '1.1', statusText: 'OK', requestHeaders: { host: '127.0.0.1:1', 'user-agent': 'KuzetBot' },
        responseHeaders: { 'content-type': 'text/html; charset=utf-8', 'content-length': '6000', date: new Date().toUTCString() }, redirects: [`http://127.0.0.1:1/${kind}/${i}`],
        body: Buffer.from(`<html><!-- ${i}.${j} -->${filler}</html>`), truncated: false, remoteAddress: '127.0.0.1', remotePort: 1, at: new Date(),
      }));
      const isoCpu0 = process.cpuUsage();
      const isoT0 = performance.now();
      for (let i = 0; i < reps; i++) await keepCrawledExchanges({ db: iso, blobs: isoBlobs }, `http://127.0.0.1:1/page/${i}`, xsOf(i));
      const isoWall = (performance.now() - isoT0) / reps;
      const isoCpuU = process.cpuUsage(isoCpu0);
      const isoCpu = (isoCpuU.user + isoCpuU.system) / 1000 / reps;
      await iso.close();
      lines.push(`### Exchange recording alone (what capture adds to the crawl per detail page: 2 exchanges, ~6 KB bodies, ${reps} pages)`, '',
        '| wall ms per page | CPU ms per page |', '|---|---|', `| ${isoWall.toFixed(2)} | ${isoCpu.toFixed(2)} |`, '');

      // per page: screenshot job (warm browser) and capture job (RDAP cold for the first, warm after)
      const { db, blobs, cfg } = on;
      const signer = await loadOrCreateSigner(path.join(dir, 'keys'), { create: true });
      const egress = createEgress(policyFromConfig(cfg));
      const shooter = createScreenshotter(egress, { chromiumPath: cfg.chromiumPath, userAgent: cfg.crawlUserAgent });
      const boot = bootstrapFrom({ dns: { publication: 'bench', services: [] }, ipv4: { publication: 'bench', services: [[['127.0.0.0/8'], [rdap.url]]] }, ipv6: { publication: 'bench', services: [] } });
      const cache = rdapCache(db);
      const rdapDeps = { bootstrap: boot, fetch: (u: string, i?: Parameters<typeof safeFetch>[2]) => safeFetch(egress.policy, u, i), cache };
      const candidates = candidateStore({ db, blobs });
      const shotMs: number[] = [];
      const captureMs: number[] = [];
      let shotBytes = 0;
      let waczBytes = 0;
      const picked = on.candidates.slice(0, shotsN + 1);
      const hasChromium = fs.existsSync(cfg.chromiumPath);
      for (const c of picked) {
        const t0 = performance.now();
        await captureScreenshotJob({ candidates, log, shoot: hasChromium ? (u) => shooter.shoot(u) : undefined, captures: { get: (a, b) => getCaptures(db, a, b), record: (x) => recordCapture(db, x) } }, c);
        shotMs.push(performance.now() - t0);
        const t1 = performance.now();
        const r = await captureEvidence({ db, blobs, signer, log, fetch: egress.fetch, rdap: rdapDeps }, c.candidateId, c.revision);
        captureMs.push(performance.now() - t1);
        const rows = await db.query<{ kind: string; bytes: string }>(`SELECT kind, bytes FROM evidence WHERE candidate_id = $1 AND kind IN ('screenshot', 'wacz')`, [c.candidateId]);
        shotBytes += Number(rows.find((x) => x.kind === 'screenshot')?.bytes ?? 0);
        waczBytes += Number(rows.find((x) => x.kind === 'wacz')?.bytes ?? 0);
        if (r.status !== 'captured') throw new Error(`capture of ${c.candidateId}: ${r.status}`);
      }
      await shooter.close();
      // the first screenshot launched the browser and the first capture filled the RDAP cache: report them apart
      const [shotFirst, ...shotWarm] = shotMs;
      const [capFirst, ...capWarm] = captureMs;
      const cold = performance.now();
      await cache.put({ kind: 'ip', key: '127.0.0.9', url: 'x', status: 200, response_headers: {}, body: '{}', fetched_at: new Date(0) }); // stale entry: refetched
      await rdapLookup(rdapDeps, 'ip', '127.0.0.9');
      const rdapCold = performance.now() - cold;
      const warm = performance.now();
      for (let i = 0; i < 50; i++) await rdapLookup(rdapDeps, 'ip', '127.0.0.9');
      const rdapWarm = (performance.now() - warm) / 50;
      lines.push(`### Evidence capture cost per page (${picked.length} detail pages of the fixture site, one at a time)`, '',
        '| step | first (cold) ms | median ms | p90 ms | mean bytes |', '|---|---|---|---|---|',
        `| screenshot job (Chromium, full page, PNG) | ${ms(shotFirst!)} (browser launch) | ${ms(pct(shotWarm, 50))} | ${ms(pct(shotWarm, 90))} | ${Math.round(shotBytes / picked.length)} |`,
        `| capture job (WARC + network facts + RDAP + signed WACZ) | ${ms(capFirst!)} (RDAP cache empty) | ${ms(pct(capWarm, 50))} | ${ms(pct(capWarm, 90))} | ${Math.round(waczBytes / picked.length)} (WACZ) |`,
        `| RDAP lookup alone (local RDAP server) | ${ms(rdapCold)} | ${ms(rdapWarm)} (warm cache) | — | — |`, '',
        '- the capture job includes its own guarded read of the stream playlist, the PGlite writes (3 evidence rows, 3 capture rows, one transaction), WARC and WACZ building, signing and sealing.',
        hasChromium ? '- one browser for all screenshots (as in the workers process); each shot opens its own context and egress proxy session.' : '- no Chromium: screenshots were recorded as failed, their time is the failure path.',
        `- machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared with other processes.`);
      await db.close();
    } finally {
      await sites.close();
      await rdap.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return [lines.join('\n') + '\n'];
  },
};
