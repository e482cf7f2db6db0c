// Entry versions: every transition of a registry entry and every film added to a listed entry is a new numbered row
// of registry_entry_versions (never an edit in place), so the public entry page can show the whole history, lifted
// and expired entries included. Written inside the caller's transaction, next to its audit row.
import type { Db } from '../storage/db.ts';

export const CHANGES = ['proposed', 'activated', 'rejected', 'film_added', 'appealed', 'appeal_upheld', 'lift_proposed', 'renewed', 'lifted', 'expired', 'migrated'] as const;
export type Change = (typeof CHANGES)[number];

export interface VersionInput {
  change: Change;
  /** user id or 'system' */
  actor: string;
  /** what the public page shows instead of the person ('supervisor', 'investigator', 'system') */
  actorRole: string | null;
  reason: string;
  details?: Record<string, unknown>;
}

export interface EntryVersion {
  version: number;
  change: Change;
  status: string;
  actorRole: string | null;
  reason: string;
  filmIds: string[];
  details: Record<string, unknown>;
  at: string;
}

/** Appends the next version of the entry as it is now (status and films after the change); returns its number.
 * Call it after the change, in the same transaction that holds the entry's row lock. */
export async function recordVersion(t: Db, entryId: string, v: VersionInput): Promise<number> {
  const [row] = await t.query<{ version: number }>(
    `INSERT INTO registry_entry_versions (entry_id, version, change, status, actor, actor_role, reason, film_ids, details)
     SELECT e.id, coalesce((SELECT max(version) FROM registry_entry_versions WHERE entry_id = e.id), 0) + 1,
            $2, e.status, $3, $4, $5, e.film_ids, $6::jsonb
       FROM registry_entries e WHERE e.id = $1
     RETURNING version`,
    [entryId, v.change, v.actor, v.actorRole, v.reason, JSON.stringify(v.details ?? {})],
  );
  if (!row) throw new Error(`recordVersion: registry entry ${entryId} does not exist`);
  await t.query('UPDATE registry_entries SET version = $2 WHERE id = $1', [entryId, row.version]);
  return row.version;
}

/** The entry's versions, oldest first. */
export async function entryHistory(db: Db, entryId: string): Promise<EntryVersion[]> {
  const rows = await db.query<{ version: number; change: Change; status: string; actor_role: string | null; reason: string; film_ids: string[]; details: unknown; at: Date }>(
    'SELECT version, change, status, actor_role, reason, film_ids, details, at FROM registry_entry_versions WHERE entry_id = $1 ORDER BY version',
    [entryId],
  );
  return rows.map((r) => ({
    version: r.version, change: r.change, status: r.status, actorRole: r.actor_role, reason: r.reason, filmIds: r.film_ids,
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>, at: new Date(r.at).toISOString(),
  }));
}
