// Public HTML pages in three languages: `/` (Kazakh, or ?lang=), `/kk/…`, `/ru/…`, `/en/…`.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createListIndex } from '../../registry/list-index.ts';
import { listActive } from '../../registry/queries.ts';
import { keyFingerprint, formatFingerprint } from '../../registry/signed.ts';
import { signingKeySection, type SigningKeyInfo } from '../html/signing-i18n.ts';
import { SIGNING_KEY_URL } from './exports.ts';
import { exportSigner } from './export-signer.ts';
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
const PAGE_CACHE = 300;
const html = (reply: FastifyReply, body: string, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);

export default async function publicRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, search, config, log } = deps;
  // the list pages by key with the total known per registry version (registry/list-index.ts); the rendered pages of
  // the current version are kept (at most PAGE_CACHE of them), so a page read again costs no query
  const index = createListIndex(db, { pageSize: PAGE, ttlMs: config.exportVersionTtlMs });
  const rendered = new Map<string, string>();
  const signer = exportSigner(config, log);
  const signingKey = async (): Promise<SigningKeyInfo | null> => {
    try {
      const s = await signer();
      return { fingerprint: formatFingerprint(keyFingerprint(s.publicKeyPem)), keyId: s.keyId, url: SIGNING_KEY_URL };
    } catch {
      return null; // no key yet (production before `kuzet keys init`): the page says so
    }
  };
  const schema = { querystring: query, response: { 200: { type: 'string' }, 404: { type: 'string' } } };

  for (const prefix of ['', ...LANGS.map((l) => `/${l}`)]) {
    const langOf = (q: { lang?: string }): Lang => (prefix ? (prefix.slice(1) as Lang) : isLang(q.lang) ? q.lang : 'kk');
    const home = async (req: { query: Q['Querystring'] }, reply: FastifyReply) => {
      const q = (req.query.q ?? '').trim();
      const lang = langOf(req.query);
      if (q) {
        const [entries, all] = [await listActive(db, { ids: await search.search(q, 500) }), await index.page(1)];
        // (all.entries is not read: only the registry's serial and total)
        return html(reply, registryPage(lang, { entries, serial: all.serial, total: all.total, query: q, page: 1, pages: 1 }));
      }
      const p = await index.page(req.query.page ?? 1);
      const key = `${p.version}|${lang}|${p.page}`;
      let body = rendered.get(key);
      if (!body) {
        body = registryPage(lang, { entries: await p.entries(), serial: p.serial, total: p.total, query: '', page: p.page, pages: p.pages });
        if (rendered.size >= PAGE_CACHE || ![...rendered.keys()].every((k) => k.startsWith(`${p.version}|`))) rendered.clear();
        rendered.set(key, body);
      }
      return html(reply, body);
    };
    app.get<Q>(prefix || '/', { config: PUBLIC, schema }, home);
    if (prefix) app.get<Q>(`${prefix}/`, { config: PUBLIC, schema }, home);
    app.get<Q>(`${prefix}/about`, { config: PUBLIC, schema }, async (req, reply) => {
      const lang = langOf(req.query);
      return html(reply, aboutPage(lang, signingKeySection(lang, await signingKey())));
    });
    app.get<Q>(
      `${prefix}/entry/:serial`,
      { config: PUBLIC, schema: { ...schema, params: { type: 'object', properties: { serial: { type: 'string', pattern: '^[0-9]{1,15}$' } }, required: ['serial'] } } },
      // the entry page moved to /registry/{serial} (api/routes/appeals.ts), which also shows lifted and expired entries
      async (req, reply) => reply.status(301).header('location', `${prefix}/registry/${req.params.serial}${prefix || !req.query.lang ? '' : `?lang=${encodeURIComponent(langOf(req.query))}`}`).send(''),
    );
  }
}
