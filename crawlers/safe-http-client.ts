// crawlee BaseHttpClient that sends every request through net/fetch.ts: the resolved IP is checked at connect
// time, each redirect hop is re-checked, bodies are capped. This REPLACES got-scraping for the crawl, so no
// crawlee code path can reach the network without the SSRF guard (a preNavigationHook could only check the
// URL before a DNS lookup the guard does not control).
// Bodies are decoded here (Content-Type charset, <meta charset>, UTF-8 validity) and handed to crawlee as
// UTF-8; the original bytes are kept per crawl in `raw` for evidence.
import { Readable } from 'node:stream';
import type { BaseHttpClient, HttpRequest, HttpResponse, RedirectHandler, ResponseTypes, StreamingHttpResponse } from 'crawlee';
import iconv from 'iconv-lite';
import { decodeBody } from './extract/charset.ts';
import { toCrawlError } from './errors.ts';
import { safeFetch, type ExchangeFacts, type FetchPolicy, type FetchResult } from '../net/fetch.ts';

/** One HTTP exchange as the crawler saw it (original bytes and headers), kept as evidence (WARC, network facts). */
export interface CapturedExchange extends ExchangeFacts {
  url: string;
  method: string;
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  redirects: string[];
}

export interface RawPage {
  body: Buffer;
  contentType: string;
  status: number;
  exchange?: CapturedExchange;
}

function captured(res: FetchResult, method: string): CapturedExchange | undefined {
  if (!res.exchange) return undefined;
  return { ...res.exchange, url: res.url, method, status: res.status, responseHeaders: res.headers, body: res.body, truncated: !!res.truncated, redirects: res.redirects };
}

export class SafeHttpClient implements BaseHttpClient {
  /** final URL → original bytes; the route handler takes (and deletes) its entry */
  readonly raw = new Map<string, RawPage>();

  constructor(private readonly policy: FetchPolicy) {}

  private async fetch(request: HttpRequest<keyof ResponseTypes>): Promise<FetchResult> {
    const method = String(request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') throw toCrawlError(new Error(`method ${method} is not used by the crawler`));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers ?? {})) if (typeof v === 'string' && !/^(host|cookie)$/i.test(k)) headers[k.toLowerCase()] = v;
    headers['user-agent'] = this.policy.userAgent;
    try {
      return await safeFetch(this.policy, String(request.url), { method: method as 'GET' | 'HEAD', headers });
    } catch (e) {
      throw toCrawlError(e);
    }
  }

  private toUtf8(res: FetchResult): { body: Buffer; headers: Record<string, string | string[] | undefined> } {
    const isText = /html|xml|text|json|javascript/i.test(res.contentType) || !res.contentType;
    if (!isText) return { body: res.body, headers: res.headers };
    const { html } = decodeBody(res.body, res.contentType);
    const type = res.contentType.split(';')[0]?.trim() || 'text/html';
    return { body: Buffer.from(iconv.encode(html, 'utf-8')), headers: { ...res.headers, 'content-type': `${type}; charset=utf-8` } };
  }

  async sendRequest<T extends keyof ResponseTypes = 'text'>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const res = await this.fetch(request as HttpRequest<keyof ResponseTypes>);
    const { body, headers } = this.toUtf8(res);
    const type = request.responseType ?? 'text';
    const value = type === 'buffer' ? body : type === 'json' ? JSON.parse(body.toString('utf8')) : body.toString('utf8');
    return { ...responseHead(res, headers), request, body: value } as HttpResponse<T>;
  }

  async stream(request: HttpRequest, _onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
    const res = await this.fetch(request);
    this.raw.set(res.url, { body: res.body, contentType: res.contentType, status: res.status, exchange: captured(res, String(request.method ?? 'GET').toUpperCase()) });
    const { body, headers } = this.toUtf8(res);
    const progress = { percent: 1, transferred: body.length, total: body.length };
    return {
      ...responseHead(res, headers),
      request,
      stream: Readable.from([body]),
      downloadProgress: progress,
      uploadProgress: { percent: 1, transferred: 0 },
    };
  }
}

/** The fields crawlee's HttpResponse and StreamingHttpResponse share, from one completed safeFetch. */
function responseHead<H>(res: { url: string; redirects: string[]; status: number }, headers: H) {
  return { url: res.url, redirectUrls: res.redirects.slice(1).map((u) => new URL(u)), statusCode: res.status, headers, trailers: {}, complete: true as const };
}
