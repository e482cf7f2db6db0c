// What the rights holders' portal shows of a film (issue 11): its protection (reference video fingerprinted or
// metadata only), and what happened because of it — matches confirmed and waiting, registry entries that cite it,
// delisting items, packets built. One query for a list of films.
import type { Db } from './db.ts';

export interface FilmOverview {
  id: string;
  titleKk: string;
  titleRu: string;
  titleEn: string | null;
  year: number | null;
  stateRegisterNo: string | null;
  rightsHolder: string | null;
  protection: 'video' | 'metadata+poster' | 'metadata';
  fingerprints: number;
  recipe: string | null;
  confirmed: number;
  pending: number;
  registryEntries: number;
  delistItems: number;
  packets: number;
}

/** Every film (filmIds null: an admin) or the given ones (a rights holder's), newest first. */
export async function filmsOverview(db: Db, filmIds: readonly string[] | null): Promise<FilmOverview[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT f.id, f.title_kk, f.title_ru, f.title_en, f.year, f.state_register_no, f.rights_holder,
       EXISTS (SELECT 1 FROM reference_assets a WHERE a.film_id = f.id AND a.kind = 'video') AS has_video,
       EXISTS (SELECT 1 FROM reference_assets a WHERE a.film_id = f.id AND a.kind = 'poster') AS has_poster,
       (SELECT count(*)::int FROM fingerprints p WHERE p.film_id = f.id) AS fingerprints,
       (SELECT max(a.recipe) FROM reference_assets a WHERE a.film_id = f.id AND a.kind = 'video') AS recipe,
       (SELECT count(*)::int FROM matches m WHERE m.film_id = f.id AND m.status = 'confirmed') AS confirmed,
       (SELECT count(*)::int FROM matches m WHERE m.film_id = f.id AND m.status = 'pending_review') AS pending,
       (SELECT count(*)::int FROM registry_entries e WHERE f.id = ANY(e.film_ids) AND e.status = 'active') AS registry_entries,
       (SELECT count(*)::int FROM delist_items d WHERE d.film_id = f.id) AS delist_items,
       (SELECT count(*)::int FROM packets k JOIN matches m ON m.id = k.match_id WHERE m.film_id = f.id) AS packets
     FROM films f WHERE ($1::text[] IS NULL OR f.id = ANY($1)) ORDER BY f.created_at DESC, f.id LIMIT 1000`,
    [filmIds],
  );
  return rows.map((r) => ({
    id: r.id as string, titleKk: r.title_kk as string, titleRu: r.title_ru as string, titleEn: (r.title_en as string | null) ?? null,
    year: (r.year as number | null) ?? null, stateRegisterNo: (r.state_register_no as string | null) ?? null, rightsHolder: (r.rights_holder as string | null) ?? null,
    protection: r.has_video ? 'video' : r.has_poster ? 'metadata+poster' : 'metadata',
    fingerprints: r.fingerprints as number, recipe: (r.recipe as string | null) ?? null, confirmed: r.confirmed as number, pending: r.pending as number,
    registryEntries: r.registry_entries as number, delistItems: r.delist_items as number, packets: r.packets as number,
  }));
}
