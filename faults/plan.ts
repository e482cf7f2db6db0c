// The faults run's pirate site and its ground truth: which candidate page carries which film, through which media,
// and what an investigator will decide about it. Deterministic in the candidate count.
import type { FixtureItem, FixturePost } from '../fixtures/pirate-site/pirate-site.ts';
import { FAULT_FILMS, type FilmMedia } from './media.ts';

export const CHANNEL = 'kino_faults';

export interface Expected {
  /** the candidate page URL the crawler will record */
  url: string;
  kind: 'detail' | 'telegram';
  /** key of the film the page carries (registered or not) */
  film: string;
  registered: boolean;
  media: 'stream' | 'poster';
  /** the investigator rejects this page's review (a poster judged too weak): it must stay unpublished */
  rejectOnReview: boolean;
}

export interface SitePlan {
  items: FixtureItem[];
  posts: FixturePost[];
  /** ground truth, keyed by URL once the site's address is known */
  expected(siteUrl: string): Expected[];
}

const REGISTERED = FAULT_FILMS.filter((f) => f.registered);
const OTHERS = FAULT_FILMS.filter((f) => !f.registered);

/**
 * n candidates: ~3 % Telegram posts (each re-posting a web page's stream), the rest web detail pages, per 100 pages:
 * 36 streams of a registered film (confirmed automatically), 1 poster-only page of a registered film (→ review;
 * every 3rd of those is rejected by the investigator), 63 streams of unregistered films (dropped). Poster-only pages
 * are few because the crawler renders each in Chromium (a player box without a stream URL) for up to 8 s.
 */
export function planSite(n: number, media: Record<string, FilmMedia>): SitePlan {
  const posts = Math.max(1, Math.round(n * 0.03));
  const web = n - posts;
  const items: FixtureItem[] = [];
  const truth: Array<Omit<Expected, 'url'> & { path: (site: string) => string }> = [];
  let posterReviews = 0;
  for (let i = 0; i < web; i++) {
    const r = i % 100;
    const film = r < 37 ? REGISTERED[i % REGISTERED.length]! : OTHERS[i % OTHERS.length]!;
    const m = media[film.key]!;
    const poster = r === 36;
    const slug = `f-${i}`;
    items.push({
      slug, titleRu: `${film.titleRu} (зеркало ${i})`, titleOriginal: film.titleKk, year: film.year, kinopoiskId: 9_300_000 + i,
      posterFile: m.piratePoster, hlsDir: poster ? null : m.copies[Math.floor(i / FAULT_FILMS.length) % m.copies.length]!,
    });
    const rejectOnReview = poster && film.registered && posterReviews++ % 3 === 1;
    truth.push({ kind: 'detail', film: film.key, registered: film.registered, media: poster ? 'poster' : 'stream', rejectOnReview, path: () => `/films/${slug}.html` });
  }
  // Telegram posts re-post web streams: even posts a registered film's, odd ones someone else's
  const withStream = (registered: boolean) => items.filter((it, i) => it.hlsDir && truth[i]!.registered === registered);
  const pool = { true: withStream(true), false: withStream(false) };
  const channelPosts: FixturePost[] = [];
  for (let t = 0; t < posts; t++) {
    const registered = t % 2 === 0;
    const list = pool[`${registered}`];
    const it = list[(t * 7) % list.length]!;
    const idx = items.indexOf(it);
    const id = 1001 + t;
    channelPosts.push({ id, text: `Жаңа фильм! Смотреть «${it.titleRu}» бесплатно`, itemSlug: it.slug });
    truth.push({ kind: 'telegram', film: truth[idx]!.film, registered, media: 'stream', rejectOnReview: false, path: () => `/${CHANNEL}/${id}` });
  }
  return {
    items,
    posts: channelPosts,
    expected: (siteUrl) => truth.map(({ path, ...t }) => ({ ...t, url: `${siteUrl}${path(siteUrl)}` })),
  };
}

/** What the pipeline must end with for a page: published (delisting item, packet, registry evidence) or not. */
export const shouldPublish = (e: Expected): boolean => e.registered && !e.rejectOnReview;
