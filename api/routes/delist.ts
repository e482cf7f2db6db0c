// The search-engine delisting feed (cursor-paged, accounts only), its acknowledgements, and the same items as
// Google TCRP-style TXT and Lumen-style JSON notices. Search engines see their own acknowledgements and statuses.
import type { FastifyInstance } from 'fastify';
import { ackDelistItem, delistFeed, DELIST_MAX_LIMIT, type AckVerdict } from '../../registry/delist.ts';
import { filmsOf, lumenNotices, tcrpText } from '../../registry/delist-notices.ts';
import { cursorPage, cursorQuery, withErrors, type RouteOpts } from '../deps.ts';
import { allow, HttpError, userOf, viaOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const ackSchema = { type: ['object', 'null'], properties: { verdict: str, reason: nstr, actedAt: str, ackedAt: str }, required: ['verdict', 'reason', 'actedAt', 'ackedAt'] } as const;
export const delistItemSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' }, kind: { type: 'string', enum: ['delist', 'reinstate'] }, id: str, url: str, domain: str, filmId: str, reason: str,
    createdAt: str, deadlineAt: str, status: { type: 'string', enum: ['open', 'overdue', 'delisted', 'refused', 'withdrawn', 'reinstated'] },
    withdrawnAt: nstr, withdrawnReason: nstr, ack: ackSchema,
  },
  required: ['seq', 'kind', 'id', 'url', 'domain', 'filmId', 'reason', 'createdAt', 'deadlineAt', 'status', 'withdrawnAt', 'withdrawnReason', 'ack'],
} as const;

const ackBody = {
  type: 'object',
  properties: {
    verdict: { type: 'string', enum: ['delisted', 'refused', 'reinstated'] },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    actedAt: { type: 'string', format: 'date-time' },
  },
  required: ['verdict'],
  additionalProperties: false,
} as const;

/** who may read the feed: the search engines it is for, and the admins and operators who run it */
export const FEED_READERS = allow('search_engine', 'admin', 'operator');
type Page = { Querystring: { after?: number; limit?: number } };

export default async function delistRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, config } = deps;
  const page = (q: Page['Querystring'], viewerId: string | null) =>
    delistFeed(db, { after: q.after, limit: q.limit, viewerId, deadlineHours: config.delistDeadlineHours });
  const viewer = (role: string, id: string) => (role === 'search_engine' ? id : null);
  const query = cursorQuery(DELIST_MAX_LIMIT, 100);

  app.get<Page>('/api/delist', { config: FEED_READERS, schema: { querystring: query, response: withErrors(cursorPage(delistItemSchema)) } }, async (req) => {
    const u = userOf(req);
    return page(req.query, viewer(u.role, u.id));
  });

  app.post<{ Params: { id: string }; Body: { verdict: AckVerdict; reason?: string; actedAt?: string } }>(
    '/api/delist/:id/ack',
    {
      config: allow('search_engine'),
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^dl_[0-9a-zA-Z_-]{1,80}$' } }, required: ['id'] },
        body: ackBody,
        response: withErrors({ type: 'object', properties: { id: str, changed: { type: 'boolean' }, ack: ackSchema }, required: ['id', 'changed', 'ack'] }),
      },
    },
    async (req) => {
      const { verdict, reason, actedAt } = req.body;
      if (verdict === 'refused' && !reason?.trim()) throw new HttpError(400, 'bad_request', 'a refusal needs a reason');
      const out = await ackDelistItem(db, { itemId: req.params.id, userId: userOf(req).id, verdict, reason, actedAt: actedAt ? new Date(actedAt) : undefined, via: viaOf(req) });
      return { id: req.params.id, ...out };
    },
  );

  app.get<Page>('/api/delist/tcrp.txt', { config: FEED_READERS, schema: { querystring: query, response: withErrors(str) } }, async (req, reply) => {
    const u = userOf(req);
    const p = await page(req.query, viewer(u.role, u.id));
    const text = tcrpText(p.items, await filmsOf(db, p.items), { sender: 'Kuzet', registryUrl: `${config.baseUrl}/`, nextCursor: p.nextCursor });
    return reply.header('x-next-cursor', String(p.nextCursor)).type('text/plain; charset=utf-8').send(text);
  });

  app.get<Page>(
    '/api/delist/lumen.json',
    { config: FEED_READERS, schema: { querystring: query, response: withErrors({ type: 'object', properties: { notices: { type: 'array', items: { type: 'object', additionalProperties: true } }, nextCursor: { type: 'integer' } }, required: ['notices', 'nextCursor'] }) } },
    async (req) => {
      const u = userOf(req);
      const p = await page(req.query, viewer(u.role, u.id));
      return { notices: lumenNotices(p.items, await filmsOf(db, p.items), { sender: 'Kuzet', recipient: u.name }), nextCursor: p.nextCursor };
    },
  );
}
