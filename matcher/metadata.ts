// Metadata as a matching signal (issue 11): the Kinopoisk/IMDb ids and titles a page names (crawlers/extract/ids.ts,
// titles.ts) compared with the film bank. An id match, or a strong title match whose year agrees, raises a candidate
// to `review` — never to `match`: pictures or sound must confirm. So torrent-tracker and listing pages with no
// playable stream still reach an investigator, and the decision record says which signal fired.
import { findYear, parseReleaseTitle } from '../crawlers/extract/titles.ts';
import type { Decision } from './match.ts';

export type MetadataSignal = 'kinopoisk_id' | 'imdb_id' | 'title_year';
/** Every signal a decision record can name (details.signals): what the media said, and what the metadata said. */
export type MatchSignal = 'video' | 'poster' | MetadataSignal;

export interface MetadataQuery {
  kinopoiskId: number | null;
  imdbId: string | null;
  titles: string[];
  year: number | null;
}

export interface MetadataHit {
  filmId: string;
  signal: MetadataSignal;
  /** title+year: the title similarity (0..1); ids: 1 */
  strength: number;
  /** what matched: the id, or the page title and the film's year */
  value: string;
}

/** The bank as metadata sees it (adapter: films/metadata-bank.ts). */
export interface MetadataBank {
  byExternalId(q: { kinopoiskId: number | null; imdbId: string | null }): Promise<Array<{ filmId: string; kinopoiskId: number | null; imdbId: string | null }>>;
  /** films whose titles are like any of `titles`, with the best score and the title that gave it */
  byTitles(titles: string[]): Promise<Array<{ filmId: string; score: number; year: number | null; title: string }>>;
}

/** A title this close (skeletons nearly equal, titles/similarity.ts) and the same year (±1: festival vs release) is strong. */
export const STRONG_TITLE_SCORE = 0.9;
/** The score a metadata-only review is recorded with: below any sane MATCH_THRESHOLD, it is not picture evidence. */
export const METADATA_SCORE = 0.5;

/** What a candidate page says about itself, from the crawler's fields; titles split as release names are written. */
export function metadataQueryOf(c: { title: string | null; original_title: string | null; year: number | null; external_ids: { kinopoisk?: string | number | null; imdb?: string | null } | null }): MetadataQuery {
  const kpRaw = String(c.external_ids?.kinopoisk ?? '').trim();
  const kp = /^[0-9]{1,10}$/.test(kpRaw) ? Number(kpRaw) : null;
  const imdbRaw = String(c.external_ids?.imdb ?? '').trim().toLowerCase();
  const parsed = parseReleaseTitle(c.title);
  const titles = [...new Set([c.title, c.original_title, parsed.ru, parsed.original, ...(parsed.ru?.split(' / ') ?? [])]
    .map((t) => (t ?? '').replace(/\s*[([]\s*(?:19|20)\d\d\s*[)\]].*$/, '').trim().slice(0, 200)).filter((t) => t.length >= 2))].slice(0, 6);
  const year = c.year ?? (Number(parsed.year ?? findYear(c.title)) || null);
  return { kinopoiskId: kp && kp > 0 ? kp : null, imdbId: /^tt[0-9]{5,10}$/.test(imdbRaw) ? imdbRaw : null, titles, year };
}

/** The strongest metadata signal of a page against the bank, or null. Ids win over titles; a title without a year
 * that agrees is never enough (short titles are common words). */
export async function matchMetadata(bank: MetadataBank, q: MetadataQuery): Promise<MetadataHit | null> {
  if (q.kinopoiskId !== null || q.imdbId !== null) {
    const films = await bank.byExternalId({ kinopoiskId: q.kinopoiskId, imdbId: q.imdbId });
    const kp = films.find((f) => q.kinopoiskId !== null && f.kinopoiskId === q.kinopoiskId);
    if (kp) return { filmId: kp.filmId, signal: 'kinopoisk_id', strength: 1, value: String(q.kinopoiskId) };
    const imdb = films.find((f) => q.imdbId !== null && f.imdbId === q.imdbId);
    if (imdb) return { filmId: imdb.filmId, signal: 'imdb_id', strength: 1, value: q.imdbId! };
  }
  if (q.year === null) return null;
  if (!q.titles.length) return null;
  let best: MetadataHit | null = null;
  for (const f of await bank.byTitles(q.titles)) {
    if (f.score < STRONG_TITLE_SCORE || f.year === null || Math.abs(f.year - q.year) > 1) continue;
    if (!best || f.score > best.strength) best = { filmId: f.filmId, signal: 'title_year', strength: f.score, value: `${f.title} (${q.year})` };
  }
  return best;
}

/** The media verdict combined with the metadata hit: a `no_match` (or no media at all) becomes `review` of the
 * metadata's film; `match` and `review` stay as they are. Never returns `match` because of metadata. */
export function withMetadata(media: { decision: Decision; filmId: string | null } | null, hit: MetadataHit | null): { decision: Decision; filmId: string | null; raised: boolean } {
  if (!hit) return { decision: media?.decision ?? 'no_match', filmId: media?.filmId ?? null, raised: false };
  if (media && media.decision !== 'no_match') return { decision: media.decision, filmId: media.filmId, raised: false };
  return { decision: 'review', filmId: hit.filmId, raised: true };
}
