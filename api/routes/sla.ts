// Operators report the registry serial they applied; supervisors, admins and operators read the SLA view (who
// applied what when, delisting items acknowledged and overdue per search engine).
import type { FastifyInstance } from 'fastify';
import { APPLIED_FEEDS, recordApplied, slaView, type AppliedFeed } from '../../registry/sla.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { allow, userOf, viaOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const nint = { type: ['integer', 'null'] } as const;

const appliedBody = {
  type: 'object',
  properties: {
    serial: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    appliedAt: { type: 'string', format: 'date-time' },
    feed: { type: 'string', enum: [...APPLIED_FEEDS], default: 'rpz.zone' },
  },
  required: ['serial', 'appliedAt'],
  additionalProperties: false,
} as const;

const slaSchema = {
  type: 'object',
  properties: {
    generatedAt: str,
    registry: { type: 'object', properties: { serial: int, serialAt: nstr } },
    operators: { type: 'array', items: { type: 'object', properties: {
      userId: str, name: str, disabled: { type: 'boolean' }, reports: int, lastSerial: nint, feed: nstr, appliedAt: nstr, reportedAt: nstr, serialsBehind: nint, secondsToApply: nint,
    } } },
    searchEngines: { type: 'array', items: { type: 'object', properties: {
      userId: str, name: str, disabled: { type: 'boolean' }, delisted: int, refused: int, reinstated: int, overdue: int, pending: int,
      oldestOverdueDeadline: nstr, lastAckAt: nstr, medianHoursToAct: { type: ['number', 'null'] },
    } } },
    delist: { type: 'object', properties: { total: int, open: int, withdrawn: int, pastDeadline: int } },
  },
  required: ['generatedAt', 'registry', 'operators', 'searchEngines', 'delist'],
} as const;

export default async function slaRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  app.post<{ Body: { serial: number; appliedAt: string; feed: AppliedFeed } }>(
    '/api/feeds/applied',
    {
      config: allow('isp'),
      schema: {
        body: appliedBody,
        response: withErrors({ type: 'object', properties: { id: int, serial: int, feed: str, appliedAt: str, receivedAt: str, current: int }, required: ['id', 'serial', 'feed', 'appliedAt', 'receivedAt', 'current'] }, 201),
      },
    },
    async (req, reply) => {
      const out = await recordApplied(db, { userId: userOf(req).id, serial: req.body.serial, feed: req.body.feed, appliedAt: new Date(req.body.appliedAt), via: viaOf(req) });
      return reply.status(201).send(out);
    },
  );
  app.get('/api/sla', { config: allow('supervisor', 'admin', 'operator'), schema: { response: withErrors(slaSchema) } }, async () => slaView(db));
}
