// The search-engine delisting feed (cursor-paged) and its acknowledgements.
import type { FastifyInstance } from 'fastify';
import { delistFeed, DELIST_MAX_LIMIT } from '../../registry/delist.ts';
import { cursorPage, cursorQuery, withErrors, type RouteOpts } from '../deps.ts';
import { PUBLIC } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
export const delistItemSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' }, kind: { type: 'string', enum: ['delist', 'reinstate'] }, id: str, url: str, domain: str, filmId: str, reason: str,
    createdAt: str, deadlineAt: str, status: { type: 'string', enum: ['open', 'overdue', 'delisted', 'refused', 'withdrawn', 'reinstated'] },
    withdrawnAt: nstr, withdrawnReason: nstr,
    ack: { type: ['object', 'null'], properties: { verdict: str, reason: nstr, actedAt: str, ackedAt: str }, required: ['verdict', 'reason', 'actedAt', 'ackedAt'] },
  },
  required: ['seq', 'kind', 'id', 'url', 'domain', 'filmId', 'reason', 'createdAt', 'deadlineAt', 'status', 'withdrawnAt', 'withdrawnReason', 'ack'],
} as const;

export default async function delistRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, config } = deps;
  app.get<{ Querystring: { after?: number; limit?: number } }>(
    '/api/delist',
    { config: PUBLIC, schema: { querystring: cursorQuery(DELIST_MAX_LIMIT, 100), response: withErrors(cursorPage(delistItemSchema)) } },
    async (req) => delistFeed(db, { after: req.query.after, limit: req.query.limit, viewerId: req.user?.id ?? null, deadlineHours: config.delistDeadlineHours }),
  );
}
