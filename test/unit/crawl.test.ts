// Crawl of the local fixture pirate site and Telegram preview (127.0.0.1, port 0) with the real CheerioCrawler.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { crawlSource, type CrawledPage } from '../../crawlers/crawl-source.ts';
import { telegramPreviewUrl } from '../../net/urls.ts';
import { startFixtureSites, type FixtureItem, type FixtureSites } from '../../fixtures/pirate-site/pirate-site.ts';
import { tempDir } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';

const log = silentLog();
const cfg = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: os.tmpdir(), FETCH_ALLOWLIST: '127.0.0.1', FETCH_TIMEOUT_MS: '5000', CRAWL_CONCURRENCY: '2', ...env });

const dir = tempDir('kuzet-crawl-');
let sites: FixtureSites;
let items: FixtureItem[] = [];

beforeAll(async () => {
  const titles: Array<[string, string, string | undefined, number, number | undefined]> = [
    ['kelin', 'Келин', 'Kelin', 2009, 452012],
    ['tomiris', 'Томирис', 'Tomiris', 2019, 1183582],
    ['baksy', 'Бақсы', undefined, 2008, 420501],
    ['zhauzhurek', 'Жаужүрек мың бала', 'Myn Bala', 2011, 590302],
    ['shal', 'Шал', 'The Old Man', 2012, undefined],
  ];
  for (const [slug, titleRu, titleOriginal, year, kinopoiskId] of titles) {
    const posterFile = path.join(dir, `${slug}.png`);
    await sharp({ create: { width: 16, height: 24, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toFile(posterFile);
    const hlsDir = path.join(dir, 'hls', slug);
    fs.mkdirSync(hlsDir, { recursive: true });
    fs.writeFileSync(path.join(hlsDir, 'index.m3u8'), '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n');
    fs.writeFileSync(path.join(hlsDir, 'seg0.ts'), Buffer.alloc(188 * 4, 0x47));
    items.push({ slug, titleRu, titleOriginal, year, kinopoiskId, posterFile, hlsDir });
  }
  sites = await startFixtureSites({
    items,
    channel: {
      name: 'kino_free_kz',
      posts: [
        { id: 101, text: 'Всем привет! Новый канал с фильмами.' },
        { id: 102, text: 'Келин смотреть онлайн', itemSlug: 'kelin' },
        { id: 103, text: 'Томирис (2019) полностью', itemSlug: 'tomiris' },
        { id: 104, text: 'Опрос: что смотрим завтра?' },
        { id: 105, text: 'Бақсы — полная версия', itemSlug: 'baksy' },
        { id: 106, text: 'Реклама: лучшие ставки' },
        { id: 107, text: 'Шал — новинка', itemSlug: 'shal' },
      ],
    },
  });
});

afterAll(async () => {
  await sites?.close();
});

describe('crawlSource on the fixture pirate site', () => {
  it('yields one detail page per item with absolute poster, player and stream URLs', async () => {
    const pages: CrawledPage[] = [];
    const t0 = Date.now();
    const res = await crawlSource({ cfg: cfg(), log }, { id: 'fixture-web', kind: 'web', url: sites.listingUrl }, async (p) => {
      pages.push(p);
    });
    const ms = Date.now() - t0;
    console.log(`fixture crawl: ${res.pagesFetched} pages in ${ms} ms (${((1000 * res.pagesFetched) / ms).toFixed(1)} pages/s)`);
    expect(res.failed).toEqual([]);
    expect(res.candidates).toBe(items.length);
    expect(pages).toHaveLength(items.length);
    // 3 listing pages + 5 details + 5 players
    expect(res.pagesFetched).toBe(13);
    for (const it of items) {
      const p = pages.find((x) => x.url === `${sites.siteUrl}/films/${it.slug}.html`);
      expect(p, it.slug).toBeDefined();
      expect(p!.kind).toBe('detail');
      expect(p!.extract.kind).toBe('detail');
      expect(p!.extract.title).toBe(it.titleRu);
      expect(p!.extract.year).toBe(String(it.year));
      expect(p!.extract.externalIds.kinopoisk).toBe(it.kinopoiskId ? String(it.kinopoiskId) : null);
      expect(p!.extract.posters).toContain(`${sites.siteUrl}/uploads/posters/${it.slug}.png`);
      expect(p!.extract.players).toContain(`${sites.siteUrl}/player/${it.slug}${it.kinopoiskId ? `?kp=${it.kinopoiskId}` : ''}`);
      expect(p!.extract.streams).toEqual([`${sites.siteUrl}/hls/${it.slug}/index.m3u8`]);
      expect(p!.extract.trailers.some((t) => t.includes('trailer-only-in-comment'))).toBe(false);
      for (const u of [...p!.extract.posters, ...p!.extract.players, ...p!.extract.streams]) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    }
    // the windows-1251 page: decoded title, original bytes kept for evidence
    const cp = pages.find((x) => x.url.endsWith('/tomiris.html'))!;
    expect(cp.contentType).toMatch(/windows-1251/);
    expect(cp.body.includes(Buffer.from('Томирис', 'utf8'))).toBe(false);
    expect(cp.extract.title).toBe('Томирис');
    expect(cp.extract.originalTitle).toBe('Tomiris');
  });

  it('reads the Telegram preview with ?before= pagination, one onPage per message with a video or link', async () => {
    const pages: CrawledPage[] = [];
    const res = await crawlSource({ cfg: cfg(), log }, { id: 'fixture-tg', kind: 'telegram', url: sites.telegramUrl }, async (p) => {
      pages.push(p);
    });
    expect(res.failed).toEqual([]);
    expect(res.pagesFetched).toBe(3);
    expect(sites.requests.some((r) => r.includes('before='))).toBe(true);
    expect(pages.map((p) => p.url).sort()).toEqual([102, 103, 105, 107].map((id) => `${sites.siteUrl}/kino_free_kz/${id}`));
    for (const p of pages) {
      expect(p.kind).toBe('telegram');
      expect(p.message?.videos[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hls\/\w+\/index\.m3u8$/);
      expect(p.message?.links[0]).toMatch(/\/films\/\w+\.html$/);
      expect(p.message?.date).toMatch(/^2024-01-/);
    }
  });

  it('respects maxPages', async () => {
    const pages: CrawledPage[] = [];
    const res = await crawlSource({ cfg: cfg({ CRAWL_MAX_PAGES: '3' }), log }, { id: 'fixture-small', kind: 'web', url: sites.listingUrl }, async (p) => {
      pages.push(p);
    });
    expect(res.pagesFetched).toBeLessThanOrEqual(3);
    expect(pages.length).toBeLessThanOrEqual(2);
  });

  it('two concurrent crawls keep separate storage (no shared request queue)', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const [ra, rb] = await Promise.all([
      crawlSource({ cfg: cfg(), log }, { id: 'a', kind: 'web', url: sites.listingUrl }, async (p) => void a.push(p.url)),
      crawlSource({ cfg: cfg(), log }, { id: 'b', kind: 'web', url: sites.listingUrl }, async (p) => void b.push(p.url)),
    ]);
    expect(ra.candidates).toBe(items.length);
    expect(rb.candidates).toBe(items.length);
    expect(a.sort()).toEqual(b.sort());
  });

  it('refuses the loopback fixture without an allowlist and never contacts it', async () => {
    const before = sites.requests.length;
    const res = await crawlSource({ cfg: cfg({ FETCH_ALLOWLIST: '' }), log }, { id: 'ssrf', kind: 'web', url: sites.listingUrl }, async () => {
      throw new Error('must not be called');
    });
    expect(res.candidates).toBe(0);
    expect(res.failed[0]?.error).toMatch(/non-public|loopback/);
    expect(sites.requests.length).toBe(before);
  });

  it('refuses a hostname resolving to loopback at connect time inside crawlee (lookup hook)', async () => {
    const before = sites.requests.length;
    const port = new URL(sites.siteUrl).port;
    const res = await crawlSource({ cfg: cfg({ FETCH_ALLOWLIST: '' }), log }, { id: 'rebind', kind: 'web', url: `http://localhost:${port}/films/` }, async () => {
      throw new Error('must not be called');
    });
    expect(res.pagesFetched).toBe(0);
    expect(res.failed[0]?.error).toMatch(/localhost resolves to/);
    expect(sites.requests.length).toBe(before);
  });

  it('normalises Telegram channel URLs to the t.me/s preview', () => {
    expect(telegramPreviewUrl('https://t.me/kino_free_kz')).toBe('https://t.me/s/kino_free_kz');
    expect(telegramPreviewUrl('@kino_free_kz')).toBe('https://t.me/s/kino_free_kz');
    expect(telegramPreviewUrl('https://t.me/s/kino_free_kz')).toBe('https://t.me/s/kino_free_kz');
  });
});
