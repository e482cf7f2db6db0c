// buildApp: the whole HTTP API as one Fastify instance built from plugins (error handler → routes).
// Dependencies come in as arguments; nothing here opens databases or queues. api/server.ts listens.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { forComponent } from '../config/log.ts';
import { createSearchIndex } from '../registry/search.ts';
import type { ApiDeps, RouteDeps } from './deps.ts';
import { installErrorHandler } from './plugins/errors.ts';
import adminRoutes from './routes/admin.ts';
import exportRoutes from './routes/exports.ts';
import investigatorRoutes from './routes/investigator.ts';
import opsRoutes from './routes/ops.ts';
import packetRoutes from './routes/packets.ts';
import publicRoutes from './routes/public.ts';
import reviewPageRoutes from './routes/review-page.ts';
import sourceRoutes from './routes/sources.ts';

export type { ApiDeps } from './deps.ts';

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const log = forComponent(deps.log, 'api');
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // per-request lines only at debug/trace; errors are logged by the error handler
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
    bodyLimit: 256 * 1024,
    trustProxy: false,
    genReqId: (req) => {
      const h = req.headers['x-correlation-id'];
      return typeof h === 'string' && /^[\w.-]{1,100}$/.test(h) ? h : `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    },
  });
  app.decorateRequest('user', null);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-correlation-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  installErrorHandler(app);

  const search = deps.search ?? (await createSearchIndex({ db: deps.db, cfg: deps.config, log }));
  const routeDeps: RouteDeps = { ...deps, log, search };
  for (const plugin of [opsRoutes, exportRoutes, publicRoutes, reviewPageRoutes, investigatorRoutes, sourceRoutes, adminRoutes, packetRoutes]) {
    await app.register(plugin, { deps: routeDeps });
  }
  await app.ready();
  return app;
}
