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
  return { match, candidate: candidate ?? null, film: film ?? null, source: source ?? null, protectedRows, evidence };
}
