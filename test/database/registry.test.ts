import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { authenticate } from '../../storage/users.ts';
import { decideEntry } from '../../registry/approvals.ts';
import { delistFeed, hostsFile, registryCsv, registryJson, rpzZone } from '../../registry/exports.ts';
import { publishMatch, registryIdFor } from '../../registry/publish.ts';
import { reviewMatch } from '../../registry/reviews.ts';
import { postgresSearch } from '../../registry/search.ts';
import { adapters } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { seedFilm, seedMatch, seedUser } from './registry-fixtures.ts';

const log = silentLog();

const snapshot = async (db: Db) => ({
  delist: await db.query('SELECT * FROM delist_items ORDER BY seq'),
  registry: await db.query('SELECT * FROM registry_entries ORDER BY id'),
  audit: await db.query('SELECT seq, hash FROM audit_log ORDER BY seq'),
});

describe.each(adapters)('registry on %s', (_name, open) => {
  let db: Db;
  afterEach(async () => db?.close());
  const deps = () => ({ db, cfg: testConfig({ delistDeadlineHours: 48 }), log });

  it('publishes a confirmed match once: delist item with deadline, domain proposal, audit', async () => {
    db = await open();
    const m = await seedMatch(db, 'https://www.kino-pirate.example.kz/films/kyz-zhibek');
    const r = await publishMatch(deps(), m);
    expect(r.registryEntryId).toBe(registryIdFor('example.kz'));
    expect(r.delistItemId).toMatch(/^dl_[0-9a-f]{64}$/);
    expect(r.skipped).toBeUndefined();
    const before = await snapshot(db);
    expect(before.registry).toHaveLength(1);
    expect(before.registry[0]).toMatchObject({ domain: 'example.kz', status: 'proposed', serial: null, film_ids: ['film_1'], match_ids: [m] });
    const item = before.delist[0] as { created_at: Date; deadline_at: Date; domain: string };
    expect(item.domain).toBe('www.kino-pirate.example.kz');
    expect(new Date(item.deadline_at).getTime() - new Date(item.created_at).getTime()).toBe(48 * 3600_000);
    expect(before.audit.length).toBeGreaterThanOrEqual(2);
    // idempotent: same answer, nothing changed (not even the audit log)
    expect(await publishMatch(deps(), m)).toEqual(r);
    expect(await snapshot(db)).toEqual(before);
  });

  it('adds a second film/match to the existing entry of the same domain', async () => {
    db = await open();
    await seedFilm(db, 'film_2', { kk: 'Көшпенділер', ru: 'Кочевник', en: 'Nomad' });
    const m1 = await seedMatch(db, 'https://a.example.kz/1');
    const m2 = await seedMatch(db, 'https://b.example.kz/2', { filmId: 'film_2' });
    const r1 = await publishMatch(deps(), m1);
    const r2 = await publishMatch(deps(), m2);
    expect(r2.registryEntryId).toBe(r1.registryEntryId);
    const [e] = await db.query<{ film_ids: string[]; match_ids: string[] }>('SELECT film_ids, match_ids FROM registry_entries');
    expect(e).toMatchObject({ film_ids: ['film_1', 'film_2'], match_ids: [m1, m2] });
    expect(await db.query('SELECT 1 FROM delist_items')).toHaveLength(2);
  });

  it('never proposes a protected domain (or its subdomains) but still delists the URL', async () => {
    db = await open();
    const m = await seedMatch(db, 'https://m.vk.com/video123');
    const r = await publishMatch(deps(), m);
    expect(r.registryEntryId).toBeNull();
    expect(r.skipped).toMatch(/protected domain vk\.com/);
    expect(await db.query('SELECT 1 FROM registry_entries')).toHaveLength(0);
    expect(await db.query('SELECT url FROM delist_items')).toEqual([{ url: 'https://m.vk.com/video123' }]);
    await db.query(`INSERT INTO protected_domains (domain, reason) VALUES ('kino.example.kz', 'lawful cinema')`);
    const m2 = await seedMatch(db, 'https://www.kino.example.kz/x');
    expect((await publishMatch(deps(), m2)).skipped).toMatch(/kino\.example\.kz \(lawful cinema\)/);
    const m3 = await seedMatch(db, 'http://127.0.0.1:8080/film');
    expect((await publishMatch(deps(), m3)).registryEntryId).toBe(registryIdFor('127.0.0.1'));
  });

  it('refuses to publish a match that is not confirmed', async () => {
    db = await open();
    const m = await seedMatch(db, 'https://x.example.org/1', { status: 'pending_review' });
    await expect(publishMatch(deps(), m)).rejects.toThrow(/pending_review.*only 'confirmed'/);
    await expect(publishMatch(deps(), 'nope')).rejects.toThrow(/does not exist/);
  });

  it('activates only after two different approvers, with monotonic serials', async () => {
    db = await open();
    const a = (await seedUser(db, 'alma', 'investigator')).user;
    const b = (await seedUser(db, 'bolat', 'admin')).user;
    const op = (await seedUser(db, 'oper', 'operator')).user;
    const e1 = (await publishMatch(deps(), await seedMatch(db, 'https://one.example.com/1'))).registryEntryId!;
    const e2 = (await publishMatch(deps(), await seedMatch(db, 'https://two.example.net/1'))).registryEntryId!;
    const e3 = (await publishMatch(deps(), await seedMatch(db, 'https://three.example.org/1'))).registryEntryId!;

    expect(await decideEntry(db, { entryId: e2, userId: a.id, verdict: 'approve' })).toBe('proposed');
    expect(await decideEntry(db, { entryId: e2, userId: a.id, verdict: 'approve' })).toBe('proposed'); // same person twice
    await expect(decideEntry(db, { entryId: e2, userId: op.id, verdict: 'approve' })).rejects.toThrow(/operator/);
    expect(await decideEntry(db, { entryId: e2, userId: b.id, verdict: 'approve', note: 'checked' })).toBe('active');
    await expect(decideEntry(db, { entryId: e2, userId: b.id, verdict: 'reject' })).rejects.toThrow(/already active/);

    await decideEntry(db, { entryId: e1, userId: b.id, verdict: 'approve' });
    expect(await decideEntry(db, { entryId: e1, userId: a.id, verdict: 'approve' })).toBe('active');
    await decideEntry(db, { entryId: e3, userId: a.id, verdict: 'approve' });
    expect(await decideEntry(db, { entryId: e3, userId: b.id, verdict: 'reject' })).toBe('rejected');

    const rows = await db.query<{ id: string; serial: number | null; status: string }>('SELECT id, serial, status FROM registry_entries');
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[e2]!.serial).toBe(1);
    expect(byId[e1]!.serial).toBe(2);
    expect(byId[e3]).toMatchObject({ status: 'rejected', serial: null });
    expect(await verifyAuditChain(db)).toMatchObject({ brokenAt: null });
    const actions = (await db.query<{ action: string }>('SELECT action FROM audit_log')).map((r) => r.action);
    expect(actions.filter((x) => x === 'registry.activated')).toHaveLength(2);

    // a new serial is never a reused one: exports carry exactly the two active domains
    const json = await registryJson(db);
    expect(json.serial).toBe(2);
    expect(json.entries.map((e) => e.domain)).toEqual(['example.net', 'example.com']);
    expect(json.entries[0]!.films).toEqual([{ id: 'film_1', titleKk: 'Қыз Жібек', titleRu: 'Кыз Жибек', titleEn: 'Kyz Zhibek' }]);
    const hosts = await hostsFile(db);
    expect(hosts.split('\n').filter((l) => l.startsWith('0.0.0.0')).sort()).toEqual(
      ['0.0.0.0 example.com', '0.0.0.0 example.net', '0.0.0.0 www.example.com', '0.0.0.0 www.example.net'],
    );
    const rpz = await rpzZone(db);
    expect(rpz).toMatch(/SOA localhost\. hostmaster\.kuzet\.kz\. \( 2 /);
    expect(rpz.split('\n').filter((l) => l.endsWith('CNAME .')).sort()).toEqual(
      ['*.example.com CNAME .', '*.example.net CNAME .', 'example.com CNAME .', 'example.net CNAME .'],
    );
    const csv = (await registryCsv(db)).trim().split('\r\n');
    expect(csv[0]).toBe('serial,domain,activated_at,film_ids,film_titles,reason');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1,example.net', '2,example.com']);
    expect(await postgresSearch(db).search('NET')).toEqual([e2]);
    expect(await postgresSearch(db).search('жібек')).toEqual([e2, e1]);
    expect(await postgresSearch(db).search('example.org')).toEqual([]);
  });

  it('confirms a pending match with one investigator review and asks for publishing', async () => {
    db = await open();
    const inv = (await seedUser(db, 'inv', 'investigator')).user;
    const rh = (await seedUser(db, 'rh', 'rights_holder')).user;
    const m1 = await seedMatch(db, 'https://p.example.kz/1', { status: 'pending_review' });
    const m2 = await seedMatch(db, 'https://q.example.kz/2', { status: 'pending_review' });
    await expect(reviewMatch(db, { matchId: m1, userId: rh.id, verdict: 'approve' })).rejects.toThrow(/rights_holder/);
    expect(await reviewMatch(db, { matchId: m1, userId: inv.id, verdict: 'approve' })).toEqual({ status: 'confirmed', publish: true });
    expect(await reviewMatch(db, { matchId: m1, userId: inv.id, verdict: 'approve' })).toEqual({ status: 'confirmed', publish: false });
    expect(await reviewMatch(db, { matchId: m2, userId: inv.id, verdict: 'reject', note: 'trailer' })).toEqual({ status: 'rejected', publish: false });
    await expect(reviewMatch(db, { matchId: m2, userId: inv.id, verdict: 'approve' })).rejects.toThrow(/rejected, not pending/);
    const [row] = await db.query<{ status: string; decided_by: string }>('SELECT status, decided_by FROM matches WHERE id = $1', [m1]);
    expect(row).toEqual({ status: 'confirmed', decided_by: inv.id });
  });

  it('pages the delisting feed with a cursor', async () => {
    db = await open();
    for (let i = 0; i < 5; i++) await publishMatch(deps(), await seedMatch(db, `https://site${i}.example.kz/f`));
    const p1 = await delistFeed(db, { limit: 2 });
    expect(p1.items.map((i) => i.url)).toEqual(['https://site0.example.kz/f', 'https://site1.example.kz/f']);
    const p2 = await delistFeed(db, { after: p1.nextCursor, limit: 2 });
    const p3 = await delistFeed(db, { after: p2.nextCursor, limit: 2 });
    const p4 = await delistFeed(db, { after: p3.nextCursor, limit: 2 });
    expect([...p2.items, ...p3.items].map((i) => i.url)).toEqual(['https://site2.example.kz/f', 'https://site3.example.kz/f', 'https://site4.example.kz/f']);
    expect(p4).toEqual({ items: [], nextCursor: p3.nextCursor });
    expect(p1.items[0]).toMatchObject({ filmId: 'film_1', domain: 'site0.example.kz' });
  });

  it('authenticates API keys by hash only', async () => {
    db = await open();
    const { user, apiKey } = await seedUser(db, 'aigerim', 'admin');
    expect((await authenticate(db, apiKey))?.user).toEqual(user);
    expect(await authenticate(db, apiKey + 'x')).toBeNull();
    expect(await authenticate(db, '')).toBeNull();
    const stored = await db.query<{ key_sha256: string }>('SELECT key_sha256 FROM api_keys');
    expect(JSON.stringify(stored)).not.toContain(apiKey);
    await db.query('UPDATE users SET disabled_at = now()');
    expect(await authenticate(db, apiKey)).toBeNull();
  });
});
