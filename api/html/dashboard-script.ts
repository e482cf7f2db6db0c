// The dashboards page's one script (allowed by its hash in the page's CSP); uPlot comes from /assets/uplot.min.js.
// Signing in is the portal's: the typed key goes once to POST /api/session, which sets the HttpOnly session cookie, and
// is dropped; a session opened on /portal (or before a reload) is found with GET /api/session. Every other fetch goes
// through api(path) and rides the cookie. Values from the server reach the page through textContent only, without
// bidi override/isolate controls (as the workbench does).
import { BIDI_CONTROLS } from './layout.ts';
import { SESSION_CLIENT } from './session-client.ts';

export const DASHBOARD_SCRIPT = `(() => {
  const $ = (id) => document.getElementById(id);
  ${SESSION_CLIENT}
  const t = JSON.parse($('t').textContent);
  const clean = (s) => String(s).replace(${BIDI_CONTROLS}, '');
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = clean(text); if (cls) e.className = cls; return e; };
  const msg = (s, bad) => { $('msg').textContent = s; $('msg').className = bad ? 'outcome bad' : 'outcome good'; };
  async function api(path) {
    const r = await fetch(path, { credentials: 'same-origin' });
    if (r.status === 401) signedOut();
    if (!r.ok) { const b = await r.json().catch(() => ({})); throw new Error(b.message || String(r.status)); }
    return r;
  }
  const lang = document.documentElement.lang;
  // Kazakh pages write dates and numbers as Kazakhstan does (31.12.2026 14:05, 15 300): browsers without kk data fall
  // back to English (12/31, 15,300), which reads wrong
  const locale = lang === 'en' ? 'en-GB' : 'ru-RU';
  // English pages name the month (1 Dec 2026): 01/12 reads as January 12 to some readers
  const month = lang === 'en' ? 'short' : '2-digit';
  const fmt = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Almaty', day: '2-digit', month, year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Almaty', day: '2-digit', month });
  const when = (iso) => (iso ? fmt.format(new Date(iso)) : null);
  const num = (n) => new Intl.NumberFormat(locale).format(n);
  const titleOf = (f) => (lang === 'kk' ? f.titleKk : lang === 'ru' ? f.titleRu : f.titleEn || f.titleRu);
  let charts = [];
  let filmsById = new Map();

  const query = () => {
    const q = new URLSearchParams();
    if ($('film').value) q.set('film', $('film').value);
    if ($('from').value) q.set('from', $('from').value);
    if ($('to').value) q.set('to', $('to').value);
    return q.toString();
  };
  const dayTs = (d) => Date.parse(d + 'T00:00:00+05:00') / 1000;

  function chart(box, days, series) {
    box.textContent = '';
    if (!series.some((s) => s.values.some((v) => v > 0))) { box.append(el('p', t.noData, 'muted')); return; }
    const opts = {
      width: Math.max(260, box.clientWidth || 600), height: 240,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Asia/Almaty'),
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(2, max)] } },
      axes: [{ values: (u, splits) => splits.map((ts) => dayFmt.format(new Date(ts * 1e3))) }, { label: t.count, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000] }],
      series: [{ label: t.day, value: (u, ts) => (ts == null ? '—' : dayFmt.format(new Date(ts * 1e3))) }].concat(series.map((s) => ({ label: clean(s.label), stroke: s.color, width: 2, points: { show: true, size: 6, fill: s.color } }))),
    };
    charts.push(new uPlot(opts, [days.map(dayTs)].concat(series.map((s) => s.values)), box));
  }

  function detectionCharts(d) {
    for (const c of charts) c.destroy();
    charts = [];
    const days = d.period.days; const at = new Map(days.map((x, i) => [x, i]));
    const zero = () => days.map(() => 0);
    const byStatus = { confirmed: zero(), waiting: zero(), rejected: zero() };
    const byDomain = new Map();
    for (const r of d.detections) {
      const i = at.get(r.day); if (i === undefined) continue;
      byStatus[r.status][i] += r.count;
      if (!byDomain.has(r.domain)) byDomain.set(r.domain, zero());
      byDomain.get(r.domain)[i] += r.count;
    }
    chart($('chart-status'), days, [
      { label: t.confirmed, color: '#b42318', values: byStatus.confirmed },
      { label: t.waiting, color: '#c77700', values: byStatus.waiting },
      { label: t.rejected, color: '#6b7785', values: byStatus.rejected },
    ]);
    const total = (v) => v.reduce((a, b) => a + b, 0);
    const ranked = [...byDomain.entries()].sort((a, b) => total(b[1]) - total(a[1]) || (a[0] < b[0] ? -1 : 1));
    const colors = ['#0b6bcb', '#b42318', '#1a7f37', '#8250df', '#c77700', '#0e7490'];
    const top = ranked.slice(0, 6).map(([domain, values], i) => ({ label: domain, color: colors[i], values }));
    const rest = ranked.slice(6);
    if (rest.length) top.push({ label: t.other + ' (' + rest.length + ')', color: '#6b7785', values: days.map((_, i) => rest.reduce((a, r) => a + r[1][i], 0)) });
    chart($('chart-source'), days, top);
  }

  function step(cell, iso, extra) {
    if (iso) { cell.append(el('span', when(iso))); if (extra) cell.append(el('div', extra, 'muted')); } else cell.append(el('span', '—', 'step-wait'));
  }
  function slaTable(d) {
    const box = $('sla'); box.textContent = '';
    // overdue first, then late, then the rest newest first (as the server sends them)
    const rank = (i) => (i.overdue ? 0 : i.late ? 1 : 2);
    const items = d.sla.items.map((i, k) => [i, k]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map((x) => x[0]);
    const late = items.filter((i) => i.overdue).length;
    $('sla-summary').textContent = late ? t.overdueSummary + ': ' + late : t.allOnTime;
    $('sla-summary').className = late ? 'summary bad' : 'summary';
    if (!items.length) { box.append(el('p', t.noData, 'muted')); return; }
    const table = el('table', null, 'sla'); const head = el('tr');
    const cols = [t.colItem, t.colDetected, t.colConfirmed, t.colActive, t.colDelisted, t.colApplied];
    for (const h of cols) head.append(el('th', h));
    table.append(head);
    for (const i of items) {
      const tr = el('tr'); tr.dataset.match = i.matchId; if (i.overdue) tr.className = 'overdue';
      const item = el('td', null, 'url'); const f = filmsById.get(i.filmId);
      if (i.overdue) { item.append(el('span', t.overdue, 'flag')); item.append(document.createTextNode(' ')); }
      item.append(el('strong', f ? titleOf(f) : i.filmId)); item.append(el('div', i.url, 'muted'));
      const c1 = el('td'); step(c1, i.detectedAt);
      const c2 = el('td'); if (i.status === 'confirmed') step(c2, i.confirmedAt); else c2.append(el('span', t.waiting, 'step-wait'));
      const c3 = el('td'); step(c3, i.activatedAt, i.serial !== null && i.activatedAt ? '#' + i.serial : null);
      const c4 = el('td');
      if (i.delistedAt) {
        step(c4, i.delistedAt, t.engines + ': ' + i.enginesDelisted + (i.enginesRefused ? ', ' + t.refused + ': ' + i.enginesRefused : ''));
        if (i.late) c4.append(el('span', t.late, 'flag late'));
      } else if (i.deadlineAt) {
        if (i.overdue) c4.append(el('span', t.overdue, 'flag'));
        else c4.append(el('span', t.pending, 'step-wait'));
        c4.append(el('div', t.deadline + ': ' + when(i.deadlineAt), i.overdue ? 'outcome bad' : 'muted'));
      } else c4.append(el('span', '—', 'step-wait'));
      const c5 = el('td'); step(c5, i.appliedAt, i.appliedAt ? t.operators + ': ' + i.operatorsApplied + '/' + d.sla.operatorsTotal : null);
      [item, c1, c2, c3, c4, c5].forEach((c, k) => { c.dataset.label = cols[k]; tr.append(c); }); table.append(tr);
    }
    box.append(table);
  }

  function exposureTable(d) {
    const box = $('exposure'); box.textContent = '';
    const table = el('table', null, 'exp'); const head = el('tr');
    const cols = [t.film, t.colUrls, t.colDomains, t.colChannels, t.colViews, t.colSubscribers, t.colDays, t.colMatches, t.colBlocked];
    for (const h of cols) head.append(el('th', h));
    table.append(head);
    for (const x of d.exposure) {
      const f = filmsById.get(x.filmId); const tr = el('tr'); tr.dataset.film = x.filmId;
      const name = el('td'); name.append(el('strong', f ? titleOf(f) : x.filmId)); if (f && f.stateRegisterNo) name.append(el('div', f.stateRegisterNo, 'muted'));
      const dom = el('td', x.domains.length, 'num doms'); if (x.domains.length) dom.append(el('div', x.domains.slice(0, 5).join(', ') + (x.domains.length > 5 ? ', …' : ''), 'muted'));
      const cells = [name, el('td', num(x.urls), 'num'), dom, el('td', num(x.telegramChannels), 'num'), el('td', num(x.views), 'num'), el('td', num(x.subscribers), 'num'),
        el('td', num(x.maxDaysOnline), 'num'), el('td', x.confirmedMatches + ' / ' + x.waitingMatches, 'num'), el('td', num(x.blockedUrls), 'num')];
      cells.forEach((c, k) => { c.dataset.label = cols[k]; tr.append(c); });
      table.append(tr);
    }
    if (!d.exposure.length) box.append(el('p', t.noData, 'muted')); else box.append(table);
  }

  async function load() {
    const d = await (await api('/api/portal/dashboard?' + query())).json();
    if (!$('film').value) {
      filmsById = new Map(d.films.map((f) => [f.id, f]));
      const sel = $('film'); while (sel.options.length > 1) sel.remove(1);
      for (const f of d.films) { const o = el('option', titleOf(f) + (f.stateRegisterNo ? ' · ' + f.stateRegisterNo : '')); o.value = f.id; sel.append(o); }
    }
    $('from').value = d.period.from; $('to').value = d.period.to;
    detectionCharts(d); slaTable(d); exposureTable(d);
  }

  function signedOut() {
    for (const c of charts) c.destroy(); charts = [];
    for (const id of ['chart-status', 'chart-source', 'sla', 'exposure', 'sla-summary']) $(id).textContent = '';
    const sel = $('film'); while (sel.options.length > 1) sel.remove(1); filmsById = new Map();
    $('from').value = ''; $('to').value = ''; document.body.classList.remove('in');
  }
  // the charts need the section's width: the signed-in part is shown before loading
  async function show() { document.body.classList.add('in'); msg(t.loading); await load(); msg(t.signedIn); }
  $('keyform').addEventListener('submit', async (e) => {
    e.preventDefault(); const key = $('key').value.trim(); $('key').value = '';
    try { await kuzetSession.open(key); await show(); } catch (err) { signedOut(); msg(t.badKey + ': ' + err.message, true); }
  });
  $('forget').addEventListener('click', async () => { await kuzetSession.close(); signedOut(); msg(''); });
  // a session already open (on /portal, another tab, before a reload): signed in without typing the key again
  kuzetSession.current().then((u) => (u ? show() : null)).catch((err) => msg(err.message, true));
  $('filters').addEventListener('submit', async (e) => { e.preventDefault(); try { await load(); msg(''); } catch (err) { msg(err.message, true); } });
  $('csv').addEventListener('click', async () => {
    try {
      const blob = await (await api('/api/portal/exposure.csv?' + query())).blob();
      const a = document.createElement('a'); a.href = URL.createObjectURL(blob);
      a.download = 'kuzet-exposure-' + $('from').value + '-' + $('to').value + '.csv';
      document.body.append(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (err) { msg(err.message, true); }
  });
  window.addEventListener('resize', () => { for (const c of charts) c.setSize({ width: Math.max(260, c.root.parentNode.clientWidth), height: 240 }); });
})();`;
