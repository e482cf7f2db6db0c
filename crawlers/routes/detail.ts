// DETAIL: a film page. Extracts it; same-site player iframes are visited (PLAYER_EMBED) to collect stream URLs
// before onPage is called, so each detail page yields exactly one onPage call.
import type { CheerioCrawlingContext } from 'crawlee';
import { getDomain } from 'tldts';
import { extractPage } from '../extract.ts';
import { parseUserData } from './schemas.ts';
import { takeRaw, type CrawlState, type CrawledPage } from './state.ts';

export function sameSite(a: string, b: string): boolean {
  const ua = new URL(a);
  const ub = new URL(b);
  if (ua.hostname === ub.hostname) return true;
  const da = getDomain(ua.hostname);
  return !!da && da === getDomain(ub.hostname);
}

export const playerKey = (playerUrl: string, detailUrl: string) => `player:${playerUrl}|${detailUrl}`;

export async function handleDetail(state: CrawlState, ctx: CheerioCrawlingContext): Promise<void> {
  const data = parseUserData('DETAIL', ctx.request.userData);
  const url = ctx.request.loadedUrl ?? ctx.request.url;
  const raw = takeRaw(state, url, ctx.body);
  const extract = extractPage(raw.body, url, raw.contentType);
  const page: CrawledPage = { url, status: raw.status, kind: 'detail', extract, body: raw.body, contentType: raw.contentType, fetchedAt: new Date(), exchanges: raw.exchange ? [raw.exchange] : [] };
  const players = extract.players.filter((p) => sameSite(p, url));
  state.log.debug({ url, title: extract.title, players: extract.players.length, followed: players.length }, 'detail page extracted');
  if (players.length === 0) {
    state.candidates++;
    await state.onPage(page);
    return;
  }
  state.pending.set(url, { page, waiting: new Set(players.map((p) => playerKey(p, url))) });
  await ctx.addRequests(
    players.map((p) => ({
      url: p,
      label: 'PLAYER_EMBED',
      uniqueKey: playerKey(p, url),
      userData: { sourceId: data.sourceId, detailUrl: url, depth: 0 },
    })),
  );
}
