// The pipeline graph, in one place: which jobs follow a finished job.
//   crawl.source ──(each candidate)──▶ match.candidate ──(decision=match)──▶ publish.match ──▶ packet.build
//                                        └─(decision=review)──▶ waits for an investigator (api: POST /api/reviews/:id → publish.match)
//   rematch.bank (bank checkpoint moved) ──(each candidate of the page)──▶ match.candidate; ──(more)──▶ rematch.bank (next page)
import type { JobName, JobPayload } from './jobs.ts';
import type { CrawlOutcome } from './processors/crawl-source.ts';
import type { MatchOutcome } from './processors/match-candidate.ts';
import type { PublishOutcome } from './processors/publish-match.ts';
import type { PacketOutcome } from './processors/build-packet.ts';
import type { RematchOutcome } from './processors/rematch-bank.ts';

export type FollowUp = { [N in JobName]: { name: N; payloads: JobPayload[N][] } }[JobName];

export interface OutcomeOf {
  'crawl.source.v1': CrawlOutcome;
  'match.candidate.v1': MatchOutcome;
  'publish.match.v1': PublishOutcome;
  'packet.build.v1': PacketOutcome;
  'rematch.bank.v1': RematchOutcome;
}

export function followUps<N extends JobName>(name: N, payload: JobPayload[N], outcome: OutcomeOf[N]): FollowUp[] {
  if (outcome.status !== 'done') return [];
  const correlationId = payload.correlationId;
  switch (name) {
    case 'crawl.source.v1': {
      const o = outcome as Extract<CrawlOutcome, { status: 'done' }>;
      return [{ name: 'match.candidate.v1', payloads: o.candidates.map((c) => ({ candidateId: c.candidateId, revision: c.revision, correlationId })) }];
    }
    case 'match.candidate.v1': {
      const o = outcome as Extract<MatchOutcome, { status: 'done' }>;
      return o.decision === 'match' ? [{ name: 'publish.match.v1', payloads: [{ matchId: o.matchId, correlationId }] }] : [];
    }
    case 'rematch.bank.v1': {
      const o = outcome as Extract<RematchOutcome, { status: 'done' }>;
      return [
        { name: 'match.candidate.v1', payloads: o.candidates.map((c) => ({ ...c, correlationId })) },
        ...(o.next ? [{ name: 'rematch.bank.v1' as const, payloads: [{ checkpoint: o.checkpoint, after: o.next, correlationId }] }] : []),
      ];
    }
    case 'publish.match.v1': {
      const o = outcome as Extract<PublishOutcome, { status: 'done' }>;
      return [{ name: 'packet.build.v1', payloads: [{ matchId: o.matchId, correlationId }] }];
    }
    default:
      return [];
  }
}
