// The life of a registry entry after activation: proposed → active → (under_appeal) → lifted | expired (rejected
// stays). Each transition runs in one transaction that changes the row, appends a version (history.ts) and an audit
// row with the actor and the reason. A lifted or expired entry leaves the exports (removed_at: when, for diffs), its
// delisting items are withdrawn, and it stays visible with its history. Listed = active or under_appeal: an entry
// under appeal stays in every export until a supervisor decides.
import { appendAudit } from '../storage/audit.ts';
import type { Db } from '../storage/db.ts';
import { getUser } from '../storage/users.ts';
import { withdrawDelistItems } from './delist.ts';
import { DecisionError, type DecisionVia } from './errors.ts';
import { recordVersion, type Change } from './history.ts';
import { IN_FORCE } from './queries.ts';

/** listed = in force: exported and blocked (one list, registry/queries.ts IN_FORCE) */
export const LISTED_STATUSES = IN_FORCE;
export const isListed = (status: string) => (LISTED_STATUSES as readonly string[]).includes(status);
/** the roles that decide appeals, lift entries and renew them by hand */
export const SUPERVISOR_ROLES = ['supervisor'] as const;

export interface Actor {
  /** user id, or 'system' */
  id: string;
  role: string | null;
}
export const SYSTEM: Actor = { id: 'system', role: 'system' };

interface EntryRow {
  id: string;
  domain: string;
  status: string;
  match_ids: string[];
  serial: number | null;
}

/** The entry's row, locked for the transaction; not_found when missing. */
export async function lockEntry(t: Db, entryId: string): Promise<EntryRow> {
  const [e] = await t.query<EntryRow>('SELECT id, domain, status, match_ids, serial FROM registry_entries WHERE id = $1 FOR UPDATE', [entryId]);
  if (!e) throw new DecisionError('not_found', `registry entry ${entryId} does not exist`);
  return e;
}

/** The enabled supervisor behind a decision. */
export async function requireSupervisor(t: Db, userId: string): Promise<Actor> {
  const u = await getUser(t, userId);
  if (!u) throw new DecisionError('not_found', `unknown user ${userId}`);
  if (u.disabled) throw new DecisionError('forbidden', `user ${u.name} is disabled`);
  if (!(SUPERVISOR_ROLES as readonly string[]).includes(u.role)) throw new DecisionError('forbidden', `user ${u.name} has role ${u.role}; this decision needs a supervisor`);
  return { id: u.id, role: u.role };
}

/** One audited, versioned change of an entry: `set` is the SQL SET list (status, dates) applied first. */
export async function changeEntry(
  t: Db,
  e: EntryRow,
  c: { change: Change; actor: Actor; reason: string; set?: string; params?: unknown[]; details?: Record<string, unknown>; via?: DecisionVia },
): Promise<number> {
  if (c.set) await t.query(`UPDATE registry_entries SET ${c.set}, updated_at = now() WHERE id = $1`, [e.id, ...(c.params ?? [])]);
  const version = await recordVersion(t, e.id, { change: c.change, actor: c.actor.id, actorRole: c.actor.role, reason: c.reason, details: c.details });
  await appendAudit(t, {
    actor: c.actor.id,
    action: `registry.${c.change}`,
    subject: e.id,
    details: { domain: e.domain, serial: e.serial, from: e.status, version, reason: c.reason, ...(c.details ?? {}), ...(c.via ? { via: c.via } : {}) },
  });
  return version;
}

/** Takes a listed entry off the list for good (lifted or expired): dates, withdrawn delisting, open appeals closed. */
async function delist(t: Db, e: EntryRow, to: 'lifted' | 'expired', actor: Actor, reason: string, extra: { details?: Record<string, unknown>; via?: DecisionVia; appealStatus: 'lifted' | 'closed' }): Promise<number> {
  if (!isListed(e.status)) throw new DecisionError('conflict', `registry entry ${e.id} (${e.domain}) is ${e.status}, not listed`);
  // search engines get a reinstatement item for each (registry/delist.ts, audited there)
  const withdrawn = await withdrawDelistItems(t, { domain: e.domain, reason: `registry entry ${to}: ${reason}`, actor: actor.id });
  const appeals = await t.query(
    `UPDATE appeals SET status = $2, decided_at = now(), decided_by = $3, decision_reason = $4 WHERE entry_id = $1 AND status = 'open' RETURNING id`,
    [e.id, extra.appealStatus, actor.id === 'system' ? null : actor.id, reason],
  );
  const stamp = to === 'lifted' ? 'lifted_at' : 'expired_at';
  return changeEntry(t, e, {
    change: to, actor, reason, via: extra.via,
    set: `status = '${to}', ${stamp} = now(), removed_at = now(), lift_proposed_at = NULL`,
    details: { ...(extra.details ?? {}), delistWithdrawn: withdrawn, appealsClosed: appeals.length },
  });
}

/** A supervisor lifts a listed entry (after an appeal, or a lift proposal from re-verification). */
export async function liftEntry(db: Db, d: { entryId: string; userId: string; reason: string; via?: DecisionVia; details?: Record<string, unknown> }): Promise<{ version: number }> {
  return db.tx(async (t) => {
    const actor = await requireSupervisor(t, d.userId);
    const e = await lockEntry(t, d.entryId);
    return { version: await liftLocked(t, e, actor, d.reason, { via: d.via, details: d.details }) };
  });
}

export const liftLocked = (t: Db, e: EntryRow, actor: Actor, reason: string, x: { via?: DecisionVia; details?: Record<string, unknown> } = {}) =>
  delist(t, e, 'lifted', actor, reason, { ...x, appealStatus: 'lifted' });

/** Expires every listed entry whose expires_at has passed; returns their ids. Audited as 'system'. */
export async function expireDue(db: Db, now = new Date()): Promise<string[]> {
  const due = await db.query<{ id: string }>(`SELECT id FROM registry_entries WHERE status = ANY($2::text[]) AND expires_at <= $1 ORDER BY expires_at LIMIT 1000`, [now, LISTED_STATUSES]);
  const done: string[] = [];
  for (const { id } of due) {
    await db.tx(async (t) => {
      const e = await lockEntry(t, id);
      if (!isListed(e.status)) return; // another process got there first
      await delist(t, e, 'expired', SYSTEM, 'not re-verified before its expiry date', { appealStatus: 'closed' });
      done.push(id);
    });
  }
  return done;
}

/** Still infringing: the entry is renewed for `validDays` from now (and any lift proposal is dropped). */
export async function renewLocked(t: Db, e: EntryRow, actor: Actor, reason: string, validDays: number, x: { via?: DecisionVia; details?: Record<string, unknown> } = {}): Promise<number> {
  if (!isListed(e.status)) throw new DecisionError('conflict', `registry entry ${e.id} (${e.domain}) is ${e.status}, not listed`);
  return changeEntry(t, e, {
    change: 'renewed', actor, reason, via: x.via, details: { ...(x.details ?? {}), validDays },
    set: `verified_at = now(), expires_at = now() + make_interval(days => $2::int), lift_proposed_at = NULL, lift_proposal = NULL`, params: [validDays],
  });
}

/** A supervisor re-verifies a listed entry by hand. */
export async function renewEntry(db: Db, d: { entryId: string; userId: string; reason: string; validDays: number; via?: DecisionVia }): Promise<{ version: number }> {
  return db.tx(async (t) => {
    const actor = await requireSupervisor(t, d.userId);
    const e = await lockEntry(t, d.entryId);
    return { version: await renewLocked(t, e, actor, d.reason, d.validDays, { via: d.via }) };
  });
}

/** Re-verification found the pages gone or lawful: proposed to a supervisor for lifting (stays listed meanwhile). */
export async function proposeLiftLocked(t: Db, e: EntryRow, reason: string, details: Record<string, unknown>): Promise<number | null> {
  if (!isListed(e.status)) return null;
  const [p] = await t.query<{ lift_proposed_at: Date | null }>('SELECT lift_proposed_at FROM registry_entries WHERE id = $1', [e.id]);
  if (p?.lift_proposed_at) return null; // proposed already: one history row, not one a day
  return changeEntry(t, e, { change: 'lift_proposed', actor: SYSTEM, reason, details, set: 'lift_proposed_at = now(), lift_proposal = $2', params: [reason] });
}

export interface LiftProposal { entryId: string; domain: string; serial: number | null; status: string; proposedAt: string; reason: string; expiresAt: string | null }

/** Entries re-verification proposed for lifting, oldest first: the supervisor's queue. */
export async function listLiftProposals(db: Db): Promise<LiftProposal[]> {
  const rows = await db.query<{ id: string; domain: string; serial: number | null; status: string; lift_proposed_at: Date; lift_proposal: string; expires_at: Date | null }>(
    `SELECT id, domain, serial, status, lift_proposed_at, lift_proposal, expires_at FROM registry_entries
      WHERE lift_proposed_at IS NOT NULL AND status = ANY($1::text[]) ORDER BY lift_proposed_at`,
    [LISTED_STATUSES],
  );
  return rows.map((r) => ({ entryId: r.id, domain: r.domain, serial: r.serial, status: r.status, proposedAt: new Date(r.lift_proposed_at).toISOString(), reason: r.lift_proposal, expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null }));
}
