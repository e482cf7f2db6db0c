// extractPage: bytes (or text) of one page → ExtractResult. Charset detection, then Telegram previews,
// listings and detail pages through small profile modules under crawlers/extract/.
import { assertSaneNesting } from './extract/depth.ts';
import * as cheerio from 'cheerio';
import { decodeBody } from './extract/charset.ts';
import { extractDetail } from './extract/detail.ts';
import { extractIds } from './extract/ids.ts';
import { extractListing } from './extract/listing.ts';
import { extractPlayers } from './extract/players.ts';
import { extractTelegram, isTelegramPreview } from './extract/telegram.ts';
import { extractTorrents } from './extract/torrents.ts';
import { emptyResult, type ExtractResult } from './extract/types.ts';

export type { ExtractResult, ListingItem, PageKind, TelegramMessage } from './extract/types.ts';
export { decodeBody } from './extract/charset.ts';

const DETAIL_MARKERS = [
  '[itemtype*="Movie"]',
  '[itemtype*="TVSeries"]',
  '#news-title',
  '#dle-content .fullstory, #dle-content .full-story, #dle-content .full',
  'div#download',
  '.torrent-detail',
  '.b-post__title',
  'meta[property="og:type"][content^="video"]',
].join(', ');

export function extractPage(body: Buffer | string, url: string, contentType?: string): ExtractResult {
  const { html } = decodeBody(body, contentType);
  assertSaneNesting(html);
  const $ = cheerio.load(html);
  const base = new URL($('base[href]').attr('href') ?? url, url).href;
  const r = emptyResult();

  if (isTelegramPreview($)) {
    r.kind = 'telegram';
    pushProfile(r, 'telegram');
    extractTelegram($, base, r);
    return r;
  }
  if ($('meta[name="generator"][content*="DataLife"]').length || /var\s+dle_root\s*=/.test(html)) pushProfile(r, 'dle');

  extractListing($, base, r);
  extractDetail($, html, base, r);
  extractPlayers($, base, r);
  extractTorrents($, html, base, r);
  r.externalIds = extractIds(html);

  const detailSignals = $(DETAIL_MARKERS).length > 0 || r.players.length > 0 || r.streams.length > 0;
  if (r.items.length >= 3 && !detailSignals) r.kind = 'listing';
  else if (detailSignals || (r.title && (r.posters.length || r.magnets.length || r.torrents.length))) r.kind = 'detail';
  else if (r.items.length >= 2) r.kind = 'listing';
  return r;
}

function pushProfile(r: ExtractResult, name: string): void {
  if (!r.profiles.includes(name)) r.profiles.push(name);
}
