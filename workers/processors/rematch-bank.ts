// rematch.bank.v1 — when films are added (the bank checkpoint moves), candidates seen before must be compared
// with them too. One page of candidates with media per job, streamed from Postgres by id; the pipeline queues
// their matches and the next page. Matches already recorded for this checkpoint are skipped by the match job.
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.ts';
import { candidateRevision, type CandidateRow } from '../../storage/candidates.ts';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';

export const REMATCH_PAGE = 500;

export type RematchOutcome = Outcome<{ checkpoint: string; candidates: Array<{ candidateId: string; revision: string }>; next: string | null }>;

export async function rematchBank(deps: { db: Db; log: Logger; pageSize?: number }, p: JobPayload['rematch.bank.v1']): Promise<RematchOutcome> {
  const size = deps.pageSize ?? REMATCH_PAGE;
  const rows = await deps.db.query<Pick<CandidateRow, 'id' | 'streams' | 'posters' | 'players' | 'title' | 'year'>>(
    `SELECT id, streams, posters, players, title, year FROM candidates
      WHERE id > $1 AND (jsonb_array_length(streams) > 0 OR jsonb_array_length(posters) > 0)
      ORDER BY id LIMIT $2`,
    [p.after, size],
  );
  // the revision names the checkpoint, so these jobs differ from the first match of the same content
  const candidates = rows.map((r) => ({ candidateId: r.id, revision: `${candidateRevision(r)}-${p.checkpoint}`.slice(0, 80) }));
  const next = rows.length === size ? rows[rows.length - 1]!.id : null;
  deps.log.info({ checkpoint: p.checkpoint, after: p.after || null, candidates: candidates.length, more: next !== null }, 'film bank changed: candidates queued for matching again');
  return { status: 'done', checkpoint: p.checkpoint, candidates, next };
}
