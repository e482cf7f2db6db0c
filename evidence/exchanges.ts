// The crawler's exchanges of one page (crawlers/safe-http-client.ts CapturedExchange: the page first, then its player
// pages) as rows for storage/evidence-capture.ts, recorded as the page arrives (before its candidate is handed on).
import type { CapturedExchange } from '../crawlers/safe-http-client.ts';
import type { BlobStore } from '../storage/blobs.ts';
import { candidateId } from '../storage/candidates.ts';
import type { Db } from '../storage/db.ts';
import { recordExchanges, type ExchangeInput } from '../storage/evidence-capture.ts';

export function exchangeInputs(xs: readonly CapturedExchange[]): ExchangeInput[] {
  return xs.map((x, i) => ({
    role: i === 0 ? 'page' : 'player', url: x.url, method: x.method, status: x.status, httpVersion: x.httpVersion, statusText: x.statusText,
    requestHeaders: x.requestHeaders, responseHeaders: x.responseHeaders, redirects: x.redirects, body: x.body, truncated: x.truncated,
    remoteAddress: x.remoteAddress, remotePort: x.remotePort, certDer: x.certDer, at: x.at,
  }));
}

/** Keeps what the crawler saw of the candidate at `candidateUrl` (its id is derived from the URL). */
export async function keepCrawledExchanges(deps: { db: Db; blobs: BlobStore }, candidateUrl: string, xs: readonly CapturedExchange[] | undefined): Promise<void> {
  if (!xs?.length) return;
  await recordExchanges(deps, candidateId(candidateUrl), exchangeInputs(xs));
}
