// /portal (and /kk|ru|en/portal): the rights holders' portal (issue 11). Static HTML + one script allowed by its hash;
// the interface text travels in a JSON data block. Sign-in is the API key held in the page's memory (as /review), so
// another identity provider (eGov / ЭЦП) can later hand the page a key or a session without changing the API.
// GET /api/portal/films: a rights holder's own films (user_films), an admin's all, with protection and follow-up counts.
import type { FastifyInstance } from 'fastify';
import { filmIdsOfUser } from '../../storage/films.ts';
import { filmsOverview } from '../../storage/portal.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { LANGS, type Lang } from '../html/i18n.ts';
import { esc, page } from '../html/layout.ts';
import { PORTAL_STRINGS } from '../html/portal-i18n.ts';
import { PORTAL_SCRIPT } from '../html/portal-script.ts';
import { allow, PUBLIC, userOf } from '../plugins/auth.ts';
import { htmlPolicy, inlineHash } from '../plugins/security-headers.ts';

export const PORTAL_CSS = `
section.box{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0}
body:not(.in) .signed{display:none}body.in #keyform input,body.in #keyform button[type=submit]{display:none}
.outcome{font-weight:600}.outcome.good{color:#1a7f37}.outcome.bad{color:#b42318}.warn{background:#fff4e5;padding:6px 10px;border-radius:6px}
.muted{color:var(--muted);font-size:14px}.badge.p-video{background:#e3f4e8}.badge.p-metadata{background:#fff3d6}.badge.p-metadata-poster{background:#fff3d6}
`;

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const nstr = { type: ['string', 'null'] } as const;
const filmItem = {
  type: 'object',
  properties: {
    id: str, titleKk: str, titleRu: str, titleEn: nstr, year: { type: ['integer', 'null'] }, stateRegisterNo: nstr, rightsHolder: nstr, protection: str,
    fingerprints: int, recipe: nstr, confirmed: int, pending: int, registryEntries: int, delistItems: int, packets: int,
  },
  required: ['id', 'titleKk', 'titleRu', 'protection', 'confirmed', 'pending', 'registryEntries', 'delistItems', 'packets'],
} as const;

function body(lang: Lang): string {
  const t = PORTAL_STRINGS[lang];
  const data = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<style>${PORTAL_CSS}</style><h1>${esc(t.title)}</h1><p class="lead">${esc(t.intro)}</p>
<form id="keyform" class="search"><label for="key" class="sr">${esc(t.keyLabel)}</label><input id="key" type="password" placeholder="${esc(t.keyLabel)}" autocomplete="off"><button type="submit">${esc(t.signIn)}</button> <button id="forget" type="button" class="signed">${esc(t.signOut)}</button></form>
<p id="msg" role="status"></p>
<div class="signed"><h2>${esc(t.myFilms)}</h2><div id="films"></div>
<section class="box"><h2>${esc(t.importTitle)}</h2><p class="muted">${esc(t.importHelp)}</p>
<form id="importform"><input id="csv" type="file" accept=".csv,text/csv"> <label><input id="dry" type="checkbox"> ${esc(t.dryRun)}</label> <button type="submit">${esc(t.importBtn)}</button></form><div id="report"></div></section>
<section class="box"><form id="searchform" class="search"><label for="q" class="sr">${esc(t.searchLabel)}</label><input id="q" placeholder="${esc(t.searchLabel)}" maxlength="200"><button type="submit">${esc(t.search)}</button></form><ul id="hits"></ul></section></div>
<script type="application/json" id="t">${data}</script>
<script>${PORTAL_SCRIPT}</script>`;
}

export default async function portalRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  app.get('/api/portal/films', { config: allow('admin', 'rights_holder'), schema: { response: withErrors({ type: 'object', properties: { films: { type: 'array', items: filmItem } }, required: ['films'] }) } }, async (req) => {
    const user = userOf(req);
    return { films: await filmsOverview(db, user.role === 'rights_holder' ? await filmIdsOfUser(db, user.id) : null) };
  });
  const csp = htmlPolicy({ scripts: [PORTAL_SCRIPT], connect: true }).replace(/style-src ([^;]+)/, (_m, s: string) => `style-src ${s} ${inlineHash(PORTAL_CSS)}`);
  for (const prefix of ['', ...LANGS.map((l) => `/${l}`)]) {
    const lang: Lang = prefix ? (prefix.slice(1) as Lang) : 'kk';
    const html = page({ lang, sub: '/portal', title: PORTAL_STRINGS[lang].title!, body: body(lang) });
    app.get(`${prefix}/portal`, { config: PUBLIC, schema: { response: { 200: { type: 'string' } } } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', csp).send(html),
    );
  }
}
