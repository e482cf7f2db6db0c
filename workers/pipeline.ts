// The pipeline graph, in one place: which jobs follow a finished job (followUps), and every way into the
// pipeline from outside a job (PipelineEntries). Nothing else in the code base enqueues a job.
//
//   entries                              edges
//   sourceAdded / sourceEnabled ─┐
//   crawlNow (CLI, demo)         ├─▶ crawl.source ──(each candidate)──▶ match.candidate ──(decision=match)──▶ publish.match ──▶ packet.build
//   scheduledCrawl (recrawl)    ─┘                                       │                                  ▲
//   tipReceived (Telegram tip line) ──────────────────────────────────▶ │                                  │
//   bankMoved (film bank checkpoint) ─▶ rematch.bank ──(each page)─────▶ ┘ ──(decision=review)──▶ investigator ─┘ reviewConfirmed
//                                       └──(more)──▶ rematch.bank (next page)           (API /api/reviews, Telegram review buttons)
//   each candidate (crawl follow-up, candidateStored, tipReceived) also ─▶ evidence.screenshot ──▶ evidence.capture
//   (screenshot, then WARC + network facts + signed WACZ; on their own capture queue, never in matching's or packets' way)
//   crawl.source hands each candidate over as soon as its page is stored (candidateStored, queued during the crawl);
//   its end-of-crawl follow-up lists them all again, with the same job ids, as the safety net (Redis away, a crash).
//   referenceStored (portal upload complete) ─▶ film.reference (fingerprint into the bank; the bank watcher then rematches)
//   lifecycleDue (hourly, workers role) ─▶ registry.sweep (expire past-date entries) ──(each entry due)──▶ registry.reverify
//     ──(pages changed, not judged yet)──▶ crawl.source of the entry's sources (runId reverify-<day>) ─▶ match … (next round reads the verdicts)
import { jobIdFor, parsePayload, type JobName, type JobPayload } from './jobs.ts';
import type { Enqueue } from './queues.ts';
import type { CrawlOutcome } from './processors/crawl-source.ts';
import type { MatchOutcome } from './processors/match-candidate.ts';
import type { PublishOutcome } from './processors/publish-match.ts';
import type { PacketOutcome } from './processors/build-packet.ts';
import type { RematchOutcome } from './processors/rematch-bank.ts';
import type { LifecycleSweepOutcome } from './processors/lifecycle-sweep.ts';
import type { ReverifyOutcome } from './processors/reverify-entry.ts';
import type { ScreenshotOutcome } from './processors/capture-screenshot.ts';
import type { CaptureOutcome } from './processors/capture-evidence.ts';
import type { ReferenceOutcome } from './processors/fingerprint-reference.ts';

export type FollowUp = { [N in JobName]: { name: N; payloads: JobPayload[N][] } }[JobName];

export interface OutcomeOf {
  'crawl.source.v1': CrawlOutcome;
  'match.candidate.v1': MatchOutcome;
  'publish.match.v1': PublishOutcome;
  'packet.build.v1': PacketOutcome;
  'rematch.bank.v1': RematchOutcome;
  'evidence.screenshot.v1': ScreenshotOutcome;
  'evidence.capture.v1': CaptureOutcome;
  'registry.sweep.v1': LifecycleSweepOutcome;
  'registry.reverify.v1': ReverifyOutcome;
  'film.reference.v1': ReferenceOutcome;
}

export function followUps<N extends JobName>(name: N, payload: JobPayload[N], outcome: OutcomeOf[N]): FollowUp[] {
  if (outcome.status !== 'done') return [];
  const correlationId = payload.correlationId;
  switch (name) {
    case 'crawl.source.v1': {
      const o = outcome as Extract<CrawlOutcome, { status: 'done' }>;
      const each = o.candidates.map((c) => ({ candidateId: c.candidateId, revision: c.revision, correlationId }));
      return [{ name: 'match.candidate.v1', payloads: each }, { name: 'evidence.screenshot.v1', payloads: each }];
    }
    case 'evidence.screenshot.v1': {
      const o = outcome as Extract<ScreenshotOutcome, { status: 'done' }>;
      return [{ name: 'evidence.capture.v1', payloads: [{ candidateId: o.candidateId, revision: o.revision, correlationId }] }];
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
    case 'registry.sweep.v1': {
      const o = outcome as Extract<LifecycleSweepOutcome, { status: 'done' }>;
      return [{ name: 'registry.reverify.v1', payloads: o.reverify.map((entryId) => ({ entryId, round: o.round, correlationId })) }];
    }
    case 'registry.reverify.v1': {
      // pages changed since the match: the crawl → match path judges them again; the next round reads the verdicts
      const o = outcome as Extract<ReverifyOutcome, { status: 'done' }>;
      return [{ name: 'crawl.source.v1', payloads: o.recrawl.map((sourceId) => ({ sourceId, runId: `reverify-${o.round}`, correlationId })) }];
    }
    default:
      return [];
  }
}

/** Every way into the pipeline from outside a job. Callers (API routes, the Telegram bot, the CLI, the
 * scheduler, the demo) name the event; the graph decides which job it starts. */
export interface PipelineEntries {
  /** an investigator confirmed a match (API review, Telegram review button): publish it */
  reviewConfirmed(matchId: string, correlationId?: string): Promise<void>;
  /** a source was added: crawl it at once */
  sourceAdded(sourceId: string, correlationId?: string): Promise<void>;
  /** a source was enabled again (or a proposed mirror accepted): crawl it at once */
  sourceEnabled(sourceId: string, correlationId?: string): Promise<void>;
  /** someone asked for a crawl now (demo, CLI), under a run id of their own */
  crawlNow(sourceId: string, runId: string, correlationId?: string): Promise<void>;
  /** the Telegram tip line recorded a page someone reported: match it */
  tipReceived(candidateId: string, revision: string, correlationId?: string): Promise<void>;
  /** the film bank checkpoint moved: match the candidates seen before against it (paged) */
  bankMoved(checkpoint: string): Promise<void>;
  /** an hour began (workers role timer): the registry's lifecycle pass for that hour (once, whoever asks) */
  lifecycleDue(hour: string): Promise<void>;
  /** a crawl stored a candidate's page: match it now, while the crawl goes on (same job id as the crawl's follow-up) */
  candidateStored(candidateId: string, revision: string, correlationId?: string): Promise<void>;
  /** a rights holder's reference upload is complete in the blob store: fingerprint it */
  referenceStored(uploadId: string, correlationId?: string): Promise<void>;
}

export function pipelineEntries(enqueue: Enqueue, now: () => number = Date.now): PipelineEntries {
  return {
    reviewConfirmed: (matchId, correlationId) => enqueue('publish.match.v1', { matchId, correlationId }),
    sourceAdded: (sourceId, correlationId) => enqueue('crawl.source.v1', { sourceId, runId: `added-${now()}`, correlationId }),
    sourceEnabled: (sourceId, correlationId) => enqueue('crawl.source.v1', { sourceId, runId: `enabled-${now()}`, correlationId }),
    crawlNow: (sourceId, runId, correlationId) => enqueue('crawl.source.v1', { sourceId, runId, correlationId }),
    tipReceived: async (candidateId, revision, correlationId) => {
      await enqueue('match.candidate.v1', { candidateId, revision, correlationId });
      await enqueue('evidence.screenshot.v1', { candidateId, revision, correlationId });
    },
    bankMoved: (checkpoint) => enqueue('rematch.bank.v1', { checkpoint, after: '' }),
    lifecycleDue: (hour) => enqueue('registry.sweep.v1', { hour }),
    candidateStored: async (candidateId, revision, correlationId) => {
      await enqueue('match.candidate.v1', { candidateId, revision, correlationId });
      await enqueue('evidence.screenshot.v1', { candidateId, revision, correlationId });
    },
    referenceStored: (uploadId, correlationId) => enqueue('film.reference.v1', { uploadId, correlationId }),
  };
}

/** The recrawl schedule's job: the same payload schema as every crawl job, and a scheduler id derived like a job id. */
export function scheduledCrawl(sourceId: string): { schedulerId: string; name: 'crawl.source.v1'; data: JobPayload['crawl.source.v1'] } {
  const data = parsePayload('crawl.source.v1', { sourceId, runId: 'scheduled' });
  return { schedulerId: `recrawl.${jobIdFor('crawl.source.v1', data)}`, name: 'crawl.source.v1', data };
}

export const isCrawlSchedule = (schedulerId: string): boolean => schedulerId.startsWith('recrawl.');

