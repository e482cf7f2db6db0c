// Entry lifecycle (issue 10) and entry versions (issue 9): every transition audited with actor and reason and kept
// as a numbered version; lifted and expired entries leave the list (removed_at) with their delisting withdrawn, and
// keep their history; a confirmed match adding a film to an active entry is a new version, not a silent edit.
import { afterEach, describe, expect, it } from 'vitest';
import { entryHistory } from '../../registry/history.ts';
import { expireDue, liftEntry, listLiftProposals, lockEntry, proposeLiftLocked, renewEntry } from '../../registry/lifecycle.ts';
import { publishMatch } from '../../registry/publish.ts';
import { verifyAuditChain } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { adapters } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { activeEntry } from './lifecycle-fixtures.ts';
import { seedFilm, seedMatch, seedUser } from './registry-fixtures.ts';

const log = silentLog();

describe.each(adapters)('entry lifecycle on %s', (_name, open) => {
  let db: Db;
  afterEach(async () => db?.close());

  it('versions: proposed, activated, film added to the active entry (issue 9), lifted by a supervisor with delisting withdrawn', async () => {
    db = await open();
    const { entryId, matchId } = await activeEntry(db);
    const [row] = await db.query<{ expires_at: Date; activated_at: Date; version: number }>('SELECT expires_at, activated_at, version FROM registry_entries WHERE id = $1', [entryId]);
    expect(new Date(row!.expires_at).getTime() - new Date(row!.activated_at).getTime()).toBe(180 * 86400_000);

    // another film confirmed on the same, already active domain
    await seedFilm(db, 'film_2', { kk: 'Көшпенділер', ru: 'Кочевник', en: 'Nomad' });
    const m2 = await seedMatch(db, 'https://kinogo-kz.example/films/2', { filmId: 'film_2' });
    await publishMatch({ db, cfg: testConfig(), log }, m2);
    await publishMatch({ db, cfg: testConfig(), log }, m2); // idempotent: no second version
    let h = await entryHistory(db, entryId);
    expect(h.map((v) => [v.version, v.change, v.status])).toEqual([[1, 'proposed', 'proposed'], [2, 'activated', 'active'], [3, 'film_added', 'active']]);
    expect(h[2]!.filmIds).toEqual(['film_1', 'film_2']);
    expect(h[1]!.filmIds).toEqual(['film_1']); // the earlier version keeps what it said then

    // only a supervisor lifts
    const inv = await seedUser(db, 'inv-c', 'investigator');
    await expect(liftEntry(db, { entryId, userId: inv.user.id, reason: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    const sup = await seedUser(db, 'sup', 'supervisor');
    expect(await db.query(`SELECT 1 FROM delist_items WHERE status = 'open'`)).toHaveLength(2);
    await liftEntry(db, { entryId, userId: sup.user.id, reason: 'the site owner showed a licence' });
    const [e] = await db.query<{ status: string; removed_at: Date | null; lifted_at: Date | null }>('SELECT status, removed_at, lifted_at FROM registry_entries WHERE id = $1', [entryId]);
    expect(e).toMatchObject({ status: 'lifted' });
    expect(e!.removed_at).not.toBeNull();
    expect(await db.query(`SELECT 1 FROM delist_items WHERE status = 'withdrawn' AND match_id = ANY($1::text[])`, [[matchId, m2]])).toHaveLength(2);
    h = await entryHistory(db, entryId);
    expect(h.at(-1)).toMatchObject({ version: 4, change: 'lifted', status: 'lifted', actorRole: 'supervisor', reason: 'the site owner showed a licence' });
    const [audit] = await db.query<{ actor: string; details: Record<string, unknown> }>(`SELECT actor, details FROM audit_log WHERE action = 'registry.lifted'`);
    expect(audit).toMatchObject({ actor: sup.user.id, details: { reason: 'the site owner showed a licence', from: 'active', version: 4, delistWithdrawn: 2 } });
    // a lifted entry cannot be lifted again, and a new match does not re-list it
    await expect(liftEntry(db, { entryId, userId: sup.user.id, reason: 'again' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await verifyAuditChain(db)).brokenAt).toBeNull();
  }, 300_000);

  it('expires an entry not re-verified in time; a renewal moves the date; lift proposals wait for a supervisor', async () => {
    db = await open();
    const { entryId } = await activeEntry(db, 'https://old-kino.example/f/1', 30);
    const { entryId: fresh } = await activeEntry(db, 'https://new-kino.example/f/1', 30);
    expect(await expireDue(db, new Date(Date.now() + 29 * 86400_000))).toEqual([]);
    const sup = await seedUser(db, 'sup2', 'supervisor');
    await renewEntry(db, { entryId: fresh, userId: sup.user.id, reason: 'checked by hand: still streaming', validDays: 90 });
    expect(await expireDue(db, new Date(Date.now() + 31 * 86400_000))).toEqual([entryId]);
    expect(await expireDue(db, new Date(Date.now() + 31 * 86400_000))).toEqual([]); // once
    const [e] = await db.query<{ status: string; removed_at: Date | null }>('SELECT status, removed_at FROM registry_entries WHERE id = $1', [entryId]);
    expect(e!.status).toBe('expired');
    expect((await entryHistory(db, entryId)).at(-1)).toMatchObject({ change: 'expired', status: 'expired', actorRole: 'system' });
    expect((await entryHistory(db, fresh)).at(-1)).toMatchObject({ change: 'renewed', status: 'active', actorRole: 'supervisor' });

    await db.tx(async (t) => {
      const locked = await lockEntry(t, fresh);
      expect(await proposeLiftLocked(t, locked, 'pages gone', { gone: 1 })).toBe(4);
      expect(await proposeLiftLocked(t, locked, 'pages gone', { gone: 1 })).toBeNull(); // one row, not one a day
    });
    expect(await listLiftProposals(db)).toMatchObject([{ entryId: fresh, reason: 'pages gone', status: 'active' }]);
    await renewEntry(db, { entryId: fresh, userId: sup.user.id, reason: 'kept: a mirror still streams', validDays: 90 });
    expect(await listLiftProposals(db)).toEqual([]);
  }, 300_000);
});
