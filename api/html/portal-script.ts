// The portal's one script (allowed by its hash in the page's CSP). The API key lives in a variable only; every value
// from the server is put into the page with textContent, never as markup.
export const PORTAL_SCRIPT = `(() => {
  const t = JSON.parse(document.getElementById('t').textContent);
  let key = null;
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; };
  const msg = (s, bad) => { $('msg').textContent = s; $('msg').className = bad ? 'outcome bad' : 'outcome good'; };
  const api = async (url, opts) => {
    const r = await fetch(url, { ...(opts || {}), headers: { ...((opts || {}).headers || {}), authorization: 'Bearer ' + key } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.message || String(r.status));
    return body;
  };
  const prot = { video: t.pVideo, 'metadata+poster': t.pPoster, metadata: t.pMeta };
  async function loadFilms() {
    const { films } = await api('/api/portal/films');
    const box = $('films'); box.textContent = '';
    if (!films.length) { box.append(el('p', t.noFilms, 'muted')); return; }
    const table = el('table'); const head = el('tr');
    for (const h of [t.film, t.registerNo, t.protection, t.matches, t.registry, t.delist, t.packets]) head.append(el('th', h));
    table.append(head);
    for (const f of films) {
      const tr = el('tr'); tr.dataset.film = f.id;
      const name = el('td'); name.append(el('strong', f.titleKk)); name.append(el('div', [f.titleRu, f.titleEn, f.year].filter(Boolean).join(' · '), 'muted'));
      tr.append(name, el('td', f.stateRegisterNo || '—'));
      const p = el('td'); p.append(el('span', prot[f.protection] || f.protection, 'badge p-' + f.protection.replace('+', '-')));
      if (f.fingerprints) p.append(el('div', f.fingerprints + ' PDQ', 'muted'));
      tr.append(p, el('td', f.confirmed + ' ' + t.confirmed + ', ' + f.pending + ' ' + t.pending, 'num'), el('td', f.registryEntries, 'num'), el('td', f.delistItems, 'num'), el('td', f.packets, 'num'));
      table.append(tr);
    }
    box.append(table);
  }
  $('keyform').addEventListener('submit', async (e) => {
    e.preventDefault(); key = $('key').value.trim(); $('key').value = '';
    try { await loadFilms(); msg(t.signedIn); document.body.classList.add('in'); } catch (err) { key = null; msg(t.badKey + ': ' + err.message, true); }
  });
  $('forget').addEventListener('click', () => { key = null; $('films').textContent = ''; $('report').textContent = ''; document.body.classList.remove('in'); msg(''); });
  $('importform').addEventListener('submit', async (e) => {
    e.preventDefault(); const file = $('csv').files[0]; if (!file || !key) return;
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
    e.preventDefault(); if (!key) return;
    try {
      const { films } = await api('/api/films/search?q=' + encodeURIComponent($('q').value));
      const ul = $('hits'); ul.textContent = '';
      if (!films.length) ul.append(el('li', t.noResults));
      for (const f of films) ul.append(el('li', f.title_kk + ' / ' + f.title_ru + (f.title_en ? ' / ' + f.title_en : '') + ' — ' + f.score));
    } catch (err) { msg(err.message, true); }
  });
})();`;
