// crawl.source.v1 — crawl one monitored source; every detail page / Telegram post becomes a candidate
// with its page HTML kept as evidence. The pipeline then queues a match for each candidate.
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

export interface CrawlSourceDeps {
  sources: SourceStore;
  candidates: Pick<CandidateStore, 'upsert' | 'saveEvidence'>;
  log: Logger;
  crawl: CrawlFn;
}

export type CrawlOutcome = Outcome<{ pagesFetched: number; failed: number; candidates: Array<{ candidateId: string; revision: string }> }>;

export async function crawlSourceJob(deps: CrawlSourceDeps, p: JobPayload['crawl.source.v1']): Promise<CrawlOutcome> {
  const source = await deps.sources.get(p.sourceId);
  if (!source) throw new PermanentError(`source ${p.sourceId} does not exist`);
  if (!source.enabled) return { status: 'skipped', reason: 'source disabled' };
  const candidates: Array<{ candidateId: string; revision: string }> = [];
  const result = await deps.crawl(source, async (page) => {
    const { body, contentType, ...fields } = page;
    const c = await deps.candidates.upsert({ ...fields, sourceId: source.id });
    await deps.candidates.saveEvidence({
      candidateId: c.id, kind: 'page_html', data: body, ext: '.html', url: page.url,
      mediaType: contentType, httpStatus: page.httpStatus ?? null,
    });
    candidates.push({ candidateId: c.id, revision: c.revision });
  });
  await deps.sources.markCrawled(source.id);
  deps.log.info({ sourceId: source.id, pages: result.pagesFetched, candidates: candidates.length, failed: result.failed.length }, 'source crawled');
  if (result.pagesFetched === 0 && result.failed.length > 0) {
    throw new Error(`crawl of ${source.url} fetched nothing: ${result.failed[0]!.error}`); // transient: retry later
  }
  return { status: 'done', pagesFetched: result.pagesFetched, failed: result.failed.length, candidates };
}
