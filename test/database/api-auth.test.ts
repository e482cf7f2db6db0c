// Authentication under attack and who may read what (issue 12): failed keys are limited per client IP and logged
// without the key, public routes have a per-IP limit, a rights holder sees only the packets of their own films,
// operators read the audit log, and an admin revokes keys and disables users with immediate effect.
import { afterEach, describe, expect, it } from 'vitest';
import { addApiKey } from '../../storage/users.ts';
import { tempDirs } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedFilm, seedMatch, seedUser } from './registry-fixtures.ts';

const tmp = tempDirs('kuzet-api-auth-');
let api: Api | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('failed authentication', () => {
  it('locks a client IP out after AUTH_FAILURES_PER_MINUTE bad keys (429) and logs each failure without the key', async () => {
    api = await startApi(tmp(), { authFailuresPerMinute: 20 });
    const { app, db } = api;
    const inv = await seedUser(db, 'inv', 'investigator');
    const badKeys = Array.from({ length: 25 }, (_, i) => `kz_guess${String(i).padStart(4, '0')}secretpart`);
    const codes: number[] = [];
    for (const k of badKeys) codes.push((await app.inject({ url: '/api/reviews', headers: bearer(k) })).statusCode);
    expect(codes).toEqual([...Array(20).fill(401), ...Array(5).fill(429)]);

    // locked out: even a valid key from that address waits, and the answer says for how long
    const locked = await app.inject({ url: '/api/reviews', headers: bearer(inv.apiKey) });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // another address is not affected
    expect((await app.inject({ url: '/api/reviews', headers: bearer(inv.apiKey), remoteAddress: '127.0.0.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/reviews', headers: bearer('kz_wrong'), remoteAddress: '127.0.0.2' })).statusCode).toBe(401);
    // requests without any key are refused but do not count as failed attempts
    const anon = [];
    for (let i = 0; i < 25; i++) anon.push((await app.inject({ url: '/api/reviews', remoteAddress: '127.0.0.3' })).statusCode);
    expect(new Set(anon)).toEqual(new Set([401]));

    const failures = api.logs.filter((l) => l.msg === 'authentication failed');
    expect(failures.length).toBeGreaterThanOrEqual(20);
    expect(failures[0]).toMatchObject({ level: 40, ip: '127.0.0.1', method: 'GET', route: '/api/reviews', keyPrefix: 'kz_gue' });
    expect(api.logs.some((l) => l.msg === 'client locked out after failed authentications' && l.ip === '127.0.0.1')).toBe(true);
    const all = api.rawLog.join('');
    for (const k of badKeys) expect(all).not.toContain(k.slice(0, 12));
    expect(all).not.toContain(inv.apiKey);
  });

  it('limits every client IP to RATE_LIMIT_PER_MINUTE requests on the public routes', async () => {
    api = await startApi(tmp(), { rateLimitPerMinute: 5 });
    const { app } = api;
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await app.inject({ url: '/registry.json' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const r = await app.inject({ url: '/' });
    expect(r.statusCode).toBe(429);
    expect(r.json()).toMatchObject({ error: 'rate_limited' });
    expect((await app.inject({ url: '/registry.json', remoteAddress: '127.0.0.2' })).statusCode).toBe(200);
    // one warning per client and minute, not one per refused request
    expect(api.logs.filter((l) => l.msg === 'client over the request limit')).toEqual([expect.objectContaining({ level: 40, ip: '127.0.0.1' })]);
  });
});

describe('who may read what', () => {
  it('gives a rights holder the packets of their own films only (404 for every other match); investigators get all', async () => {
    api = await startApi(tmp());
    const { app, db, deps } = api;
    await seedFilm(db, 'film_1');
    await seedFilm(db, 'film_2', { kk: 'Көшпенділер', ru: 'Кочевник', en: 'Nomad' });
    const mine = await seedMatch(db, 'https://one.example.kz/f', { filmId: 'film_1' });
    const theirs = await seedMatch(db, 'https://two.example.kz/f', { filmId: 'film_2' });
    for (const [i, m] of [mine, theirs].entries()) {
      const ref = await deps.blobs.put(Buffer.from(`PK\u0003\u0004 packet ${i}`), '.zip');
      await db.query(`INSERT INTO packets (id, match_id, blob_path, sha256, bytes, manifest, signature, key_id) VALUES ($1, $2, $3, $4, $5, '{}', 'sig', 'k1')`, [`pkt_${i}`, m, ref.path, ref.sha256, ref.bytes]);
    }
    const holder = await seedUser(db, 'kazakhfilm', 'rights_holder');
    const other = await seedUser(db, 'other-studio', 'rights_holder');
    const inv = await seedUser(db, 'inv', 'investigator');
    const { linkFilm } = await import('../../storage/users.ts');
    await linkFilm(db, { userId: holder.user.id, filmId: 'film_1', actor: 'test' });

    expect((await app.inject({ url: `/api/packets/${mine}`, headers: bearer(holder.apiKey) })).statusCode).toBe(200);
    const foreign = await app.inject({ url: `/api/packets/${theirs}`, headers: bearer(holder.apiKey) });
    const missing = await app.inject({ url: '/api/packets/m_nothing', headers: bearer(holder.apiKey) });
    expect([foreign.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(foreign.json().message).toBe(`no packet for match ${theirs}`); // the same answer as a match that does not exist
    expect((await app.inject({ url: `/api/packets/${mine}`, headers: bearer(other.apiKey) })).statusCode).toBe(404);
    for (const m of [mine, theirs]) expect((await app.inject({ url: `/api/packets/${m}`, headers: bearer(inv.apiKey) })).statusCode).toBe(200);
    const audit = await db.query<{ action: string; subject: string; details: Record<string, unknown> }>(`SELECT action, subject, details FROM audit_log WHERE action = 'user.link_film'`);
    expect(audit).toEqual([{ action: 'user.link_film', subject: holder.user.id, details: { film_id: 'film_1' } }]);
  });

  it('lets an operator (and an admin) read the audit log and its verification, and nothing that needs a decider', async () => {
    api = await startApi(tmp());
    const { app, db } = api;
    const op = await seedUser(db, 'op', 'operator');
    const admin = await seedUser(db, 'adm', 'admin');
    for (const key of [op.apiKey, admin.apiKey]) {
      const list = await app.inject({ url: '/api/audit', headers: bearer(key) });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((r: { action: string }) => r.action)).toContain('user.create');
      const verify = await app.inject({ url: '/api/audit/verify', headers: bearer(key) });
      expect(verify.statusCode).toBe(200);
      expect(verify.json()).toMatchObject({ ok: true });
    }
    expect((await app.inject({ url: '/api/reviews', headers: bearer(op.apiKey) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/protected-domains', headers: bearer(op.apiKey) })).statusCode).toBe(403);
  });
});

describe('revoking keys and disabling users (admin)', () => {
  it('lists a user’s keys without secrets, revokes one (401 at once), disables a user (every key 401), all audited', async () => {
    api = await startApi(tmp());
    const { app, db } = api;
    const admin = await seedUser(db, 'adm', 'admin');
    const inv = await seedUser(db, 'inv', 'investigator');
    const second = await addApiKey(db, inv.user.id, 'laptop');
    const ok = (key: string) => app.inject({ url: '/api/reviews', headers: bearer(key) }).then((r) => r.statusCode);
    expect([await ok(inv.apiKey), await ok(second)]).toEqual([200, 200]);

    const keys = await app.inject({ url: `/api/users/${inv.user.id}/keys`, headers: bearer(admin.apiKey) });
    expect(keys.statusCode).toBe(200);
    const items = keys.json().items as Array<{ id: string; label: string | null; revokedAt: string | null }>;
    expect(items.map((k) => k.label).sort()).toEqual(['initial', 'laptop']);
    for (const k of items) expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'label', 'revokedAt']);
    expect(keys.body).not.toContain(second);
    expect((await app.inject({ url: `/api/users/${inv.user.id}/keys`, headers: bearer(inv.apiKey) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/users/usr_none/keys', headers: bearer(admin.apiKey) })).statusCode).toBe(404);

    const laptop = items.find((k) => k.label === 'laptop')!;
    const rev = await app.inject({ method: 'POST', url: `/api/keys/${laptop.id}/revoke`, headers: bearer(admin.apiKey) });
    expect(rev.statusCode).toBe(200);
    expect(rev.json()).toMatchObject({ id: laptop.id, revoked: true });
    expect([await ok(second), await ok(inv.apiKey)]).toEqual([401, 200]);
    expect((await app.inject({ method: 'POST', url: `/api/keys/${laptop.id}/revoke`, headers: bearer(admin.apiKey) })).json()).toMatchObject({ revoked: false });
    expect((await app.inject({ method: 'POST', url: '/api/keys/key_none/revoke', headers: bearer(admin.apiKey) })).statusCode).toBe(404);

    const dis = await app.inject({ method: 'POST', url: `/api/users/${inv.user.id}/disable`, headers: bearer(admin.apiKey) });
    expect(dis.statusCode).toBe(200);
    expect(dis.json()).toMatchObject({ id: inv.user.id, disabled: true });
    expect(await ok(inv.apiKey)).toBe(401);
    // an admin cannot lock themselves out
    expect((await app.inject({ method: 'POST', url: `/api/users/${admin.user.id}/disable`, headers: bearer(admin.apiKey) })).statusCode).toBe(409);
    const users = (await app.inject({ url: '/api/users', headers: bearer(admin.apiKey) })).json().items as Array<{ id: string; disabled: boolean }>;
    expect(users.find((u) => u.id === inv.user.id)).toMatchObject({ disabled: true });

    const audit = await db.query<{ actor: string; action: string; subject: string }>(`SELECT actor, action, subject FROM audit_log WHERE action IN ('key.revoke', 'user.disable') ORDER BY seq`);
    expect(audit).toEqual([
      { actor: admin.user.id, action: 'key.revoke', subject: laptop.id },
      { actor: admin.user.id, action: 'user.disable', subject: inv.user.id },
    ]);
  });
});
