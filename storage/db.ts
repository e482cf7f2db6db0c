// The Db port: the only way Kuzet talks to PostgreSQL. Two adapters with the same SQL:
// PGlite in-process (default, DATA_DIR/pg) and a real server through `pg` (DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';

/** A timestamp column as an ISO-8601 string, or null (PGlite and pg return Date objects; null stays null). */
export const isoOrNull = (v: unknown): string | null => (v ? new Date(v as string | Date).toISOString() : null);

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn in one transaction; a throw rolls back. Nested calls reuse the outer transaction. */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8/numeric come back as numbers on both adapters (our serials stay far below 2^53).
const INT8 = 20;
const NUMERIC = 1700;
const toNum = (v: string) => (v === null ? v : Number(v));

/** Throws when the database does not answer (health checks). */
export async function pingDb(db: Db): Promise<void> {
  await db.query('SELECT 1');
}

export async function openDb(opts: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(path.join(opts.dataDir, 'pg'));
}

/** PGlite in a directory (or in memory for 'memory://'). One process at a time may own a directory. */
export async function openPglite(dir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const release = dir.startsWith('memory://') ? () => {} : lockDir(dir);
  const pg = new PGlite(dir, { parsers: { [INT8]: toNum, [NUMERIC]: toNum } });
  try {
    await pg.waitReady;
  } catch (e) {
    release();
    throw e;
  }
  const wrap = (q: { query: typeof pg.query }, inTx: boolean): Db => ({
    kind: 'pglite',
    query: async <T,>(sql: string, params?: unknown[]) => (await q.query<T>(sql, params)).rows,
    tx: (fn) => (inTx ? fn(wrap(q, true)) : pg.transaction((t) => fn(wrap(t, true)))),
    close: async () => {
      await pg.close();
      release();
    },
  });
  return wrap(pg, false);
}

export async function openPostgres(url: string): Promise<Db> {
  const { default: pgLib } = await import('pg');
  const types = { getTypeParser: (oid: number, fmt?: 'text' | 'binary') => (oid === INT8 || oid === NUMERIC ? toNum : pgLib.types.getTypeParser(oid, fmt as 'text')) };
  const pool = new pgLib.Pool({ connectionString: url, max: 10, types });
  // an idle client whose server connection dies (restart, admin termination) must not crash the process;
  // the pool drops it and the next query opens a new connection
  pool.on('error', () => {});
  await pool.query('select 1');
  const viaClient = (c: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }> }): Db => ({
    kind: 'postgres',
    query: async <T,>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as T[],
    tx: (fn) => fn(viaClient(c)),
    close: async () => {},
  });
  return {
    kind: 'postgres',
    query: async <T,>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    async tx(fn) {
      const client = await pool.connect();
      // a checked-out client has no pool listener: a server that ends the connection between two queries of the
      // transaction (restart, failover, admin termination) would raise an unhandled 'error' and kill the process.
      // Listen while it is ours; the next query fails instead, and the broken client leaves the pool on release.
      let broken: Error | undefined;
      const onError = (e: Error) => { broken = e; };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(viaClient(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** A pid lock file, so a second process gets a clear error instead of corrupting a PGlite directory. */
function lockDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, '..', `${path.basename(dir)}.lock`);
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`the PGlite database in ${dir} is in use by process ${pid}; stop it, or point DATABASE_URL at a PostgreSQL server to share one store between processes`);
    }
    fs.writeFileSync(lock, String(process.pid));
  }
  return () => fs.rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
