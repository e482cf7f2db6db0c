// Re-verification of listed entries (issue 10): which entries are due (expiring within REVERIFY_LEAD_DAYS, one round a
// day), what the job needs to judge one (its infringing pages, what the page looked like when the match was
// confirmed, newer verdicts), and applying the verdict: renewed (still infringing; audited with the new evidence) or
// proposed for lifting to a supervisor (gone or lawful). The job itself is workers/processors/reverify-entry.ts.
import type { Db } from '../storage/db.ts';
import { isListed, LISTED_STATUSES, lockEntry, proposeLiftLocked, renewLocked, SYSTEM } from './lifecycle.ts';

export interface ReverifyPage {
  url: string;
  candidateId: string;
  /** sha256 of the page HTML as kept when (or before) its match was confirmed */
  confirmedShas: string[];
  /** a verdict on this page newer than its confirmed match: 'dropped' / 'rejected' mean the page no longer matches */
  newerVerdict: string | null;
}

export interface ReverifyTarget {
  entryId: string;
  domain: string;
  status: string;
  /** a confirmed match on the entry newer than its last verification: still infringing without fetching anything */
  freshConfirmedMatch: string | null;
  pages: ReverifyPage[];
  /** enabled monitored sources on the entry's domain: crawled again when a page changed */
  sourceIds: string[];
}

/** Marks the listed entries due for re-verification in `round` (a day) and returns them; each is due once a round. */
export async function dueForReverification(db: Db, round: string, leadDays: number, now = new Date(), limit = 1000): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE registry_entries SET reverify_round = $1
      WHERE id IN (SELECT id FROM registry_entries
                    WHERE status = ANY($5::text[]) AND expires_at <= $2::timestamptz + make_interval(days => $3::int)
                      AND reverify_round IS DISTINCT FROM $1 ORDER BY expires_at LIMIT $4)
      RETURNING id`,
    [round, now, leadDays, limit, LISTED_STATUSES],
  );
  return rows.map((r) => r.id);
}

export async function reverifyTarget(db: Db, entryId: string, maxPages = 20): Promise<ReverifyTarget | null> {
  const [e] = await db.query<{ id: string; domain: string; status: string; match_ids: string[]; verified_at: Date | null }>(
    'SELECT id, domain, status, match_ids, verified_at FROM registry_entries WHERE id = $1',
    [entryId],
  );
  if (!e) return null;
  const [fresh] = await db.query<{ id: string }>(
    `SELECT m.id FROM matches m JOIN candidates c ON c.id = m.candidate_id
      WHERE m.status = 'confirmed' AND (c.domain = $1 OR right(c.domain, length($1) + 1) = '.' || $1)
        AND coalesce(m.decided_at, m.created_at) > $2 ORDER BY m.created_at DESC LIMIT 1`,
    [e.domain, e.verified_at ?? new Date(0)],
  );
  const pages = await db.query<{ url: string; candidate_id: string; shas: string[]; newer: string | null }>(
    `SELECT c.url, c.id AS candidate_id,
            ARRAY(SELECT ev.sha256 FROM evidence ev WHERE ev.candidate_id = c.id AND ev.kind = 'page_html' AND ev.captured_at <= coalesce(m.decided_at, m.created_at)) AS shas,
            (SELECT n.status FROM matches n WHERE n.candidate_id = c.id AND n.created_at > m.created_at ORDER BY n.created_at DESC LIMIT 1) AS newer
       FROM matches m JOIN candidates c ON c.id = m.candidate_id
      WHERE m.id = ANY($1::text[]) AND m.status = 'confirmed' ORDER BY m.created_at DESC LIMIT $2`,
    [e.match_ids, maxPages],
  );
  const sources = await db.query<{ id: string }>(`SELECT id FROM sources WHERE enabled AND (domain = $1 OR right(domain, length($1) + 1) = '.' || $1) ORDER BY id`, [e.domain]);
  return {
    entryId: e.id, domain: e.domain, status: e.status, freshConfirmedMatch: fresh?.id ?? null,
    pages: pages.map((p) => ({ url: p.url, candidateId: p.candidate_id, confirmedShas: p.shas, newerVerdict: p.newer })),
    sourceIds: sources.map((s) => s.id),
  };
}

export type ReverifyVerdict = { verdict: 'renew' | 'propose_lift'; reason: string; details: Record<string, unknown> };

/** Applies a re-verification verdict as 'system'; null when the entry left the list meanwhile. */
export async function applyReverification(db: Db, entryId: string, v: ReverifyVerdict, validDays: number): Promise<number | null> {
  return db.tx(async (t) => {
    const e = await lockEntry(t, entryId);
    if (!isListed(e.status)) return null;
    return v.verdict === 'renew' ? renewLocked(t, e, SYSTEM, v.reason, validDays, { details: v.details }) : proposeLiftLocked(t, e, v.reason, v.details);
  });
}
