// Magnet links, info-hashes and .torrent download links (rutor, rutracker, DLE trackers, 1337x mirrors).
import type { CheerioAPI } from 'cheerio';
import type { ExtractResult } from './types.ts';
import { absolute, pushUnique } from './urls.ts';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 (32 chars) or hex (40 chars) info-hash → lower-case hex. */
export function normaliseBtih(h: string): string | null {
  if (/^[0-9a-f]{40}$/i.test(h)) return h.toLowerCase();
  if (!/^[A-Z2-7]{32}$/i.test(h)) return null;
  let bits = '';
  for (const c of h.toUpperCase()) bits += B32.indexOf(c).toString(2).padStart(5, '0');
  let hex = '';
  for (let i = 0; i < 160; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}

const TORRENT_HREF =
  /\.torrent(\?|#|$)|\/download(?:t)?(?:\.php)?(?:\/\d+|\?)|\/dl\.php\?|(?:^|\/)dl\.php|torrent\.php\?h=|btcache\.[a-z]+\/torrent\/|itorrents\.[a-z]+\/torrent\/|\/engine\/download\.php/i;

export function isTorrentHref(href: string): boolean {
  return TORRENT_HREF.test(href) && !/send_torrent|mail\.php/i.test(href);
}

export function extractTorrents($: CheerioAPI, html: string, base: string, r: ExtractResult): void {
  $('a[href]').each((_, el) => {
    const href = ($(el).attr('href') ?? '').trim();
    if (href.toLowerCase().startsWith('magnet:')) pushUnique(r.magnets, href);
    else if (isTorrentHref(href)) pushUnique(r.torrents, absolute(href, base));
  });
  for (const m of html.matchAll(/magnet:\?xt=urn:btih:[^"'<>\s]+/gi)) pushUnique(r.magnets, m[0].replace(/&amp;/g, '&'));
  for (const magnet of r.magnets) {
    const m = /xt=urn:btih:([a-z0-9]+)/i.exec(magnet);
    if (m) pushUnique(r.infoHashes, normaliseBtih(m[1]!));
  }
}
