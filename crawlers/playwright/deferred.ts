// Which crawled pages need a browser (a player is there but no stream URL is in the HTML), and the merge of
// what the browser sniffed back into those pages. Called by crawlSource after the Cheerio crawl.
import { pushUnique } from '../extract/urls.ts';
import type { CrawledPage } from '../routes/state.ts';
import type { RenderPlayers } from './render-players.ts';

const PLAYER_MARKUP = /<video\b|\b(?:id|class)=["'][^"']*\bplayer/i;

export function needsBrowser(p: CrawledPage): boolean {
  if (p.kind !== 'detail' || p.extract.streams.length > 0) return false;
  return p.extract.players.length > 0 || PLAYER_MARKUP.test(p.body.toString('latin1'));
}

/** Renders the deferred detail pages, merges sniffed streams, then hands every page to onPage. */
export async function renderDeferred(render: RenderPlayers, pages: CrawledPage[], onPage: (p: CrawledPage) => Promise<void>): Promise<{ rendered: number; withStreams: number }> {
  if (pages.length === 0) return { rendered: 0, withStreams: 0 };
  const results = await render(pages.map((p) => p.url));
  let withStreams = 0;
  for (const [i, p] of pages.entries()) {
    const r = results[i];
    if (r && r.streams.length > 0) {
      pushUnique(p.extract.streams, ...r.streams);
      withStreams++;
    }
    await onPage(p);
  }
  return { rendered: pages.length, withStreams };
}
