// TLS facts of an https page come from the socket the guarded fetch used: a local https server with a certificate made
// by openssl now (self-signed, SANs for a name and 127.0.0.1); the facts must equal what openssl itself says.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certFacts, tryCertFacts } from '../../evidence/tls.ts';
import { safeFetch, type FetchPolicy } from '../../net/fetch.ts';
import { tempDir } from '../kit/temp.ts';

const dir = tempDir('kuzet-tls-');
let server: https.Server;
let url = '';
let certPem = '';

const openssl = (args: string[]) => {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '2',
    '-subj', '/CN=kino-pirate.test/O=Pirate Films LLP', '-addext', 'subjectAltName=DNS:kino-pirate.test,DNS:www.kino-pirate.test,IP:127.0.0.1']);
  certPem = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
  server = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert: certPem }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: 'pirate/1.0' });
    res.end('<html><title>Келин смотреть онлайн</title></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/films/kelin.html`;
});
afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

const policy = (ca?: string[]): FetchPolicy => ({ allowlist: ['127.0.0.1'], maxBytes: 1 << 20, timeoutMs: 5000, userAgent: 'kuzet-test', maxRedirects: 3, ...(ca ? { ca } : {}) });

describe('TLS facts from the crawler’s own socket', () => {
  it('an untrusted self-signed server is refused unless its certificate is given as a CA', async () => {
    await expect(safeFetch(policy(), url)).rejects.toThrow(/self-signed|certificate/i);
  });

  it('records the presented certificate; its facts equal openssl’s', async () => {
    const res = await safeFetch(policy([certPem]), url);
    expect(res.exchange?.remoteAddress).toBe('127.0.0.1');
    expect(res.exchange?.certDer?.length).toBeGreaterThan(100);
    const f = certFacts(res.exchange!.certDer!);
    const fp = openssl(['x509', '-in', 'c.pem', '-noout', '-fingerprint', '-sha256']).trim().split('=')[1]!.replace(/:/g, '').toLowerCase();
    expect(f.sha256Fingerprint).toBe(fp);
    expect(f.subject).toContain('CN=kino-pirate.test');
    expect(f.subject).toContain('O=Pirate Films LLP');
    expect(f.subjectAltNames).toEqual(['kino-pirate.test', 'www.kino-pirate.test', '127.0.0.1']);
    expect(f.issuer).toBe(f.subject);
    expect(f.selfSigned).toBe(true);
    const end = openssl(['x509', '-in', 'c.pem', '-noout', '-enddate']).trim().split('=')[1]!;
    expect(f.validTo).toBe(new Date(end).toISOString());
    expect(new Date(f.validTo).getTime() - new Date(f.validFrom).getTime()).toBe(2 * 86400_000);
    const serial = openssl(['x509', '-in', 'c.pem', '-noout', '-serial']).trim().split('=')[1]!.toLowerCase();
    expect(f.serialNumber).toBe(serial);
    expect(f.pem.replace(/\s+/g, '')).toBe(certPem.replace(/\s+/g, ''));
  });

  it('bytes that are no certificate give null, not a throw', () => {
    expect(tryCertFacts(Buffer.from('not a certificate'))).toBeNull();
    expect(tryCertFacts(undefined)).toBeNull();
  });
});
