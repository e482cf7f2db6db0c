// crawl.source.v1 — crawl one monitored source; every detail page / Telegram post becomes a candidate
// with its page HTML kept as evidence. Each candidate is handed to the pipeline as soon as its page is stored
// (deps.handOff: its match job is queued while the crawl goes on), and the job's outcome lists them all again,
// so the end-of-crawl follow-up (workers/pipeline.ts) queues whatever a hand-off could not (Redis away).
// Both use the same content-derived job id, so a candidate is matched once however often it is handed over —
// also when a crawl killed half-way is retried from the start (the crawl's request queue is in memory).
import type { Logger } from 'pino';
import type { CandidateInput, CandidateStore } from '../../storage/candidates.ts';
import type { Source, SourceStore } from '../../storage/sources.ts';
import type { JobPayload } from '../jobs.ts';
import { PermanentError, type Outcome } from '../outcome.ts';

/** One page the crawler hands over: the candidate fields plus the raw body for evidence. */
export interface PageForCandidate extends Omit<CandidateInput, 'sourceId'> {
  body: Buffer;
  contentType: string;
}

export type CrawlFn = (source: Pick<Source, 'id' | 'kind' | 'url' | 'profile'>, onPage: (p: PageForCandidate) => Promise<void>) =>
  Promise<{ pagesFetched: number; failed: Array<{ url: string; error: string }> }>;

export interface StoredCandidate { candidateId: string; revision: string }

export interface CrawlSourceDeps {
  sources: SourceStore;
  candidates: Pick<CandidateStore, 'upsert' | 'saveEvidence'>;
  log: Logger;
  crawl: CrawlFn;
  /** queues the stored candidate's match now (workers/pipeline.ts candidateStored); best effort — a failure is
   * logged and left to the end-of-crawl follow-up. Absent when jobs run inline (`kuzet crawl --once`). */
  handOff?: (c: StoredCandidate, correlationId?: string) => Promise<void>;
}

export type CrawlOutcome = Outcome<{ pagesFetched: number; failed: number; candidates: StoredCandidate[] }>;

export async function crawlSourceJob(deps: CrawlSourceDeps, p: JobPayload['crawl.source.v1']): Promise<CrawlOutcome> {
  const source = await deps.sources.get(p.sourceId);
  if (!source) throw new PermanentError(`source ${p.sourceId} does not exist`);
  if (!source.enabled) return { status: 'skipped', reason: 'source disabled' };
  const candidates: StoredCandidate[] = [];
  let handedOff = 0;
  let handOffError: string | null = null;
  const result = await deps.crawl(source, async (page) => {
    const { body, contentType, ...fields } = page;
    const c = await deps.candidates.upsert({ ...fields, sourceId: source.id });
    await deps.candidates.saveEvidence({
      candidateId: c.id, kind: 'page_html', data: body, ext: '.html', url: page.url,
      mediaType: contentType, httpStatus: page.httpStatus ?? null,
    });
    const stored = { candidateId: c.id, revision: c.revision };
    candidates.push(stored);
    if (!deps.handOff) return;
    try {
      await deps.handOff(stored, p.correlationId);
      handedOff++;
    } catch (e) {
      handOffError ??= (e as Error).message; // the end-of-crawl follow-up queues it
    }
  });
  await deps.sources.markCrawled(source.id);
  deps.log.info({ sourceId: source.id, pages: result.pagesFetched, candidates: candidates.length, handedOff, failed: result.failed.length }, 'source crawled');
  if (handOffError) deps.log.warn({ sourceId: source.id, notHandedOff: candidates.length - handedOff, err: handOffError }, 'some candidates could not be queued during the crawl; queued at its end');
  if (result.pagesFetched === 0 && result.failed.length > 0) {
    throw new Error(`crawl of ${source.url} fetched nothing: ${result.failed[0]!.error}`); // transient: retry later
  }
  return { status: 'done', pagesFetched: result.pagesFetched, failed: result.failed.length, candidates };
}
