// The dashboards page (/portal/dashboard, issue 11) in a real Chromium under its CSP: a rights holder signs in with an
// API key (a session cookie from then on, the key not kept; a wrong key is refused), the uPlot charts draw (a canvas in each uPlot root, uPlot loaded from /assets), the overdue item is marked
// with a colour AND a word, the CSV downloads through the script (Bearer header) with formula titles neutralised, a
// film can be chosen; another rights holder sees none of the first one's films. Screenshots (kk/ru/en at 1200 px,
// one at 390 px) go to /work/notes/shots/dashboards/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, listen, openPage } from '../kit/browser.ts';
import { tempDir } from '../kit/temp.ts';
import { startApi, type Api } from '../database/api-harness.ts';
import { seedDashboard } from '../database/dashboard-fixtures.ts';

const SHOTS = process.env.KUZET_SHOTS ?? '/work/notes/shots/dashboards';

describe.skipIf(!hasChromium)('dashboards page in Chromium', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  let s: Awaited<ReturnType<typeof seedDashboard>>;
  const dir = tempDir('kuzet-dashboard-ui-');

  beforeAll(async () => {
    api = await startApi(dir);
    s = await seedDashboard(api.db);
    base = await listen(api.app);
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  // the browser's own language as a reader of that page would have it (the date inputs show the browser's format)
  const open = (url: string, width = 1200) =>
    openPage(browser, url, { width, acceptDownloads: true, locale: url.includes('/en/') ? 'en-GB' : url.includes('/ru/') ? 'ru-RU' : 'kk-KZ' });
  async function signIn(page: Page, key: string) {
    await page.fill('#key', key);
    await page.click('#keyform button[type=submit]');
    await page.waitForSelector('#exposure table');
  }

  it('a rights holder sees both charts drawn, the overdue copy marked in words, and downloads the CSV (kk)', async () => {
    const { page, problems } = await open(`${base}/kk/portal/dashboard`);
    await signIn(page, s.a.apiKey);
    for (const id of ['#chart-status', '#chart-source']) {
      expect(await page.$$eval(`${id} .uplot canvas`, (c) => c.map((x) => (x as HTMLCanvasElement).width)), id).toEqual([expect.any(Number)]);
      expect(await page.$eval(`${id} .uplot canvas`, (x) => (x as HTMLCanvasElement).width)).toBeGreaterThan(300);
    }
    // the legend names the statuses and the domains
    expect(await page.textContent('#chart-status .u-legend')).toMatch(/расталған.*тексеруде.*қабылданбаған/s);
    expect(await page.textContent('#chart-source .u-legend')).toContain('kino-pirate.example');
    // overdue: one row, red AND the word; the late one says "кешігіп"; the summary counts it
    const overdue = await page.$$eval('#sla tr.overdue', (trs) => trs.map((tr) => [(tr as HTMLElement).dataset.match, tr.textContent]));
    expect(overdue.map((o) => o[0])).toEqual([s.ids.m2]);
    // and it comes first, before newer items that are on time
    expect(await page.$eval('#sla tr[data-match]', (tr) => (tr as HTMLElement).dataset.match)).toBe(s.ids.m2);
    expect(overdue[0]![1]).toContain('МЕРЗІМІ ӨТТІ');
    expect(await page.$eval('#sla tr.overdue td', (td) => getComputedStyle(td).backgroundColor)).toBe('rgb(253, 236, 234)');
    expect(await page.textContent(`#sla tr[data-match="${s.ids.m8}"]`)).toContain('кешігіп');
    expect(await page.textContent('#sla-summary')).toBe('Мерзімі өткен көшірмелер: 1');
    // the hostile title is text; exposure numbers of film_a1
    expect(await page.textContent('#exposure')).toContain('=HYPERLINK(');
    const a1 = await page.textContent('#exposure tr[data-film="film_a1"]');
    expect(a1).toMatch(/Дала үні.*0001-21/);
    expect(a1!.replace(/\s/g, '')).toContain('2000'); // views, grouped by the locale
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-1-kk-1200.png'), fullPage: true });
    // the key is not kept anywhere the page can read; the HttpOnly session survives a reload
    expect(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie)).toBe('{}{}');
    await page.reload();
    await page.waitForSelector('#exposure table');
    expect(await page.$$eval('#sla tr.overdue', (trs) => trs.length)).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).toMatch(/^kuzet-exposure-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^film_id,title_kk,title_ru,/);
    expect(csv).toContain('film_a1,Дала үні,Голос степи');
    expect(csv).toContain(`"'=HYPERLINK(`);
    expect(csv).not.toContain('film_b1');

    // one film chosen: the exposure table has only it
    await page.selectOption('#film', 'film_a2');
    await page.click('#filters button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#exposure tr[data-film]').length === 1);
    expect(await page.$eval('#exposure tr[data-film]', (tr) => (tr as HTMLElement).dataset.film)).toBe('film_a2');
    expect(problems).toEqual([]);
  });

  it('reads the same in Russian and English, and on a phone', async () => {
    const ru = await open(`${base}/ru/portal/dashboard`);
    await signIn(ru.page, s.a.apiKey);
    expect(await ru.page.textContent('#sla tr.overdue')).toContain('ПРОСРОЧЕНО');
    await ru.page.screenshot({ path: path.join(SHOTS, 'dashboard-2-ru-1200.png'), fullPage: true });
    const en = await open(`${base}/en/portal/dashboard`);
    await signIn(en.page, s.sup.apiKey);
    expect(await en.page.textContent('#sla tr.overdue')).toContain('OVERDUE');
    expect(await en.page.$$eval('#film option', (o) => o.length)).toBe(4); // all films + three: a supervisor sees all
    await en.page.screenshot({ path: path.join(SHOTS, 'dashboard-3-en-1200-supervisor.png'), fullPage: true });
    const phone = await open(`${base}/kk/portal/dashboard`, 390);
    await signIn(phone.page, s.a.apiKey);
    expect(await phone.page.$eval('#chart-status .uplot canvas', (x) => (x as HTMLCanvasElement).getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    // nothing wider than the phone: the page does not scroll sideways
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.screenshot({ path: path.join(SHOTS, 'dashboard-4-kk-390-phone.png'), fullPage: true });
    expect([...ru.problems, ...en.problems, ...phone.problems]).toEqual([]);
  });

  it('another rights holder sees none of the first one’s films', async () => {
    const { page, problems } = await open(`${base}/ru/portal/dashboard`);
    await page.fill('#key', 'kz_wrong-key');
    await page.click('#keyform button[type=submit]');
    await page.waitForSelector('#msg.bad');
    expect(await page.textContent('#msg')).toMatch(/^Ключ не принят/);
    expect(await page.isVisible('#exposure')).toBe(false);
    expect(problems.splice(0)).toEqual(['401 /api/session']);
    await signIn(page, s.b.apiKey);
    expect(await page.$$eval('#film option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['', 'film_b1']);
    const text = await page.textContent('main');
    for (const leak of ['Дала үні', 'Голос степи', 'piratechan', 'mirror.example', 'HYPERLINK']) expect(text).not.toContain(leak);
    expect(await page.$$eval('#exposure tr[data-film]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.film))).toEqual(['film_b1']);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-5-other-holder-ru.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
