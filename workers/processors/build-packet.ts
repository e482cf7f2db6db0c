// packet.build.v1 — the signed takedown packet of a confirmed match (packets/packet.ts). A packet is signed once and
// never rebuilt, so it must carry the page's capture (screenshot, web archive, network facts): when the capture jobs
// have not finished for the candidate yet, ensureEvidence runs them here first (both are idempotent per revision, so
// the capture job that comes later finds its work done; a screenshot that cannot be taken is recorded as failed and the
// packet says so in MISSING-DATA.md).
import type { Logger } from 'pino';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';

export interface PacketDeps {
  log: Logger;
  build(matchId: string): Promise<{ packetId: string; sha256: string; created: boolean }>;
  /** completes the capture of the match's page before the packet is built (absent: the packet takes what is there) */
  ensureEvidence?: (matchId: string) => Promise<void>;
}

export type PacketOutcome = Outcome<{ packetId: string; sha256: string }>;

export async function buildPacketJob(deps: PacketDeps, p: JobPayload['packet.build.v1']): Promise<PacketOutcome> {
  await deps.ensureEvidence?.(p.matchId);
  const r = await deps.build(p.matchId);
  deps.log.info({ matchId: p.matchId, packetId: r.packetId, created: r.created }, 'takedown packet ready');
  return { status: 'done', packetId: r.packetId, sha256: r.sha256 };
}
