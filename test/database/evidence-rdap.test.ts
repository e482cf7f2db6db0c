// RDAP for a domain and an IP: the server from the bootstrap files, queries through the guarded fetch to a local RDAP
// server speaking RFC 9083 JSON, answers cached in the database (a warm cache asks nothing), hostile answers capped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapFrom, loadBootstrap } from '../../evidence/rdap/bootstrap.ts';
import { rdapLookup, type RdapDeps } from '../../evidence/rdap/client.ts';
import { summarize } from '../../evidence/rdap/summary.ts';
import { domainAnswer, ipAnswer, startRdapServer, type RdapFixture } from '../../fixtures/rdap-server.ts';
import { safeFetch, type FetchPolicy } from '../../net/fetch.ts';
import type { Db } from '../../storage/db.ts';
import { rdapCache } from '../../storage/rdap-cache.ts';
import { freshPglite } from '../kit/db.ts';

let rdap: RdapFixture;
let db: Db;
const policy: FetchPolicy = { allowlist: ['127.0.0.1'], maxBytes: 8 << 20, timeoutMs: 5000, userAgent: 'kuzet-test', maxRedirects: 3 };

beforeAll(async () => {
  db = await freshPglite();
  rdap = await startRdapServer({
    domains: { 'kino-pirate.test': domainAnswer('kino-pirate.test', { registrar: 'Offshore Names Registrar Ltd.', ianaId: '1910', abuse: 'abuse@offshore-names.test' }) },
    ips: [{ match: (ip) => ip.startsWith('127.'), answer: ipAnswer('127.0.0.0', '127.255.255.255', { org: 'Bulletproof Hosting B.V.', abuse: 'abuse@bulletproof.test', country: 'NL' }) }],
    routes: {
      '/domain/redirected.test': (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      '/domain/huge.test': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rdap+json' }).end(JSON.stringify({ objectClassName: 'domain', pad: 'x'.repeat(600_000) })),
      '/domain/broken.test': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rdap+json' }).end('{"objectClassName": "domain", '),
    },
  });
});
afterAll(async () => {
  await rdap?.close();
  await db?.close();
});

const deps = (over: Partial<RdapDeps> = {}): RdapDeps => ({
  bootstrap: bootstrapFrom({
    dns: { publication: '2026-12-02T00:00:00Z', services: [[['test'], [rdap.url]]] },
    ipv4: { publication: '2026-12-02T00:00:00Z', services: [[['127.0.0.0/8'], [rdap.url]]] },
    ipv6: { publication: '2026-12-02T00:00:00Z', services: [] },
  }),
  fetch: (url, init) => safeFetch(policy, url, init),
  cache: rdapCache(db),
  ...over,
});

describe('the shipped bootstrap copy', () => {
  it('names the registry servers for domains and both address families, and its publication date', () => {
    const b = loadBootstrap();
    expect(b.serverFor('domain', 'kinogo.com')).toBe('https://rdap.verisign.com/com/v1/');
    expect(b.serverFor('domain', 'www.Pirate.ORG.')).toBe('https://rdap.publicinterestregistry.org/rdap/');
    expect(b.serverFor('ip', '95.56.10.1')).toBe('https://rdap.db.ripe.net/'); // Kazakhtelecom space
    expect(b.serverFor('ip', '2a00:1450:4001::1')).toBe('https://rdap.db.ripe.net/');
    expect(b.serverFor('ip', '104.16.0.1')).toBe('https://rdap.arin.net/registry/');
    expect(b.serverFor('domain', 'kino.kz')).toBeNull(); // .kz publishes no RDAP server
    expect(b.serverFor('ip', 'not-an-ip')).toBeNull();
    expect(b.source.publication.dns).toBe('2026-12-02T00:00:00Z');
  });
});

describe('rdapLookup', () => {
  it('domain: registrar with its IANA id, the abuse e-mail nested in it, events and name servers; then from the cache', async () => {
    const before = rdap.requests.length;
    const a = await rdapLookup(deps(), 'domain', 'Kino-Pirate.test');
    expect(a.error).toBeUndefined();
    expect(a.fromCache).toBe(false);
    expect(a.url).toBe(`${rdap.url}domain/kino-pirate.test`);
    expect(a.summary?.registrar).toEqual({ name: 'Offshore Names Registrar Ltd.', ianaId: '1910' });
    expect(a.summary?.abuseEmails).toEqual(['abuse@offshore-names.test']);
    expect(a.summary?.holder).toBe('Privacy Protect LLC');
    expect(a.summary?.events.registration).toBe('2023-03-14T09:26:53Z');
    expect(a.summary?.events.expiration).toBe('2027-03-14T09:26:53Z');
    expect(a.summary?.nameservers).toEqual(['NS1.PIRATE-DNS.TEST', 'NS2.PIRATE-DNS.TEST']);
    expect(rdap.requests.length).toBe(before + 1);
    const again = await rdapLookup(deps(), 'domain', 'kino-pirate.test');
    expect(again.fromCache).toBe(true);
    expect(again.summary).toEqual(a.summary);
    expect(again.fetchedAt).toBe(a.fetchedAt);
    expect(rdap.requests.length).toBe(before + 1); // the warm cache asked nothing
    // past the TTL it asks again
    const later = await rdapLookup(deps({ now: () => new Date(Date.now() + 8 * 24 * 3600_000) }), 'domain', 'kino-pirate.test');
    expect(later.fromCache).toBe(false);
    expect(rdap.requests.length).toBe(before + 2);
  });

  it('ip: the network, its holder, country and abuse contact', async () => {
    const a = await rdapLookup(deps(), 'ip', '127.0.0.1');
    expect(a.summary?.objectClass).toBe('ip network');
    expect(a.summary?.holder).toBe('Bulletproof Hosting B.V.');
    expect(a.summary?.abuseEmails).toEqual(['abuse@bulletproof.test']);
    expect(a.summary?.range).toEqual({ start: '127.0.0.0', end: '127.255.255.255', country: 'NL' });
  });

  it('no record, no server, a redirect to a forbidden address, an oversized or broken answer: an error, never a throw', async () => {
    const missing = await rdapLookup(deps(), 'domain', 'unknown.test');
    expect(missing.status).toBe(404);
    expect(missing.error).toMatch(/no record/);
    const noServer = await rdapLookup(deps(), 'domain', 'kino.kz');
    expect(noServer.url).toBeNull();
    expect(noServer.error).toMatch(/no RDAP server.*2026-12-02/);
    const ssrf = await rdapLookup(deps(), 'domain', 'redirected.test');
    expect(ssrf.error).toMatch(/169\.254\.169\.254|non-public|refused/);
    expect(ssrf.summary).toBeNull();
    const huge = await rdapLookup(deps(), 'domain', 'huge.test');
    expect(huge.error).toMatch(/limit/);
    const broken = await rdapLookup(deps(), 'domain', 'broken.test');
    expect(broken.error).toMatch(/not RDAP JSON/);
    expect(await rdapCache(db).get('domain', 'redirected.test')).toBeNull();
  });

  it('summaries of hostile JSON are bounded: deep nesting, long strings, wrong types', () => {
    let entities: unknown[] = [{ roles: ['abuse'], vcardArray: ['vcard', [['email', {}, 'text', 'deep@x.test']]] }];
    for (let i = 0; i < 50; i++) entities = [{ roles: ['registrar'], vcardArray: ['vcard', [['fn', {}, 'text', `r${i}`]]], entities }];
    const s = summarize({ objectClassName: 'domain', ldhName: 'x'.repeat(10_000), entities, events: 'nope', nameservers: [{ ldhName: 42 }], status: [1, 'active'] });
    expect(s.name!.length).toBe(255);
    expect(s.contacts.length).toBeLessThanOrEqual(30);
    expect(s.abuseEmails).toEqual([]); // deeper than the walk goes
    expect(s.events).toEqual({});
    expect(s.nameservers).toEqual([]);
    expect(s.status).toEqual(['active']);
    expect(summarize('not an object').objectClass).toBe('unknown');
  });
});

describe('networkFacts', () => {
  it('per host: the dialled addresses with ASN/org/country, the certificate, RDAP for the registrable domain and each address', async () => {
    const { networkFacts } = await import('../../evidence/network-facts.ts');
    const ipInfo = async () => ({
      lookup: (ip: string) => (ip === '127.0.0.2' ? { asn: 64500, org: 'Bulletproof Hosting B.V.', country: 'NL' } : null),
      dataDate: '2026-06-17', source: { asn: '@ip-location-db/asn 2.3', country: '@ip-location-db/geo-whois-asn-country-mmdb 2.3' },
    });
    const { facts, rdap: answers } = await networkFacts({ ipInfo, rdap: deps() }, 'http://cdn.kino-pirate.test/films/kelin.html', [
      { role: 'page', url: 'http://cdn.kino-pirate.test/films/kelin.html', remoteAddress: '127.0.0.2', remotePort: 80 },
      { role: 'player', url: 'http://cdn.kino-pirate.test/player/kelin', remoteAddress: '127.0.0.2', remotePort: 80 },
      { role: 'playlist', url: 'http://127.0.0.1:8080/hls/kelin/index.m3u8', remoteAddress: '127.0.0.1', remotePort: 8080 },
    ], new Date('2026-12-02T01:00:00Z'));
    expect(facts.hosts.map((h) => h.host)).toEqual(['cdn.kino-pirate.test', '127.0.0.1']);
    const [site, cdn] = facts.hosts;
    expect(site!.registrableDomain).toBe('kino-pirate.test');
    expect(site!.roles).toEqual(['page', 'player']);
    expect(site!.ips).toEqual([{ address: '127.0.0.2', port: 80, asn: 64500, org: 'Bulletproof Hosting B.V.', country: 'NL' }]);
    expect(site!.rdapDomain).toMatchObject({ registrar: { name: 'Offshore Names Registrar Ltd.', ianaId: '1910' }, abuseEmails: ['abuse@offshore-names.test'] });
    expect(site!.rdapIp['127.0.0.2']).toMatchObject({ holder: 'Bulletproof Hosting B.V.', abuseEmails: ['abuse@bulletproof.test'] });
    expect(site!.tls).toBeNull();
    expect(cdn!.registrableDomain).toBeNull(); // an IP literal has no domain RDAP
    expect(cdn!.ips[0]).toMatchObject({ address: '127.0.0.1', asn: null });
    expect(facts.ipData).toEqual({ dataDate: '2026-06-17', source: expect.any(Object) });
    expect(answers.map((a) => `${a.kind}:${a.key}`)).toEqual(['domain:kino-pirate.test', 'ip:127.0.0.2', 'ip:127.0.0.1']);
  });
});
