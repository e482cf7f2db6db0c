// Operations: /health (database + whatever the process adds through deps.health) and /metrics (prom-client).
import { pingDb } from '../../storage/db.ts';
import type { FastifyInstance } from 'fastify';
import { withErrors, type RouteOpts } from '../deps.ts';
import { PUBLIC } from '../plugins/auth.ts';

const healthSchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, db: { type: 'string' }, search: { type: 'string' } },
  required: ['status', 'db'],
  additionalProperties: true,
} as const;

export default async function opsRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  app.get(
    '/health',
    {
      config: PUBLIC,
      schema: {
        // 503 when degraded (the database or Redis unreachable), so load balancers and compose health checks see it
        response: { ...withErrors(healthSchema), 503: healthSchema },
      },
    },
    async (req, reply) => {
      let db = 'ok';
      try {
        await pingDb(deps.db);
      } catch (err) {
        req.log.error({ err }, 'health: database check failed');
        db = 'down';
      }
      const extra = deps.health ? await deps.health() : {};
      const status = db === 'ok' && extra.status !== 'degraded' ? 'ok' : 'degraded';
      return reply.status(status === 'ok' ? 200 : 503).send({ ...extra, status, db, search: deps.search.kind });
    },
  );
  app.get('/metrics', { config: PUBLIC, schema: { response: withErrors({ type: 'string' }) } }, async (_req, reply) => {
    if (!deps.metrics) return reply.status(404).send({ error: 'not_found', message: 'metrics are not enabled in this process' });
    return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
