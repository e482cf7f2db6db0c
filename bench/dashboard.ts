// Dashboards (issue 11) on PGlite: GET /api/portal/dashboard's three parts (detections, SLA chain, exposure) for all
// films (an admin or supervisor) and for one film (a rights holder), on a generated registry: F films, M matches over
// the last 28 days, E registry entries (every match's domain listed and activated), a delisting item for every
// second match. `npm run bench -- --only dashboard [--quick]`.
import { exposureOf } from '../films/exposure.ts';
import { entriesOfMatches, slaChain } from '../registry/sla.ts';
import { detectionRows, exposureRows, periodOf } from '../storage/dashboard.ts';
import { freshPglite } from '../test/kit/db.ts';
import type { BenchPart } from './types.ts';

const ms = (t0: number) => Math.round(performance.now() - t0);

export const dashboardBench: BenchPart = {
  name: 'dashboard',
  run: async ({ quick }) => {
    const F = 50, M = quick ? 5000 : 20000, E = quick ? 1000 : 3000;
    const db = await freshPglite();
    try {
      await db.query(`INSERT INTO films (id, title_kk, title_ru) SELECT 'f'||g, 'k'||g, 'r'||g FROM generate_series(1,${F}) g`);
      await db.query(`INSERT INTO candidates (id, url, domain, kind, extra, first_seen_at, last_seen_at) SELECT 'c'||g, 'https://d'||(g%${E})||'.example/p'||g, 'd'||(g%${E})||'.example', 'detail', '{"views":"1.2K"}', now() - interval '20 days', now() FROM generate_series(1,${M}) g`);
      await db.query(`INSERT INTO matches (id, candidate_id, film_id, checkpoint, score, decision, status, created_at, decided_at) SELECT 'm'||g, 'c'||g, 'f'||(1+g%${F}), 'cp', 0.9, 'match', CASE WHEN g%5=0 THEN 'pending_review' ELSE 'confirmed' END, now() - (g%28)*interval '1 day', now() FROM generate_series(1,${M}) g`);
      await db.query(`INSERT INTO registry_entries (id, domain, status, serial, film_ids, match_ids, reason, activated_at) SELECT 'reg'||e, 'd'||e||'.example', 'active', nextval('registry_serial'), '{}', ARRAY(SELECT 'm'||g FROM generate_series(1,${M}) g WHERE g%${E}=e), 'x', now() - interval '5 days' FROM generate_series(0,${E - 1}) e`);
      await db.query(`INSERT INTO delist_items (id, url, domain, film_id, match_id, reason, deadline_at) SELECT 'dl'||g, 'https://d'||(g%${E})||'.example/p'||g, 'x', 'f'||(1+g%${F}), 'm'||g, 'x', now() FROM generate_series(1,${M},2) g`);
      const p = periodOf({});
      const all = Array.from({ length: F }, (_, i) => `f${i + 1}`);
      const rows: (string | number)[][] = [];
      for (const [who, ids] of [['all films', null], ['one film', ['f1']]] as const) {
        let t0 = performance.now();
        const d = await detectionRows(db, ids, p);
        const tDet = ms(t0);
        t0 = performance.now();
        const c = await slaChain(db, { filmIds: ids, start: p.start, end: p.end });
        const tSla = ms(t0);
        t0 = performance.now();
        const x = await exposureRows(db, ids, p);
        const e = await entriesOfMatches(db, x.map((r) => r.matchId));
        exposureOf(ids ?? all, x, new Map([...e].map(([k, v]) => [k, v.activatedAt])));
        rows.push([who, d.length, tDet, c.items.length, tSla, x.length, ms(t0)]);
      }
      return [{
        title: `Dashboards on PGlite (${M} matches, ${E} entries, ${F} films)`,
        columns: ['scope', 'detection rows', 'detections ms', 'SLA items', 'SLA chain ms', 'exposure pages', 'exposure ms'],
        rows,
        notes: ['one run each, first query after seeding (no ANALYZE: PGlite never autovacuums)'],
      }];
    } finally {
      await db.close();
    }
  },
};
