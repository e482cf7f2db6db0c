// What the public entry page shows: one entry by serial whatever its status (lifted and expired entries stay
// visible), its dates, films, infringing URLs (their number always; the URLs only where the deployment allows),
// its versions and its appeals' published decisions.
import { type Db, isoOrNull } from '../storage/db.ts';
import { appealsOfEntry, type PublicAppeal } from './appeals-view.ts';
import { entryHistory, type EntryVersion } from './history.ts';
import type { FilmRef } from './queries.ts';

export interface EntryPageData {
  id: string;
  serial: number;
  domain: string;
  status: string;
  reason: string;
  proposedAt: string;
  activatedAt: string | null;
  verifiedAt: string | null;
  expiresAt: string | null;
  liftedAt: string | null;
  expiredAt: string | null;
  films: FilmRef[];
  urlCount: number;
  /** the infringing URLs, only when PUBLIC_ENTRY_URLS is on; null otherwise */
  urls: string[] | null;
  history: EntryVersion[];
  appeals: PublicAppeal[];
}

interface Row {
  id: string; serial: number; domain: string; status: string; reason: string; proposed_at: Date; activated_at: Date | null;
  verified_at: Date | null; expires_at: Date | null; lifted_at: Date | null; expired_at: Date | null; films: FilmRef[] | string | null; urls: string[];
}

export async function entryPageData(db: Db, serial: number, opts: { showUrls: boolean; now?: Date }): Promise<EntryPageData | null> {
  const [r] = await db.query<Row>(
    `SELECT e.id, e.serial, e.domain, e.status, e.reason, e.proposed_at, e.activated_at, e.verified_at, e.expires_at, e.lifted_at, e.expired_at,
            (SELECT coalesce(json_agg(json_build_object('id', f.id, 'titleKk', f.title_kk, 'titleRu', f.title_ru, 'titleEn', f.title_en) ORDER BY f.id), '[]'::json)
               FROM films f WHERE f.id = ANY(e.film_ids)) AS films,
            ARRAY(SELECT DISTINCT c.url FROM matches m JOIN candidates c ON c.id = m.candidate_id
                   WHERE m.id = ANY(e.match_ids) AND m.status = 'confirmed' ORDER BY c.url) AS urls
       FROM registry_entries e WHERE e.serial = $1 AND e.status NOT IN ('proposed', 'rejected')`,
    [serial],
  );
  if (!r) return null;
  const films = typeof r.films === 'string' ? (JSON.parse(r.films) as FilmRef[]) : (r.films ?? []);
  return {
    id: r.id, serial: Number(r.serial), domain: r.domain, status: r.status, reason: r.reason,
    proposedAt: isoOrNull(r.proposed_at)!, activatedAt: isoOrNull(r.activated_at), verifiedAt: isoOrNull(r.verified_at), expiresAt: isoOrNull(r.expires_at),
    liftedAt: isoOrNull(r.lifted_at), expiredAt: isoOrNull(r.expired_at), films, urlCount: r.urls.length, urls: opts.showUrls ? r.urls : null,
    history: await entryHistory(db, r.id),
    appeals: await appealsOfEntry(db, r.id, opts.now),
  };
}
