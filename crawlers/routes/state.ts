// Per-crawl state shared by the route handlers of ONE crawl (created by crawlSource, never module-level).
import type { Logger } from 'pino';
import type { ExtractResult } from '../extract.ts';
import type { CapturedExchange, SafeHttpClient } from '../safe-http-client.ts';

export interface CrawledPage {
  url: string;
  status: number;
  kind: 'detail' | 'telegram';
  extract: ExtractResult;
  message?: ExtractResult['messages'][number];
  body: Buffer;
  contentType: string;
  fetchedAt: Date;
  /** the HTTP exchanges behind this page as the crawler saw them: the page, then its player pages (evidence) */
  exchanges?: CapturedExchange[];
}

export interface PendingDetail {
  page: CrawledPage;
  waiting: Set<string>;
}

export interface CrawlState {
  sourceId: string;
  log: Logger;
  http: SafeHttpClient;
  onPage: (p: CrawledPage) => Promise<void>;
  /** detail pages waiting for their same-site player pages, by detail URL */
  pending: Map<string, PendingDetail>;
  candidates: number;
  failed: Array<{ url: string; error: string }>;
}

/** Calls onPage once for a detail whose players have all been visited (or failed). */
export async function settleDetail(state: CrawlState, detailUrl: string, playerUrl: string): Promise<void> {
  const p = state.pending.get(detailUrl);
  if (!p) return;
  p.waiting.delete(playerUrl);
  if (p.waiting.size > 0) return;
  state.pending.delete(detailUrl);
  state.candidates++;
  await state.onPage(p.page);
}

/** Original bytes of a fetched page (kept by the SafeHttpClient), falling back to the decoded body. */
export function takeRaw(state: CrawlState, url: string, fallback: string | Buffer): { body: Buffer; contentType: string; status: number; exchange?: CapturedExchange } {
  const raw = state.http.raw.get(url);
  state.http.raw.delete(url);
  return raw ?? { body: Buffer.from(fallback), contentType: 'text/html; charset=utf-8', status: 200 };
}
