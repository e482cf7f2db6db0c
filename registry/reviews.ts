// Human review of a borderline match (decision 'review' → status 'pending_review'). One investigator
// confirms or rejects the *match*; the domain block that may follow still needs two people (approvals.ts).
import { appendAudit } from '../storage/audit.ts';
import type { Db } from '../storage/db.ts';
import type { Verdict } from './approvals.ts';
import { DecisionError, requireDecider, type DecisionVia } from './errors.ts';

export interface MatchReview {
  matchId: string;
  userId: string;
  verdict: Verdict;
  note?: string;
  via?: DecisionVia;
}

export interface ReviewOutcome {
  status: 'confirmed' | 'rejected';
  /** true when the caller must enqueue 'publish.match.v1' for this match */
  publish: boolean;
}

export async function reviewMatch(db: Db, r: MatchReview): Promise<ReviewOutcome> {
  return db.tx(async (t) => {
    const user = await requireDecider(t, r.userId);
    const [m] = await t.query<{ status: string; film_id: string | null }>('SELECT status, film_id FROM matches WHERE id = $1 FOR UPDATE', [r.matchId]);
    if (!m) throw new DecisionError('not_found', `match ${r.matchId} does not exist`);
    const target = r.verdict === 'approve' ? 'confirmed' : 'rejected';
    if (m.status === target) return { status: target, publish: false }; // a repeated decision changes nothing
    if (m.status !== 'pending_review') throw new DecisionError('conflict', `match ${r.matchId} is ${m.status}, not pending review`);
    if (target === 'confirmed' && !m.film_id) throw new DecisionError('conflict', `match ${r.matchId} names no film and cannot be confirmed`);

    await t.query(
      `INSERT INTO reviews (match_id, user_id, verdict, note) VALUES ($1, $2, $3, $4)
       ON CONFLICT (match_id, user_id) DO UPDATE SET verdict = EXCLUDED.verdict, note = EXCLUDED.note, created_at = now()`,
      [r.matchId, user.id, r.verdict, r.note ?? null],
    );
    await t.query('UPDATE matches SET status = $2, decided_at = now(), decided_by = $3 WHERE id = $1', [r.matchId, target, user.id]);
    await appendAudit(t, { actor: user.id, action: `review.${r.verdict}`, subject: r.matchId, details: { status: target, note: r.note ?? null, ...(r.via ? { via: r.via } : {}) } });
    return { status: target, publish: target === 'confirmed' };
  });
}

export interface PendingReview {
  matchId: string;
  candidateUrl: string;
  domain: string;
  filmId: string | null;
  filmTitle: string | null;
  score: number;
  matchedFrames: number;
  /** the soundtrack comparison the matcher made (matcher/audio-confirm.ts), if any */
  audio: { ber: number; offsetS: number; confirmed: boolean } | null;
  createdAt: string;
}

export async function listPendingReviews(db: Db, limit = 100): Promise<PendingReview[]> {
  const rows = await db.query<{ id: string; url: string; domain: string; film_id: string | null; title: string | null; score: number; matched_frames: number; audio: PendingReview['audio']; created_at: Date }>(
    `SELECT m.id, c.url, c.domain, m.film_id, coalesce(f.title_kk || ' / ' || f.title_ru, NULL) AS title, m.score, m.matched_frames, m.details->'audio' AS audio, m.created_at
       FROM matches m JOIN candidates c ON c.id = m.candidate_id LEFT JOIN films f ON f.id = m.film_id
      WHERE m.status = 'pending_review' ORDER BY m.score DESC, m.created_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    matchId: r.id,
    candidateUrl: r.url,
    domain: r.domain,
    filmId: r.film_id,
    filmTitle: r.title,
    score: r.score,
    matchedFrames: r.matched_frames,
    audio: r.audio ? { ber: Number(r.audio.ber), offsetS: Number(r.audio.offsetS), confirmed: !!r.audio.confirmed } : null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
