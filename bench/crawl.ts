// Crawl throughput on the Cheerio path against the loopback fixture pirate site (1,000 detail pages by default),
// and the share of detail pages that need the Playwright path on a mixed fixture (some players built in JS).
// `benchCrawl()` returns a markdown table; bench/run.ts (another owner) calls it.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import sharp from 'sharp';
import { loadConfig } from '../config/load.ts';
import { crawlSource, type CrawledPage } from '../crawlers/crawl-source.ts';
import { renderPlayers } from '../crawlers/playwright/render-players.ts';
import { detailPage, listingPage, playerPageHtml, type FixtureItem } from '../fixtures/pirate-site/pirate-pages.ts';
import { startFixtureSites } from '../fixtures/pirate-site/pirate-site.ts';

const log = pino({ level: 'silent' });

async function makeItems(dir: string, n: number): Promise<FixtureItem[]> {
  const posterFile = path.join(dir, 'poster.png');
  await sharp({ create: { width: 8, height: 12, channels: 3, background: { r: 90, g: 20, b: 20 } } }).png().toFile(posterFile);
  const hlsDir = path.join(dir, 'hls');
  fs.mkdirSync(hlsDir, { recursive: true });
  fs.writeFileSync(path.join(hlsDir, 'index.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n');
  return Array.from({ length: n }, (_, i) => ({ slug: `film-${i}`, titleRu: `Фильм ${i}`, year: 1990 + (i % 35), kinopoiskId: 100000 + i, posterFile, hlsDir }));
}

/** A detail page whose player builds its <video> src in JavaScript after a timeout (invisible to Cheerio). */
export function jsPlayerDetail(it: FixtureItem, siteUrl: string): string {
  const src = Buffer.from(`/hls/${it.slug}/index.m3u8`).toString('base64');
  return detailPage(it, siteUrl, 'utf-8', false).replace(
    /<div class="player-box">[\s\S]*?<\/div>/,
    `<div class="player-box" id="player"></div><script>setTimeout(function(){var v=document.createElement('video');v.src=atob('${src}');document.getElementById('player').appendChild(v);},300);</script>`,
  );
}

/** Listing → details (every `jsEvery`-th with a JS-built player, the rest with a same-site iframe player) → players. */
export async function startMixedSite(items: FixtureItem[], jsEvery: number, pageSize = 50): Promise<{ listingUrl: string; close(): Promise<void> }> {
  let siteUrl = '';
  const pages = Math.ceil(items.length / pageSize);
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const html = (s: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(s);
    let m: RegExpMatchArray | null;
    if (p === '/films/' || (m = p.match(/^\/films\/page\/(\d+)\/$/))) {
      const page = p === '/films/' ? 1 : Number(m![1]);
      return html(listingPage(items.slice((page - 1) * pageSize, page * pageSize), page, pages));
    }
    const idx = Number((p.match(/film-(\d+)/) ?? [])[1] ?? -1);
    const it = items[idx];
    if (it && p.startsWith('/films/')) return html(idx % jsEvery === 0 ? jsPlayerDetail(it, siteUrl) : detailPage(it, siteUrl, 'utf-8', false));
    if (it && p.startsWith('/player/')) return html(playerPageHtml(it, false));
    if (it && p.startsWith('/hls/')) return res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-ENDLIST\n');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { listingUrl: `${siteUrl}/films/`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

interface Row {
  fixture: string;
  concurrency: number;
  details: number;
  pages: number;
  seconds: number;
  needJs: number;
  jsWithStream: number | string;
}

async function timedCrawl(fixture: string, url: string, concurrency: number, withBrowser: boolean): Promise<Row> {
  const cfg = loadConfig({ DATA_DIR: os.tmpdir(), FETCH_ALLOWLIST: '127.0.0.1', FETCH_TIMEOUT_MS: '15000', CRAWL_MAX_PAGES: '1000000', CRAWL_CONCURRENCY: String(concurrency), CRAWL_MAX_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' });
  const pages: CrawledPage[] = [];
  const render = withBrowser ? (urls: string[]) => renderPlayers({ cfg, log }, urls) : undefined;
  const t0 = performance.now();
  const res = await crawlSource({ cfg, log, renderPlayers: render }, { id: `bench-${fixture}`, kind: 'web', url }, async (p) => void pages.push(p));
  const seconds = (performance.now() - t0) / 1000;
  if (res.failed.length) throw new Error(`bench crawl had ${res.failed.length} failures, first: ${res.failed[0]!.url}: ${res.failed[0]!.error}`);
  const jsWithStream = withBrowser ? pages.filter((p) => /id="player"><\/div><script>/.test(p.body.toString()) && p.extract.streams.length > 0).length : 'n/a';
  return { fixture, concurrency, details: pages.length, pages: res.pagesFetched, seconds, needJs: res.playwrightPages, jsWithStream };
}

export async function benchCrawl(opts: { items?: number; concurrency?: number[]; mixedItems?: number; jsEvery?: number; chromiumPath?: string } = {}): Promise<string> {
  const n = opts.items ?? 1000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-bench-crawl-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const items = await makeItems(dir, n);
    const sites = await startFixtureSites({ items, pageSize: 50 });
    try {
      for (const c of opts.concurrency ?? [4, 8]) rows.push(await timedCrawl(`pirate-site ${n}`, sites.listingUrl, c, false));
    } finally {
      await sites.close();
    }
    const mixedN = opts.mixedItems ?? 100;
    const jsEvery = opts.jsEvery ?? 10;
    const mixed = await startMixedSite(items.slice(0, mixedN), jsEvery);
    try {
      const chromium = opts.chromiumPath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
      const withBrowser = fs.existsSync(chromium);
      if (!withBrowser) notes.push(`no Chromium at ${chromium}: the mixed fixture ran without the Playwright path`);
      rows.push(await timedCrawl(`mixed ${mixedN} (1 in ${jsEvery} JS players)`, mixed.listingUrl, 4, withBrowser));
    } finally {
      await mixed.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const lines = [
    '### Crawl throughput (Cheerio path, loopback fixture, one process)',
    '',
    '| fixture | concurrency | detail pages | HTTP pages | seconds | pages/s | details/s | needed Playwright | JS pages with stream found |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      `| ${r.fixture} | ${r.concurrency} | ${r.details} | ${r.pages} | ${r.seconds.toFixed(1)} | ${(r.pages / r.seconds).toFixed(1)} | ${(r.details / r.seconds).toFixed(1)} | ${r.needJs} (${((100 * r.needJs) / Math.max(1, r.details)).toFixed(1)}%) | ${r.jsWithStream} |`,
    ),
    '',
    '- HTTP pages = listings + details + same-site player pages, all through the SSRF-guarded client; the mixed row includes the Chromium renders in its time.',
    `- machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared with other processes.`,
    ...notes.map((x) => `- ${x}`),
  ];
  return lines.join('\n') + '\n';
}
