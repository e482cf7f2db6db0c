// Signed exports (issue 10) and their tamper test (issue 12): every export and feed has <url>.sig (raw Ed25519 over
// the exact bytes served) and <url>.sha256, checked here with the published key by node:crypto and by the real
// openssl binary when it is installed; any single flipped byte, at many positions, fails verification. Also: ETag and
// 304 on every body, .sig and .sha256; gzip/brotli copies are the same bytes; domains.txt and the RPZ SOA carry the
// registry serial, and a lifted entry moves the serial and leaves every export.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_URLS, SIGNING_KEY_URL } from '../../api/routes/exports.ts';
import { seedLoad } from '../../bench/api-seed.ts';
import { verifySignature } from '../../packets/signer.ts';
import { decideEntry } from '../../registry/approvals.ts';
import { publishMatch } from '../../registry/publish.ts';
import { keyFingerprint } from '../../registry/signed.ts';
import { sha256Hex } from '../../storage/hash.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir, tempDirs } from '../kit/temp.ts';
import { startApi, type Api } from './api-harness.ts';
import { seedFilm, seedMatch, seedUser } from './registry-fixtures.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const hasPython = spawnSync('python3', ['-c', 'import xml.dom.minidom']).status === 0;
const raw = (r: { rawPayload: Buffer }) => r.rawPayload;

describe('signed exports', () => {
  let api: Api;
  let pem: string;
  const dir = tempDir('kuzet-signed-');
  const sslDir = tempDirs('kuzet-openssl-');
  beforeAll(async () => {
    api = await startApi(dir);
    await seedLoad(api.db, { entries: 300, delist: 0 });
    const a = await seedUser(api.db, 'a', 'investigator');
    const b = await seedUser(api.db, 'b', 'investigator');
    const filmId = await seedFilm(api.db, 'film_x', { kk: '<b>&"\'', ru: '=HYPERLINK("http://evil")', en: "]]></registry><x a='1'>" });
    const id = (await publishMatch({ db: api.db, cfg: testConfig(), log: silentLog() }, await seedMatch(api.db, 'https://www.hostile-kino.example/f/1', { filmId }))).registryEntryId!;
    await decideEntry(api.db, { entryId: id, userId: a.user.id, verdict: 'approve' });
    await decideEntry(api.db, { entryId: id, userId: b.user.id, verdict: 'approve' });
    pem = (await api.app.inject({ url: SIGNING_KEY_URL })).body;
  });
  afterAll(() => api?.close());

  it('publishes the deployment key (the one packets use) at the well-known URL', async () => {
    const r = await api.app.inject({ url: SIGNING_KEY_URL });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(r.body).toBe(fs.readFileSync(path.join(dir, 'keys', 'signing-key.pub.pem'), 'utf8'));
    expect((await api.app.inject({ url: SIGNING_KEY_URL, headers: { 'if-none-match': r.headers.etag as string } })).statusCode).toBe(304);
    expect(keyFingerprint(pem)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(EXPORT_URLS)('%s: .sig verifies over the exact bytes with node:crypto and openssl; .sha256 matches; ETags and 304s', async (url) => {
    const body = await api.app.inject({ url });
    const sig = await api.app.inject({ url: `${url}.sig` });
    const sum = await api.app.inject({ url: `${url}.sha256` });
    expect([body.statusCode, sig.statusCode, sum.statusCode]).toEqual([200, 200, 200]);
    expect(raw(sig)).toHaveLength(64);
    expect(verifySignature(pem, raw(body), raw(sig))).toBe(true);
    expect(sum.body).toBe(`${sha256Hex(raw(body))}  ${url.split('/').at(-1)}\n`);
    if (hasOpenssl) {
      const d = sslDir();
      const [key, file] = [path.join(d, 'key.pem'), path.join(d, 'file')];
      fs.writeFileSync(key, pem);
      fs.writeFileSync(file, raw(body));
      fs.writeFileSync(`${file}.sig`, raw(sig));
      expect(execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', key, '-rawin', '-in', file, '-sigfile', `${file}.sig`]).toString()).toMatch(/Signature Verified Successfully/);
      const bad = Buffer.from(raw(body));
      bad[bad.length >> 1] = bad[bad.length >> 1]! ^ 0x01;
      fs.writeFileSync(file, bad);
      expect(spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', key, '-rawin', '-in', file, '-sigfile', `${file}.sig`]).status).not.toBe(0);
    }
    for (const [u, r] of [[url, body], [`${url}.sig`, sig], [`${url}.sha256`, sum]] as const) {
      expect(r.headers.etag, u).toMatch(/^"[0-9a-f]{32}(-\w+)?"$/);
      const again = await api.app.inject({ url: u, headers: { 'if-none-match': r.headers.etag as string } });
      expect(again.statusCode, u).toBe(304);
      expect(again.body).toBe('');
    }
    expect(new Set([body.headers.etag, sig.headers.etag, sum.headers.etag]).size).toBe(3);
    expect(body.headers['x-registry-serial']).toBe('301');
  });

  it.each(EXPORT_URLS)('%s: any single changed byte, at many positions, fails the signature and the checksum', async (url) => {
    const body = raw(await api.app.inject({ url }));
    const sig = raw(await api.app.inject({ url: `${url}.sig` }));
    const sum = (await api.app.inject({ url: `${url}.sha256` })).body.split(' ')[0];
    const positions = new Set([0, 1, body.length - 1, body.length - 2, ...Array.from({ length: 60 }, (_, i) => Math.floor((i * body.length) / 60))]);
    for (const at of positions) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const t = Buffer.from(body);
        t[at] = t[at]! ^ mask;
        expect(verifySignature(pem, t, sig), `${url} byte ${at} ^ ${mask}`).toBe(false);
        expect(sha256Hex(t)).not.toBe(sum);
      }
    }
    // a cut, an appended byte and a flipped signature byte fail too
    expect(verifySignature(pem, body.subarray(0, body.length - 1), sig)).toBe(false);
    expect(verifySignature(pem, Buffer.concat([body, Buffer.from('\n')]), sig)).toBe(false);
    const s2 = Buffer.from(sig);
    s2[17] = s2[17]! ^ 0x04;
    expect(verifySignature(pem, body, s2)).toBe(false);
  });

  it('serves brotli and gzip copies of the same bytes when the client accepts them, identity otherwise', async () => {
    const plain = await api.app.inject({ url: '/registry.json' });
    let br = await api.app.inject({ url: '/registry.json', headers: { 'accept-encoding': 'gzip, br' } });
    for (let i = 0; i < 50 && br.headers['content-encoding'] !== 'br'; i++) {
      await new Promise((r) => setTimeout(r, 100)); // compressed in the background after the first rendering
      br = await api.app.inject({ url: '/registry.json', headers: { 'accept-encoding': 'gzip, br' } });
    }
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(raw(br)).equals(raw(plain))).toBe(true);
    const gz = await api.app.inject({ url: '/registry.json', headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(raw(gz)).equals(raw(plain))).toBe(true);
    expect(raw(gz).length).toBeLessThan(raw(plain).length / 3);
    expect(gz.headers.vary).toBe('accept-encoding');
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    // the identity ETag answers a conditional request for any encoding of the same bytes
    expect((await api.app.inject({ url: '/registry.json', headers: { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag as string } })).statusCode).toBe(304);
    expect((await api.app.inject({ url: '/registry.json', headers: { 'if-none-match': gz.headers.etag as string } })).statusCode).toBe(304);
    expect((await api.app.inject({ url: '/registry.json', headers: { 'accept-encoding': 'identity' } })).headers['content-encoding']).toBeUndefined();
  });

  it('domains.txt is one FQDN a line; the RPZ SOA serial, the XML and the JSON carry the registry serial; markup is escaped', async () => {
    const json = (await api.app.inject({ url: '/registry.json' })).json();
    expect(json.serial).toBe(301);
    const domains = (await api.app.inject({ url: '/feeds/domains.txt' })).body;
    const lines = domains.trimEnd().split('\n');
    expect(lines).toHaveLength(301);
    for (const l of lines) expect(l).toMatch(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{1,63}$/);
    expect(lines).toContain('hostile-kino.example');
    expect((await api.app.inject({ url: '/feeds/rpz.zone' })).body).toMatch(/IN SOA localhost\. hostmaster\.kuzet\.kz\. \( 301 /);
    const xml = (await api.app.inject({ url: '/registry.xml' })).body;
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<registry serial="301" /);
    expect(xml).not.toContain('<x a=');
    expect(xml).not.toContain('<b>');
    if (hasPython) {
      const out = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom as m; d = m.parseString(sys.stdin.buffer.read()); e = d.getElementsByTagName("film"); print(len(d.getElementsByTagName("entry")), [f.getAttribute("titleEn") for f in e if f.getAttribute("id") == "film_x"][0])'], { input: xml });
      expect(out.stderr.toString()).toBe('');
      expect(out.stdout.toString().trim()).toBe("301 ]]></registry><x a='1'>");
    }
  });

  it('a lifted entry moves the registry serial and leaves every export (the change log of migration 014)', async () => {
    const before = (await api.app.inject({ url: '/registry.json' })).json();
    await api.db.query(`UPDATE registry_entries SET status = 'lifted', lifted_at = now(), updated_at = now() WHERE domain = 'kino7.pirate.example'`);
    const after = (await api.app.inject({ url: '/registry.json' })).json();
    expect(after.serial).toBe(before.serial + 1);
    expect(after.entries.map((e: { domain: string }) => e.domain)).not.toContain('kino7.pirate.example');
    expect((await api.app.inject({ url: '/feeds/domains.txt' })).body.split('\n')).not.toContain('kino7.pirate.example');
    expect((await api.app.inject({ url: '/feeds/rpz.zone' })).body).toContain(`( ${before.serial + 1} `);
  });
});
