// The portal's one script (allowed by its hash in the page's CSP). Signing in sends the typed key once to POST
// /api/session, which answers with an HttpOnly session cookie: the key is dropped at once and every later call rides
// the cookie (changes add x-kuzet-csrf). Every value from the server is put into the page with textContent, never
// as markup. A reference file goes up in chunks (XHR, for upload progress) from the offset the server holds, so an
// interrupted upload resumes when the same file is chosen again; fingerprinting progress is then polled.
import { BIDI_CONTROLS } from './layout.ts';
import { SESSION_CLIENT } from './session-client.ts';
import { PORTAL_FILM_SCRIPT } from './portal-film-script.ts';

export const PORTAL_SCRIPT = `(() => {
  ${SESSION_CLIENT}
  const t = JSON.parse(document.getElementById('t').textContent);
  const $ = (id) => document.getElementById(id);
  // text from the data loses bidi override/isolate controls (an RTL override in a title would flip what follows it)
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text).replace(${BIDI_CONTROLS}, ''); if (cls) e.className = cls; return e; };
  const msg = (s, bad) => { $('msg').textContent = s; $('msg').className = bad ? 'outcome bad' : 'outcome good'; };
  const api = async (url, opts) => {
    const o = opts || {}; const headers = { ...(o.headers || {}) };
    if (o.method && o.method !== 'GET') headers['x-kuzet-csrf'] = '1';
    if (o.json !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(url, { method: o.method || 'GET', headers, body: o.json !== undefined ? JSON.stringify(o.json) : o.body, credentials: 'same-origin' });
    const body = await r.json().catch(() => ({}));
    if (r.status === 401) signedOut();
    if (!r.ok) { const e = new Error(body.message || String(r.status)); e.status = r.status; throw e; }
    return body;
  };
  const prot = { video: t.pVideo, 'metadata+poster': t.pPoster, metadata: t.pMeta };
  const ctx = { t, $, el, msg, api, prot, loadFilms: null };
  async function loadFilms() {
    const { films } = await api('/api/portal/films');
    const box = $('films'); box.textContent = '';
    if (!films.length) { box.append(el('p', t.noFilms, 'muted')); return; }
    const wrap = el('div', null, 'scroll'); const table = el('table'); wrap.append(table); const head = el('tr');
    for (const h of [t.film, t.registerNo, t.protection, t.matches, t.registry, t.delist, t.packets]) head.append(el('th', h));
    table.append(head);
    for (const f of films) {
      const tr = el('tr'); tr.dataset.film = f.id;
      const link = el('a', f.titleKk); link.href = '#film=' + encodeURIComponent(f.id);
      const name = el('td'); const strong = el('strong'); strong.append(link); name.append(strong); name.append(el('div', [f.titleRu, f.titleEn, f.year].filter(Boolean).join(' · '), 'muted'));
      tr.append(name, el('td', f.stateRegisterNo || '—'));
      const p = el('td'); p.append(el('span', prot[f.protection] || f.protection, 'badge p-' + f.protection.replace('+', '-')));
      if (f.fingerprints) p.append(el('div', f.fingerprints + ' PDQ' + (f.recipeCurrent === false ? ' · ' + t.recipeOld : ''), 'muted'));
      tr.append(p, el('td', f.confirmed + ' ' + t.confirmed + ', ' + f.pending + ' ' + t.pending, 'num'), el('td', f.registryEntries, 'num'), el('td', f.delistItems, 'num'), el('td', f.packets, 'num'));
      table.append(tr);
    }
    box.append(wrap);
  }
  ctx.loadFilms = loadFilms;
  function signedIn(user) {
    $('who').textContent = t.signedInAs + ': ' + user.name;
    document.body.classList.add('in');
  }
  function signedOut() {
    document.body.classList.remove('in');
    for (const id of ['films', 'report', 'hits']) $(id).textContent = '';
    $('filmview').hidden = true; $('listview').hidden = false;
  }
  $('keyform').addEventListener('submit', async (e) => {
    e.preventDefault(); const key = $('key').value.trim(); $('key').value = '';
    try { signedIn(await kuzetSession.open(key)); msg(t.signedIn); await loadFilms(); } catch (err) { msg(t.badKey + ': ' + err.message, true); }
  });
  $('forget').addEventListener('click', async () => { await kuzetSession.close(); signedOut(); msg(''); });
  $('filmform').addEventListener('submit', async (e) => {
    e.preventDefault(); const form = new FormData($('filmform')); const json = {};
    for (const [k, v] of form.entries()) { const s = String(v).trim(); if (k === 'licensedPlatforms') json[k] = s ? s.split(/\\r?\\n/).map((x) => x.trim()).filter(Boolean) : []; else if (s) json[k] = s; }
    try { const r = await api('/api/portal/films', { method: 'POST', json }); msg(t.saved); $('filmform').reset(); await loadFilms(); await ctx.openFilm(r.filmId); } catch (err) { msg(err.message, true); }
  });
  $('importform').addEventListener('submit', async (e) => {
    e.preventDefault(); const file = $('csv').files[0]; if (!file) return;
    try {
      const r = await api('/api/films/import?dryRun=' + ($('dry').checked ? 'true' : 'false'), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: await file.arrayBuffer() });
      const box = $('report'); box.textContent = '';
      box.append(el('p', r.created + ' ' + t.created + ', ' + r.updated + ' ' + t.updated + ', ' + r.unchanged + ' ' + t.unchanged + ', ' + r.invalid.length + ' ' + t.invalid + ' (' + r.encoding + ')', 'outcome good'));
      if (r.unknownColumns.length) box.append(el('p', t.unknownColumns + ': ' + r.unknownColumns.join(', '), 'warn'));
      if (r.invalid.length) { const ul = el('ul'); for (const i of r.invalid) ul.append(el('li', t.line + ' ' + i.line + ': ' + i.reason)); box.append(ul); }
      await loadFilms();
    } catch (err) { msg(err.message, true); }
  });
  $('searchform').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const { films } = await api('/api/films/search?q=' + encodeURIComponent($('q').value));
      const ul = $('hits'); ul.textContent = '';
      if (!films.length) ul.append(el('li', t.noResults));
      for (const f of films) ul.append(el('li', f.title_kk + ' / ' + f.title_ru + (f.title_en ? ' / ' + f.title_en : '') + ' — ' + f.score));
    } catch (err) { msg(err.message, true); }
  });
  ${PORTAL_FILM_SCRIPT}
  addEventListener('hashchange', () => { const m = /^#film=([\\w-]{1,100})$/.exec(location.hash); if (!document.body.classList.contains('in')) return; if (m) void ctx.openFilm(m[1]); else { $('filmview').hidden = true; $('listview').hidden = false; void loadFilms(); } });
  // a session already open (a reload, another tab): signed in without typing the key again
  kuzetSession.current().then(async (u) => {
    if (!u) return; signedIn(u); await loadFilms();
    const m = /^#film=([\\w-]{1,100})$/.exec(location.hash); if (m) await ctx.openFilm(m[1]);
  }).catch(() => null);
})();`;
