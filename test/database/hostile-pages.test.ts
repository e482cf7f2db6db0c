// Markup in what the HTML pages show (issue 12): film titles, a registry entry's reason, a candidate's URL and a
// search query carrying script, attribute breakers, a closing </title>, an RTL override and a 1 MB title, shown on
// every server-rendered page (public list in kk/ru/en, entry page, search, about, not-found, /review). Each page must
// answer 200/404 with the markup escaped (never live) and a strict CSP; the review page's client side is checked in
// Chromium (test/browser/hostile-review-page.test.ts).
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../kit/temp.ts';
import { startApi, type Api } from './api-harness.ts';
import { seedMatch } from './registry-fixtures.ts';

const tmp = tempDirs('kuzet-hostile-pages-');
let api: Api;

/** payloads with the marker each must never show as live markup */
const PAYLOADS = {
  script: ['<script>alert("kk")</script>', /<script>alert\("kk"\)/],
  attr: ['"><img src=x onerror=alert(1)>', /<img src=x onerror/],
  title: ['</title><script>alert(3)</script>', /<\/title><script>alert\(3\)/],
  style: ['</style><svg onload=alert(4)>', /<svg onload/],
  comment: ['--><iframe src=javascript:alert(5)>', /<iframe src=javascript/],
  single: ["' onmouseover='alert(6)", /' onmouseover='alert/],
} as const;
const LIVE = Object.values(PAYLOADS).map(([, re]) => re);
const MB = 'Ж'.repeat(1_000_000);

beforeAll(async () => {
  api = await startApi(tmp());
  const db = api.db;
  await db.query(`INSERT INTO films (id, title_kk, title_ru, title_en, year) VALUES ('film_h', $1, $2, $3, 2020), ('film_big', $4, $4, $4, 2021)`,
    [`${PAYLOADS.script[0]} ${PAYLOADS.single[0]}`, `${PAYLOADS.attr[0]} \u202Egpj.exe`, `${PAYLOADS.title[0]} ${PAYLOADS.style[0]}`, MB]);
  await db.query(`INSERT INTO registry_entries (id, domain, status, serial, film_ids, match_ids, reason, activated_at)
    VALUES ('reg_h', 'kino.pirate.example', 'active', 1, ARRAY['film_h', 'film_big'], ARRAY[]::text[], $1, now())`, [`${PAYLOADS.comment[0]} ${PAYLOADS.script[0]}`]);
  await db.query(`SELECT setval('registry_serial', 1)`);
  await seedMatch(db, `https://pirate.example/film/"><script>alert(7)</script>`, { filmId: 'film_h', status: 'pending_review', score: 0.7 });
});
afterAll(async () => api?.close());

const q = encodeURIComponent;
const PAGES: Array<[string, number]> = [
  ['/', 200], ['/kk/', 200], ['/ru/', 200], ['/en/', 200], ['/?lang=en', 200], ['/ru/?page=1', 200],
  ['/en/entry/1', 200], ['/ru/entry/1', 200], ['/kk/entry/1', 200], ['/entry/1', 200],
  ['/en/about', 200], ['/en/entry/42', 404], ['/review', 200],
  [`/en/?q=${q(PAYLOADS.script[0])}`, 200], [`/ru/?q=${q(PAYLOADS.attr[0])}`, 200], [`/kk/?q=${q(PAYLOADS.title[0])}`, 200],
  [`/?q=${q(PAYLOADS.single[0])}`, 200], [`/en/?q=${q(PAYLOADS.comment[0])}`, 200], [`/en/?q=${q('\u202E<b>x</b>')}`, 200],
];

describe('hostile titles, reasons, URLs and queries on every HTML page', () => {
  it.each(PAGES)('%s', async (url, status) => {
    let r = await api.app.inject({ url });
    if (r.statusCode === 301) r = await api.app.inject({ url: String(r.headers.location) }); // entry pages moved under /registry/
    expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
    expect(String(r.headers['content-type'])).toMatch(/^text\/html; charset=utf-8/);
    const csp = String(r.headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    for (const re of LIVE) expect(r.body, `${re} is live markup on ${url}`).not.toMatch(re);
    // parsed as a browser would: only the page's own inline script (the review page), no element the data could
    // have injected, no event-handler attribute anywhere
    const $ = cheerio.load(r.body);
    expect($('script:not([type="application/json"])').length).toBe(url === '/review' ? 1 : 0);
    expect($('img, svg, iframe, object, embed').length).toBe(0);
    $('*').each((_, el) => {
      for (const a of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) expect(a, `<${(el as { name: string }).name} ${a}> on ${url}`).not.toMatch(/^on/i);
    });
    // an RTL override from the data may be shown, but never outside an isolating element (it would flip the layout)
    for (const m of r.body.matchAll(/\u202E/g)) {
      const before = r.body.slice(0, m.index);
      expect(before.lastIndexOf('<bdi') > before.lastIndexOf('</bdi>'), `a bare U+202E on ${url}`).toBe(true);
    }
  });

  it('the entry page shows the escaped titles and reason, whole', async () => {
    let r = await api.app.inject({ url: '/en/entry/1' });
    if (r.statusCode === 301) r = await api.app.inject({ url: String(r.headers.location) });
    const body = r.body;
    expect(body).toContain('&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(body).toContain('--&gt;&lt;iframe src=javascript:alert(5)&gt;');
    expect(body).toContain('Ж'.repeat(1000));
  });
});
