import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Registry, Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { keyIdOf } from '../../cli/identity.ts';
import { buildApp, type ApiDeps } from '../../api/app.ts';
import { publishMatch } from '../../registry/publish.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';
import { seedMatch, seedUser } from './registry-fixtures.ts';

const log = silentLog();
const tmp = tempDirs('kuzet-api-');

interface Ctx {
  db: Db;
  app: FastifyInstance;
  jobs: Array<[string, unknown]>;
  dir: string;
  deps: ApiDeps;
}
let ctx: Ctx | undefined;
afterEach(async () => {
  await ctx?.app.close();
  await ctx?.db.close();
  ctx = undefined;
});

async function setup(over: Partial<ApiDeps> = {}): Promise<Ctx> {
  const db = await freshPglite();
  const dir = tmp();
  const jobs: Array<[string, unknown]> = [];
  const deps: ApiDeps = {
    config: testConfig({ dataDir: dir }),
    log,
    db,
    blobs: createBlobStore(path.join(dir, 'blobs')),
    pipeline: pipelineEntries(async (name, payload) => void jobs.push([name, payload])),
    ...over,
  };
  ctx = { db, app: await buildApp(deps), jobs, dir, deps };
  return ctx;
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('api', () => {
  it('refuses missing and wrong keys and wrong roles; hides 5xx details', async () => {
    const { app, db } = await setup({ health: async () => { throw new Error('secret connection string postgres://u:p@h'); } });
    const rh = await seedUser(db, 'rh', 'rights_holder');
    const inv = await seedUser(db, 'inv', 'investigator');
    const admin = await seedUser(db, 'adm', 'admin');
    expect((await app.inject({ url: '/api/reviews' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/reviews', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
    const wrong = await app.inject({ url: '/api/reviews', headers: bearer('kz_wrong') });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'unauthorized' });
    expect((await app.inject({ url: '/api/reviews', headers: bearer(rh.apiKey) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/reviews', headers: bearer(inv.apiKey) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/protected-domains', headers: bearer(inv.apiKey) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/audit', headers: bearer(inv.apiKey) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/registry/reg_x/decision', payload: { verdict: 'approve' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/protected-domains', headers: bearer(inv.apiKey), payload: { domain: 'a.kz', reason: 'x' } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/reviews/m1', headers: bearer(inv.apiKey), payload: { verdict: 'maybe' } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/reviews/m_missing', headers: bearer(inv.apiKey), payload: { verdict: 'approve' } })).statusCode).toBe(404);

    const pd = await app.inject({ method: 'POST', url: '/api/protected-domains', headers: bearer(admin.apiKey), payload: { domain: 'https://Kino.Example.KZ/', reason: 'lawful cinema' } });
    expect(pd.statusCode).toBe(201);
    expect(pd.json()).toEqual({ domain: 'kino.example.kz', created: true });
    const list = await app.inject({ url: '/api/protected-domains', headers: bearer(admin.apiKey) });
    expect(list.json().items).toContainEqual(expect.objectContaining({ domain: 'kino.example.kz', reason: 'lawful cinema', addedBy: admin.user.id }));

    const h = await app.inject({ url: '/health' });
    expect(h.statusCode).toBe(500);
    expect(h.json()).toEqual({ error: 'internal_error', message: 'Internal Server Error' });
    expect(h.body).not.toContain('secret');
  });

  it('runs review → publish job → two-person activation → exports and pages', async () => {
    const { app, db, jobs, deps } = await setup();
    const a = await seedUser(db, 'alma', 'investigator');
    const b = await seedUser(db, 'bolat', 'investigator');
    const admin = await seedUser(db, 'adm', 'admin');
    const m = await seedMatch(db, 'https://www.kinopirat.example.kz/kyz-zhibek', { status: 'pending_review', score: 0.61 });
    // the matcher compared the soundtrack and it did not confirm (a dub): the investigator sees that
    await db.query(`UPDATE matches SET details = $2::jsonb WHERE id = $1`, [m, JSON.stringify({ audio: { filmId: 'film_1', ber: 0.412, offsetS: 61.2, overlapS: 20, confirmed: false } })]);
    const pending = await app.inject({ url: '/api/reviews', headers: bearer(a.apiKey) });
    expect(pending.json().items).toEqual([expect.objectContaining({ matchId: m, candidateUrl: 'https://www.kinopirat.example.kz/kyz-zhibek', score: 0.61, filmId: 'film_1', audio: { ber: 0.412, offsetS: 61.2, confirmed: false } })]);

    const rev = await app.inject({ method: 'POST', url: `/api/reviews/${m}`, headers: { ...bearer(a.apiKey), 'x-correlation-id': 'corr-1' }, payload: { verdict: 'approve', note: 'full film' } });
    expect(rev.json()).toEqual({ status: 'confirmed', publish: true, queued: true });
    expect(jobs).toEqual([['publish.match.v1', { matchId: m, correlationId: 'corr-1' }]]);
    await publishMatch({ db, cfg: deps.config, log }, m); // what the publish worker does

    const proposed = (await app.inject({ url: '/api/registry/proposed', headers: bearer(b.apiKey) })).json().items;
    expect(proposed).toHaveLength(1);
    expect(proposed[0]).toMatchObject({ domain: 'example.kz', status: 'proposed', matchIds: [m], approvals: [] });
    const entryId = proposed[0].id as string;
    const decide = (key: string, verdict = 'approve') => app.inject({ method: 'POST', url: `/api/registry/${entryId}/decision`, headers: bearer(key), payload: { verdict } });
    expect((await decide(a.apiKey)).json()).toEqual({ entryId, status: 'proposed', warnings: [] });
    expect((await decide(a.apiKey)).json()).toEqual({ entryId, status: 'proposed', warnings: [] });
    expect((await app.inject({ url: '/registry.json' })).json().entries).toEqual([]);
    expect((await decide(b.apiKey)).json()).toEqual({ entryId, status: 'active', warnings: [] });
    expect((await decide(admin.apiKey, 'reject')).statusCode).toBe(409);

    const json = (await app.inject({ url: '/registry.json' })).json();
    expect(json).toMatchObject({ serial: 1, entries: [{ serial: 1, domain: 'example.kz', films: [{ id: 'film_1', titleKk: 'Қыз Жібек' }] }] });
    const hosts = await app.inject({ url: '/feeds/hosts.txt' });
    expect(hosts.headers['content-type']).toMatch(/^text\/plain/);
    expect(hosts.body.split('\n').filter((l) => !l.startsWith('#') && l)).toEqual(['0.0.0.0 example.kz', '0.0.0.0 www.example.kz']);
    const rpz = (await app.inject({ url: '/feeds/rpz.zone' })).body;
    expect(rpz.split('\n').filter((l) => l.endsWith('CNAME .'))).toEqual(['example.kz CNAME .', '*.example.kz CNAME .']);
    const csv = await app.inject({ url: '/registry.csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.trim().split('\r\n')).toHaveLength(2);

    for (const [url, word] of [['/', 'Бұғатталған домендер тізілімі'], ['/kk/', 'Бұғатталған'], ['/ru/', 'Реестр заблокированных доменов'], ['/en', 'Registry of blocked domains'], ['/?lang=ru', 'Реестр'], ['/?lang=en', 'Registry']] as const) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.body, url).toContain(word);
      expect(r.body, url).toContain('example.kz');
      expect(r.body).toContain('hreflang="ru"');
    }
    expect((await app.inject({ url: '/kk/' })).body).toContain('<html lang="kk">');
    expect((await app.inject({ url: '/ru/' })).body).toContain('Кыз Жибек');
    expect((await app.inject({ url: '/en/' })).body).toContain('Kyz Zhibek');
    const entry = await app.inject({ url: '/ru/registry/1' });
    expect(entry.body).toContain('Запись реестра № 1');
    expect(entry.body).toContain('example.kz');
    expect((await app.inject({ url: '/en/registry/99' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/kk/about' })).body).toContain('Шағым беру');
    expect((await app.inject({ url: '/en/?q=zhibek' })).body).toContain('example.kz');
    const miss = await app.inject({ url: '/en/?q=nothing-like-this' });
    expect(miss.body).not.toContain('>example.kz<');
    expect(miss.body).toContain('Nothing found');
    expect((await app.inject({ url: '/?q=<script>' })).body).not.toContain('<script>');
    expect((await app.inject({ url: '/review' })).body).toContain('/api/workbench/entries'); // the workbench's proposals (with their evidence summary)

    const audit = (await app.inject({ url: '/api/audit?after=0', headers: bearer(admin.apiKey) })).json();
    expect(audit.items.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['review.approve', 'registry.propose', 'registry.approve', 'registry.activated']));
    // each decision's audit row names the channel and the key that carried it (the key's SHA-256 prefix, never the key)
    const decided = audit.items.filter((r: { action: string }) => ['review.approve', 'registry.approve'].includes(r.action));
    expect(decided.map((r: { details: { via?: unknown } }) => r.details.via)).toEqual([
      ...[a, a, a, b].map((u) => ({ channel: 'api', keyId: keyIdOf(u.apiKey) })), // the review, alma's approval twice, bolat's
    ]);
    expect(JSON.stringify(audit.items)).not.toContain(a.apiKey);
  });

  it('pages the delisting feed and validates the cursor', async () => {
    const { app, db, deps } = await setup();
    const se = bearer((await seedUser(db, 'engine', 'search_engine')).apiKey); // the feed needs an account (issue 10)
    expect((await app.inject({ url: '/api/delist' })).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) await publishMatch({ db, cfg: deps.config, log }, await seedMatch(db, `https://s${i}.pirate.example.com/f`));
    const p1 = (await app.inject({ url: '/api/delist?limit=2', headers: se })).json();
    expect(p1.items.map((i: { url: string }) => i.url)).toEqual(['https://s0.pirate.example.com/f', 'https://s1.pirate.example.com/f']);
    expect(Object.keys(p1.items[0]).sort()).toEqual(['ack', 'createdAt', 'deadlineAt', 'domain', 'filmId', 'id', 'kind', 'reason', 'seq', 'status', 'url', 'withdrawnAt', 'withdrawnReason']);
    const p2 = (await app.inject({ url: `/api/delist?after=${p1.nextCursor}&limit=2`, headers: se })).json();
    expect(p2.items.map((i: { url: string }) => i.url)).toEqual(['https://s2.pirate.example.com/f']);
    expect((await app.inject({ url: `/api/delist?after=${p2.nextCursor}`, headers: se })).json()).toEqual({ items: [], nextCursor: p2.nextCursor });
    expect((await app.inject({ url: '/api/delist?limit=0', headers: se })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/delist?after=abc', headers: se })).statusCode).toBe(400);
  });

  it('streams packets, reports health and metrics', async () => {
    const metrics = new Registry();
    new Counter({ name: 'kuzet_test_total', help: 'test counter', registers: [metrics] }).inc(3);
    const { app, db, deps } = await setup({ metrics, health: async () => ({ queues: { publish: 0 } }) });
    const inv = await seedUser(db, 'inv', 'investigator');
    const m = await seedMatch(db, 'https://zip.example.kz/f');
    const zip = Buffer.from('PK\u0003\u0004 fake packet bytes');
    const ref = await deps.blobs.put(zip, '.zip');
    await db.query(`INSERT INTO packets (id, match_id, blob_path, sha256, bytes, manifest, signature, key_id) VALUES ('pkt_1', $1, $2, $3, $4, '{}', 'sig', 'k1')`, [m, ref.path, ref.sha256, ref.bytes]);
    const r = await app.inject({ url: `/api/packets/${m}`, headers: bearer(inv.apiKey) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(r.rawPayload.equals(zip)).toBe(true);
    expect((await app.inject({ url: '/api/packets/m_none', headers: bearer(inv.apiKey) })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/packets/${m}` })).statusCode).toBe(401);

    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok', db: 'ok', search: 'postgres', queues: { publish: 0 } });
    const met = await app.inject({ url: '/metrics' });
    expect(met.body).toContain('kuzet_test_total 3');
  });
});
