// Matcher verdicts. One row per (candidate, bank checkpoint, media URL): matching again is a no-op.
import { sha256Hex } from './hash.ts';
import type { Db } from './db.ts';
import { appendAudit } from './audit.ts';
import type { Decision } from '../matcher/match.ts';

export type MatchStatus = 'confirmed' | 'pending_review' | 'rejected' | 'dropped';

export interface MatchInput {
  candidateId: string;
  checkpoint: string;
  mediaUrl: string | null;
  filmId: string | null;
  score: number;
  offsetSeconds: number | null;
  matchedFrames: number;
  decision: Decision;
  details: Record<string, unknown>;
}

export interface MatchRow {
  id: string;
  candidate_id: string;
  film_id: string | null;
  checkpoint: string;
  media_url: string | null;
  score: number;
  offset_seconds: number | null;
  matched_frames: number;
  decision: Decision;
  status: MatchStatus;
  details: Record<string, unknown>;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
}

/** What a decision means before any human looks at it. */
export const STATUS_FOR: Record<Decision, MatchStatus> = { match: 'confirmed', review: 'pending_review', no_match: 'dropped' };

export function matchId(candidateId: string, checkpoint: string, mediaUrl: string | null): string {
  return `match_${sha256Hex(`${candidateId}|${checkpoint}|${mediaUrl ?? ''}`).slice(0, 32)}`;
}

/** Records a verdict; returns the stored row (the existing one if this verdict was already recorded). */
export async function recordMatch(db: Db, m: MatchInput): Promise<{ row: MatchRow; created: boolean }> {
  const id = matchId(m.candidateId, m.checkpoint, m.mediaUrl);
  const status = STATUS_FOR[m.decision];
  const inserted = await db.query<MatchRow>(
    `INSERT INTO matches (id, candidate_id, film_id, checkpoint, media_url, score, offset_seconds, matched_frames, decision, status, details, decided_at, decided_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11, CASE WHEN $10 = 'pending_review' THEN NULL ELSE now() END, CASE WHEN $10 = 'pending_review' THEN NULL ELSE 'auto' END)
     ON CONFLICT (id) DO NOTHING RETURNING *`,
    [id, m.candidateId, m.filmId, m.checkpoint, m.mediaUrl, m.score, m.offsetSeconds, m.matchedFrames, m.decision, status, JSON.stringify(m.details)],
  );
  if (inserted[0]) return { row: inserted[0], created: true };
  return { row: (await getMatch(db, id))!, created: false };
}

export async function getMatch(db: Db, id: string): Promise<MatchRow | null> {
  const [row] = await db.query<MatchRow>('SELECT * FROM matches WHERE id = $1', [id]);
  return row ?? null;
}

/** What the match job needs of the matches table. `record` writes the verdict and, when new, its audit row, in one transaction. */
export interface MatchStore {
  get(id: string): Promise<MatchRow | null>;
  record(m: MatchInput, audit: { url: string }): Promise<{ row: MatchRow; created: boolean }>;
}

export const matchStore = (db: Db): MatchStore => ({
  get: (id) => getMatch(db, id),
  record: (m, audit) => db.tx(async (t) => {
    const out = await recordMatch(t, m);
    if (out.created) {
      const { row } = out;
      await appendAudit(t, { actor: 'auto', action: `match.${row.decision}`, subject: row.id, details: { candidateId: m.candidateId, url: audit.url, filmId: row.film_id, score: row.score, status: row.status, ...stageOf(m.details) } });
    }
    return out;
  }),
});

/** Which matcher stage decided a media verdict (matchMedia's `stage`: pdq, audio, local; null for review/no_match), for
 * the audit row; absent when the details carry none (metadata-only verdicts). */
function stageOf(details: MatchInput['details']): { stage?: string | null } {
  const s = details.stage;
  return typeof s === 'string' || s === null ? { stage: s } : {};
}

/** Confirmed matches (with a film) that have no takedown packet yet, decided at least `olderThanS` ago: the publish
 * chain (publish → packet) of these was lost or is still queued. Oldest first. */
export async function confirmedWithoutPacket(db: Db, opts: { olderThanS: number; limit: number }): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT m.id FROM matches m
      WHERE m.status = 'confirmed' AND m.film_id IS NOT NULL
        AND coalesce(m.decided_at, m.created_at) < now() - make_interval(secs => $1::int)
        AND NOT EXISTS (SELECT 1 FROM packets p WHERE p.match_id = m.id)
      ORDER BY coalesce(m.decided_at, m.created_at), m.id LIMIT $2`,
    [opts.olderThanS, opts.limit],
  );
  return rows.map((r) => r.id);
}

