// TG_CHANNEL_PREVIEW: a t.me/s/<channel> page. One onPage per message with a video or a link; older
// messages through `?before=` pagination (bounded by maxPages).
import type { CheerioCrawlingContext } from 'crawlee';
import { extractPage } from '../extract.ts';
import { parseUserData } from './schemas.ts';
import { takeRaw, type CrawlState } from './state.ts';

export async function handleTgChannelPreview(state: CrawlState, ctx: CheerioCrawlingContext): Promise<void> {
  const data = parseUserData('TG_CHANNEL_PREVIEW', ctx.request.userData);
  const url = ctx.request.loadedUrl ?? ctx.request.url;
  const raw = takeRaw(state, url, ctx.body);
  const extract = extractPage(raw.body, url, raw.contentType);
  const fetchedAt = new Date();
  let emitted = 0;
  for (const message of extract.messages) {
    if (message.videos.length === 0 && message.links.length === 0) continue;
    emitted++;
    state.candidates++;
    await state.onPage({ url: message.url, status: raw.status, kind: 'telegram', extract, message, body: raw.body, contentType: raw.contentType, fetchedAt, exchanges: raw.exchange ? [raw.exchange] : [] });
  }
  state.log.debug({ url, page: data.page, messages: extract.messages.length, emitted }, 'telegram preview page extracted');
  const older = extract.pagination[0];
  if (older) await ctx.addRequests([{ url: older, label: 'TG_CHANNEL_PREVIEW', userData: { sourceId: data.sourceId, page: data.page + 1 } }]);
}
