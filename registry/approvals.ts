// The two-person rule for the public registry: a proposed domain becomes active only when two different
// investigators/admins approve it; one reject rejects it. Activation takes the next registry serial
// (a sequence: monotonic, never reused). Every decision is audited.
import { appendAudit } from '../storage/audit.ts';
import type { Db } from '../storage/db.ts';
import { DECIDER_ROLES } from '../storage/users.ts';
import { DecisionError, requireDecider, type DecisionVia } from './errors.ts';
import { protectionAtApproval } from './overblock.ts';
import { recordVersion } from './history.ts';

export type Verdict = 'approve' | 'reject';
export type EntryStatus = 'proposed' | 'active' | 'under_appeal' | 'rejected' | 'lifted' | 'expired';
export const APPROVALS_NEEDED = 2;

export interface EntryDecision {
  entryId: string;
  userId: string;
  verdict: Verdict;
  note?: string;
  via?: DecisionVia;
  /** days an activated entry stays listed before it must be re-verified (ENTRY_VALID_DAYS); default 180 */
  validDays?: number;
}

export async function decideEntry(db: Db, d: EntryDecision): Promise<EntryStatus> {
  return db.tx(async (t) => {
    const user = await requireDecider(t, d.userId);
    const [entry] = await t.query<{ status: EntryStatus; domain: string }>('SELECT status, domain FROM registry_entries WHERE id = $1 FOR UPDATE', [d.entryId]);
    if (!entry) throw new DecisionError('not_found', `registry entry ${d.entryId} does not exist`);
    if (entry.status !== 'proposed') throw new DecisionError('conflict', `registry entry ${d.entryId} (${entry.domain}) is already ${entry.status}`);
    // protection is checked again here: a domain (or its network) protected after the proposal is never activated
    const prot = d.verdict === 'approve' ? await protectionAtApproval(t, d.entryId) : null;
    if (prot) throw new DecisionError('conflict', `registry entry ${d.entryId} (${entry.domain}) is protected: ${prot.value} (${prot.reason}); it cannot be approved`);

    // the same user deciding again replaces their earlier verdict: one person counts once
    await t.query(
      `INSERT INTO registry_approvals (entry_id, user_id, verdict, note) VALUES ($1, $2, $3, $4)
       ON CONFLICT (entry_id, user_id) DO UPDATE SET verdict = EXCLUDED.verdict, note = EXCLUDED.note, created_at = now()`,
      [d.entryId, user.id, d.verdict, d.note ?? null],
    );
    await appendAudit(t, { actor: user.id, action: `registry.${d.verdict}`, subject: d.entryId, details: { domain: entry.domain, note: d.note ?? null, ...(d.via ? { via: d.via } : {}) } });

    const [tally] = await t.query<{ approvals: number; rejects: number }>(
      `SELECT count(*) FILTER (WHERE a.verdict = 'approve' AND u.role = ANY($2::text[]) AND u.disabled_at IS NULL)::int AS approvals,
              count(*) FILTER (WHERE a.verdict = 'reject')::int AS rejects
         FROM registry_approvals a JOIN users u ON u.id = a.user_id WHERE a.entry_id = $1`,
      [d.entryId, DECIDER_ROLES],
    );
    if (tally!.rejects > 0) {
      await t.query(`UPDATE registry_entries SET status = 'rejected', updated_at = now() WHERE id = $1`, [d.entryId]);
      await appendAudit(t, { actor: user.id, action: 'registry.rejected', subject: d.entryId, details: { domain: entry.domain } });
      await recordVersion(t, d.entryId, { change: 'rejected', actor: user.id, actorRole: user.role, reason: d.note || 'rejected by a reviewer' });
      return 'rejected';
    }
    if (tally!.approvals >= APPROVALS_NEEDED) {
      const [row] = await t.query<{ serial: number }>(
        `UPDATE registry_entries SET status = 'active', serial = nextval('registry_serial'), activated_at = now(), updated_at = now(),
                verified_at = now(), expires_at = now() + make_interval(days => $2::int)
          WHERE id = $1 RETURNING serial`,
        [d.entryId, d.validDays ?? 180],
      );
      await appendAudit(t, { actor: user.id, action: 'registry.activated', subject: d.entryId, details: { domain: entry.domain, serial: row!.serial } });
      await recordVersion(t, d.entryId, { change: 'activated', actor: user.id, actorRole: user.role, reason: 'approved by two different reviewers', details: { serial: row!.serial } });
      return 'active';
    }
    return 'proposed';
  });
}
