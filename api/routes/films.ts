// Films API for the rights holders' portal and admins (issue 11): import a State Film Register export (CSV body,
// same rules as `kuzet films import`; a rights holder's imported films are linked to them and another holder's
// register numbers are refused); search films by title in any script (a rights holder searches its own films).
import type { FastifyInstance } from 'fastify';
import { IMPORT_MAX_BYTES, ImportFileError, importFilms } from '../../films/import.ts';
import { filmSearcher, MAX_QUERY } from '../../films/search.ts';
import { filmIdsOfUser } from '../../storage/films.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { allow, HttpError, userOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const importReport = {
  type: 'object',
  properties: {
    created: int, updated: int, unchanged: int,
    invalid: { type: 'array', items: { type: 'object', properties: { line: int, reason: str }, required: ['line', 'reason'] } },
    rows: {
      type: 'array',
      items: { type: 'object', properties: { line: int, status: str, filmId: str, registerNo: str, reason: str }, required: ['line', 'status'] },
    },
    unknownColumns: { type: 'array', items: str }, encoding: str, delimiter: str, dryRun: { type: 'boolean' },
  },
  required: ['created', 'updated', 'unchanged', 'invalid', 'rows', 'unknownColumns', 'encoding', 'delimiter', 'dryRun'],
} as const;

const searchResult = {
  type: 'object',
  properties: {
    films: {
      type: 'array',
      items: { type: 'object', properties: { id: str, title_kk: str, title_ru: str, title_en: { type: ['string', 'null'] }, score: { type: 'number' } }, required: ['id', 'title_kk', 'title_ru', 'title_en', 'score'] },
    },
  },
  required: ['films'],
} as const;

export default async function filmRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  const searchFilms = filmSearcher(db);
  // the CSV arrives as raw bytes (its encoding is detected, not trusted from the header); this plugin only
  app.addContentTypeParser(['text/csv', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.post<{ Querystring: { dryRun?: boolean } }>('/api/films/import', {
    config: allow('admin', 'rights_holder'),
    bodyLimit: IMPORT_MAX_BYTES,
    schema: { querystring: { type: 'object', properties: { dryRun: { type: 'boolean' } }, additionalProperties: false }, response: withErrors(importReport) },
  }, async (req) => {
    const user = userOf(req);
    if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', 'send the CSV file as text/csv');
    try {
      const r = await importFilms(db, req.body, { actor: user.id, dryRun: req.query.dryRun, rightsHolderId: user.role === 'rights_holder' ? user.id : undefined });
      req.log.info({ by: user.id, created: r.created, updated: r.updated, unchanged: r.unchanged, invalid: r.invalid.length, dryRun: r.dryRun }, 'film register import');
      return r;
    } catch (e) {
      if (e instanceof ImportFileError) throw new HttpError(400, 'bad_request', e.message);
      throw e;
    }
  });

  app.get<{ Querystring: { q: string; limit?: number } }>('/api/films/search', {
    config: allow('admin', 'investigator', 'supervisor', 'rights_holder'),
    schema: {
      querystring: { type: 'object', properties: { q: { type: 'string', minLength: 1, maxLength: MAX_QUERY }, limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }, required: ['q'], additionalProperties: false },
      response: withErrors(searchResult),
    },
  }, async (req) => {
    const user = userOf(req);
    const filmIds = user.role === 'rights_holder' ? await filmIdsOfUser(db, user.id) : undefined;
    return { films: await searchFilms(req.query.q, { limit: req.query.limit, filmIds }) };
  });
}
