// Plain-SQL migrations (storage/migrations/NNN_name.sql), applied in order, each in a transaction,
// identical on PGlite and on a PostgreSQL server.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function migrate(db: Db): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const applied: string[] = [];
  for (const file of fs.readdirSync(DIR).filter((f) => /^\d+_.+\.sql$/.test(f)).sort()) {
    if (done.has(file)) continue;
    const sql = fs.readFileSync(path.join(DIR, file), 'utf8');
    await db.tx(async (t) => {
      // advisory lock: two processes starting together against one server do not both migrate
      if (db.kind === 'postgres') await t.query('SELECT pg_advisory_xact_lock(7220001)');
      const again = await t.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file]);
      if (again.length) return;
      await execScript(t, sql);
      await t.query('INSERT INTO schema_migrations(name) VALUES ($1)', [file]);
      applied.push(file);
    });
  }
  return applied;
}

/** Runs a multi-statement script. Statements are split on lines that hold only `-- ;;` or on `;` at line end outside $$ bodies. */
async function execScript(db: Db, sql: string): Promise<void> {
  let buf = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    buf += line + '\n';
    if (!inBody && /;\s*$/.test(line)) {
      if (buf.trim()) await db.query(buf);
      buf = '';
    }
  }
  if (buf.trim()) await db.query(buf);
}
