// A WACZ per candidate: the layout replay tools read (archive/, indexes/index.cdx, pages/pages.jsonl, datapackage.json,
// datapackage-digest.json), signed with the deployment's Ed25519 key and sealed; verifyWacz accepts it with the trusted
// key and refuses it after any changed byte, with another key, or re-signed by someone else.
import { WARCParser } from 'warcio';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWarc } from '../../evidence/warc.ts';
import { buildWacz, type WaczInput } from '../../evidence/wacz.ts';
import { verifyWacz } from '../../evidence/wacz-verify.ts';
import { loadOrCreateSigner, type Signer } from '../../packets/signer.ts';
import { readZip } from '../../packets/zip.ts';
import { tempDir, tempDirs } from '../kit/temp.ts';
import fs from 'node:fs';
import path from 'node:path';

const keys = tempDirs('kuzet-wacz-keys-');
const work = tempDir('kuzet-wacz-');
let signer: Signer;
let other: Signer;
let input: WaczInput;
let wacz: Buffer;
const at = new Date('2026-12-02T00:10:11.123Z');
const url = 'https://kino-pirate.test/films/kelin.html';

beforeAll(async () => {
  signer = await loadOrCreateSigner(keys(), { create: true });
  other = await loadOrCreateSigner(keys(), { create: true });
  const warc = await buildWarc({ filename: 'data.warc.gz', at, info: { candidate: 'cand_1' }, exchanges: [{
    url, method: 'GET', status: 200, statusText: 'OK', httpVersion: '1.1', requestHeaders: { 'user-agent': 'kuzet' },
    responseHeaders: { 'content-type': 'text/html; charset=utf-8', server: 'pirate' }, body: Buffer.from('<html><title>Келин</title><iframe src="/player/kelin"></iframe></html>'),
    remoteAddress: '203.0.113.7', at,
  }], resources: [{ type: 'resource', uri: `urn:kuzet:screenshot:${url}`, contentType: 'image/png', data: Buffer.from('PNG'), at }] });
  input = { title: 'Kuzet evidence: cand_1', created: at, warcs: { 'data.warc.gz': warc }, pages: [{ url, ts: at, title: 'Келин' }], extra: { 'network-facts.json': Buffer.from('{"ips":["203.0.113.7"]}') } };
  wacz = await buildWacz(input, signer);
});

describe('buildWacz', () => {
  it('has the WACZ 1.1.1 layout with a sha256 per file and an Ed25519-signed digest', async () => {
    const file = path.join(work, 'a.wacz');
    fs.writeFileSync(file, wacz);
    const entries = await readZip(file, () => true);
    const names = entries.map((e) => e.name).sort();
    expect(names).toEqual(['archive/data.warc.gz', 'datapackage-digest.json', 'datapackage.json', 'indexes/index.cdx', 'network-facts.json', 'pages/pages.jsonl']);
    const get = (n: string) => entries.find((e) => e.name === n)!;
    const dp = JSON.parse(get('datapackage.json').data!.toString());
    expect(dp).toMatchObject({ profile: 'data-package', wacz_version: '1.1.1', mainPageUrl: url, mainPageDate: at.toISOString(), created: at.toISOString() });
    for (const r of dp.resources) expect(r.hash).toBe(`sha256:${get(r.path).sha256}`);
    const digest = JSON.parse(get('datapackage-digest.json').data!.toString());
    expect(digest.hash).toBe(`sha256:${get('datapackage.json').sha256}`);
    expect(digest.signedData).toMatchObject({ hash: digest.hash, signatureAlgorithm: 'Ed25519', keyId: signer.keyId });
    const pages = get('pages/pages.jsonl').data!.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(pages[0]).toEqual({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' });
    expect(pages[1]).toMatchObject({ url, ts: at.toISOString(), title: 'Келин' });
    const cdx = get('indexes/index.cdx').data!.toString();
    expect(cdx).toMatch(/^test,kino-pirate\)\/films\/kelin\.html 20261202001011 \{.*"filename":"data\.warc\.gz"/m);
    // the WARC inside is readable and carries the page
    const types: string[] = [];
    for await (const r of new WARCParser([get('archive/data.warc.gz').data!])) types.push(`${r.warcType}`);
    expect(types).toEqual(['warcinfo', 'request', 'response', 'resource']);
  });

  it('is deterministic: the same capture gives the same bytes (one blob on retry)', async () => {
    expect((await buildWacz(input, signer)).equals(wacz)).toBe(true);
  });
});

describe('verifyWacz', () => {
  it('accepts the WACZ with the trusted key and lists its pages and files', async () => {
    const r = await verifyWacz(wacz, signer.publicKeyPem);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.keyId).toBe(signer.keyId);
    expect(r.pages).toEqual([{ url, ts: at.toISOString() }]);
    expect(r.files.map((f) => f.path)).toContain('archive/data.warc.gz');
  });

  it('refuses it after a changed byte anywhere in the file (headers, WARC, JSON, directory, seal)', async () => {
    const positions = new Set<number>();
    const step = Math.max(1, Math.floor(wacz.length / 300));
    for (let i = 0; i < wacz.length; i += step) positions.add(i);
    for (let i = Math.max(0, wacz.length - 140); i < wacz.length; i++) positions.add(i); // end record and seal
    const accepted: number[] = [];
    for (const pos of positions) {
      const bad = Buffer.from(wacz);
      bad[pos] = bad[pos]! ^ 0x01;
      if ((await verifyWacz(bad, signer.publicKeyPem)).ok) accepted.push(pos);
    }
    expect(positions.size).toBeGreaterThan(300);
    expect(accepted).toEqual([]);
  });

  it('refuses another key, a WACZ re-signed by someone else, a truncated file and bytes that are no ZIP', async () => {
    expect((await verifyWacz(wacz, other.publicKeyPem)).ok).toBe(false);
    const forged = await buildWacz({ ...input, warcs: { 'data.warc.gz': Buffer.concat([input.warcs['data.warc.gz']!, Buffer.from('x')]) } }, other);
    const f = await verifyWacz(forged, signer.publicKeyPem);
    expect(f.ok).toBe(false);
    expect(f.problems.join(' ')).toMatch(/another key|seal/);
    expect((await verifyWacz(wacz.subarray(0, wacz.length - 10), signer.publicKeyPem)).ok).toBe(false);
    expect((await verifyWacz(Buffer.from('not a zip at all'), signer.publicKeyPem)).ok).toBe(false);
  });
});
