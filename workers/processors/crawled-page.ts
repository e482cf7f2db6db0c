// Maps what the crawler saw (crawlers/crawl-source.ts CrawledPage) to the candidate fields the pipeline keeps.
import type { CrawledPage } from '../../crawlers/crawl-source.ts';
import type { PageForCandidate } from './crawl-source.ts';

export function toCandidatePage(p: CrawledPage): PageForCandidate {
  const x = p.extract;
  if (p.kind === 'telegram' && p.message) {
    const m = p.message;
    return {
      url: m.url ?? p.url, kind: 'telegram', title: (m.text ?? '').slice(0, 200) || null, httpStatus: p.status,
      posters: m.photos ?? [], streams: m.videos ?? [], players: [],
      extra: { text: m.text, links: m.links, views: m.views, date: m.date, forwardedFrom: m.forwardedFrom, channelPage: p.url },
      body: p.body, contentType: p.contentType,
    };
  }
  return {
    url: p.url, kind: 'detail', title: x.title ?? null, originalTitle: x.originalTitle ?? null, year: yearOf(x.year),
    externalIds: x.externalIds ?? {}, posters: x.posters ?? [], players: x.players ?? [], streams: x.streams ?? [],
    extra: { magnets: x.magnets ?? [], torrents: x.torrents ?? [] }, httpStatus: p.status,
    body: p.body, contentType: p.contentType,
  };
}

function yearOf(y: unknown): number | null {
  const n = Number(y);
  return Number.isInteger(n) && n >= 1890 && n <= 2200 ? n : null;
}
