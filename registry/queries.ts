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
  film_ids: string[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Statuses whose entries are in force (exported, blocked): an appeal does not suspend a block. The SQL function
 *  registry_in_force (migration 014) says the same for the change log. */
export const IN_FORCE = ['active', 'under_appeal'] as const;
const IN_FORCE_SQL = `e.status IN (${IN_FORCE.map((s) => `'${s}'`).join(', ')})`;

// films are few and entries many: the entries come without them and the films they name are read once (a per-entry
// sub-select cost 46 s for 100,000 entries on PGlite)
const SELECT = `SELECT e.id, e.serial, e.domain, e.status, e.activated_at, e.proposed_at, e.reason, e.match_ids, e.film_ids FROM registry_entries e`;

async function withFilms(db: Db, rows: Row[]): Promise<RegistryEntryView[]> {
  const ids = [...new Set(rows.flatMap((r) => r.film_ids))];
  const films = new Map<string, FilmRef>();
  if (ids.length) {
    const fr = await db.query<{ id: string; title_kk: string; title_ru: string; title_en: string | null }>(
      'SELECT id, title_kk, title_ru, title_en FROM films WHERE id = ANY($1::text[])', [ids]);
    for (const f of fr) films.set(f.id, { id: f.id, titleKk: f.title_kk, titleRu: f.title_ru, titleEn: f.title_en });
  }
  return rows.map((r) => ({
    id: r.id,
    serial: r.serial,
    domain: r.domain,
    status: r.status,
    activatedAt: iso(r.activated_at),
    proposedAt: iso(r.proposed_at)!,
    reason: r.reason,
    films: [...new Set(r.film_ids)].sort().flatMap((id) => films.get(id) ?? []),
    matchIds: r.match_ids,
  }));
}

/** Entries in force by serial; restricted to `ids` when given (search results, diffs), keeping serial order.
 *  `afterSerial` pages by key (constant time however deep), `offset` by position. */
export async function listActive(db: Db, opts: { ids?: string[]; limit?: number; offset?: number; afterSerial?: number } = {}): Promise<RegistryEntryView[]> {
  const params: unknown[] = [opts.limit ?? 1_000_000, opts.offset ?? 0, opts.afterSerial ?? 0];
  let where = `${IN_FORCE_SQL} AND e.serial > $3`;
  if (opts.ids) {
    params.push(opts.ids);
    where += ` AND e.id = ANY($4::text[])`;
  }
  return withFilms(db, await db.query<Row>(`${SELECT} WHERE ${where} ORDER BY e.serial LIMIT $1 OFFSET $2`, params));
}

export async function listProposed(db: Db): Promise<Array<RegistryEntryView & { approvals: Array<{ userId: string; verdict: string; note: string | null }> }>> {
  const rows = await db.query<Row>(`${SELECT} WHERE e.status = 'proposed' ORDER BY e.proposed_at, e.id`);
  const approvals = await db.query<{ entry_id: string; user_id: string; verdict: string; note: string | null }>(
    `SELECT a.entry_id, a.user_id, a.verdict, a.note FROM registry_approvals a JOIN registry_entries e ON e.id = a.entry_id
      WHERE e.status = 'proposed' ORDER BY a.created_at`,
  );
  const views = await withFilms(db, rows);
  return views.map((v) => ({
    ...v,
    approvals: approvals.filter((a) => a.entry_id === v.id).map((a) => ({ userId: a.user_id, verdict: a.verdict, note: a.note })),
  }));
}

/** One entry by id or by serial (public pages link by serial). Only entries in force unless `anyStatus`. */
export async function getEntry(db: Db, key: string, anyStatus = false): Promise<RegistryEntryView | null> {
  const bySerial = /^\d{1,15}$/.test(key);
  const rows = await db.query<Row>(`${SELECT} WHERE ${bySerial ? 'e.serial = $1::bigint' : 'e.id = $1'}${anyStatus ? '' : ` AND ${IN_FORCE_SQL}`}`, [key]);
  return rows[0] ? (await withFilms(db, rows))[0]! : null;
}

export async function countActive(db: Db): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM registry_entries e WHERE ${IN_FORCE_SQL}`);
  return r?.n ?? 0;
}

/** The registry's serial: its newest change (an activation, or an entry lifted or expired; migration 014's log). */
export async function maxSerial(db: Db): Promise<number> {
  const [r] = await db.query<{ s: number | null }>(`SELECT max(serial) AS s FROM registry_changes`);
  return Number(r?.s ?? 0);
}

export interface RegistryChange {
  serial: number;
  entryId: string;
  domain: string;
  change: 'added' | 'removed';
  status: string;
  at: string;
}

/** Per entry touched after `since`, its newest change, and whether it was in force at `since`; `limit` caps how many
 *  entries are read (the caller asks for one more than it accepts, to know when a diff is too big). */
export async function changesSince(db: Db, since: number, limit: number): Promise<Array<RegistryChange & { wasInForce: boolean }>> {
  const rows = await db.query<{ serial: number; entry_id: string; domain: string; change: 'added' | 'removed'; status: string; at: Date; was: string | null }>(
    `WITH touched AS (
       SELECT DISTINCT ON (entry_id) serial, entry_id, domain, change, status, at FROM registry_changes
        WHERE serial > $1 ORDER BY entry_id, serial DESC)
     SELECT t.*, (SELECT c.change FROM registry_changes c WHERE c.entry_id = t.entry_id AND c.serial <= $1 ORDER BY c.serial DESC LIMIT 1) AS was
       FROM touched t ORDER BY t.serial LIMIT $2`,
    [since, limit],
  );
  return rows.map((r) => ({
    serial: Number(r.serial), entryId: r.entry_id, domain: r.domain, change: r.change, status: r.status, at: new Date(r.at).toISOString(), wasInForce: r.was === 'added',
  }));
}

/** The oldest serial a diff can start from (the change log's start), and how many changes came after `since`. */
export async function changeLogBounds(db: Db, since: number): Promise<{ oldest: number; after: number }> {
  const [r] = await db.query<{ oldest: number | null; after: number }>(
    `SELECT (SELECT min(serial) FROM registry_changes) AS oldest, (SELECT count(*)::int FROM registry_changes WHERE serial > $1) AS after`, [since]);
  return { oldest: Number(r?.oldest ?? 0), after: r?.after ?? 0 };
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
