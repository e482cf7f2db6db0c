// Public HTML pages in three languages: `/` (Kazakh, or ?lang=), `/kk/…`, `/ru/…`, `/en/…`.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { countActive, listActive, maxSerial } from '../../registry/queries.ts';
import type { RouteOpts } from '../deps.ts';
import { PUBLIC } from '../plugins/auth.ts';
import { isLang, LANGS, type Lang } from '../html/i18n.ts';
import { aboutPage, notFoundPage, registryPage } from '../html/pages.ts';

type Q = { Querystring: { lang?: string; q?: string; page?: number }; Params: { serial?: string } };
const query = {
  type: 'object',
  properties: { lang: { type: 'string', maxLength: 5 }, q: { type: 'string', maxLength: 200 }, page: { type: 'integer', minimum: 1, maximum: 1_000_000 } },
} as const;
/** entries per page of the public list: the page stays small whatever the registry's size */
const PAGE = 100;
const html = (reply: FastifyReply, body: string, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);

export default async function publicRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, search } = deps;
  const schema = { querystring: query, response: { 200: { type: 'string' }, 404: { type: 'string' } } };

  for (const prefix of ['', ...LANGS.map((l) => `/${l}`)]) {
    const langOf = (q: { lang?: string }): Lang => (prefix ? (prefix.slice(1) as Lang) : isLang(q.lang) ? q.lang : 'kk');
    const home = async (req: { query: Q['Querystring'] }, reply: FastifyReply) => {
      const q = (req.query.q ?? '').trim();
      const [serial, total] = [await maxSerial(db), await countActive(db)];
      const pages = Math.max(1, Math.ceil(total / PAGE));
      const page = Math.min(req.query.page ?? 1, pages);
      const entries = q ? await listActive(db, { ids: await search.search(q, 500) }) : await listActive(db, { limit: PAGE, offset: (page - 1) * PAGE });
      return html(reply, registryPage(langOf(req.query), { entries, serial, total, query: q, page: q ? 1 : page, pages: q ? 1 : pages }));
    };
    app.get<Q>(prefix || '/', { config: PUBLIC, schema }, home);
    if (prefix) app.get<Q>(`${prefix}/`, { config: PUBLIC, schema }, home);
    app.get<Q>(`${prefix}/about`, { config: PUBLIC, schema }, async (req, reply) => html(reply, aboutPage(langOf(req.query))));
    app.get<Q>(
      `${prefix}/entry/:serial`,
      { config: PUBLIC, schema: { ...schema, params: { type: 'object', properties: { serial: { type: 'string', pattern: '^[0-9]{1,15}$' } }, required: ['serial'] } } },
      // the entry page moved to /registry/{serial} (api/routes/appeals.ts), which also shows lifted and expired entries
      async (req, reply) => reply.status(301).header('location', `${prefix}/registry/${req.params.serial}${prefix || !req.query.lang ? '' : `?lang=${encodeURIComponent(langOf(req.query))}`}`).send(''),
    );
  }
}
