// A rights holder protects a film without the CLI, in a real Chromium under the page's CSP (issue 11): signs in once
// (a session cookie; a reload stays signed in), registers a film through the form, uploads its reference video
// (generated with ffmpeg) — resuming an upload that was cut off — watches it queue and get fingerprinted by the real
// film.reference job, and sees the film protected; another rights holder sees neither the film nor its upload.
// Screenshots go to /work/notes/shots/portal/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFilm } from '../../fixtures/media/synthetic.ts';
import { fingerprintReferenceJob } from '../../workers/processors/fingerprint-reference.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { hasProgram } from '../kit/tools.ts';
import { hasChromium, launchChromium, listen, openPage } from '../kit/browser.ts';
import { bearer, startApi, type Api } from '../database/api-harness.ts';
import { seedUser } from '../database/registry-fixtures.ts';

const SHOTS = process.env.KUZET_SHOTS ?? '/work/notes/shots/portal';
const ready = hasChromium && hasProgram('ffmpeg');

describe.skipIf(!ready)('a rights holder protects a film in the portal (Chromium)', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  let keyA = '';
  let keyB = '';
  const dir = tempDir('kuzet-portal-flow-');
  const master = path.join(dir, 'steppe-master.mp4');

  beforeAll(async () => {
    api = await startApi(dir);
    keyA = (await seedUser(api.db, 'Казахфильм', 'rights_holder')).apiKey;
    keyB = (await seedUser(api.db, 'Другая студия', 'rights_holder')).apiKey;
    await generateFilm(api.deps.config, master, { seed: 11, seconds: 6, width: 320, height: 180, title: 'Steppe' });
    base = await listen(api.app);
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = (url: string, width = 1200) => openPage(browser, url, { width });
  const signIn = async (page: Page, key: string) => {
    await page.fill('#key', key);
    await page.click('#keyform button[type=submit]');
    await page.waitForSelector('body.in');
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  let filmId = '';

  it('signs in, registers a film, uploads its reference (resuming a cut-off upload), watches it fingerprinted', async () => {
    const { page, problems } = await open(`${base}/ru/portal`);
    await signIn(page, keyA);
    expect(await page.textContent('#who')).toContain('Казахфильм');
    expect(await page.evaluate(() => document.cookie)).toBe(''); // the session cookie is HttpOnly; the key is gone
    await page.fill('#filmform [name=titleKk]', 'Дала үні');
    await page.fill('#filmform [name=titleRu]', 'Голос степи');
    await page.fill('#filmform [name=titleEn]', 'Voice of the Steppe');
    await page.fill('#filmform [name=year]', '2024');
    await page.fill('#filmform [name=stateRegisterNo]', '0201-24');
    await page.click('#filmform summary');
    await page.fill('#filmform [name=rightsHolder]', 'АО «Казахфильм»');
    await page.fill('#filmform [name=imdbId]', 'tt1234567');
    await page.fill('#filmform [name=licensedPlatforms]', 'kino.kz\nt.me/kazakhfilm_official');
    await shot(page, 'flow-1-register-form-ru.png');
    await page.click('#filmform button[type=submit]');
    await page.waitForSelector('#filmview:not([hidden])');
    filmId = /#film=(.+)$/.exec(page.url())![1]!;
    expect(await page.textContent('#ftitle')).toBe('Дала үні / Голос степи / Voice of the Steppe');
    expect(await page.isVisible('#fnote')).toBe(true); // metadata only: says what that protects and what it does not
    expect(await page.textContent('#fmeta')).toContain('t.me/kazakhfilm_official');

    // an earlier attempt got 4,096 bytes through before the connection dropped
    const bytes = fs.readFileSync(master);
    const first = (await api.app.inject({ method: 'POST', url: `/api/portal/films/${filmId}/uploads`, headers: bearer(keyA), payload: { kind: 'video', fileName: 'steppe-master.mp4', bytes: bytes.length } })).json();
    await api.app.inject({ method: 'PUT', url: `/api/portal/uploads/${first.upload.id}?offset=0`, headers: { ...bearer(keyA), 'content-type': 'application/octet-stream' }, payload: bytes.subarray(0, 4096) });

    await page.setInputFiles('#videofile', master);
    await page.click('#videoform button');
    await page.waitForFunction(() => /продолжение с байта 4096/.test(document.getElementById('msg')!.textContent ?? ''));
    await page.waitForSelector('#uploads .up:has-text("в очереди")');
    await shot(page, 'flow-2-queued-ru.png');
    const job = api.jobs.find(([n]) => n === 'film.reference.v1');
    expect(job?.[1]).toMatchObject({ uploadId: first.upload.id });
    // the real job, as a worker runs it; the page polls its progress
    const r = await fingerprintReferenceJob({ db: api.db, blobs: api.deps.blobs, cfg: api.deps.config, log: silentLog(), progressEveryMs: 0 }, { uploadId: first.upload.id });
    expect(r).toMatchObject({ result: 'done', filmId });
    await page.waitForSelector('#uploads .up .good');
    expect(await page.textContent('#uploads')).toMatch(/готово — фильм защищён по видео \(\d+ отпечатков PDQ\)/);
    await page.waitForFunction(() => document.getElementById('fnote')!.hidden);
    expect(await page.textContent('#fmeta')).toContain('видео + метаданные');
    await shot(page, 'flow-3-fingerprinted-ru.png');

    // a reload keeps the session and the film open; back shows the list with the film protected
    await page.reload();
    await page.waitForSelector('#filmview:not([hidden]) #uploads .up .good');
    await page.click('#back');
    await page.waitForSelector(`#films tr[data-film="${filmId}"]`);
    expect(await page.textContent(`#films tr[data-film="${filmId}"]`)).toContain('видео + метаданные');
    const listed = await page.evaluate(async () => (await (await fetch('/api/portal/films')).json()).films);
    expect(listed).toEqual([expect.objectContaining({ id: filmId, protection: 'video', recipeCurrent: true })]);
    // the dashboard rides the same session and lists the film
    await page.click('a[href="/ru/portal/dashboard"]');
    await page.waitForSelector(`#film option[value="${filmId}"]`, { state: 'attached' });
    expect(await page.textContent(`#film option[value="${filmId}"]`)).toContain('Голос степи');
    await page.waitForSelector('#exposure table, #exposure p');
    await shot(page, 'flow-7-dashboard-ru.png');
    expect(problems).toEqual([]);
  }, 240_000);

  it('shows the film page in Kazakh and English, and on a phone', async () => {
    for (const [lang, text] of [['kk', 'дайын — фильм бейнесі бойынша қорғалған'], ['en', 'done — the film is protected by its video']] as const) {
      const { page, problems } = await open(`${base}/${lang}/portal`);
      await signIn(page, keyA);
      await page.goto(`${base}/${lang}/portal#film=${filmId}`);
      await page.waitForSelector('#uploads .up .good');
      expect(await page.textContent('#uploads')).toContain(text);
      await shot(page, `flow-4-film-${lang}.png`);
      expect(problems).toEqual([]);
    }
    const phone = await open(`${base}/kk/portal`, 390);
    await signIn(phone.page, keyA);
    await phone.page.goto(`${base}/kk/portal#film=${filmId}`);
    await phone.page.waitForSelector('#uploads .up .good');
    await shot(phone.page, 'flow-5-film-kk-phone.png');
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 120_000);

  it('another rights holder sees neither the film nor its upload, not even by its address', async () => {
    const { page } = await open(`${base}/ru/portal`);
    await signIn(page, keyB);
    await page.waitForSelector('#films p.muted');
    expect(await page.textContent('#films')).toContain('Фильмов пока нет');
    const status = await page.evaluate(async (id) => (await fetch(`/api/portal/films/${id}`)).status, filmId);
    expect(status).toBe(404);
    await page.goto(`${base}/ru/portal#film=${filmId}`);
    await page.waitForSelector('#msg.bad');
    expect(await page.textContent('#msg')).toBe('Такого фильма нет среди ваших фильмов');
    expect(await page.isHidden('#filmview')).toBe(true);
    expect(await page.textContent('body')).not.toContain('Голос степи');
    await shot(page, 'flow-6-other-holder-ru.png');
  }, 120_000);
});
