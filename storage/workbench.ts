// What the investigator's workbench (/review) reads: one pending match with everything recorded about it, the
// proposed registry entries with their domain's evidence summary, and the audit rows about a subject.
import type { Db } from './db.ts';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface AuditLine { seq: number; at: string; actor: string; actorName: string | null; action: string; subject: string | null; details: Record<string, unknown>; hash: string }

/** Audit rows about these subjects (match ids, entry ids), oldest first. */
export async function auditOf(db: Db, subjects: string[], limit = 200): Promise<AuditLine[]> {
  if (!subjects.length) return [];
  const rows = await db.query<Row>(
    `SELECT a.seq, a.at, a.actor, u.name AS actor_name, a.action, a.subject, a.details, a.hash
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor WHERE a.subject = ANY($1::text[]) ORDER BY a.seq LIMIT $2`,
    [subjects, limit],
  );
  return rows.map((r) => ({ seq: Number(r.seq), at: new Date(r.at).toISOString(), actor: r.actor, actorName: r.actor_name ?? null, action: r.action, subject: r.subject, details: r.details ?? {}, hash: r.hash }));
}

export interface WorkbenchMatchRows {
  match: Row; candidate: Row; film: Row | null; evidence: Row[];
  reviews: Array<{ userId: string; name: string; role: string; verdict: string; note: string | null; at: string }>;
  referenceVideo: { blob_path: string; duration_s: number | null } | null;
}

export async function workbenchMatch(db: Db, matchId: string): Promise<WorkbenchMatchRows | null> {
  const [match] = await db.query<Row>('SELECT * FROM matches WHERE id = $1', [matchId]);
  if (!match) return null;
  const [candidate] = await db.query<Row>('SELECT * FROM candidates WHERE id = $1', [match.candidate_id]);
  if (!candidate) return null;
  const [film] = match.film_id ? await db.query<Row>('SELECT * FROM films WHERE id = $1', [match.film_id]) : [];
  const evidence = await db.query<Row>('SELECT id, kind, url, sha256, blob_path, bytes, media_type, http_status, captured_at, meta FROM evidence WHERE candidate_id = $1 ORDER BY kind, captured_at, sha256', [candidate.id]);
  const reviews = await db.query<Row>(
    `SELECT r.user_id, u.name, u.role, r.verdict, r.note, r.created_at FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.match_id = $1 ORDER BY r.created_at`, [matchId]);
  const [video] = match.film_id
    ? await db.query<{ blob_path: string; duration_s: number | null }>(`SELECT blob_path, duration_s FROM reference_assets WHERE film_id = $1 AND kind = 'video' ORDER BY created_at, sha256 LIMIT 1`, [match.film_id])
    : [];
  return {
    match, candidate, film: film ?? null, evidence,
    reviews: reviews.map((r) => ({ userId: r.user_id, name: r.name, role: r.role, verdict: r.verdict, note: r.note ?? null, at: new Date(r.created_at).toISOString() })),
    referenceVideo: video ?? null,
  };
}

export async function evidenceRow(db: Db, id: string): Promise<{ id: string; kind: string; blob_path: string; sha256: string; media_type: string | null } | null> {
  const [r] = await db.query<{ id: string; kind: string; blob_path: string; sha256: string; media_type: string | null }>('SELECT id, kind, blob_path, sha256, media_type FROM evidence WHERE id = $1', [id]);
  return r ?? null;
}

export interface DomainSummary { urls: number; firstSeenAt: string | null; lastSeenAt: string | null; networkFacts: Array<{ blob_path: string; captured_at: string }> }

/** Per domain: confirmed infringing URLs, first/last seen, and its newest network-facts capture. */
export async function domainSummaries(db: Db, domains: string[]): Promise<Map<string, DomainSummary>> {
  const out = new Map<string, DomainSummary>();
  if (!domains.length) return out;
  const stats = await db.query<Row>(
    `SELECT c.domain, count(DISTINCT c.url)::int AS urls, min(c.first_seen_at) AS first, max(c.last_seen_at) AS last
       FROM candidates c JOIN matches m ON m.candidate_id = c.id AND m.status = 'confirmed' WHERE c.domain = ANY($1::text[]) GROUP BY c.domain`, [domains]);
  const facts = await db.query<Row>(
    `SELECT DISTINCT ON (c.domain) c.domain, e.blob_path, e.captured_at FROM evidence e JOIN candidates c ON c.id = e.candidate_id
      WHERE e.kind = 'network_facts' AND c.domain = ANY($1::text[]) ORDER BY c.domain, e.captured_at DESC`, [domains]);
  for (const d of domains) {
    const s = stats.find((r) => r.domain === d);
    const f = facts.filter((r) => r.domain === d).map((r) => ({ blob_path: r.blob_path, captured_at: new Date(r.captured_at).toISOString() }));
    out.set(d, { urls: Number(s?.urls ?? 0), firstSeenAt: s?.first ? new Date(s.first).toISOString() : null, lastSeenAt: s?.last ? new Date(s.last).toISOString() : null, networkFacts: f });
  }
  return out;
}

export async function userNames(db: Db, ids: string[]): Promise<Map<string, { name: string; role: string }>> {
  if (!ids.length) return new Map();
  const rows = await db.query<{ id: string; name: string; role: string }>('SELECT id, name, role FROM users WHERE id = ANY($1::text[])', [ids]);
  return new Map(rows.map((r) => [r.id, { name: r.name, role: r.role }]));
}
