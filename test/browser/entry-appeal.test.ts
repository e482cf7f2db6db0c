// The public entry page and the appeal form in a real Chromium, in Kazakh, Russian and English, under the pages' CSP
// (no script; the form posts multipart to the server): the entry shows its legal basis, status, films, URL count and
// version history; a site owner follows the appeal link, fills in contact and grounds, attaches a PDF, submits, and
// lands on the appeal's status page with its reference; the entry then shows "under appeal"; after a supervisor lifts
// it, the entry page shows the decision and the whole history. Screenshots go to /work/notes/shots/lifecycle/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, listen, openPage } from '../kit/browser.ts';
import { publishMatch } from '../../registry/publish.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from '../database/api-harness.ts';
import { activeEntry } from '../database/lifecycle-fixtures.ts';
import { seedFilm, seedMatch, seedUser } from '../database/registry-fixtures.ts';

const SHOTS = process.env.KUZET_SHOTS ?? '/work/notes/shots/lifecycle';
const GROUNDS = {
  kk: 'Сайтта фильмді көрсетуге құқық иесінің лицензиясы бар, шарт қоса беріліп отыр.',
  ru: 'У сайта есть лицензия правообладателя на показ фильма, договор приложен.',
  en: 'The site holds a licence from the rights holder to show this film; the contract is attached.',
} as const;

describe.skipIf(!hasChromium)('entry page and appeal form in Chromium', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  let serial = 0;
  let entryId = '';
  const dir = tempDir('kuzet-entry-browser-');

  beforeAll(async () => {
    api = await startApi(dir);
    ({ entryId, serial } = await activeEntry(api.db, 'https://kinogo-kz.example/films/kyz-zhibek'));
    await seedFilm(api.db, 'film_2', { kk: 'Көшпенділер', ru: 'Кочевник', en: 'Nomad' });
    await publishMatch({ db: api.db, cfg: testConfig(), log: silentLog() }, await seedMatch(api.db, 'https://kinogo-kz.example/films/nomad', { filmId: 'film_2' }));
    base = await listen(api.app);
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = (url: string) => openPage(browser, url, { width: 1100, height: 900 });

  for (const lang of ['kk', 'ru', 'en'] as const) {
    it(`${lang}: entry page → appeal form → status page`, async () => {
      const { page, problems } = await open(`${base}/${lang}/`);
      await page.click(`a[href="/${lang}/registry/${serial}"]`); // the public list links to the entry page
      await page.waitForURL(`**/${lang}/registry/${serial}`);
      expect(await page.locator('dl.entry').innerText()).toContain('kinogo-kz.example');
      expect(await page.locator('table.history tbody tr').count()).toBeGreaterThanOrEqual(3); // proposed, activated, film added
      await page.screenshot({ path: path.join(SHOTS, `entry-${lang}.png`), fullPage: true });

      await page.click(`a.button[href="/${lang}/registry/${serial}/appeal"]`);
      await page.waitForURL(`**/${lang}/registry/${serial}/appeal`);
      await page.fill('#contact', `owner-${lang}@kinogo-kz.example`);
      await page.fill('#grounds', GROUNDS[lang]);
      await page.setInputFiles('#evidence', { name: 'licence.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await page.screenshot({ path: path.join(SHOTS, `appeal-form-${lang}.png`), fullPage: true });
      await page.click('form.appeal button[type=submit]');
      await page.waitForURL(new RegExp(`/${lang}/appeals/AP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`));
      const ref = page.url().split('/').pop()!;
      expect(await page.locator('h1').innerText()).toContain(ref);
      expect(await page.locator('dl.entry').innerText()).toContain(GROUNDS[lang]);
      await page.screenshot({ path: path.join(SHOTS, `appeal-status-${lang}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.context().close();
    }, 120_000);
  }

  it('the entry under appeal, then lifted by a supervisor: decision and history on the page', async () => {
    const { page: under } = await open(`${base}/en/registry/${serial}`);
    expect(await under.locator('.badge').first().innerText()).toContain('Under appeal');
    await under.screenshot({ path: path.join(SHOTS, 'entry-under-appeal-en.png'), fullPage: true });
    await under.context().close();

    const sup = await seedUser(api.db, 'Supervisor Aigerim', 'supervisor');
    const items = (await api.app.inject({ method: 'GET', url: '/api/appeals', headers: bearer(sup.apiKey) })).json().items as Array<{ ref: string; lang: string }>;
    expect(items).toHaveLength(3);
    const byLang = (l: string) => items.find((a) => a.lang === l)!.ref;
    await api.app.inject({ method: 'POST', url: `/api/appeals/${byLang('kk')}/decision`, headers: bearer(sup.apiKey), payload: { decision: 'uphold', reason: 'The contract covers another film.' } });
    const lift = await api.app.inject({ method: 'POST', url: `/api/appeals/${byLang('en')}/decision`, headers: bearer(sup.apiKey), payload: { decision: 'lift', reason: 'Valid licence for this film until 2027 (contract No. 17-KF).' } });
    expect(lift.json()).toEqual({ status: 'lifted', entryStatus: 'lifted' });

    const { page, problems } = await open(`${base}/en/registry/${serial}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Lifted');
    expect(text).toContain('Valid licence for this film until 2027');
    expect(text).toContain('The contract covers another film.');
    expect(await page.locator('a.button').count()).toBe(0); // no appeal route for an entry no longer in force
    await page.screenshot({ path: path.join(SHOTS, 'entry-lifted-en.png'), fullPage: true });
    const { page: ru } = await open(`${base}/ru/registry/${serial}`);
    await ru.screenshot({ path: path.join(SHOTS, 'entry-lifted-ru.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(entryId).toMatch(/^reg_/);
  }, 120_000);
});
