// Browser egress (issue 12): Chromium reaches the network only through the egress proxy, so a redirect hop is
// checked like a first request (page.route never sees hops). The page is on "localhost" (allowlisted by name);
// its script, iframe and fetch each 302-redirect to a server on the literal 127.0.0.1, which is not allowlisted.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlayers } from '../../crawlers/playwright/render-players.ts';
import { testConfig } from '../kit/config.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';
import { silentLog } from '../kit/log.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('renderPlayers egress', () => {
  let site: TestServer | undefined;
  let internal: TestServer | undefined;
  let siteUrl = '';
  let internalUrl = '';
  const internalHits: string[] = [];

  beforeAll(async () => {
    internal = await serveHttp((req, res) => {
      internalHits.push(req.url ?? '');
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' }).end('secret');
    });
    internalUrl = internal.url;
    site = await serveHttp((req, res) => {
      const p = new URL(req.url ?? '/', 'http://x').pathname;
      if (p === '/hops') {
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html><body><div class="player"></div>
          <script src="/r/script.js"></script><iframe src="/r/frame.html"></iframe>
          <script>fetch('/r/api').catch(function () {});
            setTimeout(function () { var v = document.createElement('video'); v.src = '/hls/film/index.m3u8'; document.body.appendChild(v); }, 300);</script></body></html>`);
      }
      if (p.startsWith('/r/')) return void res.writeHead(302, { location: `${internalUrl}/${p.slice(3)}` }).end();
      if (p.endsWith('.m3u8')) return void res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-ENDLIST\n');
      res.writeHead(404).end();
    });
    siteUrl = `http://localhost:${site.port}`;
  });

  afterAll(async () => {
    await Promise.all([site, internal].map((s) => s?.close()));
  });

  const cfg = () => testConfig({ chromiumPath: CHROMIUM, fetchAllowlist: ['localhost'], fetchTimeoutMs: 10_000, crawlConcurrency: 1 });

  it('a script, an iframe and a fetch that 302-redirect to a refused address never reach it, and are reported as blocked', async () => {
    const [r] = await renderPlayers({ cfg: cfg(), log: silentLog() }, [`${siteUrl}/hops`]);
    expect(r!.error).toBeUndefined();
    expect(r!.streams).toEqual([`${siteUrl}/hls/film/index.m3u8`]);
    expect(internalHits).toEqual([]);
    expect(r!.blocked).toEqual(expect.arrayContaining([`${internalUrl}/script.js`, `${internalUrl}/frame.html`, `${internalUrl}/api`]));
  }, 90_000);
});
