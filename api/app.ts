// buildApp: the whole HTTP API as one Fastify instance built from plugins (error handler, headers, request limit,
// authentication → routes; every route declares who may call it, api/plugins/auth.ts).
// Dependencies come in as arguments; nothing here opens databases or queues. api/server.ts listens.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { forComponent } from '../config/log.ts';
import { createSearchIndex } from '../registry/search.ts';
import type { ApiDeps, RouteDeps } from './deps.ts';
import { installAuth } from './plugins/auth.ts';
import { installErrorHandler } from './plugins/errors.ts';
import { installOpenApi } from './plugins/openapi.ts';
import { frameworkErrors, installInputGuard } from './plugins/input-guard.ts';
import { installRateLimit } from './plugins/rate-limit.ts';
import { installSecurityHeaders } from './plugins/security-headers.ts';
import adminRoutes from './routes/admin.ts';
import appealRoutes from './routes/appeals.ts';
import dashboardRoutes from './routes/dashboard.ts';
import delistRoutes from './routes/delist.ts';
import docsRoutes from './routes/docs.ts';
import exportRoutes from './routes/exports.ts';
import filmRoutes from './routes/films.ts';
import portalRoutes from './routes/portal.ts';
import portalFilmRoutes from './routes/portal-films.ts';
import sessionRoutes from './routes/session.ts';
import investigatorRoutes from './routes/investigator.ts';
import opsRoutes from './routes/ops.ts';
import packetRoutes from './routes/packets.ts';
import publicRoutes from './routes/public.ts';
import reviewPageRoutes from './routes/review-page.ts';
import slaRoutes from './routes/sla.ts';
import sourceRoutes from './routes/sources.ts';
import supervisorRoutes from './routes/supervisor.ts';
import userRoutes from './routes/users.ts';

export type { ApiDeps } from './deps.ts';

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const log = forComponent(deps.log, 'api');
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // per-request lines only at debug/trace; errors are logged by the error handler
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
    bodyLimit: 256 * 1024,
    // the router's own refusals (bad %-escapes, over-long path parameters) in the API's error shape
    frameworkErrors,
    // behind a reverse proxy (TRUST_PROXY), the client address comes from X-Forwarded-For: rate limits are per client
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    genReqId: (req) => {
      const h = req.headers['x-correlation-id'];
      return typeof h === 'string' && /^[\w.-]{1,100}$/.test(h) ? h : `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    },
  });
  installErrorHandler(app);
  installInputGuard(app);
  installSecurityHeaders(app);
  await installRateLimit(app, deps.config);
  installAuth(app, deps);
  // before the routes: it collects them as they are added (/openapi.json, /docs)
  await installOpenApi(app, { serverUrl: deps.config.publicBaseUrl });

  const search = deps.search ?? (await createSearchIndex({ db: deps.db, cfg: deps.config, log }));
  const routeDeps: RouteDeps = { ...deps, log, search };
  for (const plugin of [opsRoutes, docsRoutes, exportRoutes, delistRoutes, slaRoutes, publicRoutes, reviewPageRoutes, investigatorRoutes, sourceRoutes, adminRoutes, userRoutes, packetRoutes, filmRoutes, portalRoutes, portalFilmRoutes, sessionRoutes, appealRoutes, supervisorRoutes, dashboardRoutes]) {
    await app.register(plugin, { deps: routeDeps });
  }
  await app.ready();
  return app;
}
