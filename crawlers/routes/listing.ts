// LISTING: a catalogue page. Enqueues its detail cards (DETAIL) and same-site next pages (LISTING).
// A start URL that turns out to be a detail page is handled as one.
import type { CheerioCrawlingContext } from 'crawlee';
import { extractPage } from '../extract.ts';
import { sameSite } from './detail.ts';
import { parseUserData } from './schemas.ts';
import { takeRaw, type CrawlState } from './state.ts';
import { handleDetail } from './detail.ts';

export async function handleListing(state: CrawlState, ctx: CheerioCrawlingContext): Promise<void> {
  const data = parseUserData('LISTING', ctx.request.userData);
  const url = ctx.request.loadedUrl ?? ctx.request.url;
  const raw = state.http.raw.get(url);
  const extract = extractPage(raw?.body ?? ctx.body, url, raw?.contentType);
  if (extract.kind === 'detail' && extract.items.length < 3) {
    ctx.request.userData = { sourceId: data.sourceId, label: 'DETAIL' };
    return handleDetail(state, ctx);
  }
  takeRaw(state, url, ctx.body);
  const details = extract.items.filter((i) => sameSite(i.url, url));
  const next = extract.pagination.filter((p) => sameSite(p, url));
  state.log.debug({ url, page: data.page, items: details.length, next: next.length }, 'listing page extracted');
  await ctx.addRequests(details.map((i) => ({ url: i.url, label: 'DETAIL', userData: { sourceId: data.sourceId, fromListing: url } })));
  await ctx.addRequests(next.map((p) => ({ url: p, label: 'LISTING', userData: { sourceId: data.sourceId, page: data.page + 1 } })));
}
