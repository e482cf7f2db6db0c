// The per-client request limit on every route (RATE_LIMIT_PER_MINUTE per address; generous: a person reading the
// registry or an ISP polling the feeds stays far below it). In-process counters: one api process counts its own
// clients. Must be registered before the routes (it attaches itself to each route as it is added).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config/schema.ts';
import { HttpError } from './auth.ts';

export async function installRateLimit(app: FastifyInstance, config: Pick<AppConfig, 'rateLimitPerMinute'>): Promise<void> {
  const warned = new Map<string, number>(); // client → when its last warning was logged: one line per client and minute, not per refused request
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) => new HttpError(429, 'rate_limited', `too many requests from this address: retry in ${ctx.after}`),
    onExceeded: (req, key) => {
      const now = Date.now();
      if ((warned.get(key) ?? 0) > now - 60_000) return;
      if (warned.size >= 10_000) warned.clear();
      warned.set(key, now);
      req.log.warn({ ip: req.ip, route: req.routeOptions.url, limit: config.rateLimitPerMinute }, 'client over the request limit');
    },
  });
}
