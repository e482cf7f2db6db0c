// registry.sweep.v1 — the registry's hourly lifecycle pass: expires listed entries past their date (delisting
// withdrawn, history kept) and picks the entries due for re-verification (expiring within REVERIFY_LEAD_DAYS, once
// a day each); the pipeline queues one registry.reverify.v1 per entry.
import type { Logger } from 'pino';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';

export interface LifecycleSweepDeps {
  expireDue(now: Date): Promise<string[]>;
  dueForReverification(round: string, now: Date): Promise<string[]>;
  log: Logger;
  now?: () => Date;
}

export type LifecycleSweepOutcome = Outcome<{ expired: string[]; reverify: string[]; round: string }>;

export async function lifecycleSweepJob(deps: LifecycleSweepDeps, p: JobPayload['registry.sweep.v1']): Promise<LifecycleSweepOutcome> {
  const now = deps.now?.() ?? new Date();
  const round = p.hour.slice(0, 10);
  const expired = await deps.expireDue(now);
  const reverify = await deps.dueForReverification(round, now);
  if (expired.length || reverify.length) deps.log.info({ hour: p.hour, expired: expired.length, reverify: reverify.length }, 'registry lifecycle sweep');
  return { status: 'done', expired, reverify, round };
}
