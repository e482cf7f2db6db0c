// Dashboards for rights holders and supervisors (issue 11): GET /api/portal/dashboard (detections per day, the SLA
// chain per item, exposure per film), GET /api/portal/exposure.csv (the МФ/КГД piracy-loss input), the page
// /{kk,ru,en}/portal/dashboard, and uPlot's files from node_modules at /assets (never a CDN).
// A rights holder sees only its own films (user_films); admins and supervisors see all. A film id outside what the
// caller may see is a 404, whoever owns it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { exposureCsv, exposureOf } from '../../films/exposure.ts';
import { entriesOfMatches, slaChain } from '../../registry/sla.ts';
import { daysOf, detectionRows, exposureRows, periodOf, type Period } from '../../storage/dashboard.ts';
import { filmIdsOfUser } from '../../storage/films.ts';
import { filmsOverview } from '../../storage/portal.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { dashboardPage, dashboardPolicy } from '../html/dashboard-page.ts';
import { LANGS, type Lang } from '../html/i18n.ts';
import { allow, HttpError, PUBLIC, userOf } from '../plugins/auth.ts';
import { dashboardSchema } from './dashboard-schemas.ts';

const day = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' } as const;
const query = {
  type: 'object',
  properties: { from: day, to: day, film: { type: 'string', minLength: 1, maxLength: 200 } },
  additionalProperties: false,
} as const;
type Q = { Querystring: { from?: string; to?: string; film?: string } };
const MAX_DAYS = 366;

const ASSETS = { 'uplot.min.js': ['uPlot.iife.min.js', 'application/javascript; charset=utf-8'], 'uplot.min.css': ['uPlot.min.css', 'text/css; charset=utf-8'] } as const;

export default async function dashboardRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;

  /** the films the caller may see (all of them, or one asked for), the period, and the ids to filter by */
  async function scope(req: FastifyRequest<Q>) {
    const user = userOf(req);
    const own = user.role === 'rights_holder' ? await filmIdsOfUser(db, user.id) : null;
    const p = periodOf(req.query);
    if (p.from > p.to) throw new HttpError(400, 'bad_request', 'from must not be after to');
    if ((p.end.getTime() - p.start.getTime()) / 86400_000 > MAX_DAYS) throw new HttpError(400, 'bad_request', `a period is at most ${MAX_DAYS} days`);
    let films = await filmsOverview(db, own);
    if (req.query.film) {
      films = films.filter((f) => f.id === req.query.film);
      if (!films.length) throw new HttpError(404, 'not_found', 'no such film');
    }
    return { p, films, ids: films.map((f) => f.id) };
  }

  /** each film's exposure: the pages (storage) and when the registry blocked them (registry) */
  async function exposure(ids: string[], p: Period) {
    const rows = await exposureRows(db, ids, p);
    const entries = await entriesOfMatches(db, rows.map((r) => r.matchId));
    return exposureOf(ids, rows, new Map([...entries].map(([m, e]) => [m, e.activatedAt])));
  }

  app.get<Q>('/api/portal/dashboard', { config: allow('admin', 'supervisor', 'rights_holder'), schema: { querystring: query, response: withErrors(dashboardSchema) } }, async (req) => {
    const { p, films, ids } = await scope(req);
    const now = new Date();
    const rows = await detectionRows(db, ids, p);
    const chain = await slaChain(db, { filmIds: ids, start: p.start, end: p.end, now });
    const exp = await exposure(ids, p);
    return {
      generatedAt: now.toISOString(), timeZone: 'Asia/Almaty',
      period: { from: p.from, to: p.to, days: daysOf(p) },
      films: films.map((f) => ({ id: f.id, titleKk: f.titleKk, titleRu: f.titleRu, titleEn: f.titleEn, stateRegisterNo: f.stateRegisterNo, rightsHolder: f.rightsHolder })),
      detections: rows,
      sla: chain,
      exposure: exp,
    };
  });

  app.get<Q>('/api/portal/exposure.csv', { config: allow('admin', 'supervisor', 'rights_holder'), schema: { querystring: query, response: withErrors({ type: 'string' }) } }, async (req, reply) => {
    const { p, films, ids } = await scope(req);
    const csv = exposureCsv(films, await exposure(ids, p), p);
    return reply.type('text/csv; charset=utf-8').header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="kuzet-exposure-${p.from}-${p.to}.csv"`).send(csv);
  });

  // uPlot, read once at start-up from the installed package
  const dist = path.dirname(createRequire(import.meta.url).resolve('uplot'));
  for (const [name, [file, type]] of Object.entries(ASSETS)) {
    const body = fs.readFileSync(path.join(dist, file));
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    app.get(`/assets/${name}`, { config: PUBLIC, schema: { response: { 200: { type: 'string' }, 304: { type: 'null' } } } }, async (req, reply) => {
      reply.header('etag', etag).header('cache-control', 'public, max-age=86400');
      if (String(req.headers['if-none-match'] ?? '').split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
      return reply.type(type).send(body);
    });
  }

  const csp = dashboardPolicy();
  for (const prefix of ['', ...LANGS.map((l) => `/${l}`)]) {
    const lang: Lang = prefix ? (prefix.slice(1) as Lang) : 'kk';
    const html = dashboardPage(lang);
    app.get(`${prefix}/portal/dashboard`, { config: PUBLIC, schema: { response: { 200: { type: 'string' } } } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', csp).send(html),
    );
  }
}
