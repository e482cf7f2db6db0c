// evidence.capture.v1 — the WARC, network facts and signed WACZ of a candidate revision (evidence/capture.ts), after
// its screenshot job. Idempotent per revision (a finished WACZ ends the job at once); a candidate that no longer
// exists is a permanent failure; anything else thrown is retried.
import type { Logger } from 'pino';
import type { CaptureResult } from '../../evidence/capture.ts';
import type { JobPayload } from '../jobs.ts';
import { PermanentError, type Outcome } from '../outcome.ts';

export interface CaptureJobDeps {
  capture(candidateId: string, revision: string): Promise<CaptureResult>;
  log: Logger;
}

export type CaptureOutcome = Outcome<{ candidateId: string; revision: string; waczEvidenceId: string | null; created: boolean }>;

export async function captureEvidenceJob(deps: CaptureJobDeps, p: JobPayload['evidence.capture.v1']): Promise<CaptureOutcome> {
  const r = await deps.capture(p.candidateId, p.revision);
  if (r.status === 'missing') throw new PermanentError(`candidate ${p.candidateId} does not exist`);
  const base = { candidateId: p.candidateId, revision: p.revision };
  if (r.status === 'already') return { status: 'done', ...base, waczEvidenceId: r.waczEvidenceId, created: false };
  return { status: 'done', ...base, waczEvidenceId: r.waczEvidenceId, created: true };
}
