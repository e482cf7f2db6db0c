// Dashboards (issue 11) through the HTTP API on PGlite: detections per Almaty day and status, the SLA chain per item
// (timestamps, overdue and late flags), exposure per film (URLs, domains, Telegram channels, views, subscribers, days
// online), the CSV (columns, formula titles neutralised), scoping (holder B never sees holder A's film through either
// route, by list or by id), period filtering and its limits, and uPlot's files served from node_modules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPOSURE_COLUMNS, telegramCount, telegramChannel } from '../../films/exposure.ts';
import { almatyDay } from '../../storage/dashboard.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { at, HOSTILE_TITLE, seedDashboard } from './dashboard-fixtures.ts';

type Dash = {
  period: { from: string; to: string; days: string[] };
  films: Array<{ id: string; titleKk: string }>;
  detections: Array<{ day: string; filmId: string; domain: string; status: string; count: number }>;
  sla: { operatorsTotal: number; items: Array<Record<string, unknown> & { matchId: string; filmId: string; overdue: boolean; late: boolean }> };
  exposure: Array<Record<string, unknown> & { filmId: string }>;
};

describe('dashboards API', () => {
  let api: Api;
  let s: Awaited<ReturnType<typeof seedDashboard>>;
  const dir = tempDir('kuzet-dashboard-');
  const now = new Date();

  beforeAll(async () => {
    api = await startApi(dir);
    s = await seedDashboard(api.db, now);
  }, 60_000);
  afterAll(async () => api?.close());

  const get = async (key: string, url: string) => api.app.inject({ url, headers: bearer(key) });
  const dash = async (key: string, q = '') => {
    const res = await get(key, `/api/portal/dashboard${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Dash;
  };
  const sum = (d: Dash, filmId: string, status: string) => d.detections.filter((r) => r.filmId === filmId && r.status === status).reduce((a, r) => a + r.count, 0);

  it('counts detections per Almaty day, film, domain and status in the default 30-day period', async () => {
    const d = await dash(s.sup.apiKey);
    expect(d.period.to).toBe(almatyDay(now));
    expect(d.period.days).toHaveLength(30);
    expect(d.films.map((f) => f.id).sort()).toEqual(['film_a1', 'film_a2', 'film_b1']);
    // m7 (60 days ago) is outside the period
    expect([sum(d, 'film_a1', 'confirmed'), sum(d, 'film_a1', 'waiting'), sum(d, 'film_a1', 'rejected')]).toEqual([5, 1, 1]);
    expect(d.detections).toContainEqual({ day: almatyDay(at(3, 10, now)), filmId: 'film_a1', domain: 'kino-pirate.example', status: 'confirmed', count: 1 });
    expect(d.detections).toContainEqual({ day: almatyDay(at(1, 14, now)), filmId: 'film_a1', domain: 't.me', status: 'confirmed', count: 2 });
    expect(d.detections).toContainEqual({ day: almatyDay(at(2, 11, now)), filmId: 'film_a1', domain: 'legal.example', status: 'rejected', count: 1 });
    // a match at 23:30 UTC belongs to the next Almaty day
    expect(almatyDay(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
  });

  it('follows each item through the SLA chain and flags overdue and late delisting', async () => {
    const d = await dash(s.sup.apiKey, '?film=film_a1');
    const by = new Map(d.sla.items.map((i) => [i.matchId, i]));
    expect([...by.keys()].sort()).toEqual([s.ids.m1, s.ids.m2, s.ids.m3, s.ids.m4, s.ids.m5, s.ids.m8].sort());
    expect(d.sla.operatorsTotal).toBe(1);
    expect(by.get(s.ids.m1)).toMatchObject({
      status: 'confirmed', detectedAt: at(3, 10, now).toISOString(), confirmedAt: s.times.confirmed1.toISOString(),
      entryStatus: 'active', activatedAt: s.times.activated.toISOString(), serial: s.serial,
      delistedAt: s.times.delisted1.toISOString(), enginesDelisted: 1, appliedAt: s.times.applied.toISOString(), operatorsApplied: 1,
      overdue: false, late: false,
    });
    expect(by.get(s.ids.m2)).toMatchObject({ overdue: true, late: false, delistedAt: null, delistStatus: 'open', activatedAt: null });
    expect(by.get(s.ids.m3)).toMatchObject({ overdue: false, late: false, delistedAt: null });
    expect(by.get(s.ids.m8)).toMatchObject({ overdue: false, late: true });
    expect(by.get(s.ids.m4)).toMatchObject({ overdue: false, delistItemId: null });
    expect(by.get(s.ids.m5)).toMatchObject({ status: 'pending_review', confirmedAt: null });
  });

  it('sums exposure per film: URLs, domains, channels, views, subscribers (once per channel), days online until the block', async () => {
    const d = await dash(s.sup.apiKey);
    const e = new Map(d.exposure.map((x) => [x.filmId, x]));
    expect(e.get('film_a1')).toEqual({
      filmId: 'film_a1', urls: 5, domains: ['kino-pirate.example', 'late.example', 'mirror.example', 't.me'], telegramChannels: 1,
      views: 2000, subscribers: 15300, maxDaysOnline: 3, confirmedMatches: 5, waitingMatches: 1, blockedUrls: 1,
    });
    expect(e.get('film_b1')).toMatchObject({ urls: 2, telegramChannels: 1, views: 5000, subscribers: 900, blockedUrls: 1, maxDaysOnline: 0 });
    expect(e.get('film_a2')).toMatchObject({ urls: 1, views: 0 });
  });

  it('filters by period: a day, the old match with a wider period, and refuses bad periods', async () => {
    const day1 = almatyDay(at(1, 12, now));
    const d = await dash(s.sup.apiKey, `?from=${day1}&to=${day1}`);
    expect(d.period.days).toEqual([day1]);
    expect(new Set(d.detections.map((r) => r.day))).toEqual(new Set([day1]));
    expect(sum(d, 'film_a1', 'confirmed')).toBe(2);
    expect(d.sla.items.map((i) => i.matchId).sort()).toEqual([s.ids.m3, s.ids.m4, s.ids.m5, s.ids.b2].sort());
    const wide = await dash(s.sup.apiKey, `?from=${almatyDay(at(70, 0, now))}&to=${almatyDay(now)}`);
    expect(sum(wide, 'film_a1', 'confirmed')).toBe(6);
    for (const q of [`?from=${day1}&to=${almatyDay(at(3, 0, now))}`, '?from=2026-13-01', '?from=yesterday', '?from=2024-01-01&to=2025-06-01']) {
      expect((await get(s.sup.apiKey, `/api/portal/dashboard${q}`)).statusCode, q).toBe(400);
      expect((await get(s.sup.apiKey, `/api/portal/exposure.csv${q}`)).statusCode, q).toBe(400);
    }
  });

  it('writes one CSV row per film with documented columns and neutralised formula titles', async () => {
    const res = await get(s.a.apiKey, '/api/portal/exposure.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="kuzet-exposure-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(EXPOSURE_COLUMNS.join(','));
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(4);
    const a1 = lines.find((l) => l.startsWith('film_a1,'))!;
    expect(a1).toBe(`film_a1,Дала үні,Голос степи,Voice of the Steppe,0001-21,АО «Казахфильм»,${almatyDay(at(29, 0, now))},${almatyDay(now)},Asia/Almaty,5,4,kino-pirate.example late.example mirror.example t.me,1,2000,15300,3,5,1,1`);
    const a2 = lines.find((l) => l.startsWith('film_a2,'))!;
    expect(a2.startsWith(`film_a2,"'${HOSTILE_TITLE.replace(/"/g, '""')}",'+SUM(A1),,'@0002-22,`)).toBe(true);
    expect(res.body).not.toContain('film_b1');
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('shows a rights holder only its own films, through the JSON and the CSV, by list and by id', async () => {
    const d = await dash(s.b.apiKey);
    expect(d.films.map((f) => f.id)).toEqual(['film_b1']);
    expect(new Set(d.detections.map((r) => r.filmId))).toEqual(new Set(['film_b1']));
    expect(d.sla.items.map((i) => i.matchId).sort()).toEqual([s.ids.b1, s.ids.b2].sort());
    expect(d.exposure.map((x) => x.filmId)).toEqual(['film_b1']);
    expect(JSON.stringify(d)).not.toMatch(/film_a|Дала|piratechan|dala-uni/);
    for (const url of ['/api/portal/dashboard?film=film_a1', '/api/portal/exposure.csv?film=film_a1']) {
      const res = await get(s.b.apiKey, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Дала');
    }
    expect((await get(s.a.apiKey, '/api/portal/dashboard?film=film_b1')).statusCode).toBe(404);
    expect((await get(s.sup.apiKey, '/api/portal/dashboard?film=nope')).statusCode).toBe(404);
    const csvB = (await get(s.b.apiKey, '/api/portal/exposure.csv')).body;
    expect(csvB.split('\r\n').filter(Boolean).map((l) => l.split(',')[0])).toEqual(['film_id', 'film_b1']);
    // other roles and no key
    expect((await get(s.engine.apiKey, '/api/portal/dashboard')).statusCode).toBe(403);
    expect((await api.app.inject({ url: '/api/portal/exposure.csv' })).statusCode).toBe(401);
  });

  it('serves uPlot from node_modules with a validator and the page with a policy that allows it', async () => {
    const js = await api.app.inject({ url: '/assets/uplot.min.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(js.body).toContain('uPlot');
    expect((await api.app.inject({ url: '/assets/uplot.min.js', headers: { 'if-none-match': String(js.headers.etag) } })).statusCode).toBe(304);
    const css = await api.app.inject({ url: '/assets/uplot.min.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await api.app.inject({ url: '/assets/other.js' })).statusCode).toBe(404);
    for (const url of ['/portal/dashboard', '/kk/portal/dashboard', '/ru/portal/dashboard', '/en/portal/dashboard']) {
      const page = await api.app.inject({ url });
      expect(page.statusCode).toBe(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'sha256-[^']+' 'self'/);
      expect(csp).not.toContain('unsafe-inline');
      expect(page.body).toContain('<script src="/assets/uplot.min.js"></script>');
    }
    expect((await api.app.inject({ url: '/ru/portal/dashboard' })).body).toContain('Панель мониторинга');
  });

  it('reads Telegram counts and channels as Telegram writes them', () => {
    expect(['987', '1.2K', '15,3K', '1.1M', ' 2 K', '', null, 'many', '1e9', '-5'].map(telegramCount)).toEqual([987, 1200, 15300, 1100000, 2000, 0, 0, 0, 0, 0]);
    expect(['https://t.me/s/Pirate_Chan', 'https://t.me/piratechan/42', 'https://example.com/x', 'https://t.me/', null, 'not a url'].map(telegramChannel))
      .toEqual(['pirate_chan', 'piratechan', null, null, null, null]);
  });
});
