// Everything recorded about one match, read in one place: the rows a takedown packet is built from
// (packets/case.ts shapes them into the case file).
import type { Db } from './db.ts';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CaseRows {
  match: Row;
  candidate: Row | null;
  film: Row | null;
  source: Row | null;
  /** protected_domains rows covering the candidate's host, most specific first */
  protectedRows: Array<{ domain: string; reason: string }>;
  evidence: Row[];
  /** the user who decided the match (null for 'auto'), with the note of their review */
  decider: { id: string; name: string; displayName: string | null; role: string; note: string | null } | null;
  /** confirmed infringing URLs on the candidate's domain, and when that domain was first and last seen with one */
  domainStats: { urls: number; firstSeenAt: Date | null; lastSeenAt: Date | null };
  /** the film's reference media (video, posters) in the blob store */
  references: Array<{ kind: string; blob_path: string; sha256: string; duration_s: number | null }>;
}

/** The rows of a match's case, or null when the match does not exist. */
export async function loadCaseRows(db: Db, matchId: string): Promise<CaseRows | null> {
  const [match] = await db.query<Row>('SELECT * FROM matches WHERE id = $1', [matchId]);
  if (!match) return null;
  const [candidate] = await db.query<Row>('SELECT * FROM candidates WHERE id = $1', [match.candidate_id]);
  const [film] = match.film_id ? await db.query<Row>('SELECT * FROM films WHERE id = $1', [match.film_id]) : [];
  const [source] = candidate?.source_id ? await db.query<Row>('SELECT * FROM sources WHERE id = $1', [candidate.source_id]) : [];
  const protectedRows = candidate
    ? await db.query<{ domain: string; reason: string }>(
      `SELECT domain, reason FROM protected_domains WHERE $1 = domain OR $1 LIKE '%.' || domain ORDER BY length(domain) DESC`,
      [String(candidate.domain).toLowerCase()],
    )
    : [];
  const evidence = candidate ? await db.query<Row>('SELECT * FROM evidence WHERE candidate_id = $1 ORDER BY kind, captured_at, sha256', [candidate.id]) : [];
  const decider = await loadDecider(db, matchId, match.decided_by);
  const [stats] = candidate
    ? await db.query<{ urls: number; first: Date | null; last: Date | null }>(
      `SELECT count(DISTINCT c.url)::int AS urls, min(c.first_seen_at) AS first, max(c.last_seen_at) AS last
         FROM matches m JOIN candidates c ON c.id = m.candidate_id WHERE c.domain = $1 AND m.status = 'confirmed'`,
      [candidate.domain],
    )
    : [];
  const references = match.film_id
    ? await db.query<CaseRows['references'][number]>(
      `SELECT kind, blob_path, sha256, duration_s FROM reference_assets WHERE film_id = $1 ORDER BY kind, created_at, sha256`, [match.film_id])
    : [];
  const domainStats = { urls: Number(stats?.urls ?? 0), firstSeenAt: stats?.first ?? null, lastSeenAt: stats?.last ?? null };
  return { match, candidate: candidate ?? null, film: film ?? null, source: source ?? null, protectedRows, evidence, decider, domainStats, references };
}

async function loadDecider(db: Db, matchId: string, userId: string | null): Promise<CaseRows['decider']> {
  if (!userId || userId === 'auto') return null;
  // SELECT *: a display_name column (when a migration adds one) is picked up without a change here
  const [u] = await db.query<Row>('SELECT * FROM users WHERE id = $1', [userId]);
  if (!u) return null;
  const [r] = await db.query<{ note: string | null }>('SELECT note FROM reviews WHERE match_id = $1 AND user_id = $2', [matchId, userId]);
  return { id: u.id, name: u.name, displayName: u.display_name ?? null, role: u.role, note: r?.note ?? null };
}
