// Who applied what when: operators (isp accounts) report the registry serial they applied and when; search engines
// acknowledge delisting items (registry/delist.ts). The SLA view puts both next to the registry's serial and the
// items' deadlines. Every report is audited. Tables: feed_applied, delist_acks (migration 014).
// slaChain follows single detections through the same steps for the dashboards (issue 11).
import { type Db, isoOrNull } from '../storage/db.ts';
import { appendAudit } from '../storage/audit.ts';
import { DecisionError, type DecisionVia } from './errors.ts';
import { maxSerial } from './queries.ts';

export const APPLIED_FEEDS = ['registry.json', 'registry.csv', 'registry.xml', 'hosts.txt', 'domains.txt', 'rpz.zone'] as const;
export type AppliedFeed = (typeof APPLIED_FEEDS)[number];

/** An operator says it applied `serial` (from `feed`) at `appliedAt`. A serial the registry has not reached yet, or a
 *  time in the future, is refused. Audited (feed.applied). */
export async function recordApplied(db: Db, r: { userId: string; serial: number; feed: AppliedFeed; appliedAt: Date; via?: DecisionVia }) {
  return db.tx(async (t) => {
    const current = await maxSerial(t);
    if (r.serial > current) throw new DecisionError('conflict', `serial ${r.serial} does not exist yet (the registry is at ${current})`);
    if (r.appliedAt.getTime() > Date.now() + 5 * 60_000) throw new DecisionError('conflict', `appliedAt ${r.appliedAt.toISOString()} is in the future`);
    const [row] = await t.query<{ id: number; received_at: Date }>(
      'INSERT INTO feed_applied (user_id, serial, feed, applied_at) VALUES ($1, $2, $3, $4) RETURNING id, received_at',
      [r.userId, r.serial, r.feed, r.appliedAt],
    );
    await appendAudit(t, { actor: r.userId, action: 'feed.applied', subject: String(r.serial), details: { feed: r.feed, appliedAt: r.appliedAt.toISOString(), current, ...(r.via ? { via: r.via } : {}) } });
    return { id: Number(row!.id), serial: r.serial, feed: r.feed, appliedAt: r.appliedAt.toISOString(), receivedAt: new Date(row!.received_at).toISOString(), current };
  });
}


export async function slaView(db: Db, now = new Date()) {
  const serial = await maxSerial(db);
  const [head] = await db.query<{ at: Date | null }>('SELECT at FROM registry_changes WHERE serial = $1', [serial]);
  const ops = await db.query<{ id: string; name: string; disabled_at: Date | null; serial: number | null; feed: string | null; applied_at: Date | null; received_at: Date | null; published_at: Date | null; reports: number }>(
    `SELECT u.id, u.name, u.disabled_at, f.serial, f.feed, f.applied_at, f.received_at, c.at AS published_at,
            (SELECT count(*)::int FROM feed_applied x WHERE x.user_id = u.id) AS reports
       FROM users u
       LEFT JOIN LATERAL (SELECT * FROM feed_applied a WHERE a.user_id = u.id ORDER BY a.serial DESC, a.id DESC LIMIT 1) f ON true
       LEFT JOIN registry_changes c ON c.serial = f.serial
      WHERE u.role = 'isp' ORDER BY u.name`,
  );
  const engines = await db.query<{ id: string; name: string; disabled_at: Date | null; delisted: number; refused: number; reinstated: number; last_ack: Date | null; median_hours: number | null }>(
    `SELECT u.id, u.name, u.disabled_at,
            count(*) FILTER (WHERE a.verdict = 'delisted')::int AS delisted, count(*) FILTER (WHERE a.verdict = 'refused')::int AS refused,
            count(*) FILTER (WHERE a.verdict = 'reinstated')::int AS reinstated, max(a.acked_at) AS last_ack,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.acted_at - d.created_at)) FILTER (WHERE a.phase = 'delist') / 3600)::float8 AS median_hours
       FROM users u LEFT JOIN delist_acks a ON a.user_id = u.id LEFT JOIN delist_items d ON d.id = a.item_id
      WHERE u.role = 'search_engine' GROUP BY u.id, u.name, u.disabled_at ORDER BY u.name`,
  );
  const searchEngines = [];
  for (const e of engines) {
    // open items without this engine's acknowledgement: overdue past their deadline, pending before it
    const [c] = await db.query<{ overdue: number; pending: number; oldest: Date | null }>(
      `SELECT count(*) FILTER (WHERE d.deadline_at < $2)::int AS overdue, count(*) FILTER (WHERE d.deadline_at >= $2)::int AS pending,
              min(d.deadline_at) FILTER (WHERE d.deadline_at < $2) AS oldest
         FROM delist_items d WHERE d.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM delist_acks a WHERE a.item_id = d.id AND a.user_id = $1 AND a.phase = 'delist')`,
      [e.id, now],
    );
    searchEngines.push({
      userId: e.id, name: e.name, disabled: e.disabled_at !== null, delisted: e.delisted, refused: e.refused, reinstated: e.reinstated,
      overdue: c!.overdue, pending: c!.pending, oldestOverdueDeadline: isoOrNull(c!.oldest), lastAckAt: isoOrNull(e.last_ack),
      medianHoursToAct: e.median_hours === null ? null : Math.round(e.median_hours * 100) / 100,
    });
  }
  const [items] = await db.query<{ total: number; open: number; withdrawn: number; past_deadline: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn,
            count(*) FILTER (WHERE status = 'open' AND deadline_at < $1)::int AS past_deadline FROM delist_items`,
    [now],
  );
  return {
    generatedAt: now.toISOString(),
    registry: { serial, serialAt: isoOrNull(head?.at ?? null) },
    operators: ops.map((o) => ({
      userId: o.id, name: o.name, disabled: o.disabled_at !== null, reports: o.reports,
      lastSerial: o.serial === null ? null : Number(o.serial), feed: o.feed, appliedAt: isoOrNull(o.applied_at), reportedAt: isoOrNull(o.received_at),
      serialsBehind: o.serial === null ? null : serial - Number(o.serial),
      /** from the applied serial's publication to its application */
      secondsToApply: o.applied_at && o.published_at ? Math.round((new Date(o.applied_at).getTime() - new Date(o.published_at).getTime()) / 1000) : null,
    })),
    searchEngines,
    delist: { total: items!.total, open: items!.open, withdrawn: items!.withdrawn, pastDeadline: items!.past_deadline },
  };
}

/** One detection's way through the chain (the dashboards, issue 11): detected → confirmed → registry entry active →
 *  delisting item created and acknowledged by a search engine → an operator applied a serial that includes the entry.
 *  `overdue`: the item is open, no engine has delisted it and its deadline (delist_items.deadline_at, set from
 *  DELIST_DEADLINE_HOURS at publication) has passed — the same rule as slaView's per-engine `overdue`; `late`: the
 *  first delisting came after the deadline. */
export interface SlaChainItem {
  matchId: string; filmId: string; url: string; domain: string; status: string;
  detectedAt: string; confirmedAt: string | null;
  entryStatus: string | null; activatedAt: string | null; serial: number | null;
  delistItemId: string | null; delistCreatedAt: string | null; deadlineAt: string | null; delistStatus: string | null;
  delistedAt: string | null; enginesDelisted: number; enginesRefused: number;
  appliedAt: string | null; operatorsApplied: number;
  overdue: boolean; late: boolean;
}

export interface MatchEntry { entryId: string; status: string; activatedAt: Date | null; serial: number | null }

/** The registry entry naming each of these matches (the first activated one when several do), with the serial of its
 *  first activation. One scan of the entries' match lists, joined here: a per-match lookup in SQL was planned as a
 *  scan of every entry for every match on an unanalysed database (seconds for a few thousand matches). */
export async function entriesOfMatches(db: Db, matchIds: readonly string[]): Promise<Map<string, MatchEntry>> {
  const out = new Map<string, MatchEntry>();
  if (!matchIds.length) return out;
  const rows = await db.query<{ match_id: string; id: string; status: string; activated_at: Date | null; serial: number | null }>(
    `SELECT u.match_id, x.id, x.status, x.activated_at,
            (SELECT min(g.serial) FROM registry_changes g WHERE g.entry_id = x.id AND g.change = 'added') AS serial
       FROM registry_entries x, unnest(x.match_ids) AS u(match_id)
      WHERE u.match_id = ANY($1::text[]) ORDER BY u.match_id, x.activated_at NULLS LAST, x.id`,
    [matchIds],
  );
  for (const r of rows) {
    if (!out.has(r.match_id)) out.set(r.match_id, { entryId: r.id, status: r.status, activatedAt: r.activated_at ? new Date(r.activated_at) : null, serial: r.serial === null ? null : Number(r.serial) });
  }
  return out;
}

/** The chain for matches (confirmed or waiting) of these films (null: all) made in [start, end), newest first. */
export async function slaChain(db: Db, q: { filmIds: readonly string[] | null; start: Date; end: Date; now?: Date; limit?: number }): Promise<{ items: SlaChainItem[]; operatorsTotal: number }> {
  const now = q.now ?? new Date();
  const rows = await db.query<Record<string, unknown>>(
    `SELECT m.id, m.film_id, c.url, c.domain, m.status, m.created_at, CASE WHEN m.status = 'confirmed' THEN m.decided_at END AS confirmed_at,
            d.id AS delist_id, d.created_at AS delist_created_at, d.deadline_at, d.status AS delist_status,
            k.delisted_at, coalesce(k.delisted, 0) AS delisted, coalesce(k.refused, 0) AS refused
       FROM matches m JOIN candidates c ON c.id = m.candidate_id
       LEFT JOIN delist_items d ON d.url = c.url
       LEFT JOIN LATERAL (SELECT min(a.acted_at) FILTER (WHERE a.verdict = 'delisted') AS delisted_at, count(*) FILTER (WHERE a.verdict = 'delisted')::int AS delisted,
                                 count(*) FILTER (WHERE a.verdict = 'refused')::int AS refused
                            FROM delist_acks a WHERE a.item_id = d.id AND a.phase = 'delist') k ON true
      WHERE m.film_id IS NOT NULL AND ($1::text[] IS NULL OR m.film_id = ANY($1)) AND m.created_at >= $2 AND m.created_at < $3
        AND m.status IN ('confirmed', 'pending_review')
      ORDER BY m.created_at DESC, m.id LIMIT $4`,
    [q.filmIds, q.start, q.end, q.limit ?? 500],
  );
  const entries = await entriesOfMatches(db, rows.map((r) => r.id as string));
  // per activation serial: the first operator report of that serial or a later one, and how many operators made one
  const serials = [...new Set([...entries.values()].map((e) => e.serial).filter((x): x is number => x !== null))];
  const applied = new Map<number, { at: Date; operators: number }>();
  if (serials.length) {
    for (const a of await db.query<{ s: number; at: Date; n: number }>(
      `SELECT s.s, min(f.applied_at) AS at, count(DISTINCT f.user_id)::int AS n FROM unnest($1::bigint[]) AS s(s) JOIN feed_applied f ON f.serial >= s.s GROUP BY s.s`,
      [serials],
    )) applied.set(Number(a.s), { at: new Date(a.at), operators: a.n });
  }
  const [ops] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'isp' AND disabled_at IS NULL`);
  const items = rows.map((r): SlaChainItem => {
    const deadline = r.deadline_at ? new Date(r.deadline_at as string) : null;
    const delisted = r.delisted_at ? new Date(r.delisted_at as string) : null;
    const e = entries.get(r.id as string);
    const ap = e?.serial != null ? applied.get(e.serial) : undefined;
    return {
      matchId: r.id as string, filmId: r.film_id as string, url: r.url as string, domain: r.domain as string, status: r.status as string,
      detectedAt: isoOrNull(r.created_at as Date)!, confirmedAt: isoOrNull(r.confirmed_at as Date | null),
      entryStatus: e?.status ?? null, activatedAt: isoOrNull(e?.activatedAt ?? null), serial: e?.serial ?? null,
      delistItemId: (r.delist_id as string | null) ?? null, delistCreatedAt: isoOrNull(r.delist_created_at as Date | null), deadlineAt: isoOrNull(deadline), delistStatus: (r.delist_status as string | null) ?? null,
      delistedAt: isoOrNull(delisted), enginesDelisted: r.delisted as number, enginesRefused: r.refused as number,
      appliedAt: isoOrNull(ap?.at ?? null), operatorsApplied: ap?.operators ?? 0,
      overdue: !!deadline && r.delist_status === 'open' && !delisted && now > deadline,
      late: !!deadline && !!delisted && delisted > deadline,
    };
  });
  return { items, operatorsTotal: ops!.n };
}
