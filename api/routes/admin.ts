// Admin API: protected domains (never proposed for the registry); the audit trail, which operators read as well.
import type { FastifyInstance } from 'fastify';
import { addProtected, addProtectedAsn, listProtected, listProtectedAsns, normaliseDomainInput } from '../../registry/domains.ts';
import { approveIpBlock } from '../../registry/overblock.ts';
import { listAudit } from '../../storage/audit.ts';
import { readAnchors, verifyAudit } from '../../storage/audit-anchors.ts';
import { cursorPage, cursorQuery, withErrors, type RouteOpts } from '../deps.ts';
import { allow, HttpError, userOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const protectedItem = {
  type: 'object',
  properties: { domain: str, reason: str, addedBy: { type: ['string', 'null'] }, createdAt: str },
  required: ['domain', 'reason', 'addedBy', 'createdAt'],
} as const;

export default async function adminRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  const admin = allow('admin');
  const auditReaders = allow('admin', 'operator');

  app.get('/api/protected-domains', { config: admin, schema: { response: withErrors({ type: 'object', properties: { items: { type: 'array', items: protectedItem } }, required: ['items'] }) } }, async () => {
    return { items: await listProtected(db) };
  });

  app.post<{ Body: { domain: string; reason: string } }>(
    '/api/protected-domains',
    {
      config: admin,
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
      const created = await addProtected(db, { domain, reason: req.body.reason, actor: user.id });
      return reply.status(201).send({ domain, created });
    },
  );

  const asnItem = { type: 'object', properties: { asn: { type: 'integer' }, reason: str, addedBy: { type: ['string', 'null'] }, createdAt: str }, required: ['asn', 'reason', 'addedBy', 'createdAt'] } as const;
  app.get('/api/protected-asns', { config: admin, schema: { response: withErrors({ type: 'object', properties: { items: { type: 'array', items: asnItem } }, required: ['items'] }) } }, async () => {
    return { items: await listProtectedAsns(db) };
  });

  app.post<{ Body: { asn: number; reason: string } }>(
    '/api/protected-asns',
    {
      config: admin,
      schema: {
        body: {
          type: 'object',
          properties: { asn: { type: 'integer', minimum: 1, maximum: 4294967295 }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
          required: ['asn', 'reason'],
          additionalProperties: false,
        },
        response: withErrors({ type: 'object', properties: { asn: { type: 'integer' }, created: { type: 'boolean' } }, required: ['asn', 'created'] }, 201),
      },
    },
    async (req, reply) => {
      const created = await addProtectedAsn(db, { asn: req.body.asn, reason: req.body.reason, actor: userOf(req).id });
      return reply.status(201).send({ asn: req.body.asn, created });
    },
  );

  // an entry of kind 'ip' is exported as an address block only after this separate, explicit admin decision
  app.post<{ Params: { entryId: string }; Body: { reason: string } }>(
    '/api/registry/:entryId/ip-block',
    {
      config: admin,
      schema: {
        params: { type: 'object', properties: { entryId: { type: 'string', maxLength: 200 } }, required: ['entryId'] },
        body: { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } }, required: ['reason'], additionalProperties: false },
        response: withErrors({ type: 'object', properties: { entryId: str, domain: str, ipBlockApproved: { type: 'boolean' } }, required: ['entryId', 'domain', 'ipBlockApproved'] }),
      },
    },
    async (req) => {
      const r = await approveIpBlock(db, { entryId: req.params.entryId, userId: userOf(req).id, reason: req.body.reason });
      return { ...r, ipBlockApproved: true };
    },
  );

  app.get<{ Querystring: { after: number; limit: number } }>(
    '/api/audit',
    {
      config: auditReaders,
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
      const items = await listAudit(db, req.query.after, req.query.limit);
      return { items, nextCursor: items.at(-1)?.seq ?? req.query.after };
    },
  );

  const anchorItem = { type: 'object', properties: { seq: { type: 'integer' }, hash: str, at: str, source: str, problem: str }, required: ['seq', 'hash', 'problem'] } as const;
  app.get('/api/audit/verify', {
    config: auditReaders,
    schema: {
      response: withErrors({
        type: 'object',
        properties: {
          ok: { type: 'boolean' }, rows: { type: 'integer' }, brokenAt: { type: ['integer', 'null'] }, problem: { type: ['string', 'null'] },
          head: { type: ['object', 'null'], properties: { seq: { type: 'integer' }, hash: str }, required: ['seq', 'hash'] },
          anchors: { type: 'object', properties: { checked: { type: 'integer' }, failed: { type: 'array', items: anchorItem } }, required: ['checked', 'failed'] },
        },
        required: ['ok', 'rows', 'brokenAt', 'problem', 'head', 'anchors'],
      }),
    },
  }, async () => verifyAudit(db, readAnchors(deps.config.dataDir)));
}
