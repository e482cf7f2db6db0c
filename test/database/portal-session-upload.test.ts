// The portal's sessions and reference uploads over HTTP on a fresh PGlite (issue 11): a key opens an HttpOnly
// session; a session cannot change data without the CSRF header, ends at sign-out and when its key is revoked; a
// film registered from the form belongs to its holder and nobody else sees it; a reference arrives in chunks that
// must start where the server's bytes end, never past the declared size, resumes after an interruption, and once
// complete is stored content-addressed with its fingerprint job queued.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeKey, listKeys } from '../../storage/users.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedUser } from './registry-fixtures.ts';

describe('portal sessions and reference uploads', () => {
  let api: Api;
  let keyA = '';
  let keyB = '';
  let userA = '';
  const dir = tempDir('kuzet-portal-up-');

  beforeAll(async () => {
    api = await startApi(dir, { uploadMaxBytes: 1024 * 1024 * 2 });
    const a = await seedUser(api.db, 'Казахфильм', 'rights_holder');
    keyA = a.apiKey; userA = a.user.id;
    keyB = (await seedUser(api.db, 'Другая студия', 'rights_holder')).apiKey;
  });
  afterAll(async () => api?.close());

  const signIn = async (key: string) => {
    const r = await api.app.inject({ method: 'POST', url: '/api/session', headers: bearer(key) });
    expect(r.statusCode, r.body).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    return cookie.split(';')[0]!;
  };

  it('opens a session with a key; the cookie alone then works, but a change needs x-kuzet-csrf', async () => {
    const cookie = await signIn(keyA);
    expect(cookie).not.toContain(keyA);
    const me = await api.app.inject({ url: '/api/session', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { name: 'Казахфильм', role: 'rights_holder' }, via: 'session' });
    expect((await api.app.inject({ url: '/api/portal/films', headers: { cookie } })).statusCode).toBe(200);
    const body = { titleKk: 'Сынақ', titleRu: 'Тест' };
    const forged = await api.app.inject({ method: 'POST', url: '/api/portal/films', headers: { cookie }, payload: body });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error).toBe('csrf');
    const ok = await api.app.inject({ method: 'POST', url: '/api/portal/films', headers: { cookie, 'x-kuzet-csrf': '1' }, payload: body });
    expect(ok.statusCode).toBe(200);
    // a session cannot open another session (it would outlive its own expiry)
    expect((await api.app.inject({ method: 'POST', url: '/api/session', headers: { cookie, 'x-kuzet-csrf': '1' } })).statusCode).toBe(400);
  });

  it('ends at sign-out and when the key that opened it is revoked; a forged or wrong key opens nothing', async () => {
    const cookie = await signIn(keyA);
    const out = await api.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-kuzet-csrf': '1' } });
    expect(out.json()).toEqual({ closed: true });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const after = await api.app.inject({ url: '/api/portal/films', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('session_ended');
    expect((await api.app.inject({ url: '/api/portal/films', headers: { cookie: 'kuzet_session=kzs_' + 'A'.repeat(43) } })).statusCode).toBe(401);
    expect((await api.app.inject({ method: 'POST', url: '/api/session', headers: bearer('kz_not-a-key') })).statusCode).toBe(401);

    const extra = await seedUser(api.db, 'Revoked Studio', 'rights_holder');
    const c2 = await signIn(extra.apiKey);
    expect((await api.app.inject({ url: '/api/portal/films', headers: { cookie: c2 } })).statusCode).toBe(200);
    const [k] = (await listKeys(api.db, extra.user.id))!;
    await revokeKey(api.db, { keyId: k!.id, actor: 'test' });
    expect((await api.app.inject({ url: '/api/portal/films', headers: { cookie: c2 } })).statusCode).toBe(401);
    const audit = await api.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'session.%' ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['session.open', 'session.close']));
    expect((await api.app.inject({ url: '/api/session', headers: { cookie: c2 } })).json()).toEqual({ user: null, via: null, expiresAt: null });
  });

  it('a new sign-in on the same browser ends the session its cookie still carried (another person at the same desk)', async () => {
    const first = await signIn(keyA);
    const r = await api.app.inject({ method: 'POST', url: '/api/session', headers: { ...bearer(keyB), cookie: first } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().user.name).toBe('Другая студия');
    const second = String(r.headers['set-cookie']).split(';')[0]!;
    expect((await api.app.inject({ url: '/api/portal/films', headers: { cookie: second } })).statusCode).toBe(200);
    // the first person's session is over on the server, not just forgotten by the browser
    const old = await api.app.inject({ url: '/api/portal/films', headers: { cookie: first } });
    expect(old.statusCode).toBe(401);
    expect(old.json().error).toBe('session_ended');
    const [row] = await api.db.query<{ details: { reason?: string } }>(`SELECT details FROM audit_log WHERE action = 'session.close' AND actor = $1 ORDER BY seq DESC LIMIT 1`, [userA]);
    expect(row?.details.reason).toBe('replaced');
  });

  it('registers a film from the form for its holder only, with the form validated like the import', async () => {
    const bad = await api.app.inject({ method: 'POST', url: '/api/portal/films', headers: bearer(keyA), payload: { titleKk: 'Дала үні', titleRu: 'Голос степи', eidr: '10.5240/XYZ', imdbId: '123', licensedPlatforms: ['javascript:alert(1)'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/eidr/);
    expect(bad.json().message).toMatch(/imdb_id/);
    expect(bad.json().message).toMatch(/licensed_platforms/);
    const r = await api.app.inject({ method: 'POST', url: '/api/portal/films', headers: bearer(keyA), payload: { titleKk: 'Дала үні', titleRu: 'Голос степи', titleEn: 'Voice of the Steppe', stateRegisterNo: '0101-24', year: '2024', rightsHolderBin: '940140000385', licensedPlatforms: ['kino.kz', 't.me/kazakhfilm_official'] } });
    expect(r.statusCode).toBe(200);
    const { filmId } = r.json();
    const page = await api.app.inject({ url: `/api/portal/films/${filmId}`, headers: bearer(keyA) });
    expect(page.json().film).toMatchObject({ titleEn: 'Voice of the Steppe', year: 2024, protection: 'metadata', licensedPlatforms: [{ kind: 'domain', value: 'kino.kz' }, { kind: 'telegram', value: 'kazakhfilm_official' }] });
    expect((await api.app.inject({ url: `/api/portal/films/${filmId}`, headers: bearer(keyB) })).statusCode).toBe(404);
    // B cannot take A's film over by its register number
    const steal = await api.app.inject({ method: 'POST', url: '/api/portal/films', headers: bearer(keyB), payload: { titleKk: 'Ұрлық', titleRu: 'Кража', stateRegisterNo: '0101-24' } });
    expect(steal.statusCode).toBe(409);
  });

  it('takes a reference in chunks at the right offsets only, resumes, and queues its fingerprinting when complete', async () => {
    const { filmId } = (await api.app.inject({ method: 'POST', url: '/api/portal/films', headers: bearer(keyA), payload: { titleKk: 'Жүктеу', titleRu: 'Загрузка' } })).json();
    const bytes = crypto.randomBytes(300_000);
    const open = (key: string, extra: object = {}) => api.app.inject({ method: 'POST', url: `/api/portal/films/${filmId}/uploads`, headers: bearer(key), payload: { kind: 'video', fileName: 'master.mp4', bytes: bytes.length, ...extra } });
    expect((await open(keyA, { fileName: 'master.exe' })).statusCode).toBe(400);
    expect((await open(keyA, { bytes: 3 * 1024 * 1024 })).statusCode).toBe(413);
    expect((await open(keyB)).statusCode).toBe(404);
    const first = (await open(keyA)).json();
    expect(first.resumed).toBe(false);
    const id = first.upload.id as string;
    const put = (offset: number, body: Buffer, key = keyA, type = 'application/octet-stream') =>
      api.app.inject({ method: 'PUT', url: `/api/portal/uploads/${id}?offset=${offset}`, headers: { ...bearer(key), 'content-type': type }, payload: body });

    expect((await put(0, bytes.subarray(0, 100_000), keyB)).statusCode).toBe(404);
    expect([400, 415]).toContain((await put(0, bytes.subarray(0, 100_000), keyA, 'application/json')).statusCode);
    const plain = await put(0, Buffer.from('not a chunk'), keyA, 'text/plain');
    expect(plain.statusCode, plain.body).toBe(415);
    const c1 = await put(0, bytes.subarray(0, 100_000));
    expect(c1.json().upload).toMatchObject({ receivedBytes: 100_000, status: 'receiving' });
    // a retry of the same chunk, or a skipped one, is refused with where to continue
    const again = await put(0, bytes.subarray(0, 100_000));
    expect(again.statusCode).toBe(409);
    expect(again.headers['upload-offset']).toBe('100000');
    expect((await put(200_000, bytes.subarray(200_000))).statusCode).toBe(409);
    // past the declared size: refused, nothing kept
    const over = await put(100_000, Buffer.concat([bytes.subarray(100_000), Buffer.alloc(10)]));
    expect(over.statusCode).toBe(413);
    // the browser reloads: the same file resumes where the server's bytes end
    const resumed = (await open(keyA)).json();
    expect(resumed).toMatchObject({ resumed: true, upload: { id, receivedBytes: 100_000 } });
    expect(api.jobs.filter(([n]) => n === 'film.reference.v1')).toHaveLength(0);
    const last = await put(100_000, bytes.subarray(100_000));
    expect(last.statusCode).toBe(200);
    const up = last.json().upload;
    expect(up).toMatchObject({ status: 'stored', receivedBytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
    expect(api.jobs).toContainEqual(['film.reference.v1', expect.objectContaining({ uploadId: id })]);
    const blob = path.join(dir, 'blobs', up.sha256.slice(0, 2), up.sha256.slice(2, 4), `${up.sha256}.mp4`);
    expect(fs.readFileSync(blob).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'uploads'))).toEqual([]); // no part or scratch file left behind
    expect((await put(bytes.length, Buffer.alloc(1))).statusCode).toBe(409);
    const status = await api.app.inject({ url: `/api/portal/uploads/${id}`, headers: bearer(keyA) });
    expect(status.json().upload.status).toBe('stored');
    expect((await api.app.inject({ url: `/api/portal/uploads/${id}`, headers: bearer(keyB) })).statusCode).toBe(404);
    expect(userA).toMatch(/^usr_/);
  });

  it('refuses hostile uploads: traversal and bidi in names, odd sizes, two chunks racing for one offset', async () => {
    const { filmId } = (await api.app.inject({ method: 'POST', url: '/api/portal/films', headers: bearer(keyA), payload: { titleKk: 'Шабуыл', titleRu: 'Атака' } })).json();
    const open = (payload: object) => api.app.inject({ method: 'POST', url: `/api/portal/films/${filmId}/uploads`, headers: bearer(keyA), payload });
    const named = (await open({ kind: 'poster', fileName: '../../../etc/cron.d/\u202egnp.png', bytes: 10 })).json();
    expect(named.upload.fileName).toBe('gnp.png');
    for (const bytes of [0, -5, 1.5, '1e400', Number.MAX_SAFE_INTEGER + 2]) expect((await open({ kind: 'video', fileName: 'a.mp4', bytes })).statusCode, String(bytes)).toBe(400);
    expect((await open({ kind: 'subtitle', fileName: 'a.srt', bytes: 10 })).statusCode).toBe(400);
    expect((await open({ kind: 'poster', fileName: 'p.png', bytes: 21 * 1024 * 1024 })).statusCode).toBe(413);
    const up = (await open({ kind: 'video', fileName: 'race.mp4', bytes: 20_000 })).json().upload;
    const put = (offset: number | string, body: Buffer) => api.app.inject({ method: 'PUT', url: `/api/portal/uploads/${up.id}?offset=${offset}`, headers: { ...bearer(keyA), 'content-type': 'application/octet-stream' }, payload: body });
    expect((await put(-1, Buffer.alloc(10))).statusCode).toBe(400);
    expect((await put('1e400', Buffer.alloc(10))).statusCode).toBe(400);
    const [a, b] = await Promise.all([put(0, Buffer.alloc(10_000, 1)), put(0, Buffer.alloc(10_000, 2))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? 1 : 2;
    const last = await put(10_000, Buffer.alloc(10_000, 3));
    expect(last.json().upload.status).toBe('stored');
    const sha = last.json().upload.sha256 as string;
    const stored = fs.readFileSync(path.join(dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), `${sha}.mp4`));
    expect(stored.equals(Buffer.concat([Buffer.alloc(10_000, winner), Buffer.alloc(10_000, 3)]))).toBe(true);
  });
});
