// packet.build.v1 — the signed takedown packet of a confirmed match (packets/packet.ts).
import type { Logger } from 'pino';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';

export interface PacketDeps {
  log: Logger;
  build(matchId: string): Promise<{ packetId: string; sha256: string; created: boolean }>;
}

export type PacketOutcome = Outcome<{ packetId: string; sha256: string }>;

export async function buildPacketJob(deps: PacketDeps, p: JobPayload['packet.build.v1']): Promise<PacketOutcome> {
  const r = await deps.build(p.matchId);
  deps.log.info({ matchId: p.matchId, packetId: r.packetId, created: r.created }, 'takedown packet ready');
  return { status: 'done', packetId: r.packetId, sha256: r.sha256 };
}
