// Public machine-readable exports: registry JSON/CSV, hosts file, RPZ zone and the delisting feed.
import type { FastifyInstance } from 'fastify';
import { delistFeed, DELIST_MAX_LIMIT, hostsFile, registryCsv, registryJson, rpzZone } from '../../registry/exports.ts';
import { cursorPage, cursorQuery, withErrors, type RouteOpts } from '../deps.ts';
import { PUBLIC } from '../plugins/auth.ts';

const film = {
  type: 'object',
  properties: { id: { type: 'string' }, titleKk: { type: 'string' }, titleRu: { type: 'string' }, titleEn: { type: ['string', 'null'] } },
  required: ['id', 'titleKk', 'titleRu', 'titleEn'],
} as const;

const registrySchema = {
  type: 'object',
  properties: {
    serial: { type: 'integer' },
    generatedAt: { type: 'string' },
    auditHead: { type: ['object', 'null'], properties: { seq: { type: 'integer' }, hash: { type: 'string' } }, required: ['seq', 'hash'] },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        properties: { serial: { type: 'integer' }, domain: { type: 'string' }, activatedAt: { type: 'string' }, films: { type: 'array', items: film }, reason: { type: 'string' } },
        required: ['serial', 'domain', 'activatedAt', 'films', 'reason'],
      },
    },
  },
  required: ['serial', 'generatedAt', 'auditHead', 'entries'],
} as const;

const delistSchema = cursorPage({
  type: 'object',
  properties: {
    seq: { type: 'integer' }, id: { type: 'string' }, url: { type: 'string' }, domain: { type: 'string' }, filmId: { type: 'string' },
    reason: { type: 'string' }, createdAt: { type: 'string' }, deadlineAt: { type: 'string' },
  },
  required: ['seq', 'id', 'url', 'domain', 'filmId', 'reason', 'createdAt', 'deadlineAt'],
});

const text = { type: 'string' } as const;

export default async function exportRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  app.get('/registry.json', { config: PUBLIC, schema: { response: withErrors(registrySchema) } }, async () => registryJson(db));
  app.get('/registry.csv', { config: PUBLIC, schema: { response: withErrors(text) } }, async (_req, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'inline; filename="kuzet-registry.csv"').send(await registryCsv(db)),
  );
  app.get('/feeds/hosts.txt', { config: PUBLIC, schema: { response: withErrors(text) } }, async (_req, reply) => reply.type('text/plain; charset=utf-8').send(await hostsFile(db)));
  app.get('/feeds/rpz.zone', { config: PUBLIC, schema: { response: withErrors(text) } }, async (_req, reply) => reply.type('text/dns; charset=utf-8').send(await rpzZone(db)));
  app.get<{ Querystring: { after?: number; limit?: number } }>(
    '/api/delist',
    {
      config: PUBLIC,
      schema: {
        querystring: cursorQuery(DELIST_MAX_LIMIT, 100),
        response: withErrors(delistSchema),
      },
    },
    async (req) => delistFeed(db, { after: req.query.after, limit: req.query.limit }),
  );
}
