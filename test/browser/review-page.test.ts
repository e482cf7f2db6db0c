// The investigator's workbench (/review, issue 9) and the public pages in a real Chromium under their
// Content-Security-Policy (issue 12): the page's own script and stylesheets run (allowed by hash), nothing is blocked;
// an investigator signs in with a key that opens an HttpOnly session and is dropped (a reload stays signed in), sees a pending match with the reference and pirate
// frames side by side (both rendered), the timeline, screenshot, metadata, network facts and evidence files, decides
// with a reason in a form (no prompt()), sees the outcome and the audit rows stay visible, uses the keyboard, and the
// language links stay on the workbench. Screenshots go to /work/notes/shots/packets/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium, listen, openPage } from '../kit/browser.ts';
import { tempDir } from '../kit/temp.ts';
import { hasProgram } from '../kit/tools.ts';
import { seedMatch, seedUser } from '../database/registry-fixtures.ts';
import { startApi, type Api } from '../database/api-harness.ts';

const SHOTS = process.env.KUZET_SHOTS ?? '/work/notes/shots/packets';
if (!hasChromium) console.warn(`skipping the review page browser test: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium || !hasProgram('ffmpeg'))('review workbench in Chromium', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  let key = '';
  let key2 = '';
  let matchId = '';
  let second = '';

  const dir = tempDir('kuzet-review-page-');
  beforeAll(async () => {
    api = await startApi(dir);
    key = (await seedUser(api.db, 'Алма Серікқызы', 'investigator')).apiKey;
    key2 = (await seedUser(api.db, 'Бауыржан Омаров', 'investigator')).apiKey;
    matchId = await seedMatch(api.db, 'https://kinopirat.example.kz/kyz-zhibek', { status: 'pending_review', score: 0.61 });
    second = await seedMatch(api.db, 'https://kinopirat.example.kz/kyz-zhibek-2', { status: 'pending_review', score: 0.55 });
    // what the matcher records for a video match: the frames at their offsets with Hamming distances
    await api.db.query(`UPDATE matches SET details = $2, media_url = 'https://cdn.example/hls/1.m3u8' WHERE id = $1`, [matchId, JSON.stringify({
      kind: 'video', evidenceFrames: [{ t: 1, refT: 1.5, distance: 6, hash: 'a'.repeat(64) }, { t: 2, refT: 2.5, distance: 17, hash: 'b'.repeat(64) }, { t: 3, refT: 3.5, distance: 30, hash: 'c'.repeat(64) }],
      audio: { ber: 0.04, offsetS: 0.5, confirmed: true },
    })]);
    const video = path.join(dir, 'ref.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=4:size=320x180:rate=10', '-pix_fmt', 'yuv420p', video]);
    const ref = await api.deps.blobs.putFile(video, '.mp4');
    await api.db.query(`INSERT INTO reference_assets (id, film_id, kind, sha256, blob_path, bytes, duration_s) VALUES ('ra_1', 'film_1', 'video', $1, $2, $3, 4)`, [ref.sha256, ref.path, ref.bytes]);
    const [cand] = await api.db.query<{ candidate_id: string }>('SELECT candidate_id FROM matches WHERE id = $1', [matchId]);
    const put = async (kind: string, data: Buffer, type: string) => {
      const b = await api.deps.blobs.put(data, type === 'image/png' ? '.png' : '.json');
      await api.db.query(`INSERT INTO evidence (id, candidate_id, kind, url, sha256, blob_path, bytes, media_type) VALUES ($1,$2,$3,'https://kinopirat.example.kz/kyz-zhibek',$4,$5,$6,$7)`,
        [`ev_${kind}`, cand!.candidate_id, kind, b.sha256, b.path, b.bytes, type]);
    };
    await put('frame', await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer(), 'image/png');
    await put('screenshot', await sharp({ create: { width: 800, height: 500, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer(), 'image/png');
    await api.db.query('ALTER TABLE evidence DROP CONSTRAINT IF EXISTS evidence_kind_check'); // before the capture's migration lands
    await put('network_facts', Buffer.from(JSON.stringify({ ips: ['203.0.113.7'], asn: { number: 64500, org: 'Example Hosting LLC', country: 'NL' }, rdap: { ip: { name: 'Example Hosting LLC', abuseEmail: 'abuse@hosting.example' } } })), 'application/json');
    // the second: a lead of the local-feature stage (its keypoints agree, the moving parts do not: refused as a match,
    // raised to review), as matcher/match.ts records it — the agreeing frames with their inliers, no PDQ frames, PDQ's score 0
    await api.db.query(`UPDATE matches SET details = $2, score = 0, matched_frames = 3, media_url = 'https://cdn.example/hls/2.m3u8' WHERE id = $1`, [second, JSON.stringify({
      kind: 'video', stage: null, evidenceFrames: [],
      local: { filmId: null, refused: 'unconfirmed', leadFilmId: 'film_1', offsetSeconds: 0.5, frames: 9, agreeingFrames: 3, inliers: 391, shared: 0, cpuMs: 4100, pixels: 0.412, motion: 0.287, checksOffsetS: 0.47, checksRefined: false, refinedScores: { pixels: 0.583, motion: 0.412, offsetS: 0.53 }, seen: [{ t: 1, refT: 1.5, inliers: 176, mirrored: false }, { t: 2, refT: 2.5, inliers: 113, mirrored: false }, { t: 3, refT: 3.5, inliers: 102, mirrored: true }] },
    })]);
    const [cand2] = await api.db.query<{ candidate_id: string }>('SELECT candidate_id FROM matches WHERE id = $1', [second]);
    for (const t of [1, 2, 3]) {
      const b = await api.deps.blobs.put(await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 30, g: 60 * t, b: 90 } } }).png().toBuffer(), '.png');
      await api.db.query(`INSERT INTO evidence (id, candidate_id, kind, url, sha256, blob_path, bytes, media_type, meta) VALUES ($1,$2,'frame','https://kinopirat.example.kz/kyz-zhibek-2',$3,$4,$5,'image/png',$6)`,
        [`ev_local_${t}`, cand2!.candidate_id, b.sha256, b.path, b.bytes, JSON.stringify({ t })]);
    }
    base = await listen(api.app);
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** A fresh page that records CSP violations, console errors and dialogs (there must be none: no prompt()). */
  const open = (url: string) => openPage(browser, url, { width: 1200, height: 900 });
  const real = (problems: string[]) => problems.filter((p) => !/status of 404/.test(p)); // /favicon.ico
  const stored = (page: Page) => page.evaluate(() => ({ session: JSON.stringify(sessionStorage), local: JSON.stringify(localStorage), cookie: document.cookie }));
  /** signs in through the form (the key opens a session and is dropped) and waits until the page says who */
  async function login(page: Page, k: string) {
    const name = k === key ? 'Алма Серікқызы' : 'Бауыржан Омаров';
    await page.fill('#key', k);
    await page.click('#keyform button:not([type])');
    await page.waitForFunction((n) => document.querySelector('#who')?.textContent?.endsWith(n), name, { timeout: 60_000 });
  }
  /** waits until every <img> in the selector has decoded pixels */
  const rendered = (page: Page, sel: string) => page.waitForFunction((s) => {
    const imgs = [...document.querySelectorAll<HTMLImageElement>(s)];
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  }, sel, { timeout: 60_000 });

  it('renders the public registry with its stylesheet and no CSP violation', async () => {
    const { page, problems } = await open(`${base}/en/`);
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px'); // the hashed <style> applied
    expect(real(problems)).toEqual([]);
    await page.context().close();
  });

  it('shows a pending match with both frames, decides it with a reason, shows the outcome and its audit row', async () => {
    const { page, problems } = await open(`${base}/en/review`);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.lead')!).color)).not.toBe(''); // stylesheets applied
    expect(await page.isVisible('#forget')).toBe(false);
    await login(page, key);
    expect(await page.isVisible('#forget')).toBe(true);
    const card = `#match-${matchId}`;
    await page.waitForSelector(`${card} .pair`, { timeout: 60_000 });
    expect(await page.inputValue('#key')).toBe('');
    expect(await stored(page)).toEqual({ session: '{}', local: '{}', cookie: '' });
    // reference and pirate frames side by side: the first pair has both images decoded
    await rendered(page, `${card} .pair:first-of-type img.frame`);
    expect(await page.locator(`${card} .pair:first-of-type img.frame`).count()).toBe(2);
    expect(await page.locator(`${card} .pair`).count()).toBe(3);
    expect(await page.textContent(`${card} .pair:nth-of-type(2)`)).toContain('image not stored'); // only one pirate frame was stored
    expect(await page.locator(`${card} svg.timeline rect`).count()).toBe(3);
    const text = (await page.textContent(card))!;
    expect(text).toContain('matches the reference (BER 0.040');
    expect(text).toContain('AS64500 Example Hosting LLC, NL');
    expect(text).toContain('Hamming distance 6/256');
    await rendered(page, `${card} section.part img.frame`);
    await page.screenshot({ path: path.join(SHOTS, 'workbench-en-pending.png'), fullPage: true });

    // no reason: the form refuses and says why (no request is made)
    await page.click(`${card} button[data-verdict=approve]`);
    expect(await page.textContent(`${card} form .outcome`)).toContain('Write the reason');
    expect((await api.db.query<{ status: string }>('SELECT status FROM matches WHERE id = $1', [matchId]))[0]!.status).toBe('pending_review');
    await page.fill(`${card} textarea`, 'same film: frames 1–3 match the reference at 00:00:01.5');
    await page.click(`${card} button[data-verdict=approve]`);
    await page.waitForSelector(`${card} .outcome.good`, { timeout: 60_000 });
    expect(await page.textContent(`${card} .outcome.good`)).toBe('Match confirmed');
    const [row] = await api.db.query<{ status: string }>('SELECT status FROM matches WHERE id = $1', [matchId]);
    expect(row!.status).toBe('confirmed');
    expect(api.jobs.map(([name]) => name)).toEqual(['publish.match.v1']);
    // the decision stays visible with its audit row, and links to it
    const [audit] = await api.db.query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = 'review.approve' AND subject = $1`, [matchId]);
    await page.waitForSelector(`${card} #audit-${audit!.seq}`);
    expect(await page.locator(`${card} a[href="#audit-${audit!.seq}"]`).count()).toBe(1);
    expect(await page.textContent(`${card} #audit-${audit!.seq}`)).toContain('same film: frames 1–3');
    expect(await page.locator(`${card} form.decide`).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'workbench-en-decided.png'), fullPage: true });

    // keyboard: J moves to the next match, R with no reason asks for one
    await page.keyboard.press('j');
    await page.waitForSelector(`#match-${second}.current`);
    await page.keyboard.press('r');
    expect(await page.textContent(`#match-${second} form .outcome`)).toContain('Write the reason');
    expect(await stored(page)).toEqual({ session: '{}', local: '{}', cookie: '' });

    // the session ends behind the page's back while a reason is typed: the decision is refused and nothing is
    // decided; the reason comes back when the same person signs in again, and never for someone else at this desk
    const draft = 'draft: the same frames as the reference at 00:00:01';
    await page.fill(`#match-${second} textarea`, draft);
    await page.evaluate(() => fetch('/api/session', { method: 'DELETE', headers: { 'x-kuzet-csrf': '1' } }));
    await page.click(`#match-${second} button[data-verdict=approve]`);
    await page.waitForFunction(() => /session has ended.*were not sent, but they are kept/.test(document.querySelector('#msg')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await page.textContent('#who')).toBe('');
    expect(await page.isVisible('#forget')).toBe(false); // "Sign out" only while someone is signed in
    await page.screenshot({ path: path.join(SHOTS, 'workbench-en-session-ended.png') });
    expect((await api.db.query<{ status: string }>('SELECT status FROM matches WHERE id = $1', [second]))[0]!.status).toBe('pending_review');
    await login(page, key);
    await page.waitForSelector(`#match-${second} textarea`, { timeout: 60_000 });
    expect(await page.inputValue(`#match-${second} textarea`)).toBe(draft);
    await login(page, key2);
    await page.waitForSelector(`#match-${second} textarea`, { timeout: 60_000 });
    expect(await page.inputValue(`#match-${second} textarea`)).toBe('');
    await login(page, key);
    await page.waitForSelector(`#match-${second} textarea`, { timeout: 60_000 });
    expect(await page.inputValue(`#match-${second} textarea`)).toBe('');
    expect(await stored(page)).toEqual({ session: '{}', local: '{}', cookie: '' });

    // a reload stays signed in (the session cookie), without the key being typed again
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#who')?.textContent?.endsWith('Алма Серікқызы'), null, { timeout: 60_000 });
    await page.waitForSelector(`#match-${second} .pair`, { timeout: 60_000 });
    // "Sign out" ends the session: the cookie no longer works, and the page asks for a key again
    await page.click('#forget');
    expect(await page.textContent('#msg')).toBe('Signed out.');
    expect(await page.textContent('#who')).toBe('');
    await page.waitForFunction(async () => (await (await fetch('/api/session')).json()).user === null, null, { timeout: 30_000 });
    await page.evaluate(() => document.querySelector<HTMLFormElement>('#keyform')!.requestSubmit());
    await page.waitForFunction(() => /Enter an API key/.test(document.querySelector('#msg')?.textContent ?? ''));
    // the one refused request is the decision sent after the session ended (above)
    expect(real(problems)).toEqual([`401 /api/reviews/${second}`]);
    await page.context().close();
  }, 240_000);

  // what the card of a local-features lead must say, and must not, in each language
  const LOCAL_CARD = {
    ru: { has: ['кадры видеопотока, по характерным точкам (ORB, гомография)', 'согласованных точек 176', 'согласованных точек 102 · зеркально', 'движущиеся части изображения не совпадают с фильмом: другая съёмка той же декорации могла бы совпасть по точкам так же', 'Движущиеся части', '0.41 (корреляция; 1 — полное совпадение, от 0.80 система решает сама, если движение этому не противоречит)', 'Движение', '0.29 (корреляция изменения между кадрами с изменением в фильме; 1 — то же движение', 'Как сравнивались', 'все кадры при одном смещении (время фильма = время записи + 0.5 с); числа выше — средние по кадрам', 'Уточнённое совмещение', 'каждый кадр ещё раз, точнее, совмещён с кадром фильма при одном для всех смещении (время фильма = время записи + 0.5 с): движущиеся части 0.58, движение 0.41; система решает сама, только если оба числа не ниже 0.60'], not: ['Хэмминг', 'Степень совпадения', 'медиан', 'каждый уточнённо'] },
    kk: { has: ['бейне ағынның кадрлары, сипатты нүктелер бойынша (ORB, гомография)', 'сәйкес нүктелер 176', 'сәйкес нүктелер 102 · айнадай аударылған', 'суреттің қозғалатын бөліктері фильммен сәйкес келмейді', 'Қозғалатын бөліктер', '0.41 (корреляция; 1 — толық сәйкестік', 'Қозғалыс', '0.29 (кадрлар арасындағы өзгерістің', 'Қалай салыстырылды', 'барлық кадр бір уақыт ығысуымен (фильм уақыты = жазба уақыты + 0.5 с); жоғарыдағы сандар — кадрлар бойынша орташа мәндер', 'Нақтыланған беттестіру', 'әр кадр барлығына ортақ бір уақыт ығысуындағы (фильм уақыты = жазба уақыты + 0.5 с) фильм кадрымен қайта, дәлірек беттестірілді: қозғалатын бөліктер 0.58, қозғалыс 0.41; екі сан да 0.60-тан төмен болмаса ғана жүйе өзі шешеді'], not: ['Хэмминг', 'Сәйкестік дәрежесі', 'медиана', 'әрқайсысы фильмнің'] },
    en: { has: ['frames of a video stream, by distinctive points (ORB, homography)', 'agreeing points 176', 'agreeing points 102 · mirrored', 'the moving parts of the picture do not agree with the film: other footage of the same set could match the points as well', 'Moving parts', '0.41 (correlation; 1 is identical, from 0.80 the system decides on its own unless the movement contradicts it)', 'Movement', '0.29 (correlation of the change between frames with the change in the film; 1 is the same movement; from 0.60 the system decides on its own if the moving parts reach 0.60, under 0.30 it does not)', 'How compared', 'every frame at one offset (film time = recording time + 0.5 s); the numbers above are means over the frames', 'Refined alignment', 'each frame aligned again, more precisely, with the film frame at one offset for all (film time = recording time + 0.5 s): moving parts 0.58, movement 0.41; the system decides on its own only when both reach 0.60'], not: ['Hamming', 'Score', 'median', 'each aligned more precisely'] },
  } as const;
  it.each(['ru', 'kk', 'en'] as const)('shows a match found by local features with its agreeing points per frame, not a Hamming distance or PDQ\'s score (%s)', async (lang) => {
    const { page, problems } = await open(`${base}/${lang}/review`);
    await login(page, key2);
    const card = `#match-${second}`;
    await page.waitForSelector(`${card} .pair`, { timeout: 60_000 });
    await rendered(page, `${card} .pair img.frame`);
    expect(await page.locator(`${card} .pair`).count()).toBe(3);
    const text = (await page.textContent(card))!;
    for (const s of LOCAL_CARD[lang].has) expect(text).toContain(s);
    for (const s of [...LOCAL_CARD[lang].not, 'null', 'undefined']) expect(text).not.toContain(s);
    expect(await page.locator(`${card} svg.timeline text`).allTextContents()).toEqual(['176', '113', '102']);
    await page.locator(card).scrollIntoViewIfNeeded();
    await page.locator(card).screenshot({ path: path.join(SHOTS, `workbench-${lang}-local.png`) });
    expect(real(problems)).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('shows a registry proposal with its domain summary and the two-person rule, in Kazakh, and switches language on the workbench', async () => {
    await api.db.query(`INSERT INTO registry_entries (id, domain, status, film_ids, match_ids, reason) VALUES ('reg_1', 'kinopirat.example.kz', 'proposed', '{film_1}', $1, 'x')`, [[matchId]]);
    const { page, problems } = await open(`${base}/kk/review`);
    expect(await page.textContent('h1')).toBe('Тергеушінің жұмыс үстелі');
    await login(page, key);
    await page.waitForSelector('#entry-reg_1');
    const text = (await page.textContent('#entry-reg_1'))!;
    expect(text).toContain('Расталған заңсыз беттер');
    expect(text).toContain('AS64500');
    expect(text).toContain('Тағы қажет бекітулер саны: 2');
    await page.fill('#entry-reg_1 textarea', 'екі фильм, ұзақ уақыт бойы');
    await page.click('#entry-reg_1 button[data-verdict=approve]');
    await page.waitForFunction(() => /Тағы қажет бекітулер саны: 1/.test(document.querySelector('#entry-reg_1')?.textContent ?? ''), null, { timeout: 60_000 });
    expect(await page.textContent('#entry-reg_1')).toContain('бекітті · Алма Серікқызы (мониторинг маманы)');
    expect(await page.textContent('#entry-reg_1')).toContain('Бекіту тіркелді; екінші маман керек');
    await page.screenshot({ path: path.join(SHOTS, 'workbench-kk-proposal.png'), fullPage: true });
    // the same person cannot be the second approver; another investigator can (in Russian)
    await page.click('nav.langs a[hreflang=ru]');
    await page.waitForURL(`${base}/ru/review`);
    expect(await page.textContent('h1')).toBe('Рабочее место следователя');
    await login(page, key2);
    await page.waitForSelector('#entry-reg_1');
    await page.fill('#entry-reg_1 textarea', 'согласен: два фильма');
    await page.click('#entry-reg_1 button[data-verdict=approve]');
    await page.waitForFunction(() => !document.querySelector('#entry-reg_1'), null, { timeout: 60_000 });
    const [entry] = await api.db.query<{ status: string }>(`SELECT status FROM registry_entries WHERE id = 'reg_1'`);
    expect(entry!.status).toBe('active');
    await page.screenshot({ path: path.join(SHOTS, 'workbench-ru-after.png'), fullPage: true });
    expect(real(problems)).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('a match the refined pass confirmed says its frames were aligned again, and shows no separate refined row (en)', async () => {
    // the same card, now as matcher/match.ts records a local `match` whose checks the refined pass scored
    await api.db.query(`UPDATE matches SET details = $2 WHERE id = $1`, [second, JSON.stringify({
      kind: 'video', stage: 'local', evidenceFrames: [],
      local: { filmId: 'film_1', refused: null, leadFilmId: 'film_1', offsetSeconds: 0.5, frames: 3, agreeingFrames: 3, inliers: 391, shared: 0, cpuMs: 4100, pixels: 0.616, motion: 0.66, checksOffsetS: 0.533, checksRefined: true, refinedScores: { pixels: 0.616, motion: 0.66, offsetS: 0.533 }, seen: [{ t: 1, refT: 1.5, inliers: 176, mirrored: false }, { t: 2, refT: 2.5, inliers: 113, mirrored: false }, { t: 3, refT: 3.5, inliers: 102, mirrored: false }] },
    })]);
    const { page, problems } = await open(`${base}/en/review`);
    await login(page, key2);
    const card = `#match-${second}`;
    await page.waitForSelector(`${card} .pair`, { timeout: 60_000 });
    const text = (await page.textContent(card))!;
    expect(text).toContain('every frame at one offset (film time = recording time + 0.5 s), each aligned more precisely with the film frame at that moment; the numbers above are means over the frames');
    expect(text).not.toContain('Refined alignment');
    await page.locator(card).screenshot({ path: path.join(SHOTS, 'workbench-en-local-refined.png') });
    expect(real(problems)).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('serves evidence to deciders only, images inline and anything else as an opaque download', async () => {
    const res = await fetch(`${base}/api/workbench/evidence/ev_frame`);
    expect(res.status).toBe(401);
    const img = await fetch(`${base}/api/workbench/evidence/ev_frame`, { headers: { authorization: `Bearer ${key}` } });
    expect(img.headers.get('content-type')).toBe('image/png');
    const json = await fetch(`${base}/api/workbench/evidence/ev_network_facts`, { headers: { authorization: `Bearer ${key}` } });
    expect(json.headers.get('content-type')).toBe('application/octet-stream');
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="network_facts-[0-9a-f]{64}\.bin"$/);
  });
});
