// The composition root of a running Kuzet: context, Redis (embedded or REDIS_URL), queues, the workers of
// this process's roles, the recrawl scheduler and the HTTP API. Everything it starts, stop() stops.
import path from 'node:path';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.ts';
import { createContext, type AppContext } from '../config/context.ts';
import { forComponent } from '../config/log.ts';
import type { AppConfig } from '../config/schema.ts';
import { createMetrics } from '../workers/metrics.ts';
import { startRedisServer, type OwnedRedis } from '../storage/redis-server.ts';
import { createProcessors } from '../workers/processors/index.ts';
import { createQueues, redisConnection, type Queues } from '../workers/queues.ts';
import { startWorkers, type RunningWorkers } from '../workers/runtime.ts';
import { bankWatcher, syncCrawlSchedules } from '../workers/scheduler.ts';
import { pipelineEntries, type PipelineEntries } from '../workers/pipeline.ts';
import { enabledSources } from '../storage/sources.ts';
import { recordAnchor } from '../storage/audit-anchors.ts';
import { confirmedWithoutPacket } from '../storage/matches.ts';
import { sweepUnpublished, sweepUploads } from '../workers/sweep.ts';
import { uploadsToFingerprint } from '../storage/uploads.ts';
import { createBot, type KuzetBot } from '../telegram-bot/bot.ts';
import { REF_RECIPE } from '../matcher/register.ts';
import { staleVideoAssets } from '../matcher/rehash.ts';

const SCHEDULE_SYNC_MS = 5 * 60_000;
const BANK_WATCH_MS = 60_000;
const AUDIT_ANCHOR_MS = 60_000;
const PUBLISH_SWEEP_MS = 60_000;
/** a confirmed match older than this without a packet has lost its publish job (or waits behind a long queue) */
const PUBLISH_SWEEP_AFTER_S = 120;

export interface Service {
  ctx: AppContext;
  queues: Queues;
  /** the ways into the pipeline (API, bot, demo and CLI use these, never the queues directly) */
  pipeline: PipelineEntries;
  redisUrl: string;
  /** the API's address when this process runs the api role */
  url: string | null;
  app: FastifyInstance | null;
  stop(): Promise<void>;
}

export async function startService(config: AppConfig, log: Logger): Promise<Service> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log.error({ err: (e as Error).message }, 'error while stopping'));
  };
  try {
    const ctx = await createContext(config, log);
    stops.push(() => ctx.close());
    let owned: OwnedRedis | null = null;
    if (!config.redisUrl) {
      owned = await startRedisServer({ binary: config.redisServerPath, dir: path.join(config.dataDir, 'redis'), log });
      stops.push(() => owned!.stop());
    }
    const redisUrl = config.redisUrl ?? owned!.url;
    const connection = redisConnection(redisUrl);
    const queues = createQueues(connection);
    stops.push(() => queues.close());
    const pipeline = pipelineEntries(queues.enqueue);
    // Telegram: every process may send alerts; only the api role long-polls the Bot API (one poller per bot).
    let bot: KuzetBot | null = null;
    if (config.telegramBotToken) {
      bot = createBot({
        cfg: config, db: ctx.db, log: forComponent(log, 'telegram'),
        pipeline,
      });
    }
    const { processors, health: matcherHealth, bankCheckpoint, close: closeProcessors } = await createProcessors(ctx, { bot, pipeline });
    stops.push(closeProcessors); // after the workers stopped (stops run in reverse)
    let workers: RunningWorkers | null = null;
    if (config.roles.includes('crawler') || config.roles.includes('workers')) {
      workers = startWorkers({ connection, roles: config.roles, processors, queues, log, concurrency: config.workerConcurrency });
      stops.push(() => workers!.close());
    }
    if (config.roles.includes('workers')) {
      // films registered since the last look (CLI, API, another process) are matched against candidates seen before
      const stale = await staleVideoAssets(ctx.db);
      if (stale.length) log.warn({ component: 'matcher', stale: stale.length, recipe: REF_RECIPE }, 'reference videos fingerprinted with an older recipe match less: run `kuzet films rehash`');
      // the outbox of the review path: decisions whose publish job was lost (Redis down, a crash) are queued again
      const sweep = () => sweepUnpublished({ unpublished: () => confirmedWithoutPacket(ctx.db, { olderThanS: PUBLISH_SWEEP_AFTER_S, limit: 500 }), pipeline, log })
        .then(() => sweepUploads({ stored: () => uploadsToFingerprint(ctx.db, PUBLISH_SWEEP_AFTER_S), pipeline, log }))
        .catch((e) => log.warn({ component: 'queue', err: (e as Error).message }, 'publish/upload sweep failed; next pass in a minute'));
      const sweepTimer = setInterval(sweep, PUBLISH_SWEEP_MS);
      sweepTimer.unref();
      stops.push(async () => clearInterval(sweepTimer));
      // the registry's lifecycle pass (expiry, re-verification), once an hour: the job id names the hour, so several
      // workers processes asking every few minutes queue it once
      const lifecycle = () => pipeline.lifecycleDue(new Date().toISOString().slice(0, 13))
        .catch((e) => log.warn({ component: 'registry', err: (e as Error).message }, 'registry lifecycle pass not queued; next try in 5 minutes'));
      await lifecycle();
      const lifecycleTimer = setInterval(lifecycle, 5 * 60_000);
      lifecycleTimer.unref();
      stops.push(async () => clearInterval(lifecycleTimer));
      const watch = bankWatcher({ checkpoint: bankCheckpoint, pipeline, log });
      await watch();
      const timer = setInterval(() => {
        watch().catch((e) => log.warn({ component: 'matcher', err: (e as Error).message }, 'bank watch failed'));
      }, BANK_WATCH_MS);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }
    if (config.roles.includes('crawler')) {
      // sources added or enabled through the API or CLI join the schedule within SCHEDULE_SYNC_MS
      await syncCrawlSchedules({ enabledSources: () => enabledSources(ctx.db), queues, log });
      const timer = setInterval(() => {
        syncCrawlSchedules({ enabledSources: () => enabledSources(ctx.db), queues, log }).catch((e) => log.warn({ component: 'crawler', err: (e as Error).message }, 'schedule sync failed'));
      }, SCHEDULE_SYNC_MS);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }
    // the audit head, anchored outside the database once a minute (and at stop) when it moved
    const anchor = () => recordAnchor(ctx.db, config.dataDir).catch((e) => log.warn({ component: 'storage', err: (e as Error).message }, 'audit anchor not written'));
    await anchor();
    const anchorTimer = setInterval(anchor, AUDIT_ANCHOR_MS);
    anchorTimer.unref();
    stops.push(async () => { clearInterval(anchorTimer); await anchor(); });
    let app: FastifyInstance | null = null;
    let url: string | null = null;
    if (config.roles.includes('api')) {
      const metrics = createMetrics(queues);
      app = await buildApp({
        config, log, db: ctx.db, blobs: ctx.blobs, metrics: metrics.registry,
        pipeline,
        health: async () => {
          const redisUp = await queues.ping();
          return {
            ...(redisUp ? {} : { status: 'degraded' }), roles: config.roles, redis: owned ? 'embedded' : 'external', redisReachable: redisUp,
            database: ctx.db.kind, queues: workers?.queues ?? [], matcher: await matcherHealth(),
          };
        },
      });
      stops.push(() => app!.close());
      url = await app.listen({ host: config.host, port: config.port });
      forComponent(log, 'api').info({ url }, 'API listening');
      if (bot) {
        await bot.start();
        stops.push(() => bot!.stop());
      }
    }
    return { ctx, queues, pipeline, redisUrl, url, app, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
