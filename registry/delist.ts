// The search-engine delisting feed: one item per infringing URL, polled by cursor, acknowledged per item and per
// search-engine account (delisted | refused with a reason), overdue when its deadline passes without one, and
// withdrawn — shown again at a new cursor position as a reinstatement item — when its registry entry is lifted.
// Tables: delist_items (001, 014), delist_acks (014). Every acknowledgement and withdrawal is audited.
import type { Db } from '../storage/db.ts';
import { appendAudit } from '../storage/audit.ts';
import { DecisionError, type DecisionVia } from './errors.ts';

export type DelistStatus = 'open' | 'overdue' | 'delisted' | 'refused' | 'withdrawn' | 'reinstated';
export type AckVerdict = 'delisted' | 'refused' | 'reinstated';

export interface DelistAck { verdict: AckVerdict; reason: string | null; actedAt: string; ackedAt: string }

export interface DelistItem {
  /** the cursor position of this feed item: the item's seq, or for a reinstatement its reinstate position */
  seq: number;
  /** delist: remove this URL; reinstate: the URL's entry was lifted, the URL may be shown again */
  kind: 'delist' | 'reinstate';
  id: string;
  url: string;
  domain: string;
  filmId: string;
  reason: string;
  createdAt: string;
  deadlineAt: string;
  /** for the calling search engine: its acknowledgement, or open/overdue by the deadline; withdrawn for a delist item
   *  whose entry was lifted since (its reinstatement item follows later in the feed) */
  status: DelistStatus;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  /** the calling search engine's acknowledgement of this item (null for other callers or none yet) */
  ack: DelistAck | null;
}

export const DELIST_MAX_LIMIT = 1000;

interface Row {
  pos: number; kind: 'delist' | 'reinstate'; id: string; url: string; domain: string; film_id: string; reason: string; created_at: Date;
  deadline_at: Date; status: string; withdrawn_at: Date | null; withdrawn_reason: string | null;
  verdict: AckVerdict | null; ack_reason: string | null; acted_at: Date | null; acked_at: Date | null;
}

const iso = (d: Date) => new Date(d).toISOString();

/**
 * One page of the feed after a cursor, in cursor order: delisting items (seq) and reinstatements (reinstate_seq, from
 * the same sequence) merged. `viewerId`: the search-engine account whose acknowledgements and statuses to show.
 * A reinstatement's deadline is its withdrawal time plus `deadlineHours`.
 */
export async function delistFeed(db: Db, opts: { after?: number; limit?: number; viewerId?: string | null; deadlineHours?: number; now?: Date } = {}): Promise<{ items: DelistItem[]; nextCursor: number }> {
  const after = Math.max(0, Math.floor(opts.after ?? 0));
  const limit = Math.min(DELIST_MAX_LIMIT, Math.max(1, Math.floor(opts.limit ?? 100)));
  const hours = opts.deadlineHours ?? 24;
  const cols = `d.id, d.url, d.domain, d.film_id, d.reason, d.created_at, d.status, d.withdrawn_at, d.withdrawn_reason,
                a.verdict, a.reason AS ack_reason, a.acted_at, a.acked_at`;
  // each side takes its page by index first and only then joins the caller's acknowledgements: a join before the
  // LIMIT let the planner hash-join every item after the cursor (500,000 rows deep in a 1,000,000-item feed)
  const rows = await db.query<Row>(
    `SELECT * FROM (
       (SELECT d.seq AS pos, 'delist' AS kind, d.deadline_at, ${cols}
          FROM (SELECT * FROM delist_items WHERE seq > $1 ORDER BY seq LIMIT $2) d
          LEFT JOIN delist_acks a ON a.item_id = d.id AND a.user_id = $3 AND a.phase = 'delist')
       UNION ALL
       (SELECT d.reinstate_seq AS pos, 'reinstate' AS kind, d.withdrawn_at + make_interval(hours => $4::int) AS deadline_at, ${cols}
          FROM (SELECT * FROM delist_items WHERE reinstate_seq > $1 ORDER BY reinstate_seq LIMIT $2) d
          LEFT JOIN delist_acks a ON a.item_id = d.id AND a.user_id = $3 AND a.phase = 'reinstate')
     ) f ORDER BY pos LIMIT $2`,
    [after, limit, opts.viewerId ?? null, hours],
  );
  const now = (opts.now ?? new Date()).getTime();
  const items = rows.map((r): DelistItem => {
    const ack = r.verdict ? { verdict: r.verdict, reason: r.ack_reason, actedAt: iso(r.acted_at!), ackedAt: iso(r.acked_at!) } : null;
    const byDeadline = new Date(r.deadline_at).getTime() < now ? 'overdue' : 'open';
    const status: DelistStatus = r.kind === 'delist' && r.status === 'withdrawn' ? 'withdrawn' : (ack?.verdict ?? byDeadline);
    return {
      seq: Number(r.pos), kind: r.kind, id: r.id, url: r.url, domain: r.domain, filmId: r.film_id, reason: r.reason,
      createdAt: iso(r.created_at), deadlineAt: iso(r.deadline_at), status,
      withdrawnAt: r.withdrawn_at ? iso(r.withdrawn_at) : null, withdrawnReason: r.withdrawn_reason, ack,
    };
  });
  return { items, nextCursor: items.at(-1)?.seq ?? after };
}

/**
 * A search engine acknowledges one item: `delisted` or `refused` (with a reason) for a delisting item, `reinstated`
 * for a withdrawn one. Repeating the same acknowledgement changes nothing; a different verdict replaces the earlier
 * one. Audited (delist.ack) in the same transaction.
 */
export async function ackDelistItem(
  db: Db,
  a: { itemId: string; userId: string; verdict: AckVerdict; reason?: string | null; actedAt?: Date; via?: DecisionVia },
): Promise<{ changed: boolean; ack: DelistAck }> {
  return db.tx(async (t) => {
    const [item] = await t.query<{ status: string }>('SELECT status FROM delist_items WHERE id = $1 FOR UPDATE', [a.itemId]);
    if (!item) throw new DecisionError('not_found', `no delisting item ${a.itemId}`);
    const phase = a.verdict === 'reinstated' ? 'reinstate' : 'delist';
    if (phase === 'reinstate' && item.status !== 'withdrawn') throw new DecisionError('conflict', `item ${a.itemId} is not withdrawn: nothing to reinstate`);
    if (a.verdict === 'refused' && !a.reason?.trim()) throw new DecisionError('conflict', 'a refusal needs a reason');
    const reason = a.reason?.trim() || null;
    const actedAt = a.actedAt ?? new Date();
    if (actedAt.getTime() > Date.now() + 5 * 60_000) throw new DecisionError('conflict', `actedAt ${actedAt.toISOString()} is in the future`);
    const [prev] = await t.query<{ verdict: string; reason: string | null }>(
      'SELECT verdict, reason FROM delist_acks WHERE item_id = $1 AND user_id = $2 AND phase = $3', [a.itemId, a.userId, phase]);
    const changed = !prev || prev.verdict !== a.verdict || prev.reason !== reason;
    if (changed) {
      await t.query(
        `INSERT INTO delist_acks (item_id, user_id, phase, verdict, reason, acted_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (item_id, user_id, phase) DO UPDATE SET verdict = EXCLUDED.verdict, reason = EXCLUDED.reason, acted_at = EXCLUDED.acted_at, acked_at = now()`,
        [a.itemId, a.userId, phase, a.verdict, reason, actedAt],
      );
      await appendAudit(t, {
        actor: a.userId, action: 'delist.ack', subject: a.itemId,
        details: { verdict: a.verdict, reason, actedAt: actedAt.toISOString(), previous: prev?.verdict ?? null, ...(a.via ? { via: a.via } : {}) },
      });
    }
    const [row] = await t.query<{ verdict: AckVerdict; reason: string | null; acted_at: Date; acked_at: Date }>(
      'SELECT verdict, reason, acted_at, acked_at FROM delist_acks WHERE item_id = $1 AND user_id = $2 AND phase = $3', [a.itemId, a.userId, phase]);
    return { changed, ack: { verdict: row!.verdict, reason: row!.reason, actedAt: iso(row!.acted_at), ackedAt: iso(row!.acked_at) } };
  });
}

/**
 * Withdraws the open delisting items of a domain and its subdomains (its registry entry was lifted or expired):
 * each becomes a reinstatement item at a new feed position. Call it inside the lift's transaction; audited once
 * (delist.withdraw) with the count. Returns how many items were withdrawn (0 when none were open).
 */
export async function withdrawDelistItems(t: Db, w: { domain: string; reason: string; actor: string }): Promise<number> {
  const domain = w.domain.toLowerCase().replace(/\.$/, '');
  const rows = await t.query<{ id: string }>(
    `UPDATE delist_items SET status = 'withdrawn', withdrawn_at = now(), withdrawn_reason = $2,
            reinstate_seq = nextval(pg_get_serial_sequence('delist_items', 'seq'))
      WHERE status = 'open' AND (domain = $1 OR right(domain, length($1) + 1) = '.' || $1) RETURNING id`,
    [domain, w.reason],
  );
  if (rows.length) {
    await appendAudit(t, { actor: w.actor, action: 'delist.withdraw', subject: domain, details: { reason: w.reason, items: rows.length, ids: rows.slice(0, 100).map((r) => r.id) } });
  }
  return rows.length;
}
