// Wires each job to its one processor with the adapters it needs (the only place that knows both).
// Processors themselves see only the small ports they name.
import fs from 'node:fs';
import type { AppContext } from '../../config/context.ts';
import { forComponent } from '../../config/log.ts';
import { crawlSource } from '../../crawlers/crawl-source.ts';
import { renderPlayers } from '../../crawlers/playwright/render-players.ts';
import type { KuzetBot } from '../../telegram-bot/bot.ts';
import { buildPacket } from '../../packets/packet.ts';
import { keyDirOf, loadOrCreateSigner } from '../../packets/signer.ts';
import { matchMedia } from '../../matcher/match.ts';
import { prepareStream } from '../../net/hls-guard.ts';
import { createEgress } from '../../net/egress.ts';
import { policyFromConfig, safeFetch } from '../../net/fetch.ts';
import { publishMatch } from '../../registry/publish.ts';
import { hostNetworkChecker } from '../../net/host-network.ts';
import { BankIndexCache } from '../../matcher/bank-index.ts';
import { FloodGuard } from '../../matcher/guards.ts';
import { createFilmBankStore, createQuarantineStore, filmTitle } from '../../storage/film-bank.ts';
import { loadLocalCv } from '../../matcher/local/cv.ts';
import { createLocalStage } from '../../matcher/local/store.ts';
import { candidateRevision, candidateStore } from '../../storage/candidates.ts';
import { getMatch, matchStore } from '../../storage/matches.ts';
import type { JobPayload } from '../jobs.ts';
import { sourceStore } from '../../storage/sources.ts';
import type { PipelineEntries } from '../pipeline.ts';
import type { Processors } from '../runtime.ts';
import { buildPacketJob } from './build-packet.ts';
import { crawlSourceJob, type PageForCandidate } from './crawl-source.ts';
import { matchCandidateJob } from './match-candidate.ts';
import { matchMetadata } from '../../matcher/metadata.ts';
import { metadataBank } from '../../films/metadata-bank.ts';
import { publishMatchJob } from './publish-match.ts';
import { rematchBankJob } from './rematch-bank.ts';
import { toCandidatePage } from './crawled-page.ts';
import { lifecycleSweepJob } from './lifecycle-sweep.ts';
import { reverifyEntryJob } from './reverify-entry.ts';
import { expireDue } from '../../registry/lifecycle.ts';
import { applyReverification, dueForReverification, reverifyTarget } from '../../registry/reverify.ts';
import { captureScreenshotJob } from './capture-screenshot.ts';
import { captureEvidenceJob } from './capture-evidence.ts';
import { fingerprintReferenceJob } from './fingerprint-reference.ts';
import { captureEvidence } from '../../evidence/capture.ts';
import { keepCrawledExchanges } from '../../evidence/exchanges.ts';
import { loadBootstrap } from '../../evidence/rdap/bootstrap.ts';
import { createScreenshotter } from '../../evidence/screenshot.ts';
import { lazyIpInfo as lazyIpFacts } from '../../net/asn.ts';
import { getCaptures, recordCapture } from '../../storage/evidence-capture.ts';
import { rdapCache } from '../../storage/rdap-cache.ts';

export interface ProcessorExtras {
  /** the Telegram bot, when TELEGRAM_BOT_TOKEN is set: alerts investigators about matches waiting for review */
  bot?: KuzetBot | null;
  /** queues a crawled candidate's match while its crawl goes on (absent when jobs run inline, without Redis) */
  pipeline?: Pick<PipelineEntries, 'candidateStored'>;
}

export async function createProcessors(ctx: AppContext, extras: ProcessorExtras = {}): Promise<{ processors: Processors; health: () => Promise<Record<string, unknown>>; bankCheckpoint: () => Promise<string>; close: () => Promise<void> }> {
  const { db, blobs, config: cfg } = ctx;
  const policy = policyFromConfig(cfg);
  // the one way out for ffmpeg and Chromium in this process: a proxy session per run, every hop checked
  const egress = createEgress(policy);
  const bank = createFilmBankStore(db);
  // one index per process, rebuilt only when the bank checkpoint moves; one flood guard (quarantines persist)
  const cache = new BankIndexCache();
  const filmMetadata = metadataBank(db); // one per process: title skeletons computed once
  const flood = new FloodGuard(createQuarantineStore(db), {}, forComponent(ctx.log, 'matcher'));
  const thresholds = { match: cfg.matchThreshold, review: cfg.reviewThreshold };
  const log = {
    crawler: forComponent(ctx.log, 'crawler'), matcher: forComponent(ctx.log, 'matcher'),
    registry: forComponent(ctx.log, 'registry'), evidence: forComponent(ctx.log, 'evidence'),
  };
  // the local-feature stage (issue 13; LOCAL_FEATURES, default off): OpenCV (WASM) loaded once per worker process and
  // passed to matchMedia as a port; it runs only where pictures and sound gave no `match`. Without OpenCV the workers
  // match with pictures and sound, and say so.
  const local = cfg.localFeatures
    ? await loadLocalCv().then((cv) => createLocalStage(cv, db, blobs, cfg), (e: Error) => (log.matcher.warn({ err: e.message }, 'local-feature stage unavailable: matching with pictures and sound only'), undefined))
    : undefined;
  const signer = await loadOrCreateSigner(keyDirOf(cfg.dataDir), {
    create: cfg.signingKeyAutoCreate,
    onCreate: (k) => log.evidence.warn({ keyId: k.keyId, file: k.file }, 'created a NEW packet-signing key (SIGNING_KEY_CREATE=auto): publish its public key, or packets cannot be checked against it'),
  });
  // Playwright only where Debian's Chromium is installed; without it JS-built players yield no stream URL
  const browser = fs.existsSync(cfg.chromiumPath)
    ? (urls: string[]) => renderPlayers({ cfg, log: log.crawler, egress }, urls)
    : undefined;
  const sources = sourceStore(db);
  const candidates = candidateStore({ db, blobs });
  const matches = matchStore(db);
  // evidence capture (issue 9): one browser for screenshots (closed when idle), the offline IP database read on first
  // use, RDAP through the guarded fetch with a shorter deadline, servers from the bootstrap files
  const shots = cfg.evidenceScreenshots && fs.existsSync(cfg.chromiumPath)
    ? createScreenshotter(egress, { chromiumPath: cfg.chromiumPath, userAgent: cfg.crawlUserAgent, timeoutMs: Math.max(10_000, cfg.fetchTimeoutMs) })
    : null;
  const rdapPolicy = { ...policy, timeoutMs: Math.min(policy.timeoutMs, 10_000) };
  const evidenceDeps = {
    db, blobs, signer, log: log.evidence, fetch: egress.fetch, ipInfo: lazyIpFacts(),
    rdap: { bootstrap: loadBootstrap(cfg.dataDir), fetch: (u: string, i?: Parameters<typeof safeFetch>[2]) => safeFetch(rdapPolicy, u, i), cache: rdapCache(db) },
  };
  // overblocking facts for registry proposals, from the same IP database (opened once per process)
  const network = hostNetworkChecker({ ipInfo: evidenceDeps.ipInfo, resolve: policy.resolve });
  const screenshotJob = (p: JobPayload['evidence.screenshot.v1']) => captureScreenshotJob({
    candidates, log: log.evidence, shoot: shots ? (url) => shots.shoot(url) : undefined,
    unavailable: cfg.evidenceScreenshots ? `Chromium is not installed at ${cfg.chromiumPath} (CHROMIUM_PATH)` : 'screenshots are turned off (EVIDENCE_SCREENSHOTS=false)',
    captures: { get: (c, r) => getCaptures(db, c, r), record: (c) => recordCapture(db, c) },
  }, p);
  const captureJob = (p: JobPayload['evidence.capture.v1']) => captureEvidenceJob({ log: log.evidence, capture: (c, r) => captureEvidence(evidenceDeps, c, r) }, p);
  /** a packet is signed once: it waits for its page's capture, running the (idempotent) capture jobs itself when needed */
  const ensureEvidence = async (matchId: string) => {
    const m = await getMatch(db, matchId);
    const cand = m ? await candidates.get(m.candidate_id) : null;
    if (!cand) return; // the packet builder reports the missing match or candidate
    const job = { candidateId: cand.id, revision: candidateRevision(cand) };
    await screenshotJob(job);
    await captureJob(job);
  };
  const processors: Processors = {
    'crawl.source.v1': (p) => crawlSourceJob({
      sources, candidates, log: log.crawler,
      handOff: extras.pipeline ? (c, correlationId) => extras.pipeline!.candidateStored(c.candidateId, c.revision, correlationId) : undefined,
      crawl: (source, onPage) => crawlSource({ cfg, log: log.crawler, renderPlayers: browser }, source, async (page) => {
        const c = toCandidatePage(page) satisfies PageForCandidate;
        await keepCrawledExchanges({ db, blobs }, c.url, page.exchanges); // what the crawler saw, for the WARC
        await onPage(c);
      }),
    }, p),
    'match.candidate.v1': (p) => matchCandidateJob({
      candidates, matches, filmTitle: (id) => filmTitle(db, id), log: log.matcher,
      checkpoint: () => bank.checkpoint(),
      match: (query) => matchMedia({ bank, cfg: { ...cfg, egress }, log: log.matcher, cache, flood, ...(local ? { local } : {}) }, query, thresholds),
      prepareStream: (url) => prepareStream(policy, url),
      fetchImage: async (url) => (await safeFetch({ ...policy, maxBytes: Math.min(policy.maxBytes, 20 * 1024 * 1024) }, url)).body,
      notifyReview: extras.bot ? (m) => extras.bot!.notifyReview(m) : undefined,
      metadata: (q) => matchMetadata(filmMetadata, q),
    }, p),
    'rematch.bank.v1': (p) => rematchBankJob({ candidates, log: log.matcher }, p),
    'publish.match.v1': (p) => publishMatchJob({ log: log.registry, publish: (id) => publishMatch({ db, cfg, log: log.registry, network }, id) }, p),
    'packet.build.v1': (p) => buildPacketJob({ log: log.evidence, build: (id) => buildPacket({ db, blobs, signer, cfg, log: log.evidence }, id), ensureEvidence }, p),
    'evidence.screenshot.v1': screenshotJob,
    'evidence.capture.v1': captureJob,
    'registry.sweep.v1': (p) => lifecycleSweepJob({ log: log.registry, expireDue: (now) => expireDue(db, now), dueForReverification: (round, now) => dueForReverification(db, round, cfg.reverifyLeadDays, now) }, p),
    'registry.reverify.v1': (p) => reverifyEntryJob({
      log: log.registry, target: (id) => reverifyTarget(db, id), saveEvidence: (e) => candidates.saveEvidence(e),
      fetchPage: (url) => safeFetch({ ...policy, maxBytes: Math.min(policy.maxBytes, 8 * 1024 * 1024) }, url, { allowErrorStatus: true }),
      apply: (id, v) => applyReverification(db, id, v, cfg.entryValidDays),
    }, p),
    'film.reference.v1': (p) => fingerprintReferenceJob({ db, blobs, cfg, log: log.matcher, ...(local ? { local: local.cv } : {}) }, p),
  };
  return {
    processors,
    bankCheckpoint: () => bank.checkpoint(),
    /** closes what the processors hold open (the screenshot browser), after the workers stopped */
    close: async () => { await shots?.close(); },
    health: async () => ({ bankCheckpoint: await bank.checkpoint(), index: cache.status(), localFeatures: local ? 'on' : cfg.localFeatures ? 'unavailable' : 'off', flood: { quarantined: flood.status().quarantined }, signingKey: signer.keyId }),
  };
}
