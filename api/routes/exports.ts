// Public machine-readable exports: registry JSON/CSV, hosts file, RPZ zone and the delisting feed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { delistFeed, DELIST_MAX_LIMIT } from '../../registry/exports.ts';
import { createExportCache, type ExportKind } from '../../registry/export-cache.ts';
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
  // rendered once per registry version (registry/export-cache.ts): the same bytes and ETag until the registry changes
  const cache = createExportCache(db);
  const send = (kind: ExportKind, type: string, extra: Record<string, string> = {}) => async (req: FastifyRequest, reply: FastifyReply) => {
    const r = await cache.get(kind);
    reply.header('etag', r.etag).header('cache-control', 'public, max-age=60, must-revalidate').headers(extra);
    if (req.headers['if-none-match']?.split(',').map((t) => t.trim()).includes(r.etag)) return reply.status(304).send();
    return reply.type(type).send(r.body);
  };
  const cached = { 304: { type: 'null' } } as const;
  app.get('/registry.json', { config: PUBLIC, schema: { response: { ...withErrors(registrySchema), ...cached } } }, send('json', 'application/json; charset=utf-8'));
  app.get('/registry.csv', { config: PUBLIC, schema: { response: { ...withErrors(text), ...cached } } },
    send('csv', 'text/csv; charset=utf-8', { 'content-disposition': 'inline; filename="kuzet-registry.csv"' }));
  app.get('/feeds/hosts.txt', { config: PUBLIC, schema: { response: { ...withErrors(text), ...cached } } }, send('hosts', 'text/plain; charset=utf-8'));
  app.get('/feeds/rpz.zone', { config: PUBLIC, schema: { response: { ...withErrors(text), ...cached } } }, send('rpz', 'text/dns; charset=utf-8'));
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
