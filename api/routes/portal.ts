// /portal (and /kk|ru|en/portal): the rights holders' portal (issue 11). Static HTML + one script allowed by its hash;
// the interface text travels in a JSON data block. Sign-in: the API key typed once opens a session (POST
// /api/session → HttpOnly cookie; api/routes/session.ts), so the page never keeps the key and a reload stays signed
// in; another identity provider (eGov / ЭЦП) only needs to open the same kind of session.
// GET /api/portal/films: a rights holder's own films (user_films), an admin's all, with protection and follow-up counts.
import type { FastifyInstance } from 'fastify';
import { filmIdsOfUser } from '../../storage/films.ts';
import { filmsOverview } from '../../storage/portal.ts';
import { REF_RECIPE } from '../../matcher/register.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { LANGS, type Lang } from '../html/i18n.ts';
import { esc, page } from '../html/layout.ts';
import { FIELD_LABELS, PORTAL_STRINGS } from '../html/portal-i18n.ts';
import { PORTAL_SCRIPT } from '../html/portal-script.ts';
import { allow, PUBLIC, userOf } from '../plugins/auth.ts';
import { htmlPolicy, inlineHash } from '../plugins/security-headers.ts';

export const PORTAL_CSS = `
section.box{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0}
body:not(.in) .signed{display:none}body.in #keyform{display:none}
.outcome{font-weight:600}.outcome.good{color:#1a7f37}.outcome.bad{color:#b42318}.warn{background:#fff4e5;padding:6px 10px;border-radius:6px}
.muted{color:var(--muted);font-size:14px}.badge.p-video{background:#e3f4e8}.badge.p-metadata{background:#fff3d6}.badge.p-metadata-poster{background:#fff3d6}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:10px 16px}.grid label{display:flex;flex-direction:column;font-size:14px;gap:3px}
.grid input,.grid textarea{font:inherit;padding:5px 7px;border:1px solid var(--line);border-radius:5px}.wide{grid-column:1/-1}
details{margin:10px 0}summary{cursor:pointer;font-weight:600}progress{width:min(420px,100%);height:14px;vertical-align:middle}
.up{padding:6px 0;border-top:1px solid var(--line)}.up .bad{color:#b42318;font-weight:600}.up .good{color:#1a7f37;font-weight:600}
.url{direction:ltr;unicode-bidi:isolate;word-break:break-all;font-family:ui-monospace,monospace;font-size:13px}
dl.meta{display:grid;grid-template-columns:minmax(0,22em) 1fr;gap:2px 14px}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
form.upload{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin:8px 0}form.upload input{max-width:100%}.scroll{overflow-x:auto}
@media (max-width:640px){dl.meta{grid-template-columns:1fr}dl.meta dd{margin-bottom:6px}}
`;

const MAIN_FIELDS = ['titleKk', 'titleRu', 'titleEn', 'originalTitle', 'altTitles', 'year', 'genre', 'durationMin', 'stateRegisterNo'] as const;
const MORE_FIELDS = ['distributionCertificate', 'distributionCertificateDate', 'nationalFilmCertificate', 'eidr', 'kinopoiskId', 'imdbId', 'rightsHolder', 'rightsHolderBin', 'territory', 'rightsFrom', 'rightsTo', 'noticeContact'] as const;
const DATE_FIELDS = new Set(['distributionCertificateDate', 'rightsFrom', 'rightsTo']);

function field(lang: Lang, name: string): string {
  const label = FIELD_LABELS[lang][name] ?? name;
  const type = DATE_FIELDS.has(name) ? 'date' : name === 'year' || name === 'durationMin' ? 'number' : 'text';
  const req = name === 'titleKk' || name === 'titleRu' ? ' required' : '';
  return `<label>${esc(label)}<input name="${name}" type="${type}" maxlength="500"${req}${name === 'altTitles' ? ' class="wide"' : ''}></label>`;
}

function filmFormHtml(lang: Lang, t: Record<string, string>): string {
  return `<form id="filmform"><div class="grid">${MAIN_FIELDS.map((f) => field(lang, f)).join('')}</div>
<details><summary>${esc(t.moreFields!)}</summary><div class="grid">${MORE_FIELDS.map((f) => field(lang, f)).join('')}
<label class="wide">${esc(FIELD_LABELS[lang].licensedPlatforms!)}<textarea name="licensedPlatforms" rows="3" maxlength="20000" placeholder="kino.kz&#10;t.me/kazakhfilm"></textarea></label></div></details>
<button type="submit">${esc(t.save!)}</button></form>`;
}

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const nstr = { type: ['string', 'null'] } as const;
const filmItem = {
  type: 'object',
  properties: {
    id: str, titleKk: str, titleRu: str, titleEn: nstr, year: { type: ['integer', 'null'] }, stateRegisterNo: nstr, rightsHolder: nstr, protection: str,
    fingerprints: int, recipe: nstr, recipeCurrent: { type: ['boolean', 'null'] }, confirmed: int, pending: int, registryEntries: int, delistItems: int, packets: int,
  },
  required: ['id', 'titleKk', 'titleRu', 'protection', 'confirmed', 'pending', 'registryEntries', 'delistItems', 'packets'],
} as const;

function body(lang: Lang): string {
  const t = PORTAL_STRINGS[lang];
  const data = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<style>${PORTAL_CSS}</style><h1>${esc(t.title!)}</h1><p class="lead">${esc(t.intro!)}</p>
<form id="keyform" class="search"><label for="key" class="sr">${esc(t.keyLabel!)}</label><input id="key" type="password" placeholder="${esc(t.keyLabel!)}" autocomplete="off"><button type="submit">${esc(t.signIn!)}</button></form>
<p class="signed"><span id="who"></span> <button id="forget" type="button">${esc(t.signOut!)}</button> · <a href="/${lang}/portal/dashboard">${esc(t.dashboard!)}</a></p>
<p id="msg" role="status"></p>
<div class="signed"><div id="listview"><h2>${esc(t.myFilms!)}</h2><div id="films"></div>
<section class="box"><h2>${esc(t.registerTitle!)}</h2>${filmFormHtml(lang, t)}</section>
<section class="box"><h2>${esc(t.importTitle!)}</h2><p class="muted">${esc(t.importHelp!)}</p>
<form id="importform"><input id="csv" type="file" accept=".csv,text/csv"> <label><input id="dry" type="checkbox"> ${esc(t.dryRun!)}</label> <button type="submit">${esc(t.importBtn!)}</button></form><div id="report"></div></section>
<section class="box"><form id="searchform" class="search"><label for="q" class="sr">${esc(t.searchLabel!)}</label><input id="q" placeholder="${esc(t.searchLabel!)}" maxlength="200"><button type="submit">${esc(t.search!)}</button></form><ul id="hits"></ul></section></div>
<div id="filmview" hidden><p><button id="back" type="button">${esc(t.back!)}</button></p><h2 id="ftitle"></h2><p id="fnote" class="warn" hidden>${esc(t.metaOnlyNote!)}</p><dl id="fmeta" class="meta"></dl>
<section class="box"><h3>${esc(t.referenceTitle!)}</h3><p class="muted">${esc(t.referenceHelp!)}</p>
<form id="videoform" class="upload"><label>${esc(t.videoLabel!)} <input id="videofile" type="file" accept="video/*,.mkv,.mxf,.ts"></label> <button type="submit">${esc(t.uploadBtn!)}</button></form>
<form id="posterform" class="upload"><label>${esc(t.posterLabel!)} <input id="posterfile" type="file" accept="image/jpeg,image/png,image/webp"></label> <button type="submit">${esc(t.uploadBtn!)}</button></form>
<h4>${esc(t.uploadsTitle!)}</h4><div id="uploads"></div></section>
<section class="box"><h3>${esc(t.detections!)}</h3><div id="fdet"></div></section>
<section class="box"><h3>${esc(t.registryEntries!)}</h3><div id="freg"></div></section>
<section class="box"><h3>${esc(t.delistItems!)}</h3><div id="fdl"></div></section></div></div>
<script type="application/json" id="t">${data}</script>
<script type="application/json" id="labels">${JSON.stringify(FIELD_LABELS[lang]).replace(/</g, '\\u003c')}</script>
<script>${PORTAL_SCRIPT}</script>`;
}

export default async function portalRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  app.get('/api/portal/films', { config: allow('admin', 'rights_holder'), schema: { response: withErrors({ type: 'object', properties: { films: { type: 'array', items: filmItem } }, required: ['films'] }) } }, async (req) => {
    const user = userOf(req);
    const films = await filmsOverview(db, user.role === 'rights_holder' ? await filmIdsOfUser(db, user.id) : null);
    // a reference hashed with an older recipe matches less until `kuzet films rehash` (an operator's job) re-hashes it
    return { films: films.map((f) => ({ ...f, recipeCurrent: f.recipe === null ? null : f.recipe === REF_RECIPE })) };
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
