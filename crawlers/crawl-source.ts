// crawlSource: one crawl of one monitored source with crawlee's CheerioCrawler. Every crawl gets its OWN
// crawlee Configuration with an in-memory, non-persisted storage (never the global default), its own
// SafeHttpClient (SSRF guard on the resolved IP, per request and per redirect hop) and its own router state.
import { CheerioCrawler, Configuration, Log, LogLevel } from 'crawlee';
import { MemoryStorage } from '@crawlee/memory-storage';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.ts';
import { forComponent } from '../config/log.ts';
import { FetchRefused, checkUrl, policyFromConfig } from '../net/fetch.ts';
import { compileAllowlist } from '../net/guard.ts';
import { telegramPreviewUrl } from '../net/urls.ts';
import type { Source } from '../storage/sources.ts';
import { renderDeferred, needsBrowser } from './playwright/deferred.ts';
import type { RenderPlayers } from './playwright/render-players.ts';
import { buildRouter } from './router.ts';
import { settleDetail, type CrawlState, type CrawledPage } from './routes/state.ts';
import { SafeHttpClient } from './safe-http-client.ts';

export type { CrawledPage } from './routes/state.ts';

export type CrawlSource = Pick<Source, 'id' | 'kind' | 'url'> & Partial<Pick<Source, 'profile'>>;

export interface CrawlSummary {
  pagesFetched: number;
  candidates: number;
  failed: Array<{ url: string; error: string }>;
  /** detail pages whose stream URL was not in the HTML (rendered with Playwright when deps.renderPlayers is given) */
  playwrightPages: number;
}

export async function crawlSource(
  deps: { cfg: AppConfig; log: Logger; renderPlayers?: RenderPlayers },
  source: CrawlSource,
  emit: (p: CrawledPage) => Promise<void>,
): Promise<CrawlSummary> {
  const { cfg, renderPlayers } = deps;
  // pages whose stream URL is not in the HTML wait for the Playwright path (when one is given)
  const deferred: CrawledPage[] = [];
  let needed = 0;
  const onPage = async (p: CrawledPage) => {
    const js = needsBrowser(p);
    needed += js ? 1 : 0;
    if (js && renderPlayers) deferred.push(p);
    else await emit(p);
  };
  const log = forComponent(deps.log, 'crawler', { sourceId: source.id });
  const policy = policyFromConfig(cfg);
  const startUrl = source.kind === 'telegram' ? telegramPreviewUrl(source.url) : source.url;
  try {
    checkUrl(compileAllowlist(policy.allowlist), startUrl);
  } catch (e) {
    if (e instanceof FetchRefused) return { pagesFetched: 0, candidates: 0, failed: [{ url: startUrl, error: e.message }], playwrightPages: 0 };
    throw e;
  }

  const http = new SafeHttpClient(policy);
  const state: CrawlState = { sourceId: source.id, log, http, onPage, pending: new Map(), candidates: 0, failed: [] };
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: false,
    storageClient: new MemoryStorage({ persistStorage: false, writeMetadata: false }),
  });
  const crawler = new CheerioCrawler(
    {
      httpClient: http,
      requestHandler: buildRouter(state),
      maxRequestsPerCrawl: cfg.crawlMaxPages,
      maxConcurrency: cfg.crawlConcurrency,
      // politeness per site: a pause between two requests to one domain, and a ceiling per minute
      sameDomainDelaySecs: cfg.crawlDomainDelayMs / 1000,
      maxRequestsPerMinute: cfg.crawlMaxPerMinute,
      maxRequestRetries: 2,
      requestHandlerTimeoutSecs: Math.ceil(cfg.fetchTimeoutMs / 1000) * 2 + 10,
      navigationTimeoutSecs: Math.ceil(cfg.fetchTimeoutMs / 1000) + 5,
      useSessionPool: false,
      persistCookiesPerSession: false,
      retryOnBlocked: false,
      additionalMimeTypes: ['application/xhtml+xml'],
      log: new Log({ level: LogLevel.OFF, prefix: `crawl:${source.id}` }),
      statusMessageLoggingInterval: 3600,
      failedRequestHandler: async ({ request }, error) => {
        state.failed.push({ url: request.url, error: error.message });
        log.warn({ url: request.url, label: request.label, err: error.message }, 'request failed');
        if (request.label === 'PLAYER_EMBED') await settleDetail(state, String(request.userData['detailUrl']), request.uniqueKey);
      },
    },
    config,
  );

  const label = source.kind === 'telegram' ? 'TG_CHANNEL_PREVIEW' : 'LISTING';
  const started = Date.now();
  const stats = await crawler.run([{ url: startUrl, label, userData: { sourceId: source.id, page: 1 } }]);
  // Details whose player pages were cut off by maxPages still count, without streams.
  for (const [url, p] of [...state.pending]) {
    state.pending.delete(url);
    state.candidates++;
    await onPage(p.page);
  }
  await crawler.teardown().catch(() => undefined);
  const browser = renderPlayers ? await renderDeferred(renderPlayers, deferred, emit) : { rendered: 0, withStreams: 0 };
  const pagesFetched = stats.requestsFinished;
  log.info({ pagesFetched, candidates: state.candidates, failed: state.failed.length, playwright: browser, ms: Date.now() - started }, 'crawl finished');
  return { pagesFetched, candidates: state.candidates, failed: state.failed, playwrightPages: needed };
}
