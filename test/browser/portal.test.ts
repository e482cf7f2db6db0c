// The rights holders' portal (/portal, issue 11) in a real Chromium under its CSP: a rights holder signs in with an
// API key (a session cookie from then on; the key is not kept), imports a State Film Register CSV through the page, sees each film with its
// protection ("metadata only" without a reference video) and follow-up counts, searches in Latin Kazakh; another rights
// holder sees none of them; hostile titles stay text. Screenshots go to /work/notes/shots/films/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, listen, openPage } from '../kit/browser.ts';
import { tempDir } from '../kit/temp.ts';
import { seedUser } from '../database/registry-fixtures.ts';
import { startApi, type Api } from '../database/api-harness.ts';

const SHOTS = process.env.KUZET_SHOTS ?? '/work/notes/shots/films';

const CSV = ['register_no;title_kk;title_ru;title_en;year;genre;rights_holder;rights_holder_bin;colour',
  '0001-21;Дала үні;Голос степи;Voice of the Steppe;2021;драма;АО «Казахфильм»;940140000385;red',
  '0002-19;Қыз Жібек;Кыз Жибек;Kyz Zhibek;1970;мелодрама;АО «Казахфильм»;940140000385;',
  '0003-22;<img src=x onerror=alert(1)>;=HYPERLINK("http://evil.example");;2022;;;;',
  '0004-22;Жаман;Плохой;;20x0;;;940140000386;'].join('\n');

describe.skipIf(!hasChromium)('rights holders portal in Chromium', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  let keyA = '';
  let keyB = '';
  const dir = tempDir('kuzet-portal-');

  beforeAll(async () => {
    api = await startApi(dir);
    keyA = (await seedUser(api.db, 'Казахфильм', 'rights_holder')).apiKey;
    keyB = (await seedUser(api.db, 'Другая студия', 'rights_holder')).apiKey;
    fs.writeFileSync(path.join(dir, 'register.csv'), CSV);
    base = await listen(api.app);
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = (url: string) => openPage(browser, url);
  async function signIn(page: Page, key: string) {
    await page.fill('#key', key);
    await page.click('#keyform button[type=submit]');
  }

  it('a rights holder signs in, imports a register CSV, sees protection per film and searches; nothing leaks to storage', async () => {
    const { page, problems } = await open(`${base}/ru/portal`);
    await page.screenshot({ path: path.join(SHOTS, 'portal-1-sign-in-ru.png'), fullPage: true });
    await signIn(page, 'kz_wrong-key');
    await page.waitForSelector('#msg.bad');
    expect(await page.textContent('#msg')).toMatch(/Ключ не принят/);
    await signIn(page, keyA);
    await page.waitForSelector('#films p.muted');
    expect(await page.textContent('#films')).toContain('Фильмов пока нет');

    await page.setInputFiles('#csv', path.join(dir, 'register.csv'));
    await page.click('#importform button');
    await page.waitForSelector('#films table');
    const report = await page.textContent('#report');
    expect(report).toMatch(/3 создано, 0 обновлено, 0 без изменений, 1 ошибки/);
    expect(report).toContain('colour');
    expect(report).toMatch(/строка 5: year: .*rights_holder_bin: BIN check digit does not match/);
    const rows = await page.$$eval('#films tr[data-film]', (trs) => trs.map((tr) => tr.textContent));
    expect(rows).toHaveLength(3);
    expect(rows.join('\n')).toContain('только метаданные (нет видео)');
    expect(rows.join('\n')).toContain('0002-19');
    // a hostile title is shown as text, not markup (no dialog, no <img> injected)
    expect(await page.$$eval('#films img', (x) => x.length)).toBe(0);
    expect(rows.join('\n')).toContain('<img src=x onerror=alert(1)>');
    await page.screenshot({ path: path.join(SHOTS, 'portal-2-imported-ru.png'), fullPage: true });

    await page.fill('#q', 'qyz jıbek');
    await page.click('#searchform button');
    await page.waitForSelector('#hits li');
    expect(await page.textContent('#hits')).toMatch(/Қыз Жібек \/ Кыз Жибек/);
    await page.screenshot({ path: path.join(SHOTS, 'portal-3-search-ru.png'), fullPage: true });
    expect(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie)).toBe('{}{}');
    // the one failed request is the wrong key tried on purpose above
    expect(problems).toEqual(['401 /api/session']);
  });

  it('another rights holder sees none of those films; the page works in Kazakh and English', async () => {
    const { page, problems } = await open(`${base}/kk/portal`);
    await signIn(page, keyB);
    await page.waitForSelector('#films p.muted');
    expect(await page.textContent('#films')).toContain('Әзірге фильм жоқ');
    await page.fill('#q', 'dala uni');
    await page.click('#searchform button');
    await page.waitForSelector('#hits li');
    expect(await page.textContent('#hits')).toBe('Ештеңе табылмады');
    await page.screenshot({ path: path.join(SHOTS, 'portal-4-other-holder-kk.png'), fullPage: true });
    const en = await open(`${base}/en/portal`);
    await signIn(en.page, keyA);
    await en.page.waitForSelector('#films table');
    expect(await en.page.textContent('#films')).toContain('metadata only (no video)');
    await en.page.screenshot({ path: path.join(SHOTS, 'portal-5-films-en.png'), fullPage: true });
    expect([...problems, ...en.problems]).toEqual([]);
  });
});
