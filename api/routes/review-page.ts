// /review: a minimal investigator page. Static HTML + a little vanilla JS, allowed by its hash in the page's CSP;
// every action goes through the authenticated JSON API. The API key is held in a variable of the page only (never
// sessionStorage, localStorage or a cookie, which a script or another tab could read later): a reload or
// "Forget key" drops it.
import type { FastifyInstance } from 'fastify';
import type { RouteOpts } from '../deps.ts';
import { page } from '../html/layout.ts';
import { PUBLIC } from '../plugins/auth.ts';
import { htmlPolicy } from '../plugins/security-headers.ts';

const SCRIPT = `
const $ = (s) => document.querySelector(s);
let key = '';
try { sessionStorage.removeItem('kuzetKey'); } catch (e) {} // where older versions of this page kept it
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[c]);
async function api(method, path, body) {
  const r = await fetch(path, { method, headers: { authorization: 'Bearer ' + key, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(data.message || r.statusText);
  return data;
}
function buttons(kind, id) {
  return '<button data-kind="' + kind + '" data-id="' + esc(id) + '" data-verdict="approve">Approve</button> ' +
         '<button class="reject" data-kind="' + kind + '" data-id="' + esc(id) + '" data-verdict="reject">Reject</button>';
}
async function load(msg) {
  $('#msg').textContent = msg || '';
  if (!key) { $('#msg').textContent = 'Enter an API key.'; return; }
  try {
    const [reviews, proposed] = await Promise.all([api('GET', '/api/reviews'), api('GET', '/api/registry/proposed')]);
    $('#reviews').innerHTML = reviews.items.map((m) => '<tr><td><a href="' + esc(m.candidateUrl) + '" rel="noreferrer noopener" target="_blank">' + esc(m.candidateUrl) + '</a></td><td>' + esc(m.filmTitle) + '</td><td>' + m.score.toFixed(2) + (m.audio ? ' · audio BER ' + m.audio.ber.toFixed(2) + (m.audio.confirmed ? ' ✓' : ' ✗') : '') + '</td><td>' + buttons('review', m.matchId) + '</td></tr>').join('') || '<tr><td colspan="4">—</td></tr>';
    $('#proposed').innerHTML = proposed.items.map((e) => '<tr><td>' + esc(e.domain) + '</td><td>' + e.films.map((f) => esc(f.titleRu)).join(', ') + '</td><td>' + e.approvals.map((a) => esc(a.verdict)).join(', ') + '</td><td>' + buttons('entry', e.id) + '</td></tr>').join('') || '<tr><td colspan="4">—</td></tr>';
  } catch (e) { $('#msg').textContent = e.message; }
}
document.addEventListener('click', async (ev) => {
  const b = ev.target.closest('button[data-kind]');
  if (!b) return;
  const note = prompt('Note (optional)') || undefined;
  const path = b.dataset.kind === 'review' ? '/api/reviews/' + encodeURIComponent(b.dataset.id) : '/api/registry/' + encodeURIComponent(b.dataset.id) + '/decision';
  let msg;
  try { const r = await api('POST', path, { verdict: b.dataset.verdict, note }); msg = 'Status: ' + r.status; } catch (e) { msg = e.message; }
  load(msg);
});
$('#keyform').addEventListener('submit', (ev) => { ev.preventDefault(); key = $('#key').value.trim(); $('#key').value = ''; load(); });
$('#forget').addEventListener('click', () => { key = ''; $('#reviews').innerHTML = ''; $('#proposed').innerHTML = ''; $('#msg').textContent = 'Key forgotten.'; });
`;

const BODY = `<h1>Review</h1>
<form id="keyform" class="search"><input id="key" type="password" placeholder="API key" autocomplete="off"><button>Use key</button> <button id="forget" type="button">Forget key</button></form>
<p id="msg" role="status"></p>
<h2>Pending match reviews (one investigator confirms a match)</h2>
<table><thead><tr><th>Page</th><th>Film</th><th>Score</th><th></th></tr></thead><tbody id="reviews"></tbody></table>
<h2>Proposed registry entries (two different people must approve)</h2>
<table><thead><tr><th>Domain</th><th>Films</th><th>Decisions</th><th></th></tr></thead><tbody id="proposed"></tbody></table>
<script>${SCRIPT}</script>`;

export default async function reviewPageRoutes(app: FastifyInstance, _opts: RouteOpts) {
  const body = page({ lang: 'en', sub: '/', title: 'Review', body: BODY });
  const csp = htmlPolicy({ scripts: [SCRIPT], connect: true });
  app.get('/review', { config: PUBLIC, schema: { response: { 200: { type: 'string' } } } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', csp).send(body),
  );
}
