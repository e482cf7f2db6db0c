// TEST_RESOLVE: named fixture hosts for tests and the demo, honoured by the guarded fetch and the egress proxy
// (the crawler and Chromium go through these two), never in production, and still under the SSRF guard.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { createEgress } from '../../net/egress.ts';
import { policyFromConfig, safeFetch } from '../../net/fetch.ts';
import { parseTestResolve, testResolver } from '../../net/test-resolve.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

let site: TestServer;
const hosts: string[] = [];
beforeAll(async () => {
  site = await serveHttp((req, res) => {
    hosts.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`page for ${req.headers.host}`);
  });
});
afterAll(async () => site.close());

const cfgWith = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/tmp/kuzet-tr', ...env });

describe('TEST_RESOLVE', () => {
  it('parses name=ip pairs (case, trailing dots, IPv6) and names the bad entry', () => {
    expect(parseTestResolve(' Kinogo-KZ.example.=127.0.0.1, t.me=127.0.0.1 ,v6.example=[::1]')).toEqual({ 'kinogo-kz.example': '127.0.0.1', 't.me': '127.0.0.1', 'v6.example': '::1' });
    expect(parseTestResolve('')).toEqual({});
    for (const bad of ['kinogo.example', 'kinogo.example=not-ip', '=127.0.0.1', 'a b.example=127.0.0.1', 'x.example=1.2.3.4=5']) expect(() => parseTestResolve(bad), bad).toThrow(/TEST_RESOLVE entry/);
    expect(() => cfgWith({ TEST_RESOLVE: 'kinogo.example' })).toThrow(/TEST_RESOLVE/);
  });
  it('is refused with NODE_ENV=production (config and resolver both)', () => {
    expect(() => cfgWith({ TEST_RESOLVE: 'kinogo-kz.example=127.0.0.1', NODE_ENV: 'production' })).toThrow(/refused with NODE_ENV=production/);
    expect(cfgWith({ NODE_ENV: 'production' }).testResolve).toEqual({});
    expect(() => testResolver({ 'a.example': '127.0.0.1' }, { nodeEnv: 'production' })).toThrow(/production/);
  });
  it('the guarded fetch reaches a named fixture host; other names still go to the real resolver; the SSRF guard still applies', async () => {
    const cfg = cfgWith({ TEST_RESOLVE: 'kinogo-kz.example=127.0.0.1', FETCH_ALLOWLIST: '127.0.0.1' });
    const policy = policyFromConfig(cfg);
    const r = await safeFetch(policy, `http://kinogo-kz.example:${site.port}/films/`);
    expect(r.body.toString()).toBe(`page for kinogo-kz.example:${site.port}`);
    expect(r.url).toBe(`http://kinogo-kz.example:${site.port}/films/`);
    // without the allowlist the mapped loopback address is refused like any other
    const guarded = policyFromConfig(cfgWith({ TEST_RESOLVE: 'kinogo-kz.example=127.0.0.1' }));
    await expect(safeFetch(guarded, `http://kinogo-kz.example:${site.port}/`)).rejects.toThrow(/non-public address/);
    // and without TEST_RESOLVE the name does not exist (the system resolver answers; .example never resolves)
    await expect(safeFetch(policyFromConfig(cfgWith({ FETCH_ALLOWLIST: '127.0.0.1' })), `http://kinogo-kz.example:${site.port}/`)).rejects.toThrow();
  });
  it('the egress proxy (ffmpeg, Chromium) honours it too', async () => {
    const egress = createEgress(policyFromConfig(cfgWith({ TEST_RESOLVE: 't.me=127.0.0.1', FETCH_ALLOWLIST: '127.0.0.1' })));
    const s = await egress.session();
    try {
      const body = await new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: s.port, path: `http://t.me:${site.port}/s/kino_free_kz`, agent: false }, (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
      expect(body).toBe(`page for t.me:${site.port}`);
    } finally {
      await s.close();
    }
  });
});
