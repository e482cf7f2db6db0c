// Investigator API: pending match reviews and registry proposals with their decisions.
import type { FastifyInstance } from 'fastify';
import { decideEntry, type Verdict } from '../../registry/approvals.ts';
import { withOverblockFacts } from '../../registry/overblock.ts';
import { listProposed } from '../../registry/queries.ts';
import { listPendingReviews, reviewMatch } from '../../registry/reviews.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { DECIDER_ROLES } from '../../storage/users.ts';
import { allow, userOf, viaOf } from '../plugins/auth.ts';

const decisionBody = {
  type: 'object',
  properties: { verdict: { type: 'string', enum: ['approve', 'reject'] }, note: { type: 'string', maxLength: 2000 } },
  required: ['verdict'],
  additionalProperties: false,
} as const;
type DecisionBody = { verdict: Verdict; note?: string };

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;

const reviewItem = {
  type: 'object',
  properties: {
    matchId: str, candidateUrl: str, domain: str, filmId: nstr, filmTitle: nstr, score: { type: 'number' },
    matchedFrames: { type: 'integer' }, createdAt: str,
    audio: { type: ['object', 'null'], properties: { ber: { type: 'number' }, offsetS: { type: 'number' }, confirmed: { type: 'boolean' } } },
  },
  required: ['matchId', 'candidateUrl', 'domain', 'filmId', 'filmTitle', 'score', 'matchedFrames', 'createdAt'],
} as const;

// overblocking facts an approver must see (registry/overblock.ts): entry kind, CDN/shared host, ASNs, addresses, warnings
const warnings = { type: 'array', items: { type: 'object', properties: { code: { type: 'string', enum: ['cdn', 'ip', 'protected', 'unresolved'] }, message: str }, required: ['code', 'message'] } } as const;
const network = {
  type: ['object', 'null'],
  properties: {
    host: str, checkedAt: str, dataDate: nstr, error: str, asns: { type: 'array', items: { type: 'integer' } },
    addresses: { type: 'array', items: { type: 'object', properties: { ip: str, asn: { type: ['integer', 'null'] }, org: nstr, country: nstr } } },
    shared: { type: 'array', items: { type: 'object', properties: { asn: { type: 'integer' }, name: str, kind: str } } },
  },
} as const;

const proposedItem = {
  type: 'object',
  properties: {
    id: str, domain: str, status: str, proposedAt: str, reason: str,
    kind: { type: 'string', enum: ['domain', 'ip'] }, cdn: { type: 'boolean' }, asns: { type: 'array', items: { type: 'integer' } }, network, warnings,
    films: { type: 'array', items: { type: 'object', properties: { id: str, titleKk: str, titleRu: str, titleEn: nstr } } },
    matchIds: { type: 'array', items: str },
    approvals: { type: 'array', items: { type: 'object', properties: { userId: str, verdict: str, note: nstr } } },
  },
  required: ['id', 'domain', 'status', 'proposedAt', 'films', 'matchIds', 'approvals', 'kind', 'cdn', 'warnings'],
} as const;

export default async function investigatorRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  const deciders = allow(...DECIDER_ROLES);

  app.get('/api/reviews', { config: deciders, schema: { response: withErrors({ type: 'object', properties: { items: { type: 'array', items: reviewItem } }, required: ['items'] }) } }, async () => ({
    items: await listPendingReviews(db),
  }));

  app.post<{ Params: { matchId: string }; Body: DecisionBody }>(
    '/api/reviews/:matchId',
    {
      config: deciders,
      schema: {
        params: { type: 'object', properties: { matchId: { type: 'string', maxLength: 200 } }, required: ['matchId'] },
        body: decisionBody,
        response: withErrors({ type: 'object', properties: { status: str, publish: { type: 'boolean' }, queued: { type: 'boolean' } }, required: ['status', 'publish'] }),
      },
    },
    async (req) => {
      const { matchId } = req.params;
      const out = await reviewMatch(db, { matchId, userId: userOf(req).id, verdict: req.body.verdict, note: req.body.note, via: viaOf(req) });
      // the decision is committed; its publish is queued now, or by the publish sweep when Redis is down
      const queued = out.publish ? await deps.pipeline.reviewConfirmed(matchId, req.id).then(() => true, (e: Error) => {
        req.log.warn({ matchId, err: e.message }, 'publish not queued (Redis unreachable): the publish sweep will queue it');
        return false;
      }) : false;
      req.log.info({ matchId, userId: userOf(req).id, ...out, queued }, 'match reviewed');
      return { ...out, queued };
    },
  );

  app.get('/api/registry/proposed', { config: deciders, schema: { response: withErrors({ type: 'object', properties: { items: { type: 'array', items: proposedItem } }, required: ['items'] }) } }, async () => ({
    items: await withOverblockFacts(db, await listProposed(db)),
  }));

  app.post<{ Params: { entryId: string }; Body: DecisionBody }>(
    '/api/registry/:entryId/decision',
    {
      config: deciders,
      schema: {
        params: { type: 'object', properties: { entryId: { type: 'string', maxLength: 200 } }, required: ['entryId'] },
        body: decisionBody,
        response: withErrors({ type: 'object', properties: { entryId: str, status: str, warnings }, required: ['entryId', 'status', 'warnings'] }),
      },
    },
    async (req) => {
      const { entryId } = req.params;
      const status = await decideEntry(db, { entryId, userId: userOf(req).id, verdict: req.body.verdict, note: req.body.note, via: viaOf(req), validDays: deps.config.entryValidDays });
      req.log.info({ entryId, userId: userOf(req).id, verdict: req.body.verdict, status }, 'registry decision');
      const [facts] = await withOverblockFacts(db, [{ id: entryId }]);
      return { entryId, status, warnings: facts?.warnings ?? [] };
    },
  );
}
