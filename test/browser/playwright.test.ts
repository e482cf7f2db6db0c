// The Playwright path with Debian's Chromium: players that build their stream URL in JavaScript (invisible to
// Cheerio) are sniffed, and requests to the metadata service or a non-allowlisted loopback service are aborted.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMixedSite } from '../../bench/crawl.ts';
import { loadConfig } from '../../config/load.ts';
import { crawlSource, type CrawledPage } from '../../crawlers/crawl-source.ts';
import { extractPage } from '../../crawlers/extract.ts';
import { needsBrowser } from '../../crawlers/playwright/deferred.ts';
import { renderPlayers } from '../../crawlers/playwright/render-players.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

const log = silentLog();

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping Playwright tests: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

const b64 = (s: string) => Buffer.from(s).toString('base64');
const PAGES: Record<string, string> = {
  '/player-js': `<!DOCTYPE html><html><body><div id="p" class="player"></div><script>
    setTimeout(function () { var v = document.createElement('video'); v.preload = 'auto'; v.src = atob('${b64('/hls/kelin/index.m3u8')}');
      document.getElementById('p').appendChild(v); }, 400);</script></body></html>`,
  '/player-xhr': `<!DOCTYPE html><html><body><div id="p" class="player"></div><script>
    setTimeout(function () { fetch(['/media', 'tomiris' + '.' + 'mp' + '4'].join('/')).catch(function () {}); }, 300);</script></body></html>`,
};

describe.skipIf(!hasChromium)('renderPlayers (PlaywrightCrawler + Chromium)', () => {
  let site: TestServer | undefined;
  let internal: TestServer | undefined;
  let siteUrl = '';
  let internalUrl = '';
  const internalHits: string[] = [];

  beforeAll(async () => {
    internal = await serveHttp((req, res) => {
      internalHits.push(req.url ?? '');
      res.writeHead(200, { 'access-control-allow-origin': '*' }).end('secret');
    });
    internalUrl = internal.url;
    PAGES['/ssrf'] = `<!DOCTYPE html><html><body><div id="p" class="player"></div><img src="${internalUrl}/img.png"><script>
      fetch('http://169.254.169.254/latest/meta-data/iam/').catch(function () {});
      fetch('${internalUrl}/admin').catch(function () {});
      setTimeout(function () { var v = document.createElement('video'); v.src = atob('${b64('/hls/baksy/index.m3u8')}'); document.body.appendChild(v); }, 200);
      </script></body></html>`;
    site = await serveHttp((req, res) => {
      const p = new URL(req.url ?? '/', 'http://x').pathname;
      if (PAGES[p]) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGES[p]);
      if (p.endsWith('.m3u8')) return res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-ENDLIST\n');
      res.writeHead(404).end();
    });
    // the fixture is reached as "localhost" (allowlisted by name); the literal 127.0.0.1 and 169.254.169.254 are not
    siteUrl = `http://localhost:${site.port}`;
  });

  afterAll(async () => {
    await Promise.all([site, internal].map((s) => s?.close()));
  });

  const cfg = () => testConfig({ chromiumPath: CHROMIUM, fetchAllowlist: ['localhost'], fetchTimeoutMs: 10_000, crawlConcurrency: 2 });

  it('finds the m3u8 of a player built after a timeout, and the mp4 a player script requests; Cheerio sees neither', async () => {
    for (const p of ['/player-js', '/player-xhr']) expect(extractPage(PAGES[p]!, `${siteUrl}${p}`).streams).toEqual([]);
    const [js, xhr] = await renderPlayers({ cfg: cfg(), log }, [`${siteUrl}/player-js`, `${siteUrl}/player-xhr`]);
    expect(js!.error).toBeUndefined();
    expect(js!.streams).toEqual([`${siteUrl}/hls/kelin/index.m3u8`]);
    expect(xhr!.streams).toEqual([`${siteUrl}/media/tomiris.mp4`]);
  }, 90_000);

  it('aborts requests to 169.254.169.254 and to a non-allowlisted loopback service', async () => {
    const [r] = await renderPlayers({ cfg: cfg(), log }, [`${siteUrl}/ssrf`]);
    expect(r!.streams).toEqual([`${siteUrl}/hls/baksy/index.m3u8`]);
    expect(r!.blocked).toEqual(expect.arrayContaining(['http://169.254.169.254/latest/meta-data/iam/', `${internalUrl}/admin`, `${internalUrl}/img.png`]));
    expect(internalHits).toEqual([]);
  }, 90_000);

  it('a start URL that fails the guard is not opened', async () => {
    const [r] = await renderPlayers({ cfg: cfg(), log }, [`${internalUrl}/admin`]);
    expect(r!.streams).toEqual([]);
    expect(r!.blocked).toContain(`${internalUrl}/admin`);
    expect(r!.error).toBeTruthy();
    expect(internalHits).toEqual([]);
  }, 90_000);
});

describe('crawlSource routes JS-built players to the Playwright path', () => {
  const items = Array.from({ length: 6 }, (_, i) => ({ slug: `film-${i}`, titleRu: `Фильм ${i}`, year: 2000 + i, kinopoiskId: 500 + i, posterFile: '/x.png', hlsDir: '/x' }));
  const crawlCfg = () => loadConfig({ DATA_DIR: '/tmp', FETCH_ALLOWLIST: '127.0.0.1', FETCH_TIMEOUT_MS: '10000', CRAWL_CONCURRENCY: '2', CHROMIUM_PATH: CHROMIUM });

  it('without a renderer: JS pages are counted and emitted without streams', async () => {
    const site = await startMixedSite(items, 3, 3);
    try {
      const pages: CrawledPage[] = [];
      const res = await crawlSource({ cfg: crawlCfg(), log }, { id: 'mixed', kind: 'web', url: site.listingUrl }, async (p) => void pages.push(p));
      expect(res.failed).toEqual([]);
      expect(pages).toHaveLength(6);
      expect(res.playwrightPages).toBe(2); // film-0 and film-3
      expect(pages.filter(needsBrowser).map((p) => p.url.replace(/^.*\/films\//, '')).sort()).toEqual(['film-0.html', 'film-3.html']);
    } finally {
      await site.close();
    }
  });

  it.skipIf(!hasChromium)('with renderPlayers: every detail page ends with its stream', async () => {
    const site = await startMixedSite(items, 3, 3);
    try {
      const cfg = crawlCfg();
      const rendered: string[] = [];
      const pages: CrawledPage[] = [];
      const res = await crawlSource(
        { cfg, log, renderPlayers: (urls) => (rendered.push(...urls), renderPlayers({ cfg, log }, urls)) },
        { id: 'mixed-js', kind: 'web', url: site.listingUrl },
        async (p) => void pages.push(p),
      );
      expect(res.failed).toEqual([]);
      expect(rendered.map((u) => u.replace(/^.*\/films\//, '')).sort()).toEqual(['film-0.html', 'film-3.html']);
      expect(pages).toHaveLength(6);
      for (const p of pages) expect(p.extract.streams, p.url).toEqual([p.url.replace(/\/films\/(film-\d+)\.html$/, '/hls/$1/index.m3u8')]);
    } finally {
      await site.close();
    }
  }, 90_000);
});
