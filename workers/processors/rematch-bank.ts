// rematch.bank.v1 — the film bank checkpoint moved: queue one page of candidates that carry media for matching
// again (the pipeline queues the next page). Films registered later are thus matched against what was seen before.
import type { Logger } from 'pino';
import { candidateRevision, type CandidateStore } from '../../storage/candidates.ts';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';

export const REMATCH_PAGE = 500;

export type RematchOutcome = Outcome<{ checkpoint: string; candidates: Array<{ candidateId: string; revision: string }>; next: string | null }>;

export async function rematchBankJob(deps: { candidates: Pick<CandidateStore, 'withMedia'>; log: Logger; pageSize?: number }, p: JobPayload['rematch.bank.v1']): Promise<RematchOutcome> {
  const size = deps.pageSize ?? REMATCH_PAGE;
  const rows = await deps.candidates.withMedia(p.after, size);
  // the revision names the checkpoint, so these jobs differ from the first match of the same content
  const candidates = rows.map((r) => ({ candidateId: r.id, revision: `${candidateRevision(r)}-${p.checkpoint}`.slice(0, 80) }));
  const next = rows.length === size ? rows[rows.length - 1]!.id : null;
  deps.log.info({ checkpoint: p.checkpoint, after: p.after || null, candidates: candidates.length, more: next !== null }, 'film bank changed: candidates queued for matching again');
  return { status: 'done', checkpoint: p.checkpoint, candidates, next };
}
