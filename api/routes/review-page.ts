// /review (and /kk/review, /ru/review, /en/review): the investigator's workbench. Static HTML + one script, allowed by
// its hash in the page's CSP (as is the page's extra stylesheet); the interface text travels in a JSON data block, so
// the script is the same in every language. Every action goes through the authenticated JSON API (investigator.ts,
// workbench-api.ts). Signing in is the portal's (routes/session.ts): the typed key opens a session held in an HttpOnly,
// SameSite=Strict cookie (no script can read it; changes also need x-kuzet-csrf) and is dropped at once; the page
// shows who is signed in, a reload or a language switch stays signed in, and "Sign out" ends the session.
import type { FastifyInstance } from 'fastify';
import type { RouteOpts } from '../deps.ts';
import { LANGS, type Lang } from '../html/i18n.ts';
import { esc, page, PAGE_CSS } from '../html/layout.ts';
import { REVIEW_STRINGS } from '../html/review-i18n.ts';
import { REVIEW_SCRIPT } from '../html/review-script.ts';
import { PUBLIC } from '../plugins/auth.ts';
import { htmlPolicy, inlineHash } from '../plugins/security-headers.ts';
import workbenchApi from './workbench-api.ts';

export const REVIEW_CSS = `
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:14px 0}
.card.current{border-color:var(--accent);box-shadow:0 0 0 2px #0b6bcb33}
.card-head h3{margin:0 0 4px;font-size:18px}.card-head p{margin:0 0 8px;word-break:break-all}
section.part{margin-top:14px}section.part h3{font-size:15px;margin:0 0 6px;color:var(--muted)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-bottom:10px}
.pair figure{margin:0}.pair figcaption{font-size:13px;color:var(--muted)}
img.frame{width:100%;height:auto;max-height:480px;object-fit:contain;border:1px solid var(--line);border-radius:4px;background:#eef1f4;display:block}
.noimg{border:1px dashed var(--line);border-radius:4px;padding:30px 8px;text-align:center;color:#8a1c1c;font-size:13px}
svg.timeline{width:100%;height:70px;background:#fafbfc;border:1px solid var(--line);border-radius:4px}
textarea.reason{width:100%;max-width:640px;font:inherit;padding:8px;border:1px solid var(--line);border-radius:6px}
form.decide{margin-top:14px;border-top:1px solid var(--line);padding-top:12px}.btns{margin-top:6px}
button.reject{background:#b42318}button.link{background:none;color:var(--accent);padding:0;text-decoration:underline}
button:disabled{opacity:.5;cursor:default}
.outcome{font-weight:600}.outcome.good{color:#1a7f37}.outcome.bad{color:#b42318}
.warn{background:#fff4e5;border:1px solid #f5c16c;border-radius:6px;padding:8px 12px}
.muted{color:var(--muted)}#who{align-self:center}ol.audit{font-size:13px;padding-left:18px}ol.audit li:target{background:#fff8c5}
td code,dd code{font-size:12px;word-break:break-all}dl.entry{margin:8px 0}
`;

function body(lang: Lang): string {
  const t = REVIEW_STRINGS[lang];
  const data = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<h1>${esc(t.title)}</h1><p class="lead">${esc(t.intro)}</p>
<form id="keyform" class="search"><label for="key" class="sr">${esc(t.keyLabel)}</label><input id="key" type="password" placeholder="${esc(t.keyLabel)}" autocomplete="off"><button>${esc(t.useKey)}</button> <button id="forget" type="button" hidden>${esc(t.forget)}</button> <span id="who" class="muted"></span></form>
<p id="msg" role="status"></p><p class="muted">${esc(t.shortcuts)}</p>
<h2>${esc(t.pending)}</h2><div id="reviews"></div>
<h2>${esc(t.proposals)}</h2><div id="proposed"></div>
<script type="application/json" id="t">${data}</script>
<script>${REVIEW_SCRIPT}</script>`;
}

export default async function reviewPageRoutes(app: FastifyInstance, opts: RouteOpts) {
  await workbenchApi(app, opts);
  // one stylesheet per page, as every page has: the common one with the workbench's appended, allowed by its hash
  const css = PAGE_CSS + REVIEW_CSS;
  const csp = htmlPolicy({ scripts: [REVIEW_SCRIPT], connect: true })
    .replace(/style-src [^;]+/, `style-src ${inlineHash(css)}`)
    .replace("img-src 'self'", "img-src 'self' blob:");
  for (const prefix of ['', ...LANGS.map((l) => `/${l}`)]) {
    const lang: Lang = prefix ? (prefix.slice(1) as Lang) : 'kk';
    const plain = page({ lang, sub: '/review', title: REVIEW_STRINGS[lang].title, body: body(lang) });
    const html = plain.replace(`<style>${PAGE_CSS}</style>`, () => `<style>${css}</style>`);
    if (html === plain) throw new Error('review page: the page frame no longer carries PAGE_CSS in one <style>');
    app.get(`${prefix}/review`, { config: PUBLIC, schema: { response: { 200: { type: 'string' } } } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', csp).send(html),
    );
  }
}
