// Public lifecycle pages (kk/ru/en): the entry page `/registry/{serial}` (any status but proposed/rejected), its appeal
// form `/registry/{serial}/appeal`, `POST /appeals` (multipart or urlencoded from the form → 303 to the status page;
// JSON → 201 {ref, dueAt, statusUrl}) and the appeal's status page `/appeals/{ref}` (the reference is the key).
// Abuse: 10 appeal posts per address and hour here (on top of the global limit), APPEALS_PER_CLIENT_PER_DAY and
// APPEALS_OPEN_PER_ENTRY in the database, a honeypot field (`website`), size limits on the body, fields and file.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppealRefused, fileAppeal, isAppealRef } from '../../registry/appeals.ts';
import { appealByRef } from '../../registry/appeals-view.ts';
import { isListed } from '../../registry/lifecycle.ts';
import { entryPageData } from '../../registry/lifecycle-view.ts';
import { errorSchema, type RouteOpts } from '../deps.ts';
import { FormError, parseMultipart, parseUrlEncoded, type FormFile } from '../forms.ts';
import { appealErrorHtml, appealFormHtml, appealStatusHtml, entryPageHtml, type LegalBasis } from '../html/entry-page.ts';
import { isLang, LANGS, type Lang } from '../html/i18n.ts';
import { notFoundPage } from '../html/pages.ts';
import { PUBLIC } from '../plugins/auth.ts';

type Q = { Querystring: { lang?: string }; Params: { serial?: string; ref?: string } };
const query = { type: 'object', properties: { lang: { type: 'string', maxLength: 5 } } } as const;
const serialParams = { type: 'object', properties: { serial: { type: 'string', pattern: '^[0-9]{1,15}$' } }, required: ['serial'] } as const;
const refParams = { type: 'object', properties: { ref: { type: 'string', maxLength: 40 } }, required: ['ref'] } as const;
const htmlResponse = { 200: { type: 'string' }, 404: { type: 'string' } } as const;
/** posts of the appeal form per client address and hour (the global per-minute limit applies as well) */
export const APPEAL_POSTS_PER_HOUR = 10;

const html = (reply: FastifyReply, body: string, status = 200, cache = 'no-store') =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', cache).send(body);

export default async function appealRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, blobs, config: cfg } = deps;
  const legalOf = (lang: Lang): LegalBasis => ({
    basis: { kk: cfg.legalBasisKk, ru: cfg.legalBasisRu, en: cfg.legalBasisEn }[lang],
    authority: { kk: cfg.legalAuthorityKk, ru: cfg.legalAuthorityRu, en: cfg.legalAuthorityEn }[lang],
  });
  const days = cfg.appealDeadlineWorkingDays;

  for (const prefix of ['', ...LANGS.map((l) => `/${l}`)]) {
    const langOf = (q: { lang?: string }): Lang => (prefix ? (prefix.slice(1) as Lang) : isLang(q.lang) ? q.lang : 'kk');
    const entryOf = async (req: FastifyRequest<Q>) => entryPageData(db, Number(req.params.serial), { showUrls: cfg.publicEntryUrls });
    app.get<Q>(`${prefix}/registry/:serial`, { config: PUBLIC, schema: { querystring: query, params: serialParams, response: htmlResponse } }, async (req, reply) => {
      const lang = langOf(req.query);
      const e = await entryOf(req);
      return e ? html(reply, entryPageHtml(lang, e, legalOf(lang), { deadlineDays: days }), 200, 'public, max-age=60') : html(reply, notFoundPage(lang, `/registry/${req.params.serial}`), 404);
    });
    app.get<Q>(`${prefix}/registry/:serial/appeal`, { config: PUBLIC, schema: { querystring: query, params: serialParams, response: htmlResponse } }, async (req, reply) => {
      const lang = langOf(req.query);
      const e = await entryOf(req);
      if (!e || !isListed(e.status)) return html(reply, notFoundPage(lang, `/registry/${req.params.serial}/appeal`), 404);
      return html(reply, appealFormHtml(lang, e, { deadlineDays: days, maxFileBytes: cfg.appealMaxFileBytes }));
    });
    app.get<Q>(`${prefix}/appeals/:ref`, { config: PUBLIC, schema: { querystring: query, params: refParams, response: htmlResponse } }, async (req, reply) => {
      const lang = langOf(req.query);
      const a = isAppealRef(req.params.ref!) ? await appealByRef(db, req.params.ref!) : null;
      // same answer for a malformed and an unknown reference: nothing to learn by guessing
      return a ? html(reply, appealStatusHtml(lang, a, { deadlineDays: days })) : html(reply, notFoundPage(lang, '/'), 404);
    });
  }

  await app.register(async (scope) => {
    const fileLimit = cfg.appealMaxFileBytes + 64 * 1024;
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: fileLimit }, (req, body, done) => {
      try {
        done(null, { form: parseMultipart(body as Buffer, String(req.headers['content-type'])) });
      } catch (e) {
        done(e as Error, undefined);
      }
    });
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      try {
        done(null, { form: parseUrlEncoded(body as string) });
      } catch (e) {
        done(e as Error, undefined);
      }
    });
    type Body = { form?: { fields: Record<string, string>; files: Record<string, FormFile> } } & Record<string, unknown>;
    scope.post<{ Body: Body }>(
      '/appeals',
      {
        config: { ...PUBLIC, rateLimit: { max: APPEAL_POSTS_PER_HOUR, timeWindow: 3600_000 } },
        bodyLimit: fileLimit,
        schema: {
          body: {
            type: 'object',
            properties: { entry: { anyOf: [{ type: 'string', maxLength: 20 }, { type: 'integer' }] }, contact: { type: 'string', maxLength: 200 }, grounds: { type: 'string', maxLength: 5000 }, lang: { type: 'string', maxLength: 5 }, website: { type: 'string', maxLength: 200 } },
          },
          response: {
            201: { type: 'object', properties: { ref: { type: 'string' }, dueAt: { type: 'string' }, statusUrl: { type: 'string' } }, required: ['ref', 'dueAt', 'statusUrl'] },
            303: { type: 'string' },
            '4xx': errorSchema,
          },
        },
      },
      async (req, reply) => {
        const viaForm = !!req.body.form;
        const f: Record<string, unknown> = req.body.form ? req.body.form.fields : req.body;
        const lang: Lang = isLang(f.lang) ? f.lang : 'kk';
        const serial = /^\d{1,15}$/.test(String(f.entry ?? '')) ? Number(f.entry) : null;
        const refuse = (status: number, code: string, message: string) => {
          if (!viaForm) throw new AppealRefused(status, code, message);
          return html(reply, appealErrorHtml(lang, code, message, serial), status);
        };
        if (typeof f.website === 'string' && f.website.trim()) {
          req.log.warn({ ip: req.ip }, 'appeal refused: honeypot field filled');
          return refuse(400, 'rejected', 'the form was not accepted');
        }
        if (serial === null) return refuse(400, 'not_found', 'the form names no registry entry');
        try {
          const out = await fileAppeal({ db, blobs }, {
            serial, lang, contact: String(f.contact ?? ''), grounds: String(f.grounds ?? ''),
            file: req.body.form?.files.evidence?.data ?? null, clientAddress: req.ip,
          }, { deadlineWorkingDays: days, maxFileBytes: cfg.appealMaxFileBytes, perClientPerDay: cfg.appealsPerClientPerDay, openPerEntry: cfg.appealsOpenPerEntry });
          const statusUrl = `/${lang}/appeals/${out.ref}`;
          if (viaForm) return reply.status(303).header('location', statusUrl).header('cache-control', 'no-store').send('');
          return reply.status(201).send({ ref: out.ref, dueAt: out.dueAt, statusUrl });
        } catch (e) {
          if (e instanceof AppealRefused || e instanceof FormError) return refuse(e.statusCode, e.code, e.message);
          throw e;
        }
      },
    );
  });
}
