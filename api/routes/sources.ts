// Monitored sources through the API: investigators list them (with mirrors proposed by discovery, which wait
// disabled until someone enables them), add a site or channel (crawled at once), enable or disable one.
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../../storage/audit.ts';
import { addSource, listSources, setSourceEnabled, type Source } from '../../storage/sources.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { DECIDER_ROLES } from '../../storage/users.ts';
import { allow, HttpError, userOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const sourceItem = {
  type: 'object',
  properties: {
    id: str, kind: str, url: str, domain: str, profile: nstr, enabled: { type: 'boolean' }, recrawlMinutes: { type: 'integer' },
    proposedReason: nstr, lastCrawledAt: nstr, createdAt: str,
  },
  required: ['id', 'kind', 'url', 'domain', 'enabled', 'recrawlMinutes', 'proposedReason', 'lastCrawledAt', 'createdAt'],
} as const;

const view = (r: Source) => ({
  id: r.id, kind: r.kind, url: r.url, domain: r.domain, profile: r.profile, enabled: r.enabled, recrawlMinutes: r.recrawl_minutes,
  proposedReason: r.proposed_reason, lastCrawledAt: r.last_crawled_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
});

export default async function sourceRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  const deciders = allow(...DECIDER_ROLES);

  app.get<{ Querystring: { proposed?: boolean } }>('/api/sources', {
    config: deciders,
    schema: {
      querystring: { type: 'object', properties: { proposed: { type: 'boolean' } }, additionalProperties: false },
      response: withErrors({ type: 'object', properties: { items: { type: 'array', items: sourceItem } }, required: ['items'] }),
    },
  }, async (req) => {
    return { items: (await listSources(db, { proposed: req.query.proposed, newestFirst: true, limit: 1000 })).map(view) };
  });

  app.post<{ Body: { kind: 'web' | 'telegram'; url: string; profile?: string; recrawlMinutes?: number } }>('/api/sources', {
    config: deciders,
    schema: {
      body: {
        type: 'object',
        properties: { kind: { type: 'string', enum: ['web', 'telegram'] }, url: { type: 'string', maxLength: 2000 }, profile: { type: 'string', maxLength: 40 }, recrawlMinutes: { type: 'integer', minimum: 5, maximum: 100_000 } },
        required: ['kind', 'url'],
        additionalProperties: false,
      },
      response: withErrors({ type: 'object', properties: { id: str, created: { type: 'boolean' } }, required: ['id', 'created'] }, 201),
    },
  }, async (req, reply) => {
    let r: { id: string; created: boolean };
    try {
      r = await addSource(db, { kind: req.body.kind, url: req.body.url, profile: req.body.profile ?? null, recrawlMinutes: req.body.recrawlMinutes });
    } catch (e) {
      throw new HttpError(400, 'bad_request', (e as Error).message);
    }
    if (r.created) {
      await appendAudit(db, { actor: userOf(req).id, action: 'source.add', subject: r.id, details: { kind: req.body.kind, url: req.body.url } });
      await deps.pipeline.sourceAdded(r.id, req.id);
    }
    return reply.code(201).send(r);
  });

  app.post<{ Params: { id: string }; Body: { enabled: boolean } }>('/api/sources/:id/enabled', {
    config: deciders,
    schema: {
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
      body: { type: 'object', properties: { enabled: { type: 'boolean' } }, required: ['enabled'], additionalProperties: false },
      response: withErrors(sourceItem),
    },
  }, async (req) => {
    const row = await setSourceEnabled(db, req.params.id, req.body.enabled);
    if (!row) throw new HttpError(404, 'not_found', `no source ${req.params.id}`);
    await appendAudit(db, { actor: userOf(req).id, action: req.body.enabled ? 'source.enable' : 'source.disable', subject: row.id, details: { url: row.url } });
    if (req.body.enabled) await deps.pipeline.sourceEnabled(row.id, req.id);
    return view(row);
  });
}
