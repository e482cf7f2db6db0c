// Title search over the film bank in any script (issue 11): Cyrillic or Latin Kazakh, Russian, common Latin
// transliterations, small typos — every title (kk, ru, en, original, alternatives) compared on its skeleton
// (titles/similarity.ts). National films number in the thousands, so the titles are scored in memory per query.
import type { Db } from '../storage/db.ts';
import { allFilmTitles } from '../storage/films.ts';
import { MIN_TITLE_SCORE, skeletonCache, titleScore } from '../titles/similarity.ts';

export interface FilmHit {
  id: string;
  title_kk: string;
  title_ru: string;
  title_en: string | null;
  score: number;
}

export const MAX_QUERY = 200;

/** Films whose titles are like `query`, best first; a 4-digit year in the query narrows to films of that year. */
export interface SearchOpts { limit?: number; minScore?: number; filmIds?: readonly string[]; enabledOnly?: boolean; skeletonOf?: (s: string) => string }

export async function searchFilms(db: Db, query: string, opts: SearchOpts = {}): Promise<FilmHit[]> {
  const q = query.slice(0, MAX_QUERY).trim();
  if (!q) return [];
  const year = /(?:^|\s)((?:18|19|20)\d\d)(?:\s|$)/.exec(q)?.[1];
  const words = year ? q.replace(year, ' ').trim() : q;
  const rows = await allFilmTitles(db, { filmIds: opts.filmIds, enabledOnly: opts.enabledOnly });
  const hits: FilmHit[] = [];
  for (const r of rows) {
    let score = titleScore(words || q, [r.title_kk, r.title_ru, r.title_en, r.original_title, ...r.alt_titles], opts.skeletonOf);
    if (year && words) score = r.year === Number(year) ? Math.min(1, score + 0.05) : score - 0.1;
    if (score >= (opts.minScore ?? MIN_TITLE_SCORE)) hits.push({ id: r.id, title_kk: r.title_kk, title_ru: r.title_ru, title_en: r.title_en, score: Math.round(score * 1000) / 1000 });
  }
  hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return hits.slice(0, opts.limit ?? 20);
}

/** A searcher for a long-lived process (the API): film titles' skeletons are computed once, not per query. */
export function filmSearcher(db: Db): (query: string, opts?: Omit<SearchOpts, 'skeletonOf'>) => Promise<FilmHit[]> {
  const skeletonOf = skeletonCache();
  return (query, opts = {}) => searchFilms(db, query, { ...opts, skeletonOf });
}
