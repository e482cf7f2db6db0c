// The label router of one crawl: label → handler (crawlers/routes/*), each validating its userData schema.
import { createCheerioRouter } from 'crawlee';
import { NonRetryableError } from './errors.ts';
import { handleDetail } from './routes/detail.ts';
import { handleListing } from './routes/listing.ts';
import { handlePlayerEmbed } from './routes/player-embed.ts';
import type { CrawlState } from './routes/state.ts';
import { handleTgChannelPreview } from './routes/tg-channel-preview.ts';

export function buildRouter(state: CrawlState) {
  const router = createCheerioRouter();
  router.addHandler('LISTING', (ctx) => handleListing(state, ctx));
  router.addHandler('DETAIL', (ctx) => handleDetail(state, ctx));
  router.addHandler('PLAYER_EMBED', (ctx) => handlePlayerEmbed(state, ctx));
  router.addHandler('TG_CHANNEL_PREVIEW', (ctx) => handleTgChannelPreview(state, ctx));
  router.addDefaultHandler(async ({ request }) => {
    throw new NonRetryableError(`no route for label ${request.label ?? '(none)'} at ${request.url}`);
  });
  return router;
}
