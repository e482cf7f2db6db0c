// SSRF guard and safeFetch against a real local HTTP server on 127.0.0.1 (no internet).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPublicUrl, FetchError, FetchRefused, safeFetch, type FetchPolicy } from '../../net/fetch.ts';
import { compileAllowlist, isAllowlistedAddress, isForbiddenAddress } from '../../net/guard.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

let server: TestServer;
let base = '';
const open = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = await serveHttp((req, res) => {
    const p = req.url ?? '/';
    if (p === '/ok') return res.end('hello');
    if (p === '/to-private') return res.writeHead(302, { location: 'http://10.0.0.1/secret' }).end();
    if (p === '/to-metadata') return res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (p === '/to-localhost') return res.writeHead(302, { location: `http://localhost:${server.port}/ok` }).end();
    if (p === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (p === '/to-ok') return res.writeHead(302, { location: '/ok' }).end();
    if (p === '/loop-a') return res.writeHead(302, { location: '/loop-b' }).end();
    if (p === '/loop-b') return res.writeHead(302, { location: '/loop-a' }).end();
    if (p.startsWith('/chain/')) return res.writeHead(302, { location: `/chain/${Number(p.split('/')[2]) + 1}` }).end();
    if (p === '/big-stream') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 1);
      let n = 0;
      const pump = () => {
        while (n++ < 64) if (!res.write(chunk)) return res.once('drain', pump);
        res.end();
      };
      return pump();
    }
    if (p === '/big-declared') return res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end();
    if (p === '/slow') {
      open.add(res);
      return res.writeHead(200).write('partial');
    }
    if (p === '/gone') return res.writeHead(410).end('gone');
    res.writeHead(404).end();
  });
  base = server.url;
});
afterAll(async () => {
  for (const r of open) r.destroy();
  await server.close();
});

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({
  allowlist: ['127.0.0.1'],
  maxBytes: 256 * 1024,
  timeoutMs: 3000,
  userAgent: 'KuzetTest/1',
  maxRedirects: 5,
  ...over,
});

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1', '127.5.5.5', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '169.254.1.1',
    '100.64.0.1', '100.127.255.254', '0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.2.1', '198.18.0.1', '240.0.0.1',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
    '[::1]', 'not-an-ip', '2001:db8::1', '64:ff9b::7f00:1', '2002:7f00:1::1',
  ])('refuses %s', (ip) => expect(isForbiddenAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (ip) =>
    expect(isForbiddenAddress(ip)).toBe(false),
  );

  it('allowlist matches IPs and CIDRs, not neighbours', () => {
    const list = compileAllowlist(['127.0.0.1', '10.8.0.0/16', 'fixtures.test']);
    expect(isAllowlistedAddress(list, '127.0.0.1')).toBe(true);
    expect(isAllowlistedAddress(list, '::ffff:127.0.0.1')).toBe(true);
    expect(isAllowlistedAddress(list, '127.0.0.2')).toBe(false);
    expect(isAllowlistedAddress(list, '10.8.3.4')).toBe(true);
    expect(isAllowlistedAddress(list, '10.9.0.1')).toBe(false);
    expect(list.hosts.has('fixtures.test')).toBe(true);
  });
});

describe('safeFetch', () => {
  it('fetches an allowlisted loopback server', async () => {
    const r = await safeFetch(policy(), `${base}/ok`);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('hello');
  });

  it('follows a same-server redirect and reports the final url', async () => {
    const r = await safeFetch(policy(), `${base}/to-ok`);
    expect(r.url).toBe(`${base}/ok`);
    expect(r.redirects).toHaveLength(2);
  });

  it('refuses loopback without an allowlist', async () => {
    await expect(safeFetch(policy({ allowlist: [] }), `${base}/ok`)).rejects.toThrow(/loopback/);
  });

  it('refuses a hostname that resolves to loopback, at connect time (lookup hook)', async () => {
    const port = server.port;
    const err = await safeFetch(policy({ allowlist: [] }), `http://localhost:${port}/ok`).catch((e) => e);
    expect(err).toBeInstanceOf(FetchRefused);
    expect(err.message).toMatch(/localhost resolves to/);
    expect(err.permanent).toBe(true);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://192.168.0.1:8080/admin',
    'http://100.64.1.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fd00::1]/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0.0.0.0/',
  ])('refuses %s (no allowlist)', async (url) => {
    await expect(safeFetch(policy({ allowlist: [] }), url)).rejects.toBeInstanceOf(FetchRefused);
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/x', 'gopher://example.com/', 'data:text/plain,hi', 'javascript:alert(1)'])(
    'refuses the scheme of %s',
    async (url) => {
      await expect(safeFetch(policy(), url)).rejects.toThrow(/scheme|valid URL/);
    },
  );

  it('refuses URLs with credentials', async () => {
    await expect(safeFetch(policy(), `http://user:pw@127.0.0.1:1/`)).rejects.toBeInstanceOf(FetchRefused);
  });

  it('refuses a redirect to a private address', async () => {
    await expect(safeFetch(policy(), `${base}/to-private`)).rejects.toThrow(/10\.0\.0\.1.*private/);
  });

  it('refuses a redirect to the metadata service', async () => {
    await expect(safeFetch(policy(), `${base}/to-metadata`)).rejects.toBeInstanceOf(FetchRefused);
  });

  it('a redirect to localhost reaches only the allowlisted 127.0.0.1, never ::1', async () => {
    const p = policy({ allowlist: ['127.0.0.1'] });
    // localhost resolves to 127.0.0.1 (allowed) or ::1 (not allowlisted): either way ::1 must not be reached.
    const r = await safeFetch(p, `${base}/to-localhost`).then(
      (x) => x.status,
      (e: Error) => e,
    );
    if (r instanceof Error) expect(r).toBeInstanceOf(FetchRefused);
    else expect(r).toBe(200);
  });

  it('refuses a redirect to a file: URL', async () => {
    await expect(safeFetch(policy(), `${base}/to-file`)).rejects.toThrow(/scheme file:/);
  });

  it('detects a redirect loop', async () => {
    const err = await safeFetch(policy(), `${base}/loop-a`).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.message).toMatch(/redirect loop/);
  });

  it('stops after maxRedirects', async () => {
    await expect(safeFetch(policy({ maxRedirects: 3 }), `${base}/chain/0`)).rejects.toThrow(/too many redirects/);
  });

  it('aborts an oversize streamed body', async () => {
    const err = await safeFetch(policy({ maxBytes: 100_000 }), `${base}/big-stream`).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.message).toMatch(/exceeded the 100000-byte limit/);
    expect(err.permanent).toBe(true);
  });

  it('refuses an oversize declared Content-Length before reading', async () => {
    await expect(safeFetch(policy({ maxBytes: 100_000 }), `${base}/big-declared`)).rejects.toThrow(/over the 100000-byte limit/);
  });

  it('times out a slow server (total deadline)', async () => {
    const err = await safeFetch(policy({ timeoutMs: 300 }), `${base}/slow`).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.message).toMatch(/timed out after 300 ms/);
    expect(err.permanent).toBe(false);
  });

  it('reports 410 as a permanent FetchError with the status', async () => {
    const err = await safeFetch(policy(), `${base}/gone`).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.status).toBe(410);
    expect(err.permanent).toBe(true);
  });
});

describe('assertPublicUrl', () => {
  it('refuses loopback, localhost and metadata; accepts allowlisted', async () => {
    await expect(assertPublicUrl({ allowlist: [] }, `${base}/ok`)).rejects.toBeInstanceOf(FetchRefused);
    await expect(assertPublicUrl({ allowlist: [] }, 'http://localhost/x.m3u8')).rejects.toBeInstanceOf(FetchRefused);
    await expect(assertPublicUrl({ allowlist: ['127.0.0.1'] }, 'http://169.254.169.254/')).rejects.toBeInstanceOf(FetchRefused);
    await expect(assertPublicUrl({ allowlist: ['127.0.0.0/8'] }, `${base}/hls/index.m3u8`)).resolves.toBeUndefined();
    await expect(assertPublicUrl({ allowlist: [] }, 'file:///etc/passwd')).rejects.toBeInstanceOf(FetchRefused);
  });
});
