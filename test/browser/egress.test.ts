// Browser egress (issue 12): Chromium reaches the network only through the egress proxy, so a redirect hop is
// checked like a first request (page.route never sees hops). The page is on "localhost" (allowlisted by name);
// its script, iframe and fetch each 302-redirect to a server on the literal 127.0.0.1, which is not allowlisted (the
// player appears once all three have settled, so the render does not end before their hops are reported).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlayers } from '../../crawlers/playwright/render-players.ts';
import { createEgress } from '../../net/egress.ts';
import { policyFromConfig } from '../../net/fetch.ts';
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
          <script src="/r/script.js"></script><script src="/tls/lib.js"></script><iframe src="/r/frame.html"></iframe>
          <script>var settled = 0; function player() { if (++settled < 2) return;
              var v = document.createElement('video'); v.src = '/hls/film/index.m3u8'; document.body.appendChild(v); }
            window.addEventListener('load', player); fetch('/r/api').catch(function () {}).then(player);</script></body></html>`);
      }
      if (p.startsWith('/r/')) return void res.writeHead(302, { location: `${internalUrl}/${p.slice(3)}` }).end();
      if (p.startsWith('/tls/')) return void res.writeHead(302, { location: `https://127.0.0.1:${internal!.port}/${p.slice(5)}` }).end();
      if (p.endsWith('.m3u8')) return void res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-ENDLIST\n');
      res.writeHead(404).end();
    });
    siteUrl = `http://localhost:${site.port}`;
  });

  afterAll(async () => {
    await Promise.all([site, internal].map((s) => s?.close()));
  });

  const cfg = () => testConfig({ chromiumPath: CHROMIUM, fetchAllowlist: ['localhost'], fetchTimeoutMs: 10_000, crawlConcurrency: 1 });

  it('a script, an iframe and a fetch that 302-redirect to a refused address (and a script to https on it) never reach it, and are reported as blocked', async () => {
    const [r] = await renderPlayers({ cfg: cfg(), log: silentLog() }, [`${siteUrl}/hops`]);
    expect(r!.error).toBeUndefined();
    expect(r!.streams).toEqual([`${siteUrl}/hls/film/index.m3u8`]);
    expect(internalHits).toEqual([]);
    expect(r!.blocked).toEqual(expect.arrayContaining([`${internalUrl}/script.js`, `${internalUrl}/frame.html`, `${internalUrl}/api`]));
    // the https hop is a CONNECT the proxy refused: reported by its URL, or by host:port when Chromium did not say
    expect(r!.blocked.filter((b) => b.startsWith(`https://127.0.0.1:${internal!.port}/`))).toHaveLength(1);
  }, 90_000);

  it('a page host whose DNS answer changes after page.route checked it: Chromium does not resolve it, the proxy refuses', async () => {
    // page.route's check gets 127.0.0.2 (allowlisted); the proxy's connect-time lookup gets 127.0.0.1 (not), same port
    const good = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<div class="player"></div>'));
    await new Promise<void>((r) => good.listen(0, '127.0.0.2', r));
    const port = (good.address() as AddressInfo).port;
    const evilHits: string[] = [];
    const evil = http.createServer((req, res) => (evilHits.push(req.url ?? ''), res.writeHead(200, { 'content-type': 'text/html' }).end('evil')));
    await new Promise<void>((r, j) => evil.once('error', j).listen(port, '127.0.0.1', r));
    let lookups = 0;
    const resolve = async (host: string) => [{ address: host === 'player.rebind.test' && lookups++ === 0 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
    const c = testConfig({ chromiumPath: CHROMIUM, fetchAllowlist: ['127.0.0.2'], fetchTimeoutMs: 10_000, crawlConcurrency: 1 });
    try {
      const url = `http://player.rebind.test:${port}/page`;
      const [r] = await renderPlayers({ cfg: c, log: silentLog(), egress: createEgress({ ...policyFromConfig(c), resolve }) }, [url], { waitMs: 500 });
      expect(lookups).toBeGreaterThanOrEqual(2);
      expect(evilHits).toEqual([]);
      expect(r!.blocked).toContain(url);
    } finally {
      for (const s of [good, evil]) s.closeAllConnections();
      await Promise.all([good, evil].map((s) => new Promise((r) => s.close(r))));
    }
  }, 90_000);
});
