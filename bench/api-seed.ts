// Seeds a database the size the load bench asks for: N active registry entries (serials 1..N) and M delisting items
// (each with its candidate and confirmed match, as the pipeline would leave them), in a few set-based statements.
import type { Db } from '../storage/db.ts';
import { appendAudit } from '../storage/audit.ts';

export async function seedLoad(db: Db, opts: { entries: number; delist: number }): Promise<void> {
  await db.query(`INSERT INTO films (id, title_kk, title_ru, title_en, year)
    SELECT 'film_' || i, 'Фильм ' || i, 'Фильм ' || i, 'Film ' || i, 2000 + i FROM generate_series(1, 20) i ON CONFLICT DO NOTHING`);
  await db.query(`INSERT INTO registry_entries (id, domain, status, serial, film_ids, match_ids, reason, activated_at)
    SELECT 'reg_' || i, 'kino' || i || '.pirate.example', 'active', i, ARRAY['film_' || (1 + i % 20)], ARRAY[]::text[],
           'Unlicensed distribution of national films protected by copyright', now() - make_interval(mins => $1::int - i)
      FROM generate_series(1, $1::int) i`, [opts.entries]);
  await db.query(`SELECT setval('registry_serial', $1::bigint)`, [opts.entries]);
  const batch = 200_000;
  for (let from = 1; from <= opts.delist; from += batch) {
    const to = Math.min(opts.delist, from + batch - 1);
    await db.query(`INSERT INTO candidates (id, url, domain, kind, title)
      SELECT 'cand_' || i, 'https://kino' || (1 + i % $3::int) || '.pirate.example/film/' || i, 'kino' || (1 + i % $3::int) || '.pirate.example', 'detail', 'x'
        FROM generate_series($1::int, $2::int) i`, [from, to, opts.entries]);
    await db.query(`INSERT INTO matches (id, candidate_id, film_id, checkpoint, media_url, score, matched_frames, decision, status)
      SELECT 'match_' || i, 'cand_' || i, 'film_' || (1 + i % 20), 'cp', NULL, 0.95, 20, 'match', 'confirmed' FROM generate_series($1::int, $2::int) i`, [from, to]);
    await db.query(`INSERT INTO delist_items (id, url, domain, film_id, match_id, reason, deadline_at)
      SELECT 'dl_' || i, 'https://kino' || (1 + i % $3::int) || '.pirate.example/film/' || i, 'kino' || (1 + i % $3::int) || '.pirate.example',
             'film_' || (1 + i % 20), 'match_' || i, 'Unlicensed copy (bench)', now() + interval '24 hours' FROM generate_series($1::int, $2::int) i`, [from, to, opts.entries]);
  }
  await db.query('ANALYZE'); // planner statistics, as autovacuum would gather them on a server
  await appendAudit(db, { actor: 'bench', action: 'registry.activated', subject: `reg_${opts.entries}`, details: { serial: opts.entries } });
}
