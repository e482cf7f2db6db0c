// The closed vocabulary of work: every queue, every job name (versioned), its payload schema and its
// content-derived id. Nothing else in the code base spells a job name as a string.
import { sha256Hex } from '../storage/hash.ts';
import { z } from 'zod';

export const QUEUES = ['crawl', 'match', 'publish', 'evidence', 'capture', 'reference'] as const;
export type QueueName = (typeof QUEUES)[number];

const id = z.string().min(1).max(200);
const meta = { correlationId: z.string().max(100).optional() };

export const JOBS = {
  /** Crawl one monitored source (web site or Telegram channel) once. */
  'crawl.source.v1': { queue: 'crawl', payload: z.object({ sourceId: id, runId: id, ...meta }) },
  /** Sample the candidate's media, hash it and compare it with the film bank. */
  'match.candidate.v1': { queue: 'match', payload: z.object({ candidateId: id, revision: z.string().max(80), ...meta }) },
  /** The film bank changed: queue one page of already-seen candidates for matching again (then the next page). */
  'rematch.bank.v1': { queue: 'match', payload: z.object({ checkpoint: z.string().min(1).max(120), after: z.string().max(200), ...meta }) },
  /** A confirmed match: delisting item, registry proposal, notices. */
  'publish.match.v1': { queue: 'publish', payload: z.object({ matchId: id, ...meta }) },
  /** Build the signed takedown packet of a confirmed match. */
  'packet.build.v1': { queue: 'evidence', payload: z.object({ matchId: id, ...meta }) },
  /** Full-page screenshot of a candidate revision's page (Chromium); a failure is recorded with its reason. */
  'evidence.screenshot.v1': { queue: 'capture', payload: z.object({ candidateId: id, revision: z.string().max(80), ...meta }) },
  /** WARC, network facts (IP, ASN, TLS, RDAP) and the signed WACZ of a candidate revision. */
  'evidence.capture.v1': { queue: 'capture', payload: z.object({ candidateId: id, revision: z.string().max(80), ...meta }) },
  /** The registry's hourly lifecycle pass (hour = 'YYYY-MM-DDTHH', UTC): expire entries past their date, pick those due for re-verification. */
  'registry.sweep.v1': { queue: 'publish', payload: z.object({ hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/), ...meta }) },
  /** Re-check one listed entry before it expires (round = the day): renewed, proposed for lifting, or its sources crawled again. */
  'registry.reverify.v1': { queue: 'crawl', payload: z.object({ entryId: id, round: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), ...meta }) },
  /** A rights holder's uploaded reference video or poster (portal): fingerprint it into the film bank, with progress. */
  'film.reference.v1': { queue: 'reference', payload: z.object({ uploadId: id, ...meta }) },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>;

export type JobName = keyof typeof JOBS;
export type JobPayload = { [N in JobName]: z.output<(typeof JOBS)[N]['payload']> };
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function queueFor(name: JobName): QueueName {
  return JOBS[name].queue;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload[N] {
  return JOBS[name].payload.parse(data) as JobPayload[N];
}

/** A job id derived from what the job is about, so re-delivery of the same work is a no-op. BullMQ forbids ':'. */
export function jobIdFor<N extends JobName>(name: N, payload: JobPayload[N]): string {
  const p = payload as Record<string, string>;
  const key: Record<JobName, string> = {
    'crawl.source.v1': `${p.sourceId}.${p.runId}`,
    'match.candidate.v1': `${p.candidateId}.${p.revision}`,
    'rematch.bank.v1': `${p.checkpoint}.${p.after}`,
    'publish.match.v1': `${p.matchId}`,
    'packet.build.v1': `${p.matchId}`,
    'evidence.screenshot.v1': `${p.candidateId}.${p.revision}`,
    'evidence.capture.v1': `${p.candidateId}.${p.revision}`,
    'registry.sweep.v1': `${p.hour}`,
    'registry.reverify.v1': `${p.entryId}.${p.round}`,
    'film.reference.v1': `${p.uploadId}`,
  };
  const raw = `${name}.${key[name]}`;
  return raw.length <= 120 && /^[\w.-]+$/.test(raw) ? raw : `${name}.${sha256Hex(key[name]).slice(0, 40)}`;
}


