// Players: iframe "balancers" (Kodik, Alloha, Collaps, VideoCDN, HDVB, …), <video>/<source>, and the same
// created by inline JS. Trailers (YouTube, "trailer" hosts) are kept apart.
import type { CheerioAPI } from 'cheerio';
import { scanScript } from './scripts.ts';
import type { ExtractResult } from './types.ts';
import { hostOf } from '../../net/urls.ts';
import { absolute, pushUnique } from './urls.ts';

/** Known balancer / CDN-player hosts (substring of the hostname) → profile name. */
const BALANCERS: Array<[RegExp, string]> = [
  [/kodik|aniqit|kodikapi/, 'kodik'],
  [/alloha|alloeclub|stloadi/, 'alloha'],
  [/collaps|delivembd|embedcdn/, 'collaps'],
  [/videocdn|svetacdn|vcdn/, 'videocdn'],
  [/hdvb|vb17|farsihd/, 'hdvb'],
  [/ashdi|bazon|cdnmovies|videoframe|lumex|linktodo|voidboost|iframe\.video|apicollaps/, 'balancer'],
];

const NOT_PLAYERS = /(^|\.)(facebook\.com|vk\.com\/widget|vk\.com\/js|google|doubleclick|disqus|twitter|yandex\.ru\/(?:ads|metrika)|mc\.yandex|ok\.ru\/dk)/;
const TRAILER = /youtube\.com|youtu\.be|youtube-nocookie|trailer|treiler/i;
const STREAM = /\.(m3u8|mp4|mpd|webm)(\?|#|$)/i;

export function balancerOf(url: string): string | null {
  const host = hostOf(url);
  for (const [re, name] of BALANCERS) if (re.test(host)) return name;
  return null;
}

function looksLikePlayer(url: string): boolean {
  if (NOT_PLAYERS.test(url)) return false;
  if (balancerOf(url)) return true;
  return /embed|player|iframe|\/video\/|kp_id=|kinopoisk|imdb=|[?&]kp=/i.test(url);
}

const AD_NAME = /(^|[-_\s])(bn|ads?|adv|banner|reklam\w*|promo|counter)([-_\s]|$)/i;
const ASSET = /\.(js|css|png|jpe?g|gif|webp|svg|ico|json)(\?|#|$)/i;

function classify(r: ExtractResult, url: string | null, fromIframeTag: boolean): void {
  if (!url || url.startsWith('magnet:') || ASSET.test(new URL(url).pathname)) return;
  if (STREAM.test(url)) return pushUnique(r.streams, url);
  if (TRAILER.test(url)) return pushUnique(r.trailers, url);
  if (fromIframeTag ? !NOT_PLAYERS.test(url) && !/\/(ads?|bn|adv|banners?)\/|banner|counter/i.test(url) : looksLikePlayer(url)) {
    pushUnique(r.players, url);
    const b = balancerOf(url);
    if (b) pushUnique(r.profiles, `balancer:${b}`);
  }
}

export function extractPlayers($: CheerioAPI, base: string, r: ExtractResult): void {
  $('iframe').each((_, el) => {
    const e = $(el);
    const name = `${e.attr('id') ?? ''} ${e.attr('class') ?? ''}`;
    const height = Number(e.attr('height') ?? NaN);
    if (AD_NAME.test(name) || height <= 120) return;
    classify(r, absolute(e.attr('src') ?? e.attr('data-src') ?? e.attr('data-lazy-src'), base), true);
  });
  $('[data-iframe], [data-player], [data-embed]').each((_, el) => {
    const e = $(el);
    classify(r, absolute(e.attr('data-iframe') ?? e.attr('data-player') ?? e.attr('data-embed'), base), false);
  });
  $('video, video source, audio source').each((_, el) => {
    const e = $(el);
    const src = absolute(e.attr('src') ?? e.attr('data-src'), base);
    if (src) pushUnique(r.streams, src);
  });
  $('script:not([src])').each((_, el) => {
    const type = ($(el).attr('type') ?? '').toLowerCase();
    if (type && !/javascript|module/.test(type)) return;
    const found = scanScript($(el).text());
    for (const s of found.iframeSrcs) classify(r, absolute(s, base), false);
    for (const f of found.files) pushUnique(r.streams, absolute(f, base));
    for (const u of found.urls) {
      const abs = absolute(u, base);
      if (abs && STREAM.test(abs)) pushUnique(r.streams, abs);
      else if (abs && balancerOf(abs)) classify(r, abs, false);
    }
  });
}
