// The dashboards page (/portal/dashboard): static HTML, the interface text in a JSON data block, one inline script
// and one inline stylesheet allowed by their hashes, uPlot's script and stylesheet from /assets ('self').
import { DASHBOARD_STRINGS } from './dashboard-i18n.ts';
import { DASHBOARD_SCRIPT } from './dashboard-script.ts';
import type { Lang } from './i18n.ts';
import { esc, hrefFor, page } from './layout.ts';
import { htmlPolicy, inlineHash } from '../plugins/security-headers.ts';

export const DASHBOARD_CSS = `
section.box{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0;overflow-x:auto}
body:not(.in) .signed{display:none}body.in #keyform input,body.in #keyform button[type=submit]{display:none}
.outcome{font-weight:600}.outcome.good{color:#1a7f37}.outcome.bad{color:#b42318}.muted{color:var(--muted);font-size:14px}
form.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:end;margin:10px 0}form.filters label{display:flex;flex-direction:column;font-size:14px;color:var(--muted)}
form.filters label{max-width:100%}form.filters select{max-width:100%}form.filters select,form.filters input{padding:8px 10px;border:1px solid var(--line);border-radius:6px;font:inherit;color:var(--ink);background:#fff}
button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
.chart{min-height:60px}
table.sla td,table.exp td{font-size:14px}table.sla td.url{max-width:280px;overflow-wrap:anywhere}
tr.overdue td{background:#fdecea}tr.overdue td:first-child{border-left:4px solid #b42318}
.flag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:700;color:#fff;background:#b42318;letter-spacing:.02em}
.flag{justify-self:start;align-self:start}.flag.late{background:#fff;color:#b42318;border:1px solid #b42318;font-weight:600}
table.exp td.doms{white-space:normal;min-width:150px}table.exp th,table.exp td{padding:8px 7px}table.exp th{font-size:12px}table.exp td:first-child{min-width:120px;max-width:220px;overflow-wrap:anywhere}
@media (max-width:720px){table.sla,table.exp{border:0;background:none}table.sla tr:first-child,table.exp tr:first-child{display:none}
table.sla tr,table.exp tr{display:block;background:#fff;border:1px solid var(--line);border-radius:6px;margin:0 0 10px;padding:6px 0}
table.sla td,table.exp td,table.sla td.url,table.exp td.doms,table.exp td:first-child{display:grid;grid-template-columns:42% 1fr;gap:8px;border:0;padding:4px 10px;max-width:none;white-space:normal}
table.sla td::before,table.exp td::before{content:attr(data-label);color:var(--muted);font-size:13px}
table.sla td>*,table.exp td>*{grid-column:2}tr.overdue td:first-child{border-left:0}tr.overdue{border-left:4px solid #b42318}}
.step-wait{color:var(--muted)}.summary.bad{color:#b42318;font-weight:600}
`;

/** dates typed as YYYY-MM-DD: a native date input shows the browser's own format (11/03/2026 in an en-US browser),
 *  which a reader in Kazakhstan takes for 11 March */
const ISO_DAY = 'type="text" inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" maxlength="10" size="11" autocomplete="off"';

export function dashboardPage(lang: Lang): string {
  const t = DASHBOARD_STRINGS[lang];
  const data = JSON.stringify(t).replace(/</g, '\\u003c');
  const body = `<link rel="stylesheet" href="/assets/uplot.min.css"><style>${DASHBOARD_CSS}</style>
<p><a href="${esc(hrefFor(lang, '/portal'))}">${esc(t.portal)}</a></p>
<h1>${esc(t.title)}</h1><p class="lead">${esc(t.intro)}</p>
<form id="keyform" class="search"><label for="key" class="sr">${esc(t.keyLabel)}</label><input id="key" type="password" placeholder="${esc(t.keyLabel)}" autocomplete="off"><button type="submit">${esc(t.signIn)}</button> <button id="forget" type="button" class="signed secondary">${esc(t.signOut)}</button></form>
<p id="msg" role="status"></p>
<div class="signed">
<form id="filters" class="filters"><label>${esc(t.film)}<select id="film"><option value="">${esc(t.allFilms)}</option></select></label>
<label>${esc(t.from)}<input id="from" required ${ISO_DAY}></label><label>${esc(t.to)}<input id="to" required ${ISO_DAY}></label>
<button type="submit">${esc(t.show)}</button><button id="csv" type="button" class="secondary">${esc(t.csv)}</button></form>
<p class="muted">${esc(t.tz)} ${esc(t.csvHelp)}</p>
<section class="box"><h2>${esc(t.detectionsTitle)}</h2><div id="chart-status" class="chart"></div></section>
<section class="box"><h2>${esc(t.bySourceTitle)}</h2><div id="chart-source" class="chart"></div></section>
<section class="box"><h2>${esc(t.slaTitle)}</h2><p class="muted">${esc(t.slaHelp)}</p><p id="sla-summary" class="summary"></p><div id="sla"></div></section>
<section class="box"><h2>${esc(t.exposureTitle)}</h2><div id="exposure"></div></section>
</div>
<script type="application/json" id="t">${data}</script>
<script src="/assets/uplot.min.js"></script>
<script>${DASHBOARD_SCRIPT}</script>`;
  return page({ lang, sub: '/portal/dashboard', title: t.title!, body });
}

/** the page policy plus: uPlot from 'self', this page's script and stylesheet by hash, fetches to itself */
export function dashboardPolicy(): string {
  return htmlPolicy({ scripts: [DASHBOARD_SCRIPT], connect: true })
    .replace(/script-src ([^;]+)/, (_m, s: string) => `script-src ${s} 'self'`)
    .replace(/style-src ([^;]+)/, (_m, s: string) => `style-src ${s} ${inlineHash(DASHBOARD_CSS)} 'self'`);
}
