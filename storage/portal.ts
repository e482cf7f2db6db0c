// What the rights holders' portal shows of a film (issue 11): its protection (reference video fingerprinted or
// metadata only), and what happened because of it — matches confirmed and waiting, registry entries that cite it,
// delisting items, packets built. One query for a list of films.
import { type Db, isoOrNull } from './db.ts';

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

export interface FilmActivity {
  detections: Array<{ matchId: string; url: string; domain: string; decision: string; status: string; score: number; signal: string | null; detectedAt: string; decidedAt: string | null; packet: boolean }>;
  registry: Array<{ serial: number | null; domain: string; status: string; activatedAt: string | null }>;
  delisting: Array<{ url: string; status: string; createdAt: string; deadlineAt: string }>;
}


/** What happened because of one film: its detections (newest 200, with whether a packet exists), the registry entries
 * citing it, its delisting items. The caller has checked the film is the user's. */
export async function filmActivity(db: Db, filmId: string): Promise<FilmActivity> {
  const det = await db.query<Record<string, unknown>>(
    `SELECT m.id, c.url, c.domain, m.decision, m.status, m.score, (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(m.details->'signals') = 'array' THEN m.details->'signals' ELSE '[]'::jsonb END) x) AS signal, m.created_at, m.decided_at,
            EXISTS (SELECT 1 FROM packets k WHERE k.match_id = m.id) AS packet
       FROM matches m JOIN candidates c ON c.id = m.candidate_id
      WHERE m.film_id = $1 AND m.decision <> 'no_match' ORDER BY m.created_at DESC, m.id LIMIT 200`,
    [filmId],
  );
  const reg = await db.query<Record<string, unknown>>(
    `SELECT serial, domain, status, activated_at FROM registry_entries WHERE $1 = ANY(film_ids) ORDER BY serial NULLS LAST, domain LIMIT 200`,
    [filmId],
  );
  const dl = await db.query<Record<string, unknown>>(
    'SELECT url, status, created_at, deadline_at FROM delist_items WHERE film_id = $1 ORDER BY seq DESC LIMIT 200',
    [filmId],
  );
  return {
    detections: det.map((r) => ({
      matchId: r.id as string, url: r.url as string, domain: r.domain as string, decision: r.decision as string, status: r.status as string,
      score: Number(r.score), signal: (r.signal as string | null) ?? null, detectedAt: isoOrNull(r.created_at)!, decidedAt: isoOrNull(r.decided_at), packet: Boolean(r.packet),
    })),
    registry: reg.map((r) => ({ serial: r.serial === null ? null : Number(r.serial), domain: r.domain as string, status: r.status as string, activatedAt: isoOrNull(r.activated_at) })),
    delisting: dl.map((r) => ({ url: r.url as string, status: r.status as string, createdAt: isoOrNull(r.created_at)!, deadlineAt: isoOrNull(r.deadline_at)! })),
  };
}
