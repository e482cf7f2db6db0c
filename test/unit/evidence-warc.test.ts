// The crawler keeps the exchanges it saw (no re-fetch) and evidence/warc.ts turns them into WARC records that a WARC
// reader (warcio's parser and CDX indexer) reads back: request + response per exchange, headers and bytes as received,
// WARC-Date of the response, WARC-IP-Address of the dialled socket.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CDXIndexer, WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { crawlSource, type CrawledPage } from '../../crawlers/crawl-source.ts';
import { startFixtureSites, type FixtureSites } from '../../fixtures/pirate-site/pirate-site.ts';
import { buildWarc, MAX_WARC_BODY, type WarcExchange } from '../../evidence/warc.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';

const dir = tempDir('kuzet-warc-');
let sites: FixtureSites;
let pages: CrawledPage[] = [];

beforeAll(async () => {
  const hlsDir = path.join(dir, 'hls', 'kelin');
  fs.mkdirSync(hlsDir, { recursive: true });
  fs.writeFileSync(path.join(hlsDir, 'index.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n');
  fs.writeFileSync(path.join(dir, 'kelin.png'), Buffer.from('89504e47', 'hex'));
  sites = await startFixtureSites({ items: [{ slug: 'kelin', titleRu: 'Келин', titleOriginal: 'Kelin', year: 2009, kinopoiskId: 452012, posterFile: path.join(dir, 'kelin.png'), hlsDir }] });
  const cfg = loadConfig({ DATA_DIR: os.tmpdir(), FETCH_ALLOWLIST: '127.0.0.1', FETCH_TIMEOUT_MS: '5000' });
  await crawlSource({ cfg, log: silentLog() }, { id: 'warc-web', kind: 'web', url: sites.listingUrl }, async (p) => void pages.push(p));
});
afterAll(() => sites?.close());

async function records(warc: Buffer) {
  const out: Array<{ type: string | undefined; uri: string | undefined; date: string | undefined; ip: string | null; headers: Map<string, string>; status: string | undefined; body: Buffer; truncated: string | null; concurrent: string | null; id: string | null }> = [];
  for await (const r of new WARCParser([warc])) {
    const body = Buffer.from(await r.readFully(true));
    out.push({
      type: r.warcType ?? undefined, uri: r.warcTargetURI ?? undefined, date: r.warcDate ?? undefined, ip: r.warcHeader('WARC-IP-Address') ?? null,
      headers: new Map([...(r.httpHeaders?.headers ?? new Map())].map(([k, v]) => [k.toLowerCase(), v])),
      status: r.httpHeaders?.statusCode?.toString(), body, truncated: r.warcHeader('WARC-Truncated') ?? null,
      concurrent: r.warcHeader('WARC-Concurrent-To') ?? null, id: r.warcHeader('WARC-Record-ID') ?? null,
    });
  }
  return out;
}

describe('exchanges kept by the crawler', () => {
  it('a detail page carries its own exchange and its player page’s, with the dialled address and the bytes seen', () => {
    const page = pages.find((p) => p.url.endsWith('/films/kelin.html'))!;
    expect(page).toBeDefined();
    const xs = page.exchanges ?? [];
    expect(xs.map((x) => x.url)).toEqual([page.url, expect.stringContaining('/player/kelin')]);
    expect(xs[0]!.body.equals(page.body)).toBe(true);
    for (const x of xs) {
      expect(x.remoteAddress).toBe('127.0.0.1');
      expect(x.remotePort).toBe(Number(new URL(sites.siteUrl).port));
      expect(x.requestHeaders['user-agent']).toBeTruthy();
      expect(x.requestHeaders.host).toBe(new URL(sites.siteUrl).host);
      expect(x.status).toBe(200);
      expect(x.at).toBeInstanceOf(Date);
      expect(x.certDer).toBeUndefined(); // plain http
    }
  });
});

describe('buildWarc', () => {
  it('writes request and response records that read back with the same headers, body, date and IP', async () => {
    const page = pages.find((p) => p.url.endsWith('/films/kelin.html'))!;
    const exchanges: WarcExchange[] = page.exchanges!.map((x) => ({ ...x, responseHeaders: x.responseHeaders as Record<string, string> }));
    const warc = await buildWarc({ filename: 'data.warc.gz', at: exchanges[0]!.at, info: { candidate: 'cand_x' }, exchanges,
      resources: [{ type: 'resource', uri: `urn:kuzet:screenshot:${page.url}`, contentType: 'image/png', data: Buffer.from('png-bytes'), at: exchanges[0]!.at }] });
    expect(warc.subarray(0, 2).toString('hex')).toBe('1f8b'); // gzip per record
    const recs = await records(warc);
    expect(recs.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'request', 'response', 'resource']);
    const resp = recs[2]!;
    expect(resp.uri).toBe(page.url);
    expect(resp.date).toBe(exchanges[0]!.at.toISOString());
    expect(resp.ip).toBe('127.0.0.1');
    expect(resp.status).toBe('200');
    expect(resp.body.equals(page.body)).toBe(true);
    expect(resp.headers.get('content-type')).toBe(page.contentType);
    expect(recs[1]!.concurrent).toBe(resp.id);
    expect(recs[1]!.headers.get('user-agent')).toBe(exchanges[0]!.requestHeaders['user-agent']);
    expect(recs[5]!.body.toString()).toBe('png-bytes');
    // the same input gives the same bytes (ids from content): a retried capture stores one blob
    const again = await buildWarc({ filename: 'data.warc.gz', at: exchanges[0]!.at, info: { candidate: 'cand_x' }, exchanges,
      resources: [{ type: 'resource', uri: `urn:kuzet:screenshot:${page.url}`, contentType: 'image/png', data: Buffer.from('png-bytes'), at: exchanges[0]!.at }] });
    expect(again.equals(warc)).toBe(true);
    // a CDX indexer finds the page
    const idx = new CDXIndexer({});
    const lines: string[] = [];
    for await (const r of idx.iterIndex([{ filename: 'data.warc.gz', reader: (async function* () { yield warc; })() }])) lines.push(idx.serializeCDXJ(r));
    expect(lines.some((l) => l.includes(page.url) && l.includes('"status":"200"'))).toBe(true);
  });

  it('cuts an oversized body and says so; hostile header values cannot inject WARC lines', async () => {
    const big = Buffer.alloc(MAX_WARC_BODY + 10, 0x61);
    const warc = await buildWarc({ filename: 'x.warc.gz', at: new Date('2026-01-02T03:04:05.678Z'), info: {}, exchanges: [{
      url: 'http://pirate.example/big', method: 'GET', status: 200, statusText: 'OK\r\nWARC-Type: forged', requestHeaders: { 'x-a': 'b\r\nWARC-Type: forged' },
      responseHeaders: { 'content-type': 'text/plain', 'content-length': String(big.length), 'transfer-encoding': 'chunked', 'x-evil': 'v\r\nWARC-Type: forged' }, body: big, at: new Date('2026-01-02T03:04:05.678Z'),
    }] });
    const recs = await records(warc);
    expect(recs.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response']);
    expect(recs[2]!.body.length).toBe(MAX_WARC_BODY);
    expect(recs[2]!.truncated).toBe('length');
    expect(recs[2]!.headers.get('content-length')).toBe(String(MAX_WARC_BODY));
    expect(recs[2]!.headers.get('x-kuzet-orig-content-length')).toBe(String(big.length));
    expect(recs[2]!.headers.has('transfer-encoding')).toBe(false);
    expect(recs[2]!.date).toBe('2026-01-02T03:04:05.678Z');
  });
});
