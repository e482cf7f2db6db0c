// The PostgreSQL adapter when the server ends a connection that a transaction holds (a restart, a failover, an admin
// termination): the transaction fails and is retried by its caller; the process must not die of an unhandled 'error'
// event (found by the faults run's `pg_ctl restart -m immediate`). Needs TEST_DATABASE_URL.
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../storage/db.ts';
import { freshPostgres, serverUrl } from '../kit/db.ts';

describe.skipIf(!serverUrl)('postgres adapter: the server ends a connection inside a transaction', () => {
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
  });

  it('fails that transaction only: no uncaught error, and the next queries get a fresh connection', async () => {
    const db = await freshPostgres();
    const admin = await openPostgres(serverUrl);
    open.push(db, admin);
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const tx = db.tx(async (t) => {
        const [me] = await t.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [me!.pid]);
        await new Promise((r) => setTimeout(r, 300)); // idle in transaction: the termination arrives between two queries
        await t.query('SELECT 1');
      });
      await expect(tx).rejects.toThrow();
      expect(uncaught).toEqual([]);
      for (let i = 0; i < 12; i++) expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await db.tx((t) => t.query<{ two: number }>('SELECT 2 AS two'))).toEqual([{ two: 2 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
