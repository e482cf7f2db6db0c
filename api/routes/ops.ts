// Operations: /health (database + whatever the process adds through deps.health) and /metrics (prom-client).
import { pingDb } from '../../storage/db.ts';
import type { FastifyInstance } from 'fastify';
import { withErrors, type RouteOpts } from '../deps.ts';

export default async function opsRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  app.get(
    '/health',
    {
      schema: {
        response: withErrors({
          type: 'object',
          properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, db: { type: 'string' }, search: { type: 'string' } },
          required: ['status', 'db'],
          additionalProperties: true,
        }),
      },
    },
    async (req) => {
      let db = 'ok';
      try {
        await pingDb(deps.db);
      } catch (err) {
        req.log.error({ err }, 'health: database check failed');
        db = 'down';
      }
      const extra = deps.health ? await deps.health() : {};
      return { ...extra, status: db === 'ok' && extra.status !== 'degraded' ? 'ok' : 'degraded', db, search: deps.search.kind };
    },
  );
  app.get('/metrics', { schema: { response: withErrors({ type: 'string' }) } }, async (_req, reply) => {
    if (!deps.metrics) return reply.status(404).send({ error: 'not_found', message: 'metrics are not enabled in this process' });
    return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
