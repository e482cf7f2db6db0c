import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../storage/db.ts';
import { appendAudit, verifyAuditChain } from '../../storage/audit.ts';
import { migrate } from '../../storage/migrate.ts';
import { adapters } from '../kit/db.ts';

describe.each(adapters)('storage on %s', (_name, open) => {
  let db: Db;
  afterEach(async () => db?.close());

  it('migrates idempotently', async () => {
    db = await open();
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(['films', 'fingerprints', 'sources', 'candidates', 'matches', 'reviews', 'registry_entries', 'delist_items', 'packets', 'audit_log', 'users', 'api_keys', 'evidence']));
  });

  it('keeps the audit log append-only and hash-chained', async () => {
    db = await open();
    await appendAudit(db, { actor: 'cli', action: 'film.add', subject: 'film_1', details: { b: 1, a: [2, 3] } });
    await appendAudit(db, { actor: 'u1', action: 'review.approve', subject: 'm1' });
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 2, brokenAt: null });
    await expect(db.query(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('rolls back a failed transaction', async () => {
    db = await open();
    await expect(
      db.tx(async (t) => {
        await t.query(`INSERT INTO users (id, name, role) VALUES ('u1', 'a', 'admin')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('SELECT * FROM users')).toEqual([]);
  });
});
