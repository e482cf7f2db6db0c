// Hostile crawled pages and Telegram posts (issue 12): page bytes → extractor → candidate fields → the candidate
// and its evidence in the database, as the crawl job stores them. Markup, RTL overrides, 1 MB titles, invalid
// UTF-8, lying charsets, NUL bytes and URL tricks must each end as a stored candidate with a clean, bounded title
// (or a clear permanent error), never a crash or a page half-written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { extractPage } from '../../crawlers/extract.ts';
import type { CrawledPage } from '../../crawlers/crawl-source.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { candidateStore } from '../../storage/candidates.ts';
import type { Db } from '../../storage/db.ts';
import { sourceStore } from '../../storage/sources.ts';
import { crawlSourceJob } from '../../workers/processors/crawl-source.ts';
import { toCandidatePage } from '../../workers/processors/crawled-page.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';

const tmp = tempDirs('kuzet-hostile-crawl-');
let db: Db;
beforeAll(async () => {
  db = await freshPglite();
  await db.query(`INSERT INTO sources (id, kind, url, domain) VALUES ('src_h', 'web', 'https://pirate.example/', 'pirate.example')`);
});
afterAll(async () => db?.close());

const SITE = 'https://pirate.example';
/** a DLE-like detail page with the given title markup (already HTML), stream and extra head/body */
const detail = (title: string, opts: { head?: string; body?: string; stream?: string } = {}) =>
  `<!doctype html><html><head>${opts.head ?? '<meta charset="utf-8">'}<title>${title}</title></head><body><div id="dle-content"><div class="fullstory">` +
  `<h1 id="news-title">${title}</h1>${opts.body ?? ''}<video><source src="${opts.stream ?? '/hls/1/index.m3u8'}"></video></div></div></body></html>`;
let post = 7;
const tgPreview = (text: string, extra = '', id = ++post) =>
  `<!doctype html><html><head><meta property="og:url" content="https://t.me/s/kino"></head><body><section class="tgme_channel_history">` +
  `<div class="tgme_widget_message" data-post="kino/${id}"><div class="tgme_widget_message_text">${text}</div>${extra}` +
  `<a class="tgme_widget_message_date" href="https://t.me/kino/${id}"><time datetime="2026-12-01T10:00:00+00:00">10:00</time></a></div></section></body></html>`;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** runs the real crawl job on one page, the crawl function handing over exactly what the crawler would */
let n = 0;
async function crawlOne(body: Buffer, contentType: string, url = `${SITE}/films/${++n}.html`) {
  const extract = extractPage(body, url, contentType);
  const kind = extract.kind === 'telegram' ? 'telegram' : 'detail';
  const pages: CrawledPage[] = kind === 'telegram'
    ? extract.messages.map((message) => ({ url, status: 200, kind, extract, message, body, contentType, fetchedAt: new Date() }))
    : [{ url, status: 200, kind, extract, body, contentType, fetchedAt: new Date() }];
  const out = await crawlSourceJob({
    sources: sourceStore(db), candidates: candidateStore({ db, blobs: createBlobStore(tmp()) }), log: silentLog(),
    crawl: async (_s, onPage) => {
      for (const p of pages) await onPage(toCandidatePage(p));
      return { pagesFetched: 1, failed: [] };
    },
  }, { sourceId: 'src_h', runId: `r${n}` });
  if (out.status !== 'done' || out.candidates.length === 0) throw new Error(`nothing stored: ${JSON.stringify(out)}`);
  const id = out.candidates.at(-1)!.candidateId;
  const row = (await db.query<{ title: string | null; original_title: string | null; year: number | null; streams: string[]; posters: string[]; extra: Record<string, unknown> }>(
    'SELECT title, original_title, year, streams, posters, extra FROM candidates WHERE id = $1', [id]))[0]!;
  const evidence = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence WHERE candidate_id = $1 AND kind = 'page_html'`, [id]))[0]!.n;
  return { ...row, evidence };
}
const html = (s: string) => Buffer.from(s, 'utf8');
const MB = 'Ф'.repeat(1_000_000);

type Case = [name: string, body: () => Buffer, contentType: string, check: (r: Awaited<ReturnType<typeof crawlOne>>) => void];
const CASES: Case[] = [
  ['a script element in the title (stored as text)', () => html(detail('&lt;script&gt;alert(1)&lt;/script&gt; Келин')), 'text/html', (r) => expect(r.title).toContain('<script>alert(1)</script>')],
  ['an attribute-breaking title', () => html(detail('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;')), 'text/html', (r) => expect(r.title).toContain('"><img src=x onerror=alert(2)>')],
  ['a raw </title><script> in the title', () => html(detail('Келин</title><script>alert(3)</script>')), 'text/html', (r) => expect(r.title).not.toContain('<script>')],
  ['a 1 MB title', () => html(detail(MB)), 'text/html', (r) => expect(r.title!.length).toBeLessThanOrEqual(500)],
  ['a 1 MB og:title with no other title', () => html(`<html><head><meta property="og:title" content="${MB}"><meta property="og:type" content="video.movie"></head><body><video src="/v.m3u8"></video></body></html>`), 'text/html', (r) => expect((r.title ?? '').length).toBeLessThanOrEqual(500)],
  ['a 1 MB original title', () => html(detail('Келин', { body: `<div class="original-title">${MB}</div>` })), 'text/html', (r) => expect((r.original_title ?? '').length).toBeLessThanOrEqual(500)],
  ['an RTL override in the title', () => html(detail('Келин \u202Egpj.exe')), 'text/html', (r) => { expect(r.title).toContain('Келин'); expect(r.title).not.toMatch(BIDI); }],
  ['bidi isolates and embeddings in the title', () => html(detail('\u2066Келин\u2069 \u202Bx\u202C')), 'text/html', (r) => expect(r.title).not.toMatch(BIDI)],
  ['control characters in the title', () => html(detail('Кел\u0007ин\u001B[31m')), 'text/html', (r) => expect(r.title).not.toMatch(CONTROLS)],
  ['a NUL byte in the title', () => html(detail('Кел\u0000ин')), 'text/html', (r) => expect(r.title).not.toContain('\u0000')],
  ['a NUL byte in og:title and JSON-LD', () => html(`<html><head><meta property="og:title" content="A\u0000B"><script type="application/ld+json">{"@type":"Movie","name":"Кел\\u0000ин"}</script></head><body><video src="/v.m3u8"></video></body></html>`), 'text/html', (r) => expect(r.title ?? '').not.toContain('\u0000')],
  ['a NUL byte in the stream URL', () => html(detail('Келин', { stream: '/hls/1\u0000/index.m3u8' })), 'text/html', (r) => expect(r.streams.join('')).not.toContain('\u0000')],
  ['invalid UTF-8 bytes in a UTF-8 page', () => Buffer.concat([Buffer.from('<html><head><meta charset="utf-8"><title>'), Buffer.from([0xd0, 0x9a, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('</title></head><body><h1 id="news-title">x</h1><video src="/v.m3u8"></video></body></html>')]), 'text/html; charset=utf-8', (r) => expect(r.evidence).toBe(1)],
  ['a page declaring UTF-8 but sent in windows-1251', () => iconv.encode(detail('Келин (2009)'), 'windows-1251'), 'text/html; charset=utf-8', (r) => expect(r.evidence).toBe(1)],
  ['a page declaring windows-1251 but sent in UTF-8', () => html(detail('Келин')), 'text/html; charset=windows-1251', (r) => expect(r.title).toBeTruthy()],
  ['a page declaring an unknown charset', () => html(detail('Келин')), 'text/html; charset=x-evil-42', (r) => expect(r.title).toContain('Келин')],
  ['a UTF-16 page with a BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(detail('Келин', { head: '' }), 'utf16le')]), 'text/html', (r) => expect(r.title).toContain('Келин')],
  ['a meta charset naming UTF-7', () => html(detail('+ADw-script+AD4-alert(1)+ADw-/script+AD4-', { head: '<meta charset="utf-7">' })), 'text/html', (r) => expect(r.title ?? '').not.toContain('<script>')],
  ['a title of only whitespace and controls', () => html(detail(' \u0001\u200B\u202E ')), 'text/html', (r) => expect(r.title === null || r.title.trim().length > 0).toBe(true)],
  ['a year of 1e400 in JSON-LD', () => html(`<html><head><script type="application/ld+json">{"@type":"Movie","name":"Келин","datePublished":"1e400"}</script></head><body><video src="/v.m3u8"></video></body></html>`), 'text/html', (r) => expect(r.year).toBeNull()],
  ['a javascript: poster and a data: poster', () => html(detail('Келин', { head: '<meta charset="utf-8"><meta property="og:image" content="javascript:alert(1)">', body: '<img itemprop="image" src="data:image/png;base64,AAAA">' })), 'text/html', (r) => expect(r.posters.filter((p) => !/^https?:/.test(p))).toEqual([])],
  ['a file: stream and a javascript: stream', () => html(detail('Келин', { stream: 'file:///etc/passwd', body: '<video src="javascript:alert(1)"></video>' })), 'text/html', (r) => expect(r.streams.filter((s) => !/^https?:/.test(s))).toEqual([])],
  ['5,000 stream URLs on one page', () => html(detail('Келин', { body: Array.from({ length: 5000 }, (_, i) => `<video src="/s/${i}.m3u8"></video>`).join('') })), 'text/html', (r) => expect(r.streams.length).toBeLessThanOrEqual(100)],
  ['a Telegram post with markup in its text', () => html(tgPreview('&lt;b&gt;Келин&lt;/b&gt; <b>смотреть</b> <script>alert(1)</script>')), 'text/html', (r) => expect(r.title).not.toMatch(/<b>смотреть/)],
  ['a Telegram post of 1 MB', () => html(tgPreview(MB)), 'text/html', (r) => expect((r.title ?? '').length).toBeLessThanOrEqual(500)],
  ['a Telegram post with an RTL override', () => html(tgPreview('Келин \u202Eавсем')), 'text/html', (r) => expect(r.title).not.toMatch(BIDI)],
  ['a Telegram post with a NUL byte and controls', () => html(tgPreview('Кел\u0000ин\u0007')), 'text/html', (r) => expect(`${r.title}${JSON.stringify(r.extra)}`).not.toMatch(/\\u0000|\u0000/)],
  ['a Telegram post linking javascript: and file:', () => html(tgPreview('see <a href="javascript:alert(1)">this</a> <a href="file:///etc/passwd">and this</a>')), 'text/html', (r) => expect(((r.extra['links'] as string[]) ?? []).filter((l) => !/^https?:/.test(l))).toEqual([])],
  ['a Telegram video on a file: URL', () => html(tgPreview('Келин', '<video src="file:///etc/shadow"></video>')), 'text/html', (r) => expect(r.streams.filter((s) => !/^https?:/.test(s))).toEqual([])],
];

describe('hostile crawled pages and Telegram posts end as clean candidates', () => {
  it.each(CASES)('%s', async (_name, body, contentType, check) => {
    const r = await crawlOne(body(), contentType);
    expect(r.evidence).toBe(1);
    for (const t of [r.title, r.original_title]) {
      if (t === null) continue;
      expect(t.length).toBeLessThanOrEqual(500);
      expect(t).not.toMatch(CONTROLS);
      expect(t).not.toMatch(BIDI);
    }
    check(r);
  });
});
