// /review and the public pages in a real Chromium under their Content-Security-Policy (issue 12): the page's own
// script and stylesheet run (allowed by hash), nothing is blocked, the investigator decides a review, and the API
// key is kept in page memory only: never in sessionStorage, localStorage or a cookie, and gone after "Forget key"
// or a reload.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../crawlers/playwright/render-players.ts';
import { tempDir } from '../kit/temp.ts';
import { seedMatch, seedUser } from '../database/registry-fixtures.ts';
import { startApi, type Api } from '../database/api-harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the review page browser test: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)('review page in Chromium', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  let key = '';
  let matchId = '';

  beforeAll(async () => {
    api = await startApi(tempDir('kuzet-review-page-'));
    key = (await seedUser(api.db, 'alma', 'investigator')).apiKey;
    matchId = await seedMatch(api.db, 'https://kinopirat.example.kz/kyz-zhibek', { status: 'pending_review', score: 0.61 });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** A fresh page that records CSP violations and console errors. */
  async function open(url: string): Promise<{ page: Page; problems: string[] }> {
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(url);
    return { page, problems };
  }

  const stored = (page: Page) => page.evaluate(() => ({ session: JSON.stringify(sessionStorage), local: JSON.stringify(localStorage), cookie: document.cookie }));

  it('renders the public registry with its stylesheet and no CSP violation', async () => {
    const { page, problems } = await open(`${base}/en/`);
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px'); // the hashed <style> applied
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]); // /favicon.ico
    await page.context().close();
  });

  it('decides a review with the key held in memory only', async () => {
    const { page, problems } = await open(`${base}/review`);
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    await page.fill('#key', key);
    await page.click('#keyform button[type=submit], #keyform button:not([type])');
    await page.waitForSelector(`button[data-id="${matchId}"][data-verdict="approve"]`);
    expect(await page.textContent('#reviews')).toContain('kinopirat.example.kz/kyz-zhibek');
    expect(await page.inputValue('#key')).toBe(''); // not left in the field either
    expect(await stored(page)).toEqual({ session: '{}', local: '{}', cookie: '' });

    page.once('dialog', (d) => void d.accept('same film, full length'));
    await page.click(`button[data-id="${matchId}"][data-verdict="approve"]`);
    await page.waitForFunction(() => document.querySelector('#msg')?.textContent?.includes('confirmed'));
    const [row] = await api.db.query<{ status: string }>('SELECT status FROM matches WHERE id = $1', [matchId]);
    expect(row!.status).toBe('confirmed');
    expect(api.jobs.map(([name]) => name)).toEqual(['publish.match.v1']);
    expect(await stored(page)).toEqual({ session: '{}', local: '{}', cookie: '' });

    // "Forget key" drops it: the next load is refused
    await page.click('#forget');
    expect(await page.textContent('#msg')).toMatch(/key forgotten/i);
    await page.evaluate(() => document.querySelector<HTMLFormElement>('#keyform')!.requestSubmit());
    await page.waitForFunction(() => /Enter an API key/.test(document.querySelector('#msg')?.textContent ?? ''));
    // and a reload starts with no key at all
    await page.reload();
    expect(await page.textContent('#reviews')).toBe('');
    expect(await stored(page)).toEqual({ session: '{}', local: '{}', cookie: '' });

    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]); // /favicon.ico
    await page.context().close();
  });

  it('removes a key an older version of the page left in sessionStorage', async () => {
    const { page } = await open(`${base}/review`);
    await page.evaluate((k) => sessionStorage.setItem('kuzetKey', k), key);
    await page.reload();
    expect(await stored(page)).toEqual({ session: '{}', local: '{}', cookie: '' });
    expect(await page.textContent('#reviews')).toBe(''); // and did not use it
    await page.context().close();
  });
});
