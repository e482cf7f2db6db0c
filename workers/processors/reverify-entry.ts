// registry.reverify.v1 — re-checks one listed entry before it expires. Every infringing page is fetched again through
// the guarded fetch and kept as evidence (the page, and an http_log record of this check). Then:
//   a confirmed match newer than the last verification, or a page still served unchanged  → renewed (still infringing)
//   every page gone (404/410/451, the name no longer resolves, refused)                     → proposed for lifting
//   every changed page has a newer verdict that is not a match (dropped/rejected)           → proposed for lifting (lawful)
//   pages changed and not judged yet                                                        → the domain's sources are
//     crawled again (the pipeline's crawl → match path), and the next round sees the new verdicts
// Nothing fetched at all (timeouts, 5xx): thrown, so the queue retries later.
import type { Logger } from 'pino';
import type { ReverifyTarget, ReverifyVerdict } from '../../registry/reverify.ts';
import type { EvidenceInput } from '../../storage/candidates.ts';
import { sha256Hex } from '../../storage/hash.ts';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';

export interface ReverifyDeps {
  target(entryId: string): Promise<ReverifyTarget | null>;
  fetchPage(url: string): Promise<{ status: number; body: Buffer; contentType: string }>;
  saveEvidence(e: EvidenceInput): Promise<{ id: string; sha256: string }>;
  apply(entryId: string, v: ReverifyVerdict): Promise<number | null>;
  log: Logger;
  now?: () => Date;
}

export type ReverifyOutcome = Outcome<{ entryId: string; verdict: 'renew' | 'propose_lift' | 'recrawl'; recrawl: string[]; round: string }>;
type PageResult = { url: string; state: 'unchanged' | 'changed' | 'gone' | 'unknown'; status?: number; evidenceId?: string; error?: string };

const GONE = /ENOTFOUND|EAI_NONAME|ECONNREFUSED|not resolve/i;

export async function reverifyEntryJob(deps: ReverifyDeps, p: JobPayload['registry.reverify.v1']): Promise<ReverifyOutcome> {
  const t = await deps.target(p.entryId);
  if (!t) return { status: 'skipped', reason: `registry entry ${p.entryId} does not exist` };
  if (t.status !== 'active' && t.status !== 'under_appeal') return { status: 'skipped', reason: `entry is ${t.status}` };
  const done = (verdict: ReverifyVerdict['verdict'], reason: string, details: Record<string, unknown>) =>
    deps.apply(t.entryId, { verdict, reason, details: { ...details, round: p.round } }).then((version) => {
      deps.log.info({ entryId: t.entryId, domain: t.domain, verdict, version }, 'registry entry re-verified');
      return { status: 'done' as const, entryId: t.entryId, verdict, recrawl: [], round: p.round };
    });
  if (t.freshConfirmedMatch) return done('renew', 'a new confirmed match since the last verification', { matchId: t.freshConfirmedMatch });

  const checkedAt = (deps.now?.() ?? new Date()).toISOString();
  const results: PageResult[] = [];
  for (const page of t.pages) {
    try {
      const r = await deps.fetchPage(page.url);
      if (r.status === 404 || r.status === 410 || r.status === 451) {
        results.push({ url: page.url, state: 'gone', status: r.status });
        continue;
      }
      if (r.status >= 400) {
        results.push({ url: page.url, state: 'unknown', status: r.status });
        continue;
      }
      const html = await deps.saveEvidence({ candidateId: page.candidateId, kind: 'page_html', data: r.body, ext: '.html', url: page.url, mediaType: r.contentType, httpStatus: r.status, meta: { reverify: p.round } });
      const log = Buffer.from(JSON.stringify({ check: 'registry.reverify', entryId: t.entryId, url: page.url, checkedAt, status: r.status, bodySha256: html.sha256 }));
      const ev = await deps.saveEvidence({ candidateId: page.candidateId, kind: 'http_log', data: log, ext: '.json', url: page.url, mediaType: 'application/json', httpStatus: r.status, meta: { reverify: p.round } });
      const unchanged = page.confirmedShas.includes(sha256Hex(r.body));
      results.push({ url: page.url, state: unchanged ? 'unchanged' : 'changed', status: r.status, evidenceId: ev.id });
    } catch (e) {
      const msg = (e as Error).message;
      const status = (e as { status?: number }).status;
      results.push({ url: page.url, state: (e as Error).name === 'FetchRefused' || GONE.test(msg) ? 'gone' : 'unknown', error: msg.slice(0, 200), ...(status ? { status } : {}) });
    }
  }
  const by = (s: PageResult['state']) => results.filter((r) => r.state === s);
  const details = { checkedAt, pages: results };
  if (by('unchanged').length) return done('renew', `${by('unchanged').length} infringing page(s) still served unchanged`, details);
  if (results.length && by('gone').length === results.length) return done('propose_lift', 'every infringing page is gone (not found or no longer reachable)', details);
  const changed = by('changed');
  const judged = changed.filter((r) => ['dropped', 'rejected'].includes(t.pages.find((pg) => pg.url === r.url)?.newerVerdict ?? ''));
  if (changed.length && judged.length === changed.length && !by('unknown').length) {
    return done('propose_lift', 'the pages changed and no longer match a registered film', details);
  }
  if (!changed.length && !by('gone').length) throw new Error(`re-verification of ${t.domain}: no page could be fetched (${results.map((r) => r.error ?? r.status).join('; ') || 'no pages'})`);
  deps.log.info({ entryId: t.entryId, domain: t.domain, changed: changed.length, sources: t.sourceIds.length }, 're-verification: pages changed, crawling the sources again');
  return { status: 'done', entryId: t.entryId, verdict: 'recrawl', recrawl: t.sourceIds, round: p.round };
}
