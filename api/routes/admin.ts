// Admin API: protected domains (never proposed for the registry) and the audit trail.
import type { FastifyInstance } from 'fastify';
import { normaliseDomainInput } from '../../registry/domains.ts';
import { appendAudit } from '../../storage/audit.ts';
import { cursorPage, cursorQuery, withErrors, type RouteOpts } from '../deps.ts';
import { HttpError, requireRole, userOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const protectedItem = {
  type: 'object',
  properties: { domain: str, reason: str, addedBy: { type: ['string', 'null'] }, createdAt: str },
  required: ['domain', 'reason', 'addedBy', 'createdAt'],
} as const;

export default async function adminRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  const admin = requireRole(db, 'admin');

  app.get('/api/protected-domains', { preHandler: admin, schema: { response: withErrors({ type: 'object', properties: { items: { type: 'array', items: protectedItem } }, required: ['items'] }) } }, async () => {
    const rows = await db.query<{ domain: string; reason: string; added_by: string | null; created_at: Date }>('SELECT * FROM protected_domains ORDER BY domain');
    return { items: rows.map((r) => ({ domain: r.domain, reason: r.reason, addedBy: r.added_by, createdAt: new Date(r.created_at).toISOString() })) };
  });

  app.post<{ Body: { domain: string; reason: string } }>(
    '/api/protected-domains',
    {
      preHandler: admin,
      schema: {
        body: {
          type: 'object',
          properties: { domain: { type: 'string', minLength: 1, maxLength: 253 }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
          required: ['domain', 'reason'],
          additionalProperties: false,
        },
        response: withErrors({ type: 'object', properties: { domain: str, created: { type: 'boolean' } }, required: ['domain', 'created'] }, 201),
      },
    },
    async (req, reply) => {
      let domain: string;
      try {
        domain = normaliseDomainInput(req.body.domain);
      } catch (e) {
        throw new HttpError(400, 'bad_request', (e as Error).message);
      }
      const user = userOf(req);
      const created = await db.tx(async (t) => {
        const rows = await t.query('INSERT INTO protected_domains (domain, reason, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING domain', [domain, req.body.reason, user.id]);
        if (rows.length) await appendAudit(t, { actor: user.id, action: 'protected_domain.add', subject: domain, details: { reason: req.body.reason } });
        return rows.length > 0;
      });
      return reply.status(201).send({ domain, created });
    },
  );

  app.get<{ Querystring: { after: number; limit: number } }>(
    '/api/audit',
    {
      preHandler: admin,
      schema: {
        querystring: cursorQuery(1000, 200),
        response: withErrors(cursorPage({
          type: 'object',
          properties: { seq: { type: 'integer' }, at: str, actor: str, action: str, subject: { type: ['string', 'null'] }, details: { type: 'object', additionalProperties: true }, hash: str },
          required: ['seq', 'at', 'actor', 'action', 'subject', 'details', 'hash'],
        })),
      },
    },
    async (req) => {
      const rows = await db.query<{ seq: number; at: Date; actor: string; action: string; subject: string | null; details: Record<string, unknown>; hash: string }>(
        'SELECT seq, at, actor, action, subject, details, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
        [req.query.after, req.query.limit],
      );
      const items = rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
      return { items, nextCursor: items.at(-1)?.seq ?? req.query.after };
    },
  );
}
