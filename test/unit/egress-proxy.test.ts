// net/egress.ts: the egress proxy on its own, spoken to with raw HTTP (absolute-URI requests and CONNECT) the way
// ffmpeg and Chromium speak to it. "localhost" is allowlisted by name; the literal 127.0.0.1 is not.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgress, REFUSED_HEADER, type EgressSession } from '../../net/egress.ts';
import type { FetchPolicy } from '../../net/fetch.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

let origin: TestServer;
let port = 0;
const hits: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];

beforeAll(async () => {
  origin = await serveHttp((req, res) => {
    hits.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/to-internal') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
    if (req.url === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    res.writeHead(200, { 'content-type': 'text/plain', 'x-origin': 'yes' }).end(`hello ${req.url}`);
  });
  port = origin.port;
});
afterAll(async () => {
  await origin.close();
});

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ allowlist: ['localhost'], maxBytes: 1 << 20, timeoutMs: 3000, userAgent: 't', maxRedirects: 3, ...over });

/** one request through the proxy: `path` is what goes on the request line (absolute URI for a forward proxy) */
function viaProxy(s: EgressSession, path: string, headers: http.OutgoingHttpHeaders = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

/** CONNECT host:port, then (when the tunnel opens) one plain HTTP GET through it */
function tunnel(s: EgressSession, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(s.port, '127.0.0.1', () => sock.write(`CONNECT ${target} HTTP/1.1\r\nhost: ${target}\r\n\r\n`));
    let buf = '';
    let sent = false;
    sock.on('data', (d) => {
      buf += d.toString();
      if (!sent && buf.startsWith('HTTP/1.1 200')) {
        sent = true;
        buf = '';
        sock.write(`GET /through HTTP/1.1\r\nhost: ${target}\r\nconnection: close\r\n\r\n`);
      }
    });
    sock.on('end', () => resolve(buf));
    sock.on('error', reject);
  });
}

describe('egress proxy', () => {
  it('forwards an absolute-URI request to an allowlisted host, without hop-by-hop headers', async () => {
    const s = await createEgress(policy()).session();
    try {
      const r = await viaProxy(s, `http://localhost:${port}/ok?x=1`, { 'proxy-authorization': 'Basic x', 'x-client': 'kept' });
      expect(r).toMatchObject({ status: 200, body: 'hello /ok?x=1', headers: { 'x-origin': 'yes' } });
      const hit = hits.at(-1)!;
      expect(hit.headers['x-client']).toBe('kept');
      expect(hit.headers['proxy-authorization']).toBeUndefined();
      expect(hit.headers.host).toBe(`localhost:${port}`);
      expect(s.refusals).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses a non-allowlisted address with a marked 403, records it, and never connects', async () => {
    const s = await createEgress(policy()).session();
    const before = hits.length;
    try {
      const r = await viaProxy(s, `http://127.0.0.1:${port}/secret`);
      expect(r.status).toBe(403);
      expect(r.headers[REFUSED_HEADER]).toBe('refused');
      expect(s.refusals).toEqual([{ target: `http://127.0.0.1:${port}/secret`, reason: expect.stringMatching(/loopback/) }]);
      expect(s.refusedError()?.message).toMatch(/^refused http:\/\/127\.0\.0\.1/);
      expect(hits.length).toBe(before);
    } finally {
      await s.close();
    }
  });

  it('follows no redirect itself: the client sees the 302, and its next hop is checked like a first one', async () => {
    const s = await createEgress(policy()).session();
    try {
      const r = await viaProxy(s, `http://localhost:${port}/to-internal`);
      expect(r.status).toBe(302);
      expect((await viaProxy(s, r.headers.location!)).status).toBe(403);
      expect((await viaProxy(s, `http://localhost:${port}/to-file`)).status).toBe(403);
      expect(s.refusals.map((x) => x.reason)).toEqual([expect.stringMatching(/loopback/), expect.stringMatching(/file:/)]);
    } finally {
      await s.close();
    }
  });

  it('cannot be used to reach itself, even with loopback allowlisted, nor as an origin server', async () => {
    const s = await createEgress(policy({ allowlist: ['127.0.0.1', 'localhost'] })).session();
    try {
      expect((await viaProxy(s, `http://127.0.0.1:${s.port}/x`)).status).toBe(403);
      expect((await viaProxy(s, `http://localhost:${s.port}/x`)).status).toBe(403);
      expect((await viaProxy(s, '/x')).status).toBe(403);
      expect(await tunnel(s, `localhost:${s.port}`)).toMatch(/^HTTP\/1.1 403/);
      expect(s.refusals.map((r) => r.reason)).toEqual([expect.stringMatching(/proxy itself/), expect.stringMatching(/proxy itself/), expect.stringMatching(/absolute/), expect.stringMatching(/proxy itself/)]);
      expect((await viaProxy(s, `http://127.0.0.1:${port}/fine`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('tunnels CONNECT to an allowlisted host:port and refuses it to a forbidden one', async () => {
    const s = await createEgress(policy()).session();
    try {
      expect(await tunnel(s, `localhost:${port}`)).toMatch(/^HTTP\/1.1 200[\s\S]*hello \/through/);
      expect(await tunnel(s, `127.0.0.1:${port}`)).toMatch(/^HTTP\/1.1 403/);
      expect(await tunnel(s, '[::1]:443')).toMatch(/^HTTP\/1.1 403/);
      expect(s.refusals.map((r) => r.target)).toEqual([`https://127.0.0.1:${port}/`, 'https://[::1]:443/']);
    } finally {
      await s.close();
    }
  });

  it('dials the address the resolver gives at connect time: a second answer that changes is refused', async () => {
    let n = 0;
    const resolve = async () => [{ address: n++ === 0 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    const s = await createEgress(policy({ allowlist: ['127.0.0.1'], resolve })).session();
    try {
      expect((await viaProxy(s, `http://media.rebind.test:${port}/a`)).status).toBe(200);
      expect((await viaProxy(s, `http://media.rebind.test:${port}/b`)).status).toBe(403);
      expect(s.refusals[0]!.reason).toMatch(/10\.0\.0\.1 \(private\)/);
    } finally {
      await s.close();
    }
  });

  it('survives a hostile upstream: an unparsable Location is refused, a bad reason phrase or header does not crash it', async () => {
    const answers: Record<string, string> = {
      '/bad-location': 'HTTP/1.1 302 Found\r\nlocation: http://[bad\r\ncontent-length: 0\r\n\r\n',
      '/bad-status': 'HTTP/1.1 200 O\x7fK\x01\r\ncontent-length: 2\r\n\r\nok',
      '/bad-header': 'HTTP/1.1 200 OK\r\nx-evil: a\x01b\r\ncontent-length: 2\r\n\r\nok',
    };
    const raw = net.createServer((sock) => sock.once('data', (d) => sock.end(answers[d.toString().split(' ')[1]!] ?? '')));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const rawPort = (raw.address() as AddressInfo).port;
    const s = await createEgress(policy()).session();
    try {
      expect((await viaProxy(s, `http://localhost:${rawPort}/bad-location`)).status).toBe(403);
      expect(await viaProxy(s, `http://localhost:${rawPort}/bad-status`)).toMatchObject({ status: 200, body: 'ok' }); // reason dropped
      expect((await viaProxy(s, `http://localhost:${rawPort}/bad-header`)).status).toBe(502);
      expect((await viaProxy(s, `http://localhost:${port}/still-serving`)).status).toBe(200);
    } finally {
      await s.close();
      await new Promise((r) => raw.close(r));
    }
  });

  it('closes its listener and open connections with the session', async () => {
    const s = await createEgress(policy()).session();
    const open = net.connect(s.port, '127.0.0.1');
    await new Promise((r) => open.once('connect', r));
    const closed = new Promise((r) => open.once('close', r));
    await s.close();
    await closed;
    await expect(new Promise((resolve, reject) => net.connect(s.port, '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });
});
