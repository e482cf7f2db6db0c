// Listing pages: rezka-like poster grids, DataLife Engine short stories, lafa/TBDev tables, tracker search
// results (rutracker tLink rows, RARBG lista2 rows). Each profile returns cards; the first that yields wins.
import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { findYear } from './titles.ts';
import type { ExtractResult, ListingItem } from './types.ts';
import { absolute, pushUnique } from './urls.ts';

type Profile = { name: string; run: ($: CheerioAPI, base: string) => ListingItem[] };

const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const imgSrc = (img: Cheerio<AnyNode>) => img.attr('data-src') ?? img.attr('data-original') ?? img.attr('src');

function card(base: string, url: string | undefined, title: string, poster?: string, extra: Partial<ListingItem> = {}): ListingItem | null {
  const abs = absolute(url, base);
  if (!abs || !title) return null;
  const p = poster && !/_files\//.test(poster) ? absolute(poster, base) : null;
  return { url: abs, title, poster: p, year: findYear(title), ...extra };
}

const PROFILES: Profile[] = [
  {
    name: 'rezka',
    run: ($, base) =>
      $('.b-content__inline_item')
        .map((_, el) => {
          const e = $(el);
          const a = e.find('.b-content__inline_item-link a').first();
          const info = clean(e.find('.b-content__inline_item-link div').first().text());
          return card(base, e.attr('data-url') ?? a.attr('href'), clean(a.text()), imgSrc(e.find('.b-content__inline_item-cover img').first()), {
            year: findYear(info),
          });
        })
        .get()
        .filter(Boolean) as ListingItem[],
  },
  {
    name: 'dle',
    run: ($, base) =>
      $('#dle-content .shortstory, #dle-content .short, #dle-content .movie-item, #dle-content article.story')
        .map((_, el) => {
          const e = $(el);
          const a = e.find('h2 a, h3 a, .short-title a, .title a, a.short-title').first();
          return card(base, a.attr('href'), clean(a.text()), imgSrc(e.find('img').first()));
        })
        .get()
        .filter(Boolean) as ListingItem[],
  },
  {
    name: 'tbdev',
    run: ($, base) =>
      $('.c_title a')
        .map((_, el) => {
          const a = $(el);
          return card(base, a.attr('href'), clean(a.text()), imgSrc(a.closest('tr').find('img.latest_img').first()));
        })
        .get()
        .filter(Boolean) as ListingItem[],
  },
  {
    name: 'rutracker',
    run: ($, base) =>
      $('a.tLink')
        .map((_, el) => {
          const a = $(el);
          const dl = a.closest('tr').find('a.tr-dl, a[href*="dl.php"]').first().attr('href');
          return card(base, a.attr('href'), clean(a.text()), undefined, { torrent: absolute(dl, base) });
        })
        .get()
        .filter(Boolean) as ListingItem[],
  },
  {
    name: 'rarbg',
    run: ($, base) =>
      $('tr.lista2')
        .map((_, el) => {
          const a = $(el).find('a[href^="/torrent/"]').first();
          return card(base, a.attr('href'), clean(a.attr('title') ?? a.text()));
        })
        .get()
        .filter(Boolean) as ListingItem[],
  },
];

export function extractListing($: CheerioAPI, base: string, r: ExtractResult): void {
  for (const p of PROFILES) {
    const items = p.run($, base);
    if (items.length === 0) continue;
    const seen = new Set<string>();
    r.items = items.filter((i) => !seen.has(i.url) && seen.add(i.url));
    for (const i of r.items) pushUnique(r.torrents, i.torrent);
    pushUnique(r.profiles, p.name);
    break;
  }
  $('a[rel="next"], link[rel="next"], .pagination a, .navigation a, .b-navigation a, td.pager a, .pages a').each((_, el) => {
    const href = absolute($(el).attr('href'), base);
    if (href && href !== base && /page|[?&](p|start|before)=|\/\d+\/?$/i.test(href)) pushUnique(r.pagination, href);
  });
}
