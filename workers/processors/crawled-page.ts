// Maps what the crawler saw (crawlers/crawl-source.ts CrawledPage) to the candidate fields the pipeline keeps.
// Every field comes from a pirate's page, so each is bounded here, before it is stored: titles cleaned of control,
// bidi-override and NUL characters (PostgreSQL text and jsonb cannot hold U+0000: one NUL in an og:title or a
// JSON-LD name made the whole page unstorable) and cut to TITLE_MAX; URL lists capped; the Telegram text capped.
import type { CrawledPage } from '../../crawlers/crawl-source.ts';
import { cleanText } from '../../films/meta.ts';
import type { PageForCandidate } from './crawl-source.ts';

export const TITLE_MAX = 300;
/** a Telegram message is at most 4,096 characters; anything longer is not one */
const TEXT_MAX = 4096;
const URLS_MAX = 50;

export function toCandidatePage(p: CrawledPage): PageForCandidate {
  const x = p.extract;
  if (p.kind === 'telegram' && p.message) {
    const m = p.message;
    const text = m.text ? noNul(m.text).slice(0, TEXT_MAX) : m.text;
    return {
      url: m.url ?? p.url, kind: 'telegram', title: title(m.text?.slice(0, TEXT_MAX), 200), httpStatus: p.status,
      posters: urls(m.photos), streams: urls(m.videos), players: [],
      extra: { text, links: urls(m.links, 100), views: title(m.views, 40), subscribers: title(m.channelSubscribers, 40), date: title(m.date, 40), forwardedFrom: title(m.forwardedFrom), channelPage: p.url },
      body: p.body, contentType: p.contentType,
    };
  }
  return {
    url: p.url, kind: 'detail', title: title(x.title), originalTitle: title(x.originalTitle), year: yearOf(x.year),
    externalIds: x.externalIds ?? {}, posters: urls(x.posters), players: urls(x.players), streams: urls(x.streams),
    extra: { magnets: urls(x.magnets, 100, /^magnet:/i), torrents: urls(x.torrents, 100) }, httpStatus: p.status,
    body: p.body, contentType: p.contentType,
  };
}

/** one line of display text, or null when nothing printable is left */
function title(s: string | null | undefined, max = TITLE_MAX): string | null {
  if (!s) return null;
  return cleanText(s.slice(0, max * 4)).slice(0, max).trim() || null;
}

const noNul = (s: string) => s.replace(/\u0000/g, '');

function urls(list: string[] | undefined, max = URLS_MAX, scheme = /^https?:\/\//i): string[] {
  return (list ?? []).filter((u) => typeof u === 'string' && scheme.test(u) && u.length <= 4096 && !u.includes('\u0000')).slice(0, max);
}

function yearOf(y: unknown): number | null {
  const n = Number(y);
  return Number.isInteger(n) && n >= 1890 && n <= 2200 ? n : null;
}
