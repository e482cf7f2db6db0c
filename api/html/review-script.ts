// The workbench's script (one body for every language: the text comes from the JSON block #t). Signing in is the
// portal's: the typed key goes once to POST /api/session, which sets the HttpOnly session cookie, and is dropped; a
// session already open (a reload, another tab) is found with GET /api/session. Every other call rides the cookie
// (changes add x-kuzet-csrf). It builds every element with the DOM (no innerHTML of crawled text), loads images through
// the authenticated API as blob: URLs, and sends decisions from a form with a required reason.
import { BIDI_CONTROLS } from './layout.ts';
import { SESSION_CLIENT } from './session-client.ts';

export const REVIEW_SCRIPT = String.raw`
'use strict';
const $ = (s, r) => (r || document).querySelector(s);
const T = JSON.parse($('#t').textContent);
${SESSION_CLIENT}
let user = null;
let current = 0;
const decided = new Map();
// reasons typed but not yet sent, by item: a session that ends mid-decision (expiry, a revoked key) must not lose them;
// kept in memory for the person who typed them only (another person signing in at this desk starts blank)
const drafts = new Map();
let draftsOf = null;
try { sessionStorage.removeItem('kuzetKey'); } catch (e) {}
function el(tag, attrs, kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) { if (v != null) n.setAttribute(k, v); }
  // text from the data loses bidi embedding/override/isolate controls, as on the server-rendered pages (esc)
  for (const c of [].concat(kids == null ? [] : kids)) n.append(c instanceof Node ? c : document.createTextNode(String(c).replace(${BIDI_CONTROLS}, '')));
  return n;
}
const svgEl = (tag, attrs) => { const n = document.createElementNS('http://www.w3.org/2000/svg', tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); return n; };
async function api(method, path, body) {
  const headers = Object.assign(method === 'GET' ? {} : { 'x-kuzet-csrf': '1' }, body ? { 'content-type': 'application/json' } : {});
  const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin' });
  const data = await r.json().catch(() => ({}));
  if (r.status === 401) signedOut(T.sessionEnded);
  if (!r.ok) throw new Error(data.message || r.statusText);
  return data;
}
async function blobUrl(path) {
  const r = await fetch(path, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(r.statusText);
  return URL.createObjectURL(await r.blob());
}
function img(path, alt) {
  if (!path) return el('div', { class: 'noimg' }, T.notStored);
  const i = el('img', { alt: alt, class: 'frame' });
  blobUrl(path).then((u) => { i.src = u; }, () => { i.replaceWith(el('div', { class: 'noimg' }, T.notStored)); });
  return i;
}
const hms = (s) => { if (s == null) return '—'; const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60; return String(h).padStart(2, '0') + ':' + String(m).padStart(2, '0') + ':' + (x < 10 ? '0' : '') + x.toFixed(1).replace(/\.0$/, ''); };
const when = (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—');
function dl(rows) { return el('dl', { class: 'entry' }, rows.filter((r) => r[1] != null && r[1] !== '').flatMap((r) => [el('dt', {}, r[0]), el('dd', {}, r[1])])); }
function section(title, body) { return el('section', { class: 'part' }, [el('h3', {}, title)].concat(body)); }
function auditList(rows) {
  if (!rows.length) return el('p', { class: 'muted' }, T.noDecisions);
  return el('ol', { class: 'audit' }, rows.map((a) => el('li', { id: 'audit-' + a.seq }, [el('code', {}, '#' + a.seq), ' ' + when(a.at) + ' · ' + a.action + ' · ' + (a.actorName || a.actor) + (a.details && a.details.note ? ' · «' + a.details.note + '»' : ''), el('br'), el('small', {}, 'hash ' + a.hash.slice(0, 16) + '…')])));
}
function closeness(p) {
  return p.distance != null ? T.distance + ' ' + p.distance + '/256' : p.inliers != null ? T.inliers + ' ' + p.inliers + (p.mirrored ? ' · ' + T.mirrored : '') : '';
}
function timeline(pairs) {
  const ts = pairs.filter((p) => p.t != null);
  if (!ts.length) return null;
  const max = Math.max.apply(null, ts.map((p) => p.t)) || 1;
  const s = svgEl('svg', { viewBox: '0 0 600 60', class: 'timeline', role: 'img', 'aria-label': T.timeline });
  s.append(svgEl('line', { x1: 10, y1: 40, x2: 590, y2: 40, stroke: '#5b6675' }));
  for (const p of ts) {
    // a hash pair: the bar shrinks with the Hamming distance; a keypoint pair (local features): it grows with the inliers
    const hashes = p.distance != null;
    const x = 10 + (580 * p.t) / max, h = hashes ? Math.max(4, 30 - p.distance) : Math.max(4, Math.min(30, p.inliers / 5));
    const r = svgEl('rect', { x: x - 3, y: 40 - h, width: 6, height: h, fill: !hashes ? '#1a7f37' : p.distance <= 12 ? '#1a7f37' : p.distance <= 24 ? '#b08800' : '#cf222e' });
    const tt = svgEl('title', {}); tt.textContent = hms(p.t) + ' → ' + hms(p.refT) + ' · ' + closeness(p);
    r.append(tt); s.append(r);
    const lab = svgEl('text', { x: x, y: 55, 'font-size': 9, 'text-anchor': 'middle', fill: '#5b6675' }); lab.textContent = hashes ? p.distance : p.inliers; s.append(lab);
  }
  return s;
}
function decisionForm(kind, id, onDone) {
  const reason = el('textarea', { name: 'reason', required: '', minlength: '3', maxlength: '2000', rows: '2', class: 'reason', 'aria-label': T.reason, placeholder: T.reason });
  const out = el('p', { class: 'outcome', role: 'status' });
  const item = kind + ':' + id;
  reason.value = drafts.get(item) || '';
  reason.addEventListener('input', () => drafts.set(item, reason.value));
  const f = el('form', { class: 'decide', novalidate: '', 'data-kind': kind, 'data-id': id }, [el('label', {}, [T.reason, el('br'), reason]), el('div', { class: 'btns' }, [
    el('button', { type: 'submit', value: 'approve', 'data-verdict': 'approve' }, T.approve), ' ',
    el('button', { type: 'submit', value: 'reject', 'data-verdict': 'reject', class: 'reject' }, T.reject)]), out]);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const verdict = (ev.submitter && ev.submitter.value) || f.dataset.verdict || 'approve';
    const note = reason.value.trim();
    if (note.length < 3) { out.textContent = T.reasonRequired; out.className = 'outcome bad'; reason.focus(); return; }
    const path = kind === 'review' ? '/api/reviews/' + encodeURIComponent(id) : '/api/registry/' + encodeURIComponent(id) + '/decision';
    for (const b of f.querySelectorAll('button')) b.disabled = true;
    try {
      const r = await api('POST', path, { verdict: verdict, note: note });
      const key_ = kind === 'review' ? 'outcome_' + r.status : r.status === 'rejected' ? 'outcome_rejected_entry' : 'outcome_' + r.status;
      const text = T[key_] || r.status;
      decided.set(item, text);
      drafts.delete(item);
      await onDone(text);
    } catch (e) { out.textContent = e.message; out.className = 'outcome bad'; for (const b of f.querySelectorAll('button')) b.disabled = false; }
  });
  return f;
}
// how the local stage's two checks compared the frames: at one offset for all (means) or each at its own moment (medians)
const offsetText = (o) => (o >= 0 ? '+ ' : '− ') + Math.abs(o).toFixed(1);
function checksAt(o, refined) {
  return o == null ? T.checksOwn : T[refined ? 'checksAtRefined' : 'checksAt'].replace('{o}', offsetText(o));
}
// a lead's refined pass (each frame registered again at its moment): how close it came, against the lines it had to reach
function refinedTry(r) {
  return T.refinedTry.replace('{p}', r.pixels.toFixed(2)).replace('{m}', r.motion == null ? '—' : r.motion.toFixed(2)).replace('{o}', offsetText(r.offsetS));
}
async function matchCard(m, card) {
  card.replaceChildren(el('p', { class: 'muted' }, T.loading));
  const d = await api('GET', '/api/workbench/matches/' + encodeURIComponent(m.matchId));
  const film = d.film ? d.film.titleKk + ' / ' + d.film.titleRu : '—';
  const head = el('header', { class: 'card-head' }, [el('h3', {}, film), el('p', {}, [/^https?:\/\//i.test(d.page.url) ? el('a', { href: d.page.url, rel: 'noreferrer noopener', target: '_blank' }, d.page.url) : el('code', {}, d.page.url)]),
    dl([...(d.basis.method === 'keypoints' ? [] : [[T.score, d.match.score.toFixed(3)]]), [T.basis, T[d.basis.method === 'keypoints' ? 'basis_keypoints' : 'basis_' + d.basis.kind]], [T.status, T['st_' + d.match.status] || d.match.status], ...(d.basis.refused ? [[T.whyReview, T['refused_' + d.basis.refused]]] : []), ...(d.basis.pixels != null ? [[T.pixels, d.basis.pixels.toFixed(2) + ' (' + T.pixelsNote + ')']] : []), ...(d.basis.motion != null ? [[T.motion, d.basis.motion.toFixed(2) + ' (' + T.motionNote + ')']] : []), ...(d.basis.pixels != null || d.basis.motion != null ? [[T.checks, checksAt(d.basis.checksOffsetS, d.basis.checksRefined)]] : []), ...(d.basis.refinedTry ? [[T.refined, refinedTry(d.basis.refinedTry)]] : [])])]);
  const parts = [head];
  const done = decided.get('review:' + m.matchId);
  if (done) parts.push(el('p', { class: 'outcome good', role: 'status' }, done));
  if (d.pairs.length) {
    parts.push(section(T.pairs, d.pairs.map((p) => el('div', { class: 'pair' }, [
      el('figure', {}, [img(p.reference, T.reference), el('figcaption', {}, T.reference + ' · ' + hms(p.refT))]),
      el('figure', {}, [img(p.pirate, T.pirate), el('figcaption', {}, T.pirate + ' · ' + hms(p.t) + ' · ' + closeness(p))])]))));
    const tl = timeline(d.pairs);
    if (tl) parts.push(section(T.timeline, [tl]));
  }
  const a = d.basis.audio;
  parts.push(section(T.audio, [el('p', {}, a ? (a.confirmed ? T.audioYes : T.audioNo) + ' (BER ' + a.ber.toFixed(3) + ', ' + a.offset_s.toFixed(2) + ' s)' : T.noAudio)]));
  parts.push(section(T.screenshot, [d.screenshot ? img(d.screenshot, T.screenshot) : el('p', { class: 'muted' }, T.noScreenshot)]));
  const p = d.page;
  parts.push(section(T.metadata, [dl([[T.title_, p.title], [T.year, p.year], [T.ids, Object.entries(p.externalIds || {}).filter((x) => x[1]).map((x) => x[0] + ' ' + x[1]).join(', ')], [T.views, p.views], [T.firstSeen, when(p.firstSeenAt)], [T.lastSeen, when(p.lastSeenAt)], [T.streams, p.streams.join(' ')], [T.posters, p.posters.join(' ')]])]));
  const n = d.network;
  parts.push(section(T.network, [n ? dl([[T.ips, n.ips.join(', ')], [T.asn, n.asn ? 'AS' + n.asn + ' ' + (n.as_org || '') + (n.country ? ', ' + n.country : '') : null], [T.hosting, n.hosting ? [n.hosting.name, n.hosting.abuse_email].filter(Boolean).join(', ') : null], [T.registrar, n.registrar ? [n.registrar.name, n.registrar.abuse_email].filter(Boolean).join(', ') : null], ['TLS', n.tls ? [n.tls.subject, n.tls.issuer, n.tls.valid_to].filter(Boolean).join(' · ') : null], ['CDN', n.cdn]]) : el('p', { class: 'muted' }, T.noNetwork)]));
  parts.push(section(T.evidence, [d.evidence.length === 0 ? el('p', { class: 'muted' }, T.none) : el('table', {}, [el('thead', {}, el('tr', {}, [el('th', {}, T.kind), el('th', {}, 'SHA-256'), el('th', {}, T.size), el('th', {}, '')])),
    el('tbody', {}, d.evidence.map((e) => { const b = el('button', { type: 'button', class: 'link' }, T.download); b.addEventListener('click', async () => { const u = await blobUrl(e.href); const l = el('a', { href: u, download: e.kind + '-' + e.sha256 }); document.body.append(l); l.click(); l.remove(); }); return el('tr', {}, [el('td', {}, e.kind), el('td', {}, el('code', {}, e.sha256)), el('td', { class: 'num' }, e.bytes + ' B'), el('td', {}, b)]); }))])]));
  parts.push(section(T.decisions, [el('ul', {}, d.reviews.map((r) => el('li', {}, [(T['v_' + r.verdict] || r.verdict) + ' · ' + r.name + ' (' + (T['role_' + r.role] || r.role) + ') · ' + when(r.at) + (r.note ? ' · «' + r.note + '»' : '') + ' ', ...d.audit.filter((x) => x.action === 'review.' + r.verdict && x.actor === r.userId).map((x) => el('a', { href: '#audit-' + x.seq }, '#' + x.seq))]))), el('h4', {}, T.audit), auditList(d.audit)]));
  if (d.match.status === 'pending_review') parts.push(decisionForm('review', m.matchId, async () => { card.setAttribute('data-decided', ''); await matchCard(m, card); }));
  card.replaceChildren(...parts);
}
function entryCard(e) {
  const card = el('article', { class: 'card entry-card', id: 'entry-' + e.id }, [el('header', { class: 'card-head' }, [el('h3', {}, e.domain), el('p', {}, e.films.map((f) => f.titleKk + ' / ' + f.titleRu).join('; '))])]);
  if (e.cdn || (e.warnings || []).length) card.append(el('p', { class: 'warn' }, [T.cdnWarning].concat((e.warnings || []).map((w) => ' ' + w.message))));
  const s = e.summary;
  card.append(dl([[T.urls, s.urls], [T.firstSeen, when(s.firstSeenAt)], [T.lastSeen, when(s.lastSeenAt)], [T.ips, s.ips.join(', ')], [T.asn, s.asn ? 'AS' + s.asn + ' ' + (s.asOrg || '') + (s.country ? ', ' + s.country : '') : null], [T.hosting, s.hosting ? [s.hosting.name, s.hosting.abuse_email].filter(Boolean).join(', ') : null], ['CDN', e.cdnName]]));
  card.append(section(T.approvals, [el('p', { class: 'muted' }, T.twoPerson), el('ul', {}, e.approvals.map((a) => el('li', {}, [(T['v_' + a.verdict] || a.verdict) + ' · ' + a.name + (a.role ? ' (' + (T['role_' + a.role] || a.role) + ')' : '') + (a.note ? ' · «' + a.note + '»' : '') + ' ', ...e.audit.filter((x) => x.actor === a.userId).map((x) => el('a', { href: '#audit-' + x.seq }, '#' + x.seq))]))), el('p', {}, T.stillNeeded + ': ' + e.stillNeeded), el('h4', {}, T.audit), auditList(e.audit)]));
  const done = decided.get('entry:' + e.id);
  if (done) card.append(el('p', { class: 'outcome good', role: 'status' }, done));
  card.append(decisionForm('entry', e.id, async () => { await load(); }));
  return card;
}
function select(i) {
  const cards = document.querySelectorAll('#reviews > article');
  if (!cards.length) return;
  current = Math.max(0, Math.min(cards.length - 1, i));
  cards.forEach((c, j) => c.classList.toggle('current', j === current));
  cards[current].scrollIntoView({ block: 'start' });
}
async function load(msg) {
  $('#msg').textContent = msg || '';
  if (!user) { $('#msg').textContent = T.enterKey; return; }
  try {
    const [reviews, entries] = await Promise.all([api('GET', '/api/reviews'), api('GET', '/api/workbench/entries')]);
    const list = $('#reviews');
    const keep = [...list.querySelectorAll('article[data-decided]')];
    list.replaceChildren();
    const ids = new Set(reviews.items.map((m) => m.matchId));
    for (const k of keep) if (!ids.has(k.dataset.id)) list.append(k);
    for (const m of reviews.items) {
      const card = el('article', { class: 'card', 'data-id': m.matchId, id: 'match-' + m.matchId });
      list.append(card);
      matchCard(m, card).then(() => { if (decided.has('review:' + m.matchId)) card.setAttribute('data-decided', ''); }, (e) => card.replaceChildren(el('p', { class: 'outcome bad' }, e.message)));
    }
    if (!list.children.length) list.append(el('p', { class: 'muted' }, T.none));
    $('#proposed').replaceChildren(...(entries.items.length ? entries.items.map(entryCard) : [el('p', { class: 'muted' }, T.none)]));
    select(current);
  } catch (e) { if (user) $('#msg').textContent = e.message; }
}
document.addEventListener('keydown', (ev) => {
  if (ev.target.closest && ev.target.closest('textarea, input, select') || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const k = ev.key.toLowerCase();
  if (k === 'j' || k === 'n') { select(current + 1); ev.preventDefault(); }
  else if (k === 'k' || k === 'p') { select(current - 1); ev.preventDefault(); }
  else if (k === 'a' || k === 'r') {
    const card = document.querySelectorAll('#reviews > article')[current];
    const form = card && card.querySelector('form.decide');
    if (!form) return;
    ev.preventDefault();
    const btn = form.querySelector('button[data-verdict=' + (k === 'a' ? 'approve' : 'reject') + ']');
    const reason = form.querySelector('textarea');
    if (reason.value.trim().length < 3) { reason.focus(); form.querySelector('.outcome').textContent = T.reasonRequired; return; }
    form.requestSubmit(btn);
  }
});
function signedIn(u) { if (draftsOf !== u.id) drafts.clear(); draftsOf = u.id; user = u; $('#forget').hidden = false; $('#who').textContent = T.signedInAs + ': ' + u.name; }
function signedOut(msg) {
  user = null; $('#who').textContent = ''; $('#forget').hidden = true; $('#reviews').replaceChildren(); $('#proposed').replaceChildren(); decided.clear();
  $('#msg').textContent = msg;
}
$('#keyform').addEventListener('submit', async (ev) => {
  ev.preventDefault(); const key = $('#key').value.trim(); $('#key').value = '';
  if (!key) { load(); return; }
  try {
    // the key goes once, in this request, and is not kept; another person signing in here replaces the session
    const u = await kuzetSession.open(key);
    signedOut(''); signedIn(u); await load();
  } catch (e) { signedOut(T.badKey + ': ' + e.message); }
});
$('#forget').addEventListener('click', () => {
  drafts.clear(); signedOut(T.forgotten);
  void kuzetSession.close();
});
// a session already open (a reload, another tab, the portal): signed in without typing the key again
kuzetSession.current().then((u) => { if (u && !user) { signedIn(u); return load(); } }).catch(() => null);
`;
