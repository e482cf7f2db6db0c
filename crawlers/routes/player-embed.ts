// PLAYER_EMBED: a same-site "balancer" player page (iframe target). Its <video>/<source>, Playerjs `file:` and
// nested same-site iframes give the stream URLs (.m3u8/.mp4) that are merged into the waiting detail page.
import type { CheerioCrawlingContext } from 'crawlee';
import { extractPage } from '../extract.ts';
import { pushUnique } from '../extract/urls.ts';
import { playerKey, sameSite } from './detail.ts';
import { parseUserData } from './schemas.ts';
import { settleDetail, takeRaw, type CrawlState } from './state.ts';

export async function handlePlayerEmbed(state: CrawlState, ctx: CheerioCrawlingContext): Promise<void> {
  const data = parseUserData('PLAYER_EMBED', ctx.request.userData);
  const url = ctx.request.loadedUrl ?? ctx.request.url;
  const raw = takeRaw(state, url, ctx.body);
  const player = extractPage(raw.body, url, raw.contentType);
  const pending = state.pending.get(data.detailUrl);
  if (pending) {
    pushUnique(pending.page.extract.streams, ...player.streams);
    if (raw.exchange) (pending.page.exchanges ??= []).push(raw.exchange);
    const nested = data.depth < 2 ? player.players.filter((p) => sameSite(p, url) && p !== url) : [];
    for (const p of nested) pending.waiting.add(playerKey(p, data.detailUrl));
    if (nested.length)
      await ctx.addRequests(
        nested.map((p) => ({ url: p, label: 'PLAYER_EMBED', uniqueKey: playerKey(p, data.detailUrl), userData: { ...data, depth: data.depth + 1 } })),
      );
  }
  state.log.debug({ url, detailUrl: data.detailUrl, streams: player.streams.length }, 'player page extracted');
  await settleDetail(state, data.detailUrl, ctx.request.uniqueKey);
}
