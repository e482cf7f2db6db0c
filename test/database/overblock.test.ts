// Overblocking checks (issue 10), tried as an attacker would: private public suffixes, IP literals, lawful
// platforms, protection added after a proposal, CDN-hosted domains, a film's licensed platforms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpInfoDb } from '../../net/asn.ts';
import { hostNetworkChecker } from '../../net/host-network.ts';
import { decideEntry } from '../../registry/approvals.ts';
import { addProtected, addProtectedAsn, domainsOf } from '../../registry/domains.ts';
import { filterExportable, withOverblockFacts } from '../../registry/overblock.ts';
import { renderHosts, renderRpz, registryJson } from '../../registry/exports.ts';
import { publishMatch, registryIdFor } from '../../registry/publish.ts';
import type { Db } from '../../storage/db.ts';
import { setLicensedPlatforms } from '../../storage/licensed-platforms.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { seedFilm, seedMatch, seedUser } from './registry-fixtures.ts';

describe('domainsOf: the full public suffix list, private suffixes included', () => {
  it('a site on a shared platform is its own registrable domain, never the platform', () => {
    expect(domainsOf('https://x.pages.dev/film')).toMatchObject({ domain: 'x.pages.dev', kind: 'domain' });
    expect(domainsOf('https://mysite.github.io/kino/')).toMatchObject({ domain: 'mysite.github.io', kind: 'domain' });
    expect(domainsOf('https://a.b.kino.example.kz/x')).toMatchObject({ domain: 'example.kz' });
    expect(domainsOf('https://WWW.Kinogo-KZ.Example./x')).toMatchObject({ host: 'www.kinogo-kz.example', domain: 'kinogo-kz.example' });
    expect(domainsOf('https://кино.қаз/x')).toMatchObject({ domain: 'xn--h1adke.xn--80ao21a' });
    expect(domainsOf('https://WWW.КИНО.ҚАЗ./x')).toMatchObject({ host: 'www.xn--h1adke.xn--80ao21a', domain: 'xn--h1adke.xn--80ao21a' });
    for (const shared of ['https://pages.dev/x', 'https://github.io/', 'https://localhost/x']) expect(domainsOf(shared).unblockable, shared).toBeTruthy();
  });
  it('IP literals are entries of kind ip, in one canonical form', () => {
    expect(domainsOf('http://8.8.8.8/x')).toMatchObject({ domain: '8.8.8.8', kind: 'ip' });
    expect(domainsOf('http://[2001:4860:0::8888]:8080/')).toMatchObject({ domain: '2001:4860::8888', kind: 'ip' });
    expect(domainsOf('http://127.0.0.1:9/')).toMatchObject({ domain: '127.0.0.1', kind: 'ip' });
  });
});

// a fake IP database and resolver: no network
const ipInfo = async (): Promise<IpInfoDb> => ({
  dataDate: '2026-06-17', source: { asn: 'fake', country: 'fake' },
  lookup: (ip) => ({ '104.16.1.1': { asn: 13335, org: 'Cloudflare, Inc.', country: 'US' }, '149.154.167.99': { asn: 62041, org: 'Telegram Messenger Inc', country: 'GB' }, '5.6.7.8': { asn: 64500, org: 'Small Host', country: 'KZ' } } as Record<string, { asn: number; org: string; country: string }>)[ip] ?? null,
});
const dnsTable: Record<string, string[]> = { 'cdn-kino.example': ['104.16.1.1'], 'www.cdn-kino.example': ['104.16.1.1'], 'tg-mirror.example': ['149.154.167.99'], 'plain-kino.example': ['5.6.7.8'] };
const network = hostNetworkChecker({
  ipInfo,
  resolve: async (h) => {
    const a = dnsTable[h];
    if (!a) throw Object.assign(new Error(`ENOTFOUND ${h}`), { code: 'ENOTFOUND' });
    return a.map((address) => ({ address, family: 4 }));
  },
});

describe('overblocking checks at proposal, approval and export (PGlite)', () => {
  let db: Db;
  const log = silentLog();
  const deps = () => ({ db, cfg: testConfig(), log, network });
  const publish = async (url: string, filmId?: string) => publishMatch(deps(), await seedMatch(db, url, filmId ? { filmId } : {}));
  beforeAll(async () => {
    db = await freshPglite();
    await seedFilm(db, 'film_1');
    await seedFilm(db, 'film_2', { kk: 'Б', ru: 'Б', en: 'B' });
  }, 120_000);
  afterAll(async () => db?.close());

  it('proposes x.pages.dev and mysite.github.io, never pages.dev or github.io; nothing for a bare public suffix', async () => {
    expect((await publish('https://x.pages.dev/film')).registryEntryId).toBe(registryIdFor('x.pages.dev'));
    expect((await publish('https://mysite.github.io/kino/')).registryEntryId).toBe(registryIdFor('mysite.github.io'));
    const bare = await publish('https://github.io/kino');
    expect(bare.registryEntryId).toBeNull();
    expect(bare.skipped).toMatch(/public suffix/);
    const doms = (await db.query<{ domain: string }>('SELECT domain FROM registry_entries')).map((r) => r.domain);
    expect(doms).not.toContain('pages.dev');
    expect(doms).not.toContain('github.io');
  }, 60_000);

  it('telegram.me, youtu.be, rutube.ru, akorda.kz are protected, in any case and with a trailing dot; Telegram by ASN too', async () => {
    for (const url of ['https://telegram.me/kino/1', 'https://youtu.be/abc', 'https://RUTUBE.ru./video/1', 'https://www.akorda.kz/x', 'https://portal.egov.kz/x']) {
      const r = await publish(url);
      expect(r.registryEntryId, url).toBeNull();
      expect(r.skipped, url).toMatch(/protected/);
    }
    const tg = await publish('https://tg-mirror.example/film');
    expect(tg.registryEntryId).toBeNull();
    expect(tg.skipped).toMatch(/AS62041/);
  }, 60_000);

  it('IP literals become ip entries that are never exported without a separate approval', async () => {
    const a = (await seedUser(db, 'ip-a', 'investigator')).user;
    const b = (await seedUser(db, 'ip-b', 'admin')).user;
    const ids = [];
    for (const url of ['http://8.8.8.8/film', 'http://[2001:4860::8888]/film', 'http://127.0.0.1:8080/film']) {
      const r = await publish(url);
      ids.push(r.registryEntryId!);
      await decideEntry(db, { entryId: r.registryEntryId!, userId: a.id, verdict: 'approve' });
      expect(await decideEntry(db, { entryId: r.registryEntryId!, userId: b.id, verdict: 'approve' })).toBe('active');
    }
    const kinds = await db.query<{ domain: string; kind: string }>(`SELECT domain, kind FROM registry_entries WHERE id = ANY($1::text[]) ORDER BY domain`, [ids]);
    expect(kinds).toEqual([{ domain: '127.0.0.1', kind: 'ip' }, { domain: '2001:4860::8888', kind: 'ip' }, { domain: '8.8.8.8', kind: 'ip' }]);
    const { kept, withheld } = await filterExportable(db, [{ domain: '8.8.8.8' }, { domain: '2001:4860::8888' }, { domain: '127.0.0.1' }, { domain: 'x.pages.dev' }]);
    expect(kept.map((e) => e.domain)).toEqual(['x.pages.dev']);
    expect(withheld.map((w) => w.reason)).toEqual(Array(3).fill('IP address without a separate admin approval of an IP block'));
    // the real exports: no IP entry, no rpz-ip rule, no hosts comment line for an address
    const x = await registryJson(db);
    expect(x.entries.map((e) => e.domain)).toEqual([]);
    expect(renderRpz(x)).not.toMatch(/rpz-ip|8\.8\.8\.8|127\.0\.0\.1|2001/);
    expect(renderHosts(x)).not.toMatch(/8\.8\.8\.8|127\.0\.0\.1/);
    const [facts] = await withOverblockFacts(db, [{ id: ids[0]! }]);
    expect(facts!.warnings.map((w) => w.code)).toContain('ip');
  }, 120_000);

  it('a domain protected AFTER its proposal is not activated, and one protected after activation is not exported', async () => {
    const a = (await seedUser(db, 'pa', 'investigator')).user;
    const b = (await seedUser(db, 'pb', 'investigator')).user;
    const late = (await publish('https://films.late-protected.example/x')).registryEntryId!;
    await decideEntry(db, { entryId: late, userId: a.id, verdict: 'approve' });
    await addProtected(db, { domain: 'late-protected.example', reason: 'lawful cinema', actor: 'admin' });
    await expect(decideEntry(db, { entryId: late, userId: b.id, verdict: 'approve' })).rejects.toThrow(/protected: late-protected\.example \(lawful cinema\)/);
    expect((await db.query<{ status: string }>('SELECT status FROM registry_entries WHERE id = $1', [late]))[0]!.status).toBe('proposed');
    // rejecting it is still allowed
    expect(await decideEntry(db, { entryId: late, userId: b.id, verdict: 'reject' })).toBe('rejected');

    const act = (await publish('https://plain-kino.example/x')).registryEntryId!;
    await decideEntry(db, { entryId: act, userId: a.id, verdict: 'approve' });
    expect(await decideEntry(db, { entryId: act, userId: b.id, verdict: 'approve' })).toBe('active');
    expect((await filterExportable(db, [{ domain: 'plain-kino.example' }])).kept).toHaveLength(1);
    expect((await registryJson(db)).entries.map((e) => e.domain)).toEqual(['plain-kino.example']);
    await addProtectedAsn(db, { asn: 64500, reason: 'state hosting', actor: 'admin' });
    const after = await filterExportable(db, [{ domain: 'plain-kino.example' }, { domain: 'x.pages.dev' }]);
    expect(after.kept.map((e) => e.domain)).toEqual(['x.pages.dev']);
    expect(after.withheld).toEqual([{ domain: 'plain-kino.example', reason: 'protected: AS64500 (state hosting)' }]);
    expect((await registryJson(db)).entries).toEqual([]); // protected after activation: no longer exported
    await addProtected(db, { domain: 'x.pages.dev', reason: 'now lawful', actor: 'admin' });
    expect((await filterExportable(db, [{ domain: 'x.pages.dev' }])).kept).toEqual([]);
  }, 120_000);

  it('a CDN-hosted domain is marked and its approver warned; an unresolvable one says so', async () => {
    const id = (await publish('https://www.cdn-kino.example/film/1')).registryEntryId!;
    const [row] = await db.query<{ cdn: boolean; asns: string[] }>('SELECT cdn, asns FROM registry_entries WHERE id = $1', [id]);
    expect(row!.cdn).toBe(true);
    expect(row!.asns.map(Number)).toEqual([13335]);
    const [f] = await withOverblockFacts(db, [{ id }]);
    expect(f!.warnings).toEqual([expect.objectContaining({ code: 'cdn', message: expect.stringMatching(/Cloudflare \(AS13335, cdn\).*FQDN/) })]);
    expect(f!.network!.addresses).toEqual([{ ip: '104.16.1.1', asn: 13335, org: 'Cloudflare, Inc.', country: 'US' }]);
    expect(f!.network!.dataDate).toBe('2026-06-17');
    const gone = (await publish('https://nowhere-kino.example/x')).registryEntryId!;
    const [g] = await withOverblockFacts(db, [{ id: gone }]);
    expect(g!.cdn).toBe(false);
    expect(g!.warnings.map((w) => w.code)).toEqual(['unresolved']);
  }, 60_000);

  it("a film's licensed platform is neither delisted nor proposed for that film, but is for another film", async () => {
    await setLicensedPlatforms(db, { filmId: 'film_1', platforms: ['lawful-kino.example', '@kazakhfilm_official'], actor: 'rh' });
    const r = await publish('https://www.lawful-kino.example/kyz-zhibek', 'film_1');
    expect(r).toMatchObject({ delistItemId: null, registryEntryId: null });
    expect(r.skipped).toMatch(/licensed/);
    const tg = await publish('https://t.me/kazakhfilm_official/12', 'film_1');
    expect(tg).toMatchObject({ delistItemId: null, registryEntryId: null });
    expect(await db.query(`SELECT 1 FROM delist_items WHERE url LIKE '%lawful-kino%' OR url LIKE '%kazakhfilm_official%'`)).toHaveLength(0);
    const other = await publish('https://www.lawful-kino.example/other-film', 'film_2');
    expect(other.delistItemId).toMatch(/^dl_/);
    expect(other.registryEntryId).toBe(registryIdFor('lawful-kino.example'));
  }, 60_000);
});
