// Hostile input at the HTTP API (issue 12): bad JSON, huge bodies, wrong types, unicode tricks, NUL bytes, huge
// numbers and cursors, path traversal in ids, header abuse, duplicated parameters. Every case must answer a 4xx with
// a JSON {error, message} — never a 5xx, never a hang — and a refused request must leave the database as it was.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { tempDirs } from '../kit/temp.ts';
import { hostileValue } from '../../api/plugins/input-guard.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedMatch, seedUser } from './registry-fixtures.ts';

const tmp = tempDirs('kuzet-hostile-api-');
let api: Api;
let inv = '';
let admin = '';
let matchId = '';
let invId = '';

/** every table a request could write to, as row counts plus the match statuses: equal before and after a refusal */
async function snapshot(): Promise<string> {
  const tables = ['sources', 'audit_log', 'registry_approvals', 'protected_domains', 'api_keys', 'users', 'delist_items', 'registry_entries'];
  const counts = await Promise.all(tables.map(async (t) => `${t}=${(await api.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n}`));
  const statuses = (await api.db.query<{ status: string }>('SELECT status FROM matches ORDER BY id')).map((r) => r.status);
  return [...counts, ...statuses].join(' ');
}

beforeAll(async () => {
  api = await startApi(tmp());
  const i = await seedUser(api.db, 'inv', 'investigator');
  inv = i.apiKey;
  invId = i.user.id;
  admin = (await seedUser(api.db, 'adm', 'admin')).apiKey;
  matchId = await seedMatch(api.db, 'https://pirate.example/film/1', { status: 'pending_review', score: 0.7 });
});
afterAll(async () => api?.close());

type Case = [name: string, req: () => InjectOptions, status: number | number[], message?: RegExp];
const json = (payload: string | Buffer, key = inv): InjectOptions['headers'] => ({ ...bearer(key), 'content-type': 'application/json' });
const post = (url: string, payload: string | Buffer, headers?: InjectOptions['headers']): InjectOptions => ({ method: 'POST', url, payload, headers: headers ?? json(payload) });
const src = (body: unknown) => post('/api/sources', JSON.stringify(body));
const review = (body: unknown, id = () => matchId) => post(`/api/reviews/${encodeURIComponent(id())}`, JSON.stringify(body));
const get = (url: string, key: string | null = inv, headers: Record<string, string | string[]> = {}): InjectOptions => ({ url, headers: { ...(key ? bearer(key) : {}), ...headers } });
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

const CASES: Record<string, Case[]> = {
  'bad JSON': [
    ['an unclosed object', () => post('/api/sources', '{'), 400],
    ['a truncated body', () => post('/api/sources', '{"kind":"web","url":"https://a.example/"'), 400],
    ['an array instead of an object', () => post('/api/sources', '[]'), 400],
    ['null', () => post('/api/sources', 'null'), 400],
    ['a bare string', () => post('/api/sources', '"https://a.example/"'), 400],
    ['trailing garbage after the object', () => post('/api/sources', '{"kind":"web","url":"https://a.example/"} x'), 400],
    ['a __proto__ key (prototype pollution)', () => post('/api/sources', '{"kind":"web","url":"https://a.example/","__proto__":{"role":"admin"}}'), 400],
    ['a constructor.prototype key', () => post('/api/sources', '{"kind":"web","url":"https://a.example/","constructor":{"prototype":{"role":"admin"}}}'), 400],
    ['100,000 nested arrays', () => post('/api/sources', deep(100_000)), 400],
    ['invalid UTF-8 bytes in a string', () => post('/api/sources', Buffer.concat([Buffer.from('{"kind":"web","url":"https://'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('.example/"}')])), 400],
    ['an empty body with a JSON content type', () => post('/api/sources', ''), 400],
    ['a review decision that is not JSON', () => post(`/api/reviews/m`, 'verdict=approve'), 400],
  ],
  'wrong content type': [
    ['text/plain', () => post('/api/sources', '{"kind":"web","url":"https://a.example/"}', { ...bearer(inv), 'content-type': 'text/plain' }), [400, 415]],
    ['a form', () => post('/api/sources', 'kind=web&url=https://a.example/', { ...bearer(inv), 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ['multipart', () => post('/api/sources', '--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\nweb\r\n--b--', { ...bearer(inv), 'content-type': 'multipart/form-data; boundary=b' }), 415],
    ['XML', () => post('/api/reviews/m', '<verdict>approve</verdict>', { ...bearer(inv), 'content-type': 'application/xml' }), 415],
  ],
  'huge bodies': [
    ['300 KB of JSON', () => src({ kind: 'web', url: 'https://a.example/', pad: 'x'.repeat(300_000) }), 413],
    ['5 MB of JSON', () => src({ kind: 'web', url: `https://a.example/${'a'.repeat(5_000_000)}` }), 413],
    ['a 2,001-character review note', () => review({ verdict: 'approve', note: 'n'.repeat(2001) }), 400, /note/],
    ['a protected domain with a 64-character DNS label', () => post('/api/protected-domains', JSON.stringify({ domain: `${'a'.repeat(64)}.kz`, reason: 'x' }), json('', admin)), 400, /not a domain/],
    ['a protected domain with an empty label', () => post('/api/protected-domains', JSON.stringify({ domain: 'kino..kz', reason: 'x' }), json('', admin)), 400],
    ['a 2,001-character source URL', () => src({ kind: 'web', url: `https://a.example/${'a'.repeat(2000)}` }), 400, /url/],
  ],
  'wrong types': [
    ['verdict as a number', () => review({ verdict: 1 }), 400, /verdict/],
    ['verdict as an object', () => review({ verdict: { $ne: 'x' } }), 400, /verdict/],
    ['verdict null', () => review({ verdict: null }), 400],
    ['verdict as two values', () => review({ verdict: ['approve', 'reject'] }), 400],
    ['verdict in another case', () => review({ verdict: 'APPROVE' }), 400],
    ['enabled as "yes"', () => post('/api/sources/src_x/enabled', JSON.stringify({ enabled: 'yes' })), 400, /enabled/],
    ['recrawlMinutes 1e308', () => src({ kind: 'web', url: 'https://a.example/', recrawlMinutes: 1e308 }), 400],
    ['recrawlMinutes -1', () => src({ kind: 'web', url: 'https://a.example/', recrawlMinutes: -1 }), 400],
    ['recrawlMinutes 5.5', () => src({ kind: 'web', url: 'https://a.example/', recrawlMinutes: 5.5 }), 400],
    ['url as an object', () => src({ kind: 'web', url: { href: 'https://a.example/' } }), 400],
    ['url as a number', () => src({ kind: 'web', url: 12345 }), 400],
    ['kind ftp', () => src({ kind: 'ftp', url: 'ftp://a.example/' }), 400],
    ['a javascript: source URL', () => src({ kind: 'web', url: 'javascript:alert(1)' }), 400],
    ['a file: source URL', () => src({ kind: 'web', url: 'file:///etc/passwd' }), 400],
    ['missing required fields', () => src({}), 400, /required/],
  ],
  'unicode and NUL': [
    ['a NUL byte in a review note', () => review({ verdict: 'reject', note: 'ok\u0000DROP' }), 400, /NUL|\\u0000|null character/i],
    ['a NUL byte in a protected domain reason', () => post('/api/protected-domains', JSON.stringify({ domain: 'kino.kz', reason: 'lawful\u0000' }), json('', admin)), 400],
    ['a NUL byte in a source URL host', () => src({ kind: 'web', url: 'https://a\u0000.example/' }), 400],
    ['a NUL byte in a match id', () => post(`/api/reviews/m%00x`, JSON.stringify({ verdict: 'approve' })), 400, /NUL/],
    ['a NUL byte in a packet id', () => get('/api/packets/m%00x'), 400, /NUL/],
    ['a NUL byte in the search query', () => get('/?q=%00', null), 400, /NUL/],
    ['a NUL byte in a protected domain', () => post('/api/protected-domains', JSON.stringify({ domain: 'kino\u0000.kz', reason: 'x' }), json('', admin)), 400],
    ['a NUL byte in a registry decision note', () => post('/api/registry/reg_x/decision', JSON.stringify({ verdict: 'approve', note: '\u0000' })), 400, /NUL/],
    ['an RTL override in a source host', () => src({ kind: 'web', url: 'https://exa\u202Emple.com/' }), 400],
    ['fullwidth letters in the scheme', () => src({ kind: 'web', url: 'ｈｔｔｐｓ://a.example/' }), 400],
    ['a lone surrogate in a note', () => review({ verdict: 'reject', note: '\ud800' }, () => 'm_missing'), 404],
    ['an invalid percent-escape in an id', () => get('/api/packets/%E0%A4%A'), 400, /not a valid URL path/],
    ['overlong UTF-8 in an id', () => get('/api/packets/%C0%AE%C0%AE'), 400, /not a valid URL path/],
    ['a zero-width joiner in a protected domain', () => post('/api/protected-domains', JSON.stringify({ domain: 'ki\u200Dno..kz', reason: 'x' }), json('', admin)), 400],
  ],
  'huge numbers and cursors': [
    ['delist after=1e400', () => get('/api/delist?after=1e400', admin), 400, /finite/],
    ['delist after=NaN', () => get('/api/delist?after=NaN', admin), 400],
    ['delist after=Infinity', () => get('/api/delist?after=Infinity', admin), 400, /finite/],
    ['delist limit=Infinity', () => get('/api/delist?limit=Infinity', admin), 400],
    ['audit after=1e400', () => get('/api/audit?after=1e400', admin), 400, /finite/],
    ['audit limit=Infinity', () => get('/api/audit?limit=Infinity', admin), 400],
    ['public page=Infinity', () => get('/ru/?page=Infinity', null), 400, /finite/],
    ['delist limit=1e9', () => get('/api/delist?limit=1000000000', admin), 400],
    ['delist limit=-5', () => get('/api/delist?limit=-5', admin), 400],
    ['delist limit=0', () => get('/api/delist?limit=0', admin), 400],
    ['delist after given twice', () => get('/api/delist?after=1&after=2', admin), 400],
    ['audit after beyond int64', () => get('/api/audit?after=9223372036854775808', admin), 400],
    ['audit limit=2.5', () => get('/api/audit?limit=2.5', admin), 400],
    ['public page=1e9', () => get('/en/?page=1000000000', null), 400],
    ['public page=-1', () => get('/en/?page=-1', null), 400],
    ['entry serial of 16 digits', () => get('/en/entry/1234567890123456', null), 400],
    ['entry serial 1e5', () => get('/en/entry/1e5', null), 400],
    ['entry serial -1', () => get('/en/entry/-1', null), 400],
    ['a search query of 201 characters', () => get(`/en/?q=${'я'.repeat(201)}`, null), 400],
    ['lang given twice', () => get('/?lang=ru&lang=en', null), 400],
  ],
  'path traversal in ids': [
    ['packet ../../etc/passwd', () => get('/api/packets/..%2F..%2F..%2Fetc%2Fpasswd'), 404],
    ['packet %2e%2e', () => get('/api/packets/%2e%2e'), 404],
    ['packet ..\\..\\windows', () => get('/api/packets/..%5C..%5Cwin.ini'), 404],
    ['review ../../registry', () => post('/api/reviews/..%2F..%2Fregistry', JSON.stringify({ verdict: 'approve' })), 404],
    ['registry decision on ../x', () => post('/api/registry/..%2Fx/decision', JSON.stringify({ verdict: 'approve' })), 404],
    ['source ../../ enabled', () => post('/api/sources/..%2F..%2F/enabled', JSON.stringify({ enabled: true })), 404],
    ['user keys of ../admin', () => get('/api/users/..%2Fadmin/keys', admin), [400, 404]],
    ['revoke key ../../', () => post('/api/keys/..%2F..%2F/revoke', '{}', json('', admin)), [400, 404]],
    ['a 10,000-character match id', () => post(`/api/reviews/${'m'.repeat(10_000)}`, JSON.stringify({ verdict: 'approve' })), 414, /longer than the API allows/],
    ['a 201-character packet id', () => get(`/api/packets/${'p'.repeat(201)}`), [400, 414]],
  ],
  'header abuse': [
    ['a 10 KB bearer key', () => get('/api/reviews', null, { authorization: `Bearer kz_${'a'.repeat(10_000)}` }), 401],
    ['the key with a trailing NUL', () => get('/api/reviews', null, { authorization: `Bearer ${inv}\u0000` }), 401],
    ['the key in a Basic header', () => get('/api/reviews', null, { authorization: `Basic ${Buffer.from(`x:${inv}`).toString('base64')}` }), 401],
    ['the key with a lower-case scheme and no space', () => get('/api/reviews', null, { authorization: `bearer${inv}` }), 401],
    ['a key in the query string', () => get(`/api/reviews?key=${inv}`, null), 401],
    ['a JSON content type with a UTF-16 charset', () => post('/api/sources', Buffer.from('{"kind":"web","url":"https://u16.example/"}', 'utf16le'), { ...bearer(inv), 'content-type': 'application/json; charset=utf-16' }), [400, 415]],
  ],
};

describe('hostile input at the HTTP API', () => {
  for (const [area, cases] of Object.entries(CASES)) {
    describe(area, () => {
      it.each(cases)('%s', async (_name, req, status, message) => {
        const before = await snapshot();
        const r = await api.app.inject(req());
        expect([status].flat(), `${r.statusCode} ${r.body.slice(0, 300)}`).toContain(r.statusCode);
        if (!r.headers['content-type']?.toString().startsWith('text/html')) {
          const body = r.json() as { error: string; message: string };
          expect(body.error, r.body).toMatch(/^[a-z_]+$/i);
          expect(body.message.length, r.body).toBeGreaterThan(0);
          if (message) expect(body.message).toMatch(message);
        }
        expect(await snapshot(), 'a refused request changed the database').toBe(before);
      });
    });
  }

  it('the surviving request after all of the above still works, and stores the URL percent-encoded', async () => {
    const r = await api.app.inject(src({ kind: 'web', url: 'https://a.example/\u202Egpj.exe/<script>' }));
    expect(r.statusCode, r.body).toBe(201);
    const rows = await api.db.query<{ url: string }>('SELECT url FROM sources');
    expect(rows.map((x) => x.url)).toEqual(['https://a.example/%E2%80%AEgpj.exe/%3Cscript%3E']);
    expect(invId).toMatch(/./);
  });

  it('the input guard walks any depth without recursion and names where the bad value is', () => {
    let deepest: unknown = ['x\u0000'];
    for (let i = 0; i < 200_000; i++) deepest = [deepest];
    expect(hostileValue(deepest, 'body')).toMatch(/^body(\[0\]){200000}\[0\]: contains a NUL character$/);
    expect(hostileValue({ a: [1, { b: -Infinity }] }, 'query')).toBe('query.a[1].b: must be a finite number');
    expect(hostileValue({ a: 'ок', n: Number.MAX_SAFE_INTEGER }, 'body')).toBeNull();
    expect(hostileValue(Buffer.alloc(20 << 20), 'body')).toBeNull(); // a raw upload is not walked byte by byte
  });

  it('a spoofed X-Forwarded-For does not escape the failed-key limit (no TRUST_PROXY)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      codes.push((await api.app.inject(get('/api/reviews', null, { authorization: 'Bearer kz_wrong', 'x-forwarded-for': `203.0.113.${i}` }))).statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.at(-1)).toBe(429);
  });

  describe('header abuse on a real socket (what the Node parser sees before Fastify)', () => {
    let port = 0;
    beforeAll(async () => {
      await api.app.listen({ host: '127.0.0.1', port: 0 });
      port = (api.app.server.address() as net.AddressInfo).port;
    });
    /** sends raw bytes, returns the status line of the answer (or 'closed') */
    const raw = (bytes: string) => new Promise<string>((resolve, reject) => {
      const sock = net.connect(port, '127.0.0.1');
      let got = '';
      sock.on('data', (d) => { got += d.toString('latin1'); });
      sock.on('end', () => resolve(got.split('\r\n')[0] || 'closed'));
      sock.on('error', (e) => (got ? resolve(got.split('\r\n')[0]!) : reject(e)));
      sock.setTimeout(10_000, () => sock.destroy(new Error('no answer in 10 s')));
      sock.end(bytes);
    });
    const GET = (path: string, headers: string[]) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
    const RAW: Array<[string, () => string, RegExp]> = [
      ['a 20 KB header block', () => GET('/health', [`X-Pad: ${'a'.repeat(20_000)}`]), / 431 /],
      ['Content-Length and Transfer-Encoding together (request smuggling)', () => `POST /api/sources HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, / 400 /],
      ['two different Content-Length headers', () => `POST /api/sources HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, / 400 /],
      ['a NUL byte in a header value', () => GET('/health', ['X-Correlation-Id: a\u0000b']), / 400 /],
      ['a bare CR in a header value', () => GET('/health', ['X-Correlation-Id: a\rSet-Cookie: x=1']), / 400 /],
      ['a garbage request line', () => 'GET /\u0000 HTTP/9.9\r\n\r\n', / 400 /],
      ['a space in the request target', () => 'GET /api/reviews /x HTTP/1.1\r\nHost: x\r\n\r\n', / 400 /],
      ['two Authorization headers, a bad one first: the second is never used', () => GET('/api/reviews', ['Authorization: Bearer kz_bad', `Authorization: Bearer ${inv}`]), / (401|429) /], // 429 once the lock-out test above has run
      ['an over-long correlation id is not echoed as the request id', () => GET('/health', [`X-Correlation-Id: ${'c'.repeat(5000)}`]), / 200 /],
    ];
    it.each(RAW)('%s', async (_name, bytes, status) => {
      const before = await snapshot();
      expect(await raw(bytes())).toMatch(status);
      expect(await snapshot()).toBe(before);
    });
  });
});
