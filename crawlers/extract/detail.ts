// Detail-page fields: title, original title, year, posters, description. Profile-specific selectors first
// (DataLife Engine, lafa/TBDev, rutor, 1337x, rezka), then schema.org / OpenGraph / JSON-LD, then <h1>/<title>.
import type { CheerioAPI } from 'cheerio';
import { findYear, parenthesised, parseReleaseTitle } from './titles.ts';
import type { ExtractResult } from './types.ts';
import { absolute, pushUnique } from './urls.ts';

const POSTER_SELECTORS = [
  '#dle-content span.poster img',
  '#dle-content .poster img',
  '.fposter img',
  '.full-poster img',
  '.b-sidecover img',
  '.torrent-image img',
  '#details > tbody > tr > td:nth-child(2) img',
  '#details td:nth-child(2) > img',
  'img.poster, img#poster, .poster > img, .film-poster img',
];

function text($: CheerioAPI, sel: string): string | null {
  const t = $(sel).first().text().replace(/\s+/g, ' ').trim();
  return t || null;
}

function jsonLd($: CheerioAPI): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      const v = JSON.parse($(el).text()) as unknown;
      for (const o of Array.isArray(v) ? v : [v]) if (o && typeof o === 'object') out.push(o as Record<string, unknown>);
    } catch {
      /* malformed JSON-LD is common; ignore it */
    }
  });
  return out;
}

export function extractDetail($: CheerioAPI, html: string, base: string, r: ExtractResult): void {
  const meta = (p: string) => $(`meta[property="${p}"], meta[name="${p}"]`).first().attr('content')?.trim() || null;
  const ld = jsonLd($).find((o) => /Movie|TVSeries|VideoObject|Episode/i.test(String(o['@type'] ?? '')));

  // --- posters ---
  for (const sel of POSTER_SELECTORS) {
    const src = $(sel).first().attr('data-src') ?? $(sel).first().attr('src');
    const abs = absolute(src, base);
    if (abs && !/_files\//.test(src ?? '')) {
      pushUnique(r.posters, abs);
      break;
    }
  }
  pushUnique(r.posters, absolute(meta('og:image'), base));
  const ldImage = ld?.['image'];
  pushUnique(r.posters, absolute(typeof ldImage === 'string' ? ldImage : Array.isArray(ldImage) ? String(ldImage[0]) : null, base));
  $('[itemprop="image"]').each((_, el) => {
    const src = $(el).attr('content') ?? $(el).attr('src');
    if (src && !/_files\/|^\.\//.test(src)) pushUnique(r.posters, absolute(src, base));
  });

  // --- titles ---
  const movieName = $('[itemtype*="Movie"] [itemprop="name"], [itemtype*="TVSeries"] [itemprop="name"]')
    .filter((_, el) => $(el).parents('[itemprop="actor"], [itemprop="director"], [itemprop="author"]').length === 0)
    .first();
  const candidates = [
    movieName.length ? movieName.text().trim() : null,
    typeof ld?.['name'] === 'string' ? (ld['name'] as string) : null,
    text($, '#news-title'),
    text($, '.b-post__title h1'),
    text($, 'h1'),
    meta('og:title'),
    text($, 'title'),
  ].filter((x): x is string => !!x);
  for (const c of candidates) {
    if (/^(скачать|смотреть|download)\b/i.test(c) && candidates.length > 1 && c !== candidates.at(-1)) continue;
    const p = parseReleaseTitle(c.replace(/^(download|скачать|смотреть)\s+/i, ''));
    if (!p.ru && !p.original) continue;
    r.title = p.ru ?? p.original;
    r.originalTitle = p.original;
    r.year ??= p.year;
    break;
  }
  if (movieName.length && !r.originalTitle) r.originalTitle = parenthesised(movieName.parent().text());
  r.originalTitle ??= text($, '.b-post__origtitle') ?? text($, '[itemprop="alternativeHeadline"]') ?? text($, '.original-title, .orig-title');

  // --- year: a labelled "Год" beats a year in the title ---
  const labelled = /Год(?:\s+(?:выпуска|выхода|производства))?\s*:?\s*(?:<[^>]*>\s*)*((?:19|20)\d{2})\b/i.exec(html);
  const ldYear = findYear(String(ld?.['datePublished'] ?? ld?.['dateCreated'] ?? ''));
  r.year = labelled?.[1] ?? r.year ?? ldYear ?? findYear(meta('og:title')) ?? findYear(text($, 'title'));

  r.description = meta('og:description') ?? meta('description') ?? text($, '[itemprop="description"]');
}
