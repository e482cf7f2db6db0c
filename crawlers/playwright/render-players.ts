// renderPlayers: opens pages whose stream URL is not in the HTML (players built by JavaScript) in headless
// Chromium through crawlee's PlaywrightCrawler, and sniffs the .m3u8/.mp4 requests they make. Own crawlee
// Configuration (in-memory storage), Debian's Chromium (nothing is downloaded). Every request, redirect hops
// included, leaves through an egress proxy session (net/egress.ts; loopback not bypassed) that checks the dialled
// address: one session per page, in the page's own browser context (page-egress.ts), so the page's `blocked` lists
// exactly what it tried; page.route (guard.ts) refuses first hops early and aborts heavy media.
import { Configuration, Log, LogLevel, PlaywrightCrawler } from 'crawlee';
import { MemoryStorage } from '@crawlee/memory-storage';
import type { Logger } from 'pino';
import { chromium, type Page } from 'playwright-core';
import { forComponent } from '../../config/log.ts';
import type { AppConfig } from '../../config/schema.ts';
import { createEgress, type Egress } from '../../net/egress.ts';
import { policyFromConfig } from '../../net/fetch.ts';
import { installGuard, STREAM_URL } from './guard.ts';
import { pageEgress } from './page-egress.ts';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Everything Chromium fetches goes to the egress proxy: no bypass (not even loopback, which Chromium bypasses by
 * default), no QUIC, and WebRTC may not send UDP around the proxy. */
export const proxyArgs = (proxyUrl: string) => [`--proxy-server=${proxyUrl}`, '--proxy-bypass-list=<-loopback>', '--disable-quic', '--force-webrtc-ip-handling-policy=disable_non_proxied_udp'];

export interface RenderResult {
  url: string;
  /** stream URLs requested by the page (or set on a <video>) */
  streams: string[];
  /** requests aborted by the SSRF guard */
  blocked: string[];
  error?: string;
}

export type RenderPlayers = (urls: string[]) => Promise<RenderResult[]>;

type RenderCfg = Pick<AppConfig, 'chromiumPath' | 'fetchAllowlist' | 'fetchMaxBytes' | 'fetchTimeoutMs' | 'crawlUserAgent' | 'crawlConcurrency'>;

async function videoSources(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const frame of page.frames()) {
    const srcs = await frame
      .$$eval('video, video source', (els) => els.map((e) => (e as HTMLVideoElement).currentSrc || (e as HTMLSourceElement).src).filter(Boolean))
      .catch(() => [] as string[]);
    out.push(...srcs);
  }
  return out;
}

export async function renderPlayers(deps: { cfg: RenderCfg; log: Logger; egress?: Egress }, urls: string[], opts: { waitMs?: number } = {}): Promise<RenderResult[]> {
  const { cfg } = deps;
  const log = forComponent(deps.log, 'crawler', { path: 'playwright' });
  const egress = deps.egress ?? createEgress(policyFromConfig(cfg));
  const policy = egress.policy;
  const session = await egress.session(); // the browser's catch-all; pages have their own
  const perPage = pageEgress(egress);
  const waitMs = opts.waitMs ?? Math.min(cfg.fetchTimeoutMs, 8000);
  const results = new Map<string, RenderResult>(urls.map((u) => [u, { url: u, streams: [], blocked: [] }]));
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: false,
    storageClient: new MemoryStorage({ persistStorage: false, writeMetadata: false }),
  });
  const crawler = new PlaywrightCrawler(
    {
      launchContext: { launcher: chromium, useIncognitoPages: true, launchOptions: { executablePath: cfg.chromiumPath, headless: true, args: [...CHROMIUM_ARGS, ...proxyArgs(session.url)] }, userAgent: cfg.crawlUserAgent },
      browserPoolOptions: {
        useFingerprints: false,
        maxOpenPagesPerBrowser: 4,
        prePageCreateHooks: [(pageId, _browser, pageOptions) => perPage.beforeCreate(pageId, pageOptions as Record<string, unknown> | undefined)],
        postPageCloseHooks: [(pageId) => perPage.afterClose(pageId)],
      },
      maxConcurrency: Math.min(cfg.crawlConcurrency, 2),
      maxRequestRetries: 0,
      navigationTimeoutSecs: Math.ceil(cfg.fetchTimeoutMs / 1000) + 5,
      requestHandlerTimeoutSecs: Math.ceil((cfg.fetchTimeoutMs + waitMs) / 1000) + 15,
      useSessionPool: false,
      persistCookiesPerSession: false,
      retryOnBlocked: false,
      log: new Log({ level: LogLevel.OFF, prefix: 'playwright' }),
      statusMessageLoggingInterval: 3600,
      preNavigationHooks: [
        async ({ page, request }, gotoOptions) => {
          const r = results.get(String(request.userData['target']))!;
          await installGuard(page, policy, r);
          perPage.attach(page, crawler.browserPool.getPageId(page)!, r);
          page.on('request', (req) => {
            const u = req.url();
            if (/^https?:/.test(u) && STREAM_URL.test(new URL(u).pathname) && !r.blocked.includes(u) && !r.streams.includes(u)) r.streams.push(u);
          });
          if (gotoOptions) gotoOptions.waitUntil = 'domcontentloaded';
        },
      ],
      requestHandler: async ({ page, request }) => {
        const r = results.get(String(request.userData['target']))!;
        const deadline = Date.now() + waitMs;
        while (Date.now() < deadline) {
          if (r.streams.length > 0) break;
          const dom = (await videoSources(page)).filter((s) => /^https?:/.test(s) && STREAM_URL.test(new URL(s).pathname));
          if (dom.length) {
            for (const s of dom) if (!r.streams.includes(s) && !r.blocked.includes(s)) r.streams.push(s);
            break;
          }
          await page.waitForTimeout(150);
        }
        perPage.sweep(crawler.browserPool.getPageId(page)!);
        log.debug({ url: request.url, streams: r.streams.length, blocked: r.blocked.length }, 'player page rendered');
      },
      failedRequestHandler: async ({ request }, error) => {
        const r = results.get(String(request.userData['target']));
        if (r) r.error = error.message;
        log.warn({ url: request.url, err: error.message }, 'player page render failed');
      },
    },
    config,
  );
  try {
    await crawler.run(urls.map((u) => ({ url: u, uniqueKey: `render:${u}`, userData: { target: u } })));
  } finally {
    await crawler.teardown().catch(() => undefined);
    await perPage.closeAll();
    await session.close();
  }
  // a stream URL whose hop the egress refused is not a stream
  return urls.map((u) => results.get(u)!).map((r) => ({ ...r, streams: r.streams.filter((s) => !r.blocked.includes(s)) }));
}
