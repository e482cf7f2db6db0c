// The publish sweep: the outbox of the review path. A decision is committed to the database first and its publish
// job queued after; if Redis is down at that moment (or the process dies in between) the job is lost. The sweep
// finds confirmed matches without a packet and queues their publish again — job ids are content-derived, so a job
// still waiting in the queue is not duplicated, and publish/packet are idempotent in the database.
import type { Logger } from 'pino';
import type { PipelineEntries } from './pipeline.ts';

export interface SweepDeps {
  /** confirmed matches whose publish chain has not produced a packet yet */
  unpublished(): Promise<string[]>;
  pipeline: Pick<PipelineEntries, 'reviewConfirmed'>;
  log: Logger;
}

/** One pass; returns how many publishes were queued again. A Redis still down fails the pass (logged by the caller). */
export async function sweepUnpublished(deps: SweepDeps): Promise<number> {
  const ids = await deps.unpublished();
  for (const id of ids) await deps.pipeline.reviewConfirmed(id, 'sweep');
  if (ids.length) deps.log.info({ component: 'queue', matches: ids.length, matchIds: ids.slice(0, 20) }, 'publish sweep: confirmed matches without a packet queued again');
  return ids.length;
}

/** The same outbox for portal uploads: a reference stored while Redis was away (its job never queued) is queued again;
 * job ids name the upload, so one already waiting or done is not duplicated. Returns how many were queued. */
export async function sweepUploads(deps: { stored(): Promise<string[]>; pipeline: Pick<PipelineEntries, 'referenceStored'>; log: Logger }): Promise<number> {
  const ids = await deps.stored();
  for (const id of ids) await deps.pipeline.referenceStored(id, 'sweep');
  if (ids.length) deps.log.info({ component: 'queue', uploads: ids.length, uploadIds: ids.slice(0, 20) }, 'upload sweep: stored references queued for fingerprinting again');
  return ids.length;
}
