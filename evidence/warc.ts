// WARC 1.1 records (warcio) of what Kuzet saw: for every HTTP exchange a request and a response record (headers and
// body as received, WARC-Date = when the response arrived, WARC-IP-Address = the dialled address), plus resource
// records (the screenshot) and metadata records (network facts, RDAP), gzip-compressed per record so replay tools
// (ReplayWeb.page, pywb) can index them. Record ids are derived from content, so the same input gives the same bytes.
import { WARCRecord, WARCSerializer } from 'warcio';
import { sha256Hex } from '../storage/hash.ts';

/** bodies larger than this are cut in the WARC (WARC-Truncated: length) */
export const MAX_WARC_BODY = 16 * 1024 * 1024;
export const SOFTWARE = 'Kuzet evidence capture (warcio.js)';

export interface WarcExchange {
  url: string;
  method: string;
  status: number;
  httpVersion?: string | null;
  statusText?: string | null;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string | string[]>;
  body: Buffer;
  truncated?: boolean;
  remoteAddress?: string | null;
  at: Date;
}

export interface WarcResource {
  type: 'resource' | 'metadata';
  /** a URL, or a urn: for things that have none (urn:kuzet:screenshot:<page url>) */
  uri: string;
  contentType: string;
  data: Buffer;
  at: Date;
  /** for metadata: the URL it describes */
  refersTo?: string;
}

const recordId = (...parts: string[]) => {
  const h = sha256Hex(parts.join('\u0000'));
  return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}>`;
};

/** Header pairs as sent on the wire; a body de-chunked by the client no longer says `chunked`. */
function responsePairs(h: Record<string, string | string[]>, bodyBytes: number, cut: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(h)) {
    const values = Array.isArray(v) ? v : [v];
    for (const one of values) {
      if (/^transfer-encoding$/i.test(k)) out.push(['x-kuzet-orig-transfer-encoding', one]);
      else if (cut && /^content-length$/i.test(k)) out.push(['x-kuzet-orig-content-length', one]);
      else out.push([k, one.replace(/[\r\n]+/g, ' ')]);
    }
  }
  if (!out.some(([k]) => /^content-length$/i.test(k))) out.push(['content-length', String(bodyBytes)]);
  return out;
}

const safe = (v: string) => v.replace(/[\r\n]+/g, ' ');

async function serialize(record: WARCRecord): Promise<Uint8Array> {
  return WARCSerializer.serialize(record, { gzip: true, digest: { algo: 'sha-256', prefix: 'sha256:', base32: false } });
}

/** The warcinfo record that opens a WARC file. */
export async function warcInfo(filename: string, at: Date, info: Record<string, string>): Promise<Uint8Array> {
  const rec = WARCRecord.createWARCInfo(
    { filename, date: at.toISOString(), warcVersion: 'WARC/1.1', warcHeaders: { 'WARC-Record-ID': recordId('warcinfo', filename, JSON.stringify(info)) } },
    { software: SOFTWARE, format: 'WARC File Format 1.1', conformsTo: 'https://iso.org/standard/68004.html', ...info },
  );
  return serialize(rec);
}

/** A request record and its response record, concurrent to each other. */
export async function exchangeRecords(x: WarcExchange): Promise<Uint8Array[]> {
  const date = x.at.toISOString();
  const responseId = recordId('response', x.url, date, sha256Hex(x.body));
  const requestId = recordId('request', x.url, date, responseId);
  const u = new URL(x.url);
  const version = `HTTP/${x.httpVersion || '1.1'}`;
  const reqHeaders: Array<[string, string]> = [['host', u.host], ...Object.entries(x.requestHeaders).filter(([k]) => !/^host$/i.test(k)).map(([k, v]) => [k, safe(v)] as [string, string])];
  const ip: Record<string, string> = x.remoteAddress ? { 'WARC-IP-Address': x.remoteAddress } : {};
  const request = WARCRecord.create({
    url: x.url, date, type: 'request', warcVersion: 'WARC/1.1',
    statusline: `${x.method} ${u.pathname}${u.search} ${version}`, httpHeaders: reqHeaders,
    warcHeaders: { 'WARC-Record-ID': requestId, 'WARC-Concurrent-To': responseId, ...ip },
  });
  const cut = x.body.length > MAX_WARC_BODY;
  const body = cut ? x.body.subarray(0, MAX_WARC_BODY) : x.body;
  const response = WARCRecord.create(
    {
      url: x.url, date, type: 'response', warcVersion: 'WARC/1.1',
      statusline: `${version} ${x.status} ${safe(x.statusText ?? '')}`.trimEnd(), httpHeaders: responsePairs(x.responseHeaders, body.length, cut),
      warcHeaders: { 'WARC-Record-ID': responseId, ...ip, ...(cut || x.truncated ? { 'WARC-Truncated': 'length' } : {}) } as Record<string, string>,
    },
    [body],
  );
  return [await serialize(request), await serialize(response)];
}

/** A resource record (the screenshot) or a metadata record (network facts, RDAP) about a URL. */
export async function resourceRecord(r: WarcResource): Promise<Uint8Array> {
  const date = r.at.toISOString();
  const rec = WARCRecord.create(
    {
      url: r.uri, date, type: r.type, warcVersion: 'WARC/1.1',
      warcHeaders: {
        'WARC-Record-ID': recordId(r.type, r.uri, date, sha256Hex(r.data)), 'Content-Type': r.contentType,
        ...(r.refersTo ? { 'WARC-Refers-To-Target-URI': r.refersTo } : {}),
      },
    },
    [r.data],
  );
  return serialize(rec);
}

/** One WARC file: warcinfo, then the exchanges, then the resources, in the order given. */
export async function buildWarc(opts: { filename: string; at: Date; info: Record<string, string>; exchanges: WarcExchange[]; resources?: WarcResource[] }): Promise<Buffer> {
  const parts: Uint8Array[] = [await warcInfo(opts.filename, opts.at, opts.info)];
  for (const x of opts.exchanges) parts.push(...(await exchangeRecords(x)));
  for (const r of opts.resources ?? []) parts.push(await resourceRecord(r));
  return Buffer.concat(parts);
}
