// publish.match.v1 — a confirmed match: delisting item for the URL and a registry proposal for the domain
// (registry/publish.ts decides; protected domains are skipped there).
import type { Logger } from 'pino';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';

export interface PublishDeps {
  log: Logger;
  publish(matchId: string): Promise<{ delistItemId: string | null; registryEntryId: string | null; skipped?: string }>;
}

export type PublishOutcome = Outcome<{ matchId: string; delistItemId: string | null; registryEntryId: string | null }>;

export async function publishMatchJob(deps: PublishDeps, p: JobPayload['publish.match.v1']): Promise<PublishOutcome> {
  const r = await deps.publish(p.matchId);
  deps.log.info({ matchId: p.matchId, ...r }, 'match published');
  return { status: 'done', matchId: p.matchId, delistItemId: r.delistItemId, registryEntryId: r.registryEntryId };
}
