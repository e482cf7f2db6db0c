// The review page renders what the API returns with innerHTML: a pirate's candidate URL, film titles (a films
// import) and a proposed entry's films carrying markup must show as text in a real Chromium, run nothing, inject no
// element, and cause no CSP violation (issue 12, hostile input). Screenshots: /work/notes/shots/hostile/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, listen, openPage } from '../kit/browser.ts';
import { tempDir } from '../kit/temp.ts';
import { seedMatch, seedUser } from '../database/registry-fixtures.ts';
import { startApi, type Api } from '../database/api-harness.ts';

const SHOTS = process.env.KUZET_SHOTS_DIR ?? '';

const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Қыз</b><script>window.__pwned=2</script>';
const HOSTILE_URL = 'https://pirate.example/film/"><svg onload="window.__pwned=3">?a=\'><b id=inj>x</b>';

describe.skipIf(!hasChromium)('hostile data on the review page and public pages in Chromium', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  let key = '';

  const dir = tempDir('kuzet-hostile-review-');
  beforeAll(async () => {
    api = await startApi(dir);
    key = (await seedUser(api.db, 'alma', 'investigator')).apiKey;
    await api.db.query(`INSERT INTO films (id, title_kk, title_ru, title_en, year) VALUES ('film_h', $1, $2, $3, 2020)`,
      [HOSTILE_TITLE, `${HOSTILE_TITLE} \u202Egpj.exe`, HOSTILE_TITLE]);
    await seedMatch(api.db, HOSTILE_URL, { filmId: 'film_h', status: 'pending_review', score: 0.66 });
    await api.db.query(`INSERT INTO registry_entries (id, domain, status, film_ids, match_ids, reason)
      VALUES ('reg_p', 'kino.pirate.example', 'proposed', ARRAY['film_h'], ARRAY[]::text[], $1)`, [HOSTILE_TITLE]);
    await api.db.query(`INSERT INTO registry_entries (id, domain, status, serial, film_ids, match_ids, reason, activated_at)
      VALUES ('reg_a', 'kino2.pirate.example', 'active', 1, ARRAY['film_h'], ARRAY[]::text[], $1, now())`, [HOSTILE_TITLE]);
    await api.db.query(`SELECT setval('registry_serial', 1)`);
    base = await listen(api.app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = (url: string) => openPage(browser, url, { width: 1100, height: 700 });
  const injected = () => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    elements: document.querySelectorAll('img, svg, #inj').length + [...document.scripts].filter((s) => s.text.includes('__pwned')).length,
  });

  it('the review page shows the hostile URL and titles as text, runs none of them', async () => {
    const { page, problems } = await open(`${base}/review`);
    await page.fill('#key', key);
    await page.click('#keyform button:not([type])');
    await page.waitForSelector('#reviews button[data-verdict="approve"]');
    await page.waitForSelector('#proposed button[data-verdict="approve"]');
    expect(await page.evaluate(injected)).toEqual({ pwned: null, elements: 0 });
    const reviews = (await page.textContent('#reviews'))!;
    expect(reviews).toContain('<img src=x onerror="window.__pwned=1">Қыз');
    expect(reviews).toContain('pirate.example/film/');
    expect(reviews).toContain('gpj.exe'); // shown, but without the right-to-left override that would flip it
    expect(reviews).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(await page.textContent('#proposed')).toContain('<script>window.__pwned=2</script>');
    // the link goes where the (percent-encoded) URL says, not to a javascript: URL
    expect(await page.getAttribute('#reviews a', 'href')).toMatch(/^https:\/\/pirate\.example\/film\//);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'review-hostile.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each(['/en/', '/ru/', '/kk/', '/en/registry/1'])('%s shows the hostile titles as text, runs none of them', async (url) => {
    const { page, problems } = await open(`${base}${url}`);
    expect(await page.evaluate(injected)).toEqual({ pwned: null, elements: 0 });
    expect(await page.textContent('main')).toContain('<img src=x onerror="window.__pwned=1">Қыз');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `public-hostile-${url.replace(/\W+/g, '_')}.png`), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
