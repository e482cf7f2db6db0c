// Full-page screenshots of candidate pages in Debian's Chromium (playwright-core), as evidence of what a visitor saw.
// Every request leaves through an egress proxy session of its own (net/egress.ts: the dialled address of every hop is
// checked; loopback not bypassed), page.route refuses first hops early (assertPublicUrl) and aborts video and stream
// requests so no film is downloaded (images load: posters are part of the evidence). Bounded: page height (taller
// pages are cut and marked `clipped`), bytes (PNG, then JPEG, else a failure), and one deadline per shot.
// One browser per screenshotter, launched on first use and closed after idleMs without shots (or by close()).
import { chromium, type Browser, type Route } from 'playwright-core';
import type { Egress } from '../net/egress.ts';
import { assertPublicUrl } from '../net/fetch.ts';
import { CHROMIUM_ARGS, proxyArgs } from '../crawlers/playwright/render-players.ts';
import { STREAM_URL } from '../crawlers/playwright/guard.ts';

export interface ScreenshotOptions {
  chromiumPath: string;
  userAgent: string;
  viewport?: { width: number; height: number };
  /** taller pages are cut at this height */
  maxHeight?: number;
  maxBytes?: number;
  timeoutMs?: number;
  idleMs?: number;
}

export interface Screenshot {
  data: Buffer;
  mediaType: 'image/png' | 'image/jpeg';
  ext: '.png' | '.jpg';
  width: number;
  height: number;
  /** the page's own height, when it was cut at maxHeight */
  clipped: boolean;
  pageHeight: number;
  finalUrl: string;
  title: string;
  at: Date;
  /** requests refused by the guard or the egress proxy */
  blocked: string[];
}

export interface Screenshotter {
  shoot(url: string): Promise<Screenshot>;
  close(): Promise<void>;
}

const HEAVY = new Set(['media', 'font']);

export function createScreenshotter(egress: Egress, o: ScreenshotOptions): Screenshotter {
  const viewport = o.viewport ?? { width: 1280, height: 900 };
  const maxHeight = o.maxHeight ?? 12_000;
  const maxBytes = o.maxBytes ?? 8 * 1024 * 1024;
  const timeoutMs = o.timeoutMs ?? 30_000;
  let browser: Promise<{ b: Browser; close: () => Promise<void> }> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let busy = 0;

  const launch = () =>
    (browser ??= (async () => {
      const catchAll = await egress.session(); // for anything outside a page context
      const b = await chromium.launch({ executablePath: o.chromiumPath, headless: true, args: [...CHROMIUM_ARGS, ...proxyArgs(catchAll.url)] }).catch(async (e: Error) => {
        await catchAll.close();
        browser = null;
        throw e;
      });
      return { b, close: async () => { await b.close().catch(() => undefined); await catchAll.close(); } };
    })());

  const shutdown = async () => {
    if (idle) clearTimeout(idle);
    idle = null;
    const current = browser;
    browser = null;
    if (current) await (await current.catch(() => null))?.close();
  };

  async function shootOnce(url: string, deadline: number): Promise<Screenshot> {
    const { b } = await launch();
    const session = await egress.session();
    const blocked: string[] = [];
    const context = await b.newContext({
      proxy: { server: session.url, bypass: '<-loopback>' }, viewport, userAgent: o.userAgent,
      ignoreHTTPSErrors: true, serviceWorkers: 'block', acceptDownloads: false, bypassCSP: false,
    });
    try {
      const verdicts = new Map<string, Promise<boolean>>();
      await context.route('**/*', async (route: Route) => {
        const req = route.request();
        const u = req.url();
        if (u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
        let origin: string;
        try {
          origin = new URL(u).origin;
        } catch {
          return route.abort('blockedbyclient');
        }
        if (!verdicts.has(origin)) verdicts.set(origin, assertPublicUrl(egress.policy, u).then(() => true, () => false));
        if (!(await verdicts.get(origin))) return void blocked.push(u), route.abort('blockedbyclient');
        if (STREAM_URL.test(new URL(u).pathname) || HEAVY.has(req.resourceType())) return route.abort('aborted');
        return route.continue();
      });
      const page = await context.newPage();
      const left = () => Math.max(1000, deadline - Date.now());
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: left() });
      await page.waitForLoadState('load', { timeout: Math.min(left(), 8000) }).catch(() => undefined);
      await page.waitForTimeout(250);
      const pageHeight = await page.evaluate(() => Math.max(document.documentElement?.scrollHeight ?? 0, document.body?.scrollHeight ?? 0));
      const clipped = pageHeight > maxHeight;
      const height = Math.max(viewport.height, Math.min(pageHeight, maxHeight));
      const clip = { x: 0, y: 0, width: viewport.width, height };
      let data = await page.screenshot({ fullPage: true, clip, type: 'png', timeout: left(), animations: 'disabled' });
      let kind: 'png' | 'jpeg' = 'png';
      if (data.length > maxBytes) {
        data = await page.screenshot({ fullPage: true, clip, type: 'jpeg', quality: 70, timeout: left(), animations: 'disabled' });
        kind = 'jpeg';
      }
      if (data.length > maxBytes) throw new Error(`screenshot of ${url} is ${data.length} bytes even as JPEG (limit ${maxBytes})`);
      for (const r of session.refusals) if (!blocked.includes(r.target)) blocked.push(r.target);
      return {
        data, mediaType: kind === 'png' ? 'image/png' : 'image/jpeg', ext: kind === 'png' ? '.png' : '.jpg',
        width: viewport.width, height, clipped, pageHeight, finalUrl: page.url(), title: (await page.title()).slice(0, 500), at: new Date(), blocked,
      };
    } finally {
      await context.close().catch(() => undefined);
      await session.close();
    }
  }

  return {
    async shoot(url) {
      busy++;
      if (idle) clearTimeout(idle);
      const deadline = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          shootOnce(url, deadline),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`screenshot of ${url} took longer than ${timeoutMs} ms`)), timeoutMs + 2000))),
        ]);
      } finally {
        clearTimeout(timer);
        if (--busy === 0) idle = setTimeout(() => void shutdown(), o.idleMs ?? 30_000).unref();
      }
    },
    close: shutdown,
  };
}
