// Read side of the registry: active entries with their films, one entry, the proposals awaiting decisions.
import type { Db } from '../storage/db.ts';

export interface FilmRef {
  id: string;
  titleKk: string;
  titleRu: string;
  titleEn: string | null;
}

export interface RegistryEntryView {
  id: string;
  serial: number | null;
  domain: string;
  status: string;
  activatedAt: string | null;
  proposedAt: string;
  reason: string;
  films: FilmRef[];
  matchIds: string[];
}

interface Row {
  id: string;
  serial: number | null;
  domain: string;
  status: string;
  activated_at: Date | null;
  proposed_at: Date;
  reason: string;
  match_ids: string[];
  films: FilmRef[] | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const SELECT = `
  SELECT e.id, e.serial, e.domain, e.status, e.activated_at, e.proposed_at, e.reason, e.match_ids,
         (SELECT coalesce(json_agg(json_build_object('id', f.id, 'titleKk', f.title_kk, 'titleRu', f.title_ru, 'titleEn', f.title_en) ORDER BY f.id), '[]'::json)
            FROM films f WHERE f.id = ANY(e.film_ids)) AS films
    FROM registry_entries e`;

function view(r: Row): RegistryEntryView {
  const films = typeof r.films === 'string' ? (JSON.parse(r.films) as FilmRef[]) : (r.films ?? []);
  return {
    id: r.id,
    serial: r.serial,
    domain: r.domain,
    status: r.status,
    activatedAt: iso(r.activated_at),
    proposedAt: iso(r.proposed_at)!,
    reason: r.reason,
    films,
    matchIds: r.match_ids,
  };
}

/** Active entries by serial; restricted to `ids` when given (search results), keeping serial order. */
export async function listActive(db: Db, opts: { ids?: string[]; limit?: number; offset?: number } = {}): Promise<RegistryEntryView[]> {
  const params: unknown[] = [opts.limit ?? 100_000, opts.offset ?? 0];
  let where = `e.status = 'active'`;
  if (opts.ids) {
    params.push(opts.ids);
    where += ` AND e.id = ANY($3::text[])`;
  }
  const rows = await db.query<Row>(`${SELECT} WHERE ${where} ORDER BY e.serial LIMIT $1 OFFSET $2`, params);
  return rows.map(view);
}

export async function listProposed(db: Db): Promise<Array<RegistryEntryView & { approvals: Array<{ userId: string; verdict: string; note: string | null }> }>> {
  const rows = await db.query<Row>(`${SELECT} WHERE e.status = 'proposed' ORDER BY e.proposed_at, e.id`);
  const approvals = await db.query<{ entry_id: string; user_id: string; verdict: string; note: string | null }>(
    `SELECT a.entry_id, a.user_id, a.verdict, a.note FROM registry_approvals a JOIN registry_entries e ON e.id = a.entry_id
      WHERE e.status = 'proposed' ORDER BY a.created_at`,
  );
  return rows.map((r) => ({
    ...view(r),
    approvals: approvals.filter((a) => a.entry_id === r.id).map((a) => ({ userId: a.user_id, verdict: a.verdict, note: a.note })),
  }));
}

/** One entry by id or by serial (public pages link by serial). Only active ones unless `anyStatus`. */
export async function getEntry(db: Db, key: string, anyStatus = false): Promise<RegistryEntryView | null> {
  const bySerial = /^\d{1,15}$/.test(key);
  const rows = await db.query<Row>(`${SELECT} WHERE ${bySerial ? 'e.serial = $1::bigint' : 'e.id = $1'}${anyStatus ? '' : ` AND e.status = 'active'`}`, [key]);
  return rows[0] ? view(rows[0]) : null;
}

export async function countActive(db: Db): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM registry_entries WHERE status = 'active'`);
  return r?.n ?? 0;
}

export async function maxSerial(db: Db): Promise<number> {
  const [r] = await db.query<{ s: number | null }>(`SELECT max(serial) AS s FROM registry_entries WHERE status = 'active'`);
  return r?.s ?? 0;
}

/** Every entry (or those of one status) with its approval count, in serial order: `kuzet registry list`. */
export async function listEntries(db: Db, status: string | null): Promise<Array<{ id: string; domain: string; status: string; serial: number | null; filmIds: string[]; matchIds: string[]; approvals: number; proposedAt: string; activatedAt: string | null }>> {
  const rows = await db.query<{ id: string; domain: string; status: string; serial: number | null; film_ids: string[]; match_ids: string[]; approvals: number; proposed_at: Date; activated_at: Date | null }>(
    `SELECT e.id, e.domain, e.status, e.serial, e.film_ids, e.match_ids, e.proposed_at, e.activated_at,
            (SELECT count(*)::int FROM registry_approvals a WHERE a.entry_id = e.id AND a.verdict = 'approve') AS approvals
       FROM registry_entries e WHERE ($1::text IS NULL OR e.status = $1) ORDER BY e.serial NULLS LAST, e.proposed_at`,
    [status],
  );
  return rows.map((r) => ({
    id: r.id, domain: r.domain, status: r.status, serial: r.serial, filmIds: r.film_ids, matchIds: r.match_ids, approvals: r.approvals,
    proposedAt: new Date(r.proposed_at).toISOString(), activatedAt: r.activated_at ? new Date(r.activated_at).toISOString() : null,
  }));
}
