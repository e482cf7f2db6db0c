// Pages in a real Chromium (Debian's, never downloaded) for the browser tier: launch it, serve an API on loopback,
// and open a page that records every problem a person would not see — console errors, uncaught exceptions,
// dialogs (an injected alert), CSP violations and failed responses (by status and path; the browser's own
// /favicon.ico request is not ours).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../crawlers/playwright/render-players.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

/** Listens on a free loopback port; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export interface OpenOptions {
  width?: number;
  height?: number;
  /** the browser's language (date inputs and number formats follow it) */
  locale?: string;
  acceptDownloads?: boolean;
}

/** A fresh context and page at `url`; `problems` collects what went wrong on it, as it happens. */
export async function openPage(browser: Browser, url: string, o: OpenOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: o.width ?? 1200, height: o.height ?? 900 }, acceptDownloads: o.acceptDownloads ?? false, ...(o.locale ? { locale: o.locale } : {}) });
  const page = await context.newPage();
  const problems: string[] = [];
  // a failed load is reported by its response below (the console line names no address)
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(m.text()); });
  page.on('response', (r) => {
    const where = new URL(r.url());
    if (r.status() >= 400 && where.pathname !== '/favicon.ico') problems.push(`${r.status()} ${where.pathname}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.type()} ${d.message()}`); void d.dismiss(); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  return { page, problems };
}
