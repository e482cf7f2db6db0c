// Supervisor API: the appeals queue (with overdue flags), decisions (uphold / lift, with a reason), an appeal's
// evidence file, re-verification's lift proposals, and lifting or renewing an entry by hand. Every decision is
// audited with the key it came with.
import type { FastifyInstance } from 'fastify';
import { decideAppeal, isAppealRef } from '../../registry/appeals.ts';
import { appealEvidence, listAppeals } from '../../registry/appeals-view.ts';
import { liftEntry, listLiftProposals, renewEntry, SUPERVISOR_ROLES } from '../../registry/lifecycle.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { allow, HttpError, userOf, viaOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const reasonBody = { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } }, required: ['reason'], additionalProperties: false } as const;
const appealItem = {
  type: 'object',
  properties: {
    id: str, ref: str, entryId: str, serial: { type: ['integer', 'null'] }, domain: str, entryStatus: str, status: str, contact: str, grounds: str, lang: str,
    filedAt: str, dueAt: str, overdue: { type: 'boolean' }, decidedAt: nstr, decisionReason: nstr,
    evidence: { type: ['object', 'null'], properties: { sha256: str, bytes: { type: 'integer' }, type: str } },
  },
  required: ['id', 'ref', 'entryId', 'status', 'filedAt', 'dueAt', 'overdue'],
} as const;
const refParams = { type: 'object', properties: { ref: { type: 'string', maxLength: 40 } }, required: ['ref'] } as const;
const entryParams = { type: 'object', properties: { entryId: { type: 'string', maxLength: 200 } }, required: ['entryId'] } as const;

export default async function supervisorRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, blobs, config: cfg } = deps;
  const supervisors = allow(...SUPERVISOR_ROLES);

  app.get<{ Querystring: { status?: 'open' | 'upheld' | 'lifted' | 'closed' | 'all' } }>('/api/appeals', {
    config: supervisors,
    schema: {
      querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'upheld', 'lifted', 'closed', 'all'], default: 'open' } }, additionalProperties: false },
      response: withErrors({ type: 'object', properties: { items: { type: 'array', items: appealItem } }, required: ['items'] }),
    },
  }, async (req) => ({ items: await listAppeals(db, { status: req.query.status === 'all' ? null : (req.query.status ?? 'open') }) }));

  app.post<{ Params: { ref: string }; Body: { decision: 'uphold' | 'lift'; reason: string } }>('/api/appeals/:ref/decision', {
    config: supervisors,
    schema: {
      params: refParams,
      body: { type: 'object', properties: { decision: { type: 'string', enum: ['uphold', 'lift'] }, reason: { type: 'string', minLength: 1, maxLength: 2000 } }, required: ['decision', 'reason'], additionalProperties: false },
      response: withErrors({ type: 'object', properties: { status: str, entryStatus: str }, required: ['status', 'entryStatus'] }),
    },
  }, async (req) => decideAppeal(db, { ref: req.params.ref, userId: userOf(req).id, decision: req.body.decision, reason: req.body.reason, via: viaOf(req) }));

  app.get<{ Params: { ref: string } }>('/api/appeals/:ref/evidence', {
    config: supervisors,
    schema: { params: refParams, response: { 200: { type: 'string', format: 'binary' }, '4xx': { type: 'object', properties: { error: str, message: str } } } },
  }, async (req, reply) => {
    const ev = isAppealRef(req.params.ref) ? await appealEvidence(db, req.params.ref) : null;
    if (!ev) throw new HttpError(404, 'not_found', 'no evidence file for this appeal');
    const ext = ev.path.slice(ev.path.lastIndexOf('.'));
    return reply.type(ev.type).header('content-disposition', `attachment; filename="appeal-evidence${ext}"`).header('x-content-sha256', ev.sha256).send(await blobs.read(ev.path));
  });

  app.get('/api/registry/lift-proposals', {
    config: supervisors,
    schema: { response: withErrors({ type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { entryId: str, domain: str, serial: { type: ['integer', 'null'] }, status: str, proposedAt: str, reason: str, expiresAt: nstr } } } }, required: ['items'] }) },
  }, async () => ({ items: await listLiftProposals(db) }));

  for (const action of ['lift', 'renew'] as const) {
    app.post<{ Params: { entryId: string }; Body: { reason: string } }>(`/api/registry/:entryId/${action}`, {
      config: supervisors,
      schema: { params: entryParams, body: reasonBody, response: withErrors({ type: 'object', properties: { version: { type: 'integer' } }, required: ['version'] }) },
    }, async (req) => {
      const d = { entryId: req.params.entryId, userId: userOf(req).id, reason: req.body.reason, via: viaOf(req) };
      return action === 'lift' ? liftEntry(db, d) : renewEntry(db, { ...d, validDays: cfg.entryValidDays });
    });
  }
}
