// The portal's film view, inlined into PORTAL_SCRIPT's closure (it uses its t, $, el, msg, api, ctx): one film's
// title data, its reference uploads (chunked, resumable, with upload and fingerprinting progress), detections with
// their packets, the registry entries and delisting items that cite it.
export const PORTAL_FILM_SCRIPT = `
  let current = null; let polling = null;
  const FIELDS = ['stateRegisterNo', 'year', 'genre', 'durationMin', 'originalTitle', 'altTitles', 'distributionCertificate', 'distributionCertificateDate', 'nationalFilmCertificate', 'eidr', 'kinopoiskId', 'imdbId', 'rightsHolder', 'rightsHolderBin', 'territory', 'rightsFrom', 'rightsTo', 'noticeContact'];
  const labels = JSON.parse(document.getElementById('labels').textContent);
  const table = (heads, rows) => {
    if (!rows.length) return el('p', t.none, 'muted');
    const wrap = el('div', null, 'scroll'); const tb = el('table'); wrap.append(tb); const h = el('tr'); for (const x of heads) h.append(el('th', x)); tb.append(h);
    for (const r of rows) { const tr = el('tr'); for (const c of r) { if (c instanceof Node) { const td = el('td'); td.append(c); tr.append(td); } else tr.append(el('td', c)); } tb.append(tr); }
    return wrap;
  };
  const when = (iso) => iso ? new Date(iso).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'ru-RU', { timeZone: 'Asia/Almaty', dateStyle: 'medium', timeStyle: 'short' }) + ' ' + t.tz : '—';
  const url = (u) => el('span', u, 'url');
  function uploadRow(u) {
    const box = el('div', null, 'up'); box.dataset.upload = u.id;
    box.append(el('strong', u.fileName + ' '), el('span', '(' + (t['k-' + u.kind] || u.kind) + ', ' + (u.declaredBytes / 1048576).toFixed(1) + ' ' + t.mb + ') ', 'muted'));
    const bar = el('progress'); bar.max = 1;
    const st = t['st-' + u.status] || u.status;
    let text = st;
    if (u.status === 'receiving') { bar.value = u.receivedBytes / u.declaredBytes; text += ' ' + Math.floor(100 * bar.value) + ' %'; }
    else if (u.status === 'stored' || u.status === 'fingerprinting') { bar.value = u.progress; text += (u.stage ? ' — ' + (t['sg-' + u.stage] || u.stage) : '') + ' ' + Math.floor(100 * u.progress) + ' %'; }
    else bar.value = u.status === 'done' ? 1 : 0;
    if (u.status === 'done' && u.kind === 'poster') text = t['st-posterdone'];
    if (u.status === 'done' && u.fingerprints) text += ' (' + u.fingerprints + ' ' + t.fingerprints + ')';
    if (u.status !== 'failed') box.append(bar, ' ');
    box.append(el('span', text, u.status === 'failed' ? 'bad' : u.status === 'done' ? 'good' : ''));
    if (u.error) box.append(el('div', u.error, 'bad'));
    if (u.sha256) box.append(el('div', t.sha + ' ' + u.sha256, 'muted url'));
    return box;
  }
  function showUploads(list) {
    const box = $('uploads'); box.textContent = '';
    if (!list.length) box.append(el('p', t.none, 'muted'));
    for (const u of list) box.append(uploadRow(u));
    const busy = list.some((u) => u.status === 'stored' || u.status === 'fingerprinting');
    clearTimeout(polling); polling = busy ? setTimeout(() => ctx.openFilm(current, true), 1000) : null;
  }
  ctx.openFilm = async (id, quiet) => {
    try {
      const d = await api('/api/portal/films/' + encodeURIComponent(id));
      const f = d.film; current = f.id;
      if (location.hash !== '#film=' + f.id) history.pushState(null, '', '#film=' + f.id);
      $('listview').hidden = true; $('filmview').hidden = false;
      $('ftitle').textContent = f.titleKk + ' / ' + f.titleRu + (f.titleEn ? ' / ' + f.titleEn : '');
      $('fnote').hidden = f.protection === 'video';
      const dl = $('fmeta'); dl.textContent = '';
      dl.append(el('dt', t.protection), el('dd', prot[f.protection] || f.protection));
      for (const k of FIELDS) { const v = Array.isArray(f[k]) ? f[k].join(' | ') : f[k]; if (v !== null && v !== undefined && v !== '') dl.append(el('dt', labels[k] || k), el('dd', v)); }
      if (f.licensedPlatforms.length) dl.append(el('dt', t.licensed), el('dd', f.licensedPlatforms.map((p) => (p.kind === 'telegram' ? 't.me/' : '') + p.value).join(', ')));
      showUploads(d.uploads);
      $('fdet').textContent = ''; $('fdet').append(table([t.address, t.verdict, t.signal, t.detected, t.packet], d.detections.map((m) => {
        let pk = '—'; if (m.packet) { pk = el('a', t.download); pk.href = '/api/packets/' + encodeURIComponent(m.matchId); pk.setAttribute('download', ''); }
        return [url(m.url), t['ms-' + m.status] || m.status, m.signal || '—', when(m.detectedAt), pk];
      })));
      $('freg').textContent = ''; $('freg').append(table(['№', t.address, t.entryStatus, t.detected], d.registry.map((r) => [r.serial === null ? '—' : String(r.serial), url(r.domain), r.status, when(r.activatedAt)])));
      $('fdl').textContent = ''; $('fdl').append(table([t.address, t.entryStatus, t.detected, t.deadline], d.delisting.map((x) => [url(x.url), x.status, when(x.createdAt), when(x.deadlineAt)])));
    } catch (err) { if (!quiet) msg(err.status === 404 ? t.filmNotFound : err.message, true); }
  };
  $('back').addEventListener('click', async () => { clearTimeout(polling); current = null; history.pushState(null, '', location.pathname); $('filmview').hidden = true; $('listview').hidden = false; await ctx.loadFilms(); });
  /** one chunk by XHR (fetch has no upload progress); resolves with the answer, a 409 carrying the server's offset */
  const putChunk = (id, offset, blob, onBytes) => new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('PUT', '/api/portal/uploads/' + encodeURIComponent(id) + '?offset=' + offset);
    x.setRequestHeader('content-type', 'application/octet-stream'); x.setRequestHeader('x-kuzet-csrf', '1');
    x.upload.onprogress = (e) => onBytes(e.loaded);
    x.onload = () => { let b = {}; try { b = JSON.parse(x.responseText); } catch {} resolve({ status: x.status, body: b, offset: x.getResponseHeader('upload-offset') }); };
    x.onerror = () => reject(new Error(t.connLost));
    x.send(blob);
  });
  async function send(kind, file) {
    if (!file || !current) return;
    const filmId = current;
    try {
      const o = await api('/api/portal/films/' + encodeURIComponent(filmId) + '/uploads', { method: 'POST', json: { kind, fileName: file.name, bytes: file.size } });
      let up = o.upload; let offset = up.receivedBytes; let failures = 0;
      if (o.resumed && offset) msg(file.name + ': ' + t.resumedFrom + ' ' + offset);
      const row = () => { const old = document.querySelector('[data-upload="' + up.id + '"]'); const fresh = uploadRow(up); if (old) old.replaceWith(fresh); else $('uploads').prepend(fresh); };
      row();
      while (up.status === 'receiving') {
        const end = Math.min(file.size, offset + o.chunkBytes);
        let r;
        try { r = await putChunk(up.id, offset, file.slice(offset, end), (n) => { up = { ...up, receivedBytes: offset + n }; row(); }); }
        catch (err) { if (++failures > 5) throw err; await new Promise((res) => setTimeout(res, 1000 * failures)); continue; }
        if (r.status === 409 && r.offset !== null) { offset = Number(r.offset); up = { ...up, receivedBytes: offset }; if (++failures > 20) throw new Error(r.body.message); continue; }
        if (r.status !== 200) throw new Error(r.body.message || String(r.status));
        up = r.body.upload; offset = up.receivedBytes; failures = 0; row();
      }
      msg(''); if (current === filmId) await ctx.openFilm(filmId, true);
    } catch (err) { msg(file.name + ': ' + err.message, true); }
  }
  $('videoform').addEventListener('submit', (e) => { e.preventDefault(); void send('video', $('videofile').files[0]); });
  $('posterform').addEventListener('submit', (e) => { e.preventDefault(); void send('poster', $('posterfile').files[0]); });
`;
