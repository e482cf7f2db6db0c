// Mirror discovery: pure signals on generated pages, then discovery over HTTP against the fixture pirate site
// served as two "mirrors" (127.0.0.1 and localhost), a redirector, and an unrelated site.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPage } from '../../crawlers/extract.ts';
import { compareSites, jaccard, playerKeys, siteSignals, templateFeatures } from '../../crawlers/mirrors.ts';
import { discoverMirrors, proposeMirror } from '../../crawlers/mirrors/store.ts';
import { detailPage, listingPage, type FixtureItem } from '../../fixtures/pirate-site/pirate-pages.ts';
import { startFixtureSites, type FixtureSites } from '../../fixtures/pirate-site/pirate-site.ts';
import type { FetchPolicy } from '../../net/fetch.ts';
import { addSource } from '../../storage/sources.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

const log = silentLog();

const item = (slug: string, title: string, kp?: number): FixtureItem => ({ slug, titleRu: title, year: 2015, kinopoiskId: kp, posterFile: '/nonexistent.png', hlsDir: '/nonexistent' });
const items = [item('kelin', 'Келин', 452012), item('tomiris', 'Томирис', 1183582), item('baksy', 'Бақсы', 420501), item('shal', 'Шал')];
const blogPage = `<!DOCTYPE html><html><head><title>Блог</title></head><body><div class="wrap"><article class="post"><h2>Жаңалықтар</h2>
<p>Бүгін ауа райы жақсы.</p><a href="/about">Біз туралы</a></article><aside class="sidebar"><ul><li>Архив</li></ul></aside></div></body></html>`;

describe('mirror signals (pure)', () => {
  it('the same template with different content is recognised, a different site is not', () => {
    const a = templateFeatures(listingPage(items.slice(0, 2), 1, 2));
    const b = templateFeatures(listingPage(items.slice(2, 4), 2, 2));
    const c = templateFeatures(blogPage);
    expect(jaccard(a, b)).toBeGreaterThanOrEqual(0.8);
    expect(jaccard(a, c)).toBeLessThan(0.3);
  });

  it('player keys are host-independent for same-site players and key Kinopoisk balancer URLs', () => {
    const d1 = extractPage(detailPage(items[0]!, 'http://one.example', 'utf-8', false), 'http://one.example/films/kelin.html');
    const d2 = extractPage(detailPage(items[0]!, 'http://two.example', 'utf-8', false), 'http://two.example/films/kelin.html');
    expect(playerKeys([{ url: 'http://one.example/films/kelin.html', ...d1 }])).toEqual(playerKeys([{ url: 'http://two.example/films/kelin.html', ...d2 }]));
    expect(playerKeys([{ url: 'http://x.example/a', players: ['https://kodik.info/video/kp/452012?token=abc'], streams: [] }])).toContain('kp-player:kodik:452012');
  });

  it('compareSites reports redirect, template, favicon and player evidence, and nothing for the same host', () => {
    const html = listingPage(items, 1, 1);
    const ico = Buffer.from('fake-ico-bytes');
    const pages = (host: string) => items.map((i) => ({ url: `http://${host}/films/${i.slug}.html`, players: [`http://${host}/player/${i.slug}?kp=${i.kinopoiskId}`], streams: [] }));
    const known = siteSignals({ url: 'http://kino-a.example/films/', finalUrl: 'http://kino-b.example/films/', html, favicon: ico, pages: pages('kino-a.example') });
    const mirror = siteSignals({ url: 'http://kino-b.example/films/', html, favicon: ico, pages: pages('kino-b.example') });
    expect(compareSites(known, mirror).map((e) => e.signal)).toEqual(['redirect', 'template', 'favicon', 'player']);
    const unrelated = siteSignals({ url: 'http://blog.example/', html: blogPage, favicon: Buffer.from('other') });
    expect(compareSites(known, unrelated)).toEqual([]);
    expect(compareSites(known, { ...mirror, host: known.host })).toEqual([]);
  });
});

describe('discoverMirrors over HTTP', () => {
  let sites: FixtureSites;
  let other: TestServer | undefined;
  let redirector: TestServer | undefined;
  let otherUrl = '';
  let redirectorUrl = '';
  const policy: FetchPolicy = { allowlist: ['127.0.0.1', '::1', 'localhost'], maxBytes: 1 << 20, timeoutMs: 5000, userAgent: 'KuzetBot/test', maxRedirects: 5 };

  beforeAll(async () => {
    sites = await startFixtureSites({ items, pageSize: 4 });
    other = await serveHttp((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(blogPage));
    otherUrl = other.url;
    const mirrorListing = sites.listingUrl.replace('127.0.0.1', 'localhost');
    redirector = await serveHttp((_, res) => res.writeHead(301, { location: mirrorListing }).end());
    redirectorUrl = redirector.url;
  });
  afterAll(async () => {
    await sites?.close();
    await Promise.all([other, redirector].map((s) => s?.close()));
  });

  it('proposes the same site under another host as a disabled source, skips an unrelated site and known domains', async () => {
    const db = await freshPglite();
    const known = await addSource(db, { kind: 'web', url: sites.listingUrl });
    const mirrorUrl = sites.listingUrl.replace('127.0.0.1', 'localhost');
    const out = await discoverMirrors({ db, policy, log }, { sourceId: known.id, url: sites.listingUrl }, [mirrorUrl, `${otherUrl}/`]);
    const m = out.find((o) => o.url === mirrorUrl)!;
    expect(m.evidence.map((e) => e.signal)).toEqual(['template', 'player']);
    expect(m.result.status).toBe('proposed');
    expect(out.find((o) => o.url === `${otherUrl}/`)!.result).toEqual({ status: 'skipped', reason: 'no_signal' });
    const [row] = await db.query<{ enabled: boolean; proposed_reason: string; domain: string }>('SELECT enabled, proposed_reason, domain FROM sources WHERE url = $1', [mirrorUrl]);
    expect(row).toMatchObject({ enabled: false, domain: 'localhost' });
    expect(row!.proposed_reason).toMatch(/^mirror of 127\.0\.0\.1: template \(page template 100% identical.*player \(3 player\/stream ids shared/);
    expect(await proposeMirror(db, { url: `${mirrorUrl}?again=1`, reason: 'x' })).toEqual({ status: 'skipped', reason: 'known_domain' });
    const audit = await db.query<{ action: string }>("SELECT action FROM audit_log WHERE action = 'source.propose'");
    expect(audit).toHaveLength(1);
    await db.close();
  });

  it('a known source that redirects to another host proposes that host', async () => {
    const db = await freshPglite();
    const known = await addSource(db, { kind: 'web', url: `${redirectorUrl}/films/` });
    const out = await discoverMirrors({ db, policy, log }, { sourceId: known.id, url: `${redirectorUrl}/films/` }, []);
    expect(out).toHaveLength(1);
    expect(out[0]!.url).toBe(sites.listingUrl.replace('127.0.0.1', 'localhost'));
    expect(out[0]!.evidence.map((e) => e.signal)).toContain('redirect');
    expect(out[0]!.result.status).toBe('proposed');
    await db.close();
  });
});
