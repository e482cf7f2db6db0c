// Test databases: a fresh in-memory PGlite per call, or a fresh schema on the real server when
// TEST_DATABASE_URL is set (so the same tests run on both adapters).
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Db } from '../../storage/db.ts';
import { migrate } from '../../storage/migrate.ts';

export const serverUrl = process.env.TEST_DATABASE_URL || '';

export async function freshPglite(): Promise<Db> {
  const db = await openPglite('memory://');
  await migrate(db);
  return db;
}

/** A new database on the PostgreSQL server, dropped on close. */
export async function freshPostgres(url = serverUrl): Promise<Db> {
  const admin = await openPostgres(url);
  const name = `kuzet_test_${randomBytes(5).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString());
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** The adapters to run a storage test against: always PGlite, plus PostgreSQL when a server URL is given. */
export const adapters: Array<[string, () => Promise<Db>]> = [
  ['pglite', freshPglite],
  ...(serverUrl ? ([['postgres', () => freshPostgres()]] as Array<[string, () => Promise<Db>]>) : []),
];
