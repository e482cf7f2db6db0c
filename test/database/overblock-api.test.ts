// The approver's side of the overblocking checks over HTTP: warnings in the proposal list and in the decision
// answer, protection (by domain or ASN) added by an admin after a proposal refusing its approval, and the separate
// admin decision an IP entry needs before any feed may carry it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostNetworkChecker } from '../../net/host-network.ts';
import { filterExportable } from '../../registry/overblock.ts';
import { publishMatch } from '../../registry/publish.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedMatch, seedUser } from './registry-fixtures.ts';

const network = hostNetworkChecker({
  ipInfo: async () => ({ dataDate: '2026-06-17', source: { asn: 'fake', country: 'fake' }, lookup: (ip) => (ip === '172.67.1.1' ? { asn: 13335, org: 'Cloudflare, Inc.', country: 'US' } : ip === '5.6.7.8' ? { asn: 64501, org: 'Host', country: 'KZ' } : null) }),
  resolve: async (h) => [{ address: h.endsWith('cf-kino.example') ? '172.67.1.1' : '5.6.7.8', family: 4 }],
});

describe('overblocking over the API', () => {
  let api: Api;
  const dir = tempDir();
  beforeAll(async () => { api = await startApi(dir); }, 120_000);
  afterAll(async () => api?.close());

  it('shows CDN and IP warnings to approvers; protection added after a proposal refuses its approval (409); an IP block needs its own admin decision', async () => {
    const { app, db, deps } = api;
    const a = await seedUser(db, 'ob-a', 'investigator');
    const b = await seedUser(db, 'ob-b', 'investigator');
    const admin = await seedUser(db, 'ob-admin', 'admin');
    const pub = async (url: string) => (await publishMatch({ db, cfg: deps.config, log: silentLog(), network }, await seedMatch(db, url))).registryEntryId!;
    const cf = await pub('https://www.cf-kino.example/film');
    const ip = await pub('http://8.8.8.8/film');
    const late = await pub('https://late-kino.example/film');

    const items = (await app.inject({ url: '/api/registry/proposed', headers: bearer(a.apiKey) })).json().items as Array<{ id: string; kind: string; cdn: boolean; warnings: Array<{ code: string; message: string }>; network: { addresses: unknown[] } | null }>;
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(cf)).toMatchObject({ kind: 'domain', cdn: true, warnings: [{ code: 'cdn' }], network: { addresses: [{ ip: '172.67.1.1', asn: 13335, org: 'Cloudflare, Inc.', country: 'US' }] } });
    expect(byId.get(ip)).toMatchObject({ kind: 'ip', cdn: false, warnings: [{ code: 'ip' }] });
    expect(byId.get(late)!.warnings).toEqual([]);

    const decide = (entryId: string, key: string, verdict = 'approve') => app.inject({ method: 'POST', url: `/api/registry/${entryId}/decision`, headers: bearer(key), payload: { verdict } });
    const first = await decide(cf, a.apiKey);
    expect(first.json()).toMatchObject({ status: 'proposed', warnings: [{ code: 'cdn', message: expect.stringMatching(/Cloudflare.*FQDN/) }] });

    // an admin protects the network of late-kino.example after its proposal: the second approval is refused
    await decide(late, a.apiKey);
    expect((await app.inject({ method: 'POST', url: '/api/protected-asns', headers: bearer(b.apiKey), payload: { asn: 64501, reason: 'x' } })).statusCode).toBe(403);
    const prot = await app.inject({ method: 'POST', url: '/api/protected-asns', headers: bearer(admin.apiKey), payload: { asn: 64501, reason: 'state hosting' } });
    expect(prot.json()).toEqual({ asn: 64501, created: true });
    const refused = await decide(late, b.apiKey);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/protected: AS64501 \(state hosting\)/);
    expect((await app.inject({ url: '/api/protected-asns', headers: bearer(admin.apiKey) })).json().items).toEqual(expect.arrayContaining([expect.objectContaining({ asn: 64501, reason: 'state hosting', addedBy: admin.user.id })]));

    // the IP entry: active after two approvals, but in no feed until an admin approves the IP block separately
    await decide(ip, a.apiKey);
    expect((await decide(ip, b.apiKey)).json()).toMatchObject({ status: 'active', warnings: [{ code: 'ip' }] });
    expect((await filterExportable(db, [{ domain: '8.8.8.8' }])).kept).toEqual([]);
    const noReason = await app.inject({ method: 'POST', url: `/api/registry/${ip}/ip-block`, headers: bearer(admin.apiKey), payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: `/api/registry/${cf}/ip-block`, headers: bearer(admin.apiKey), payload: { reason: 'x' } })).statusCode).toBe(409);
    const ok = await app.inject({ method: 'POST', url: `/api/registry/${ip}/ip-block`, headers: bearer(admin.apiKey), payload: { reason: 'a dedicated pirate server, checked by hand' } });
    expect(ok.json()).toEqual({ entryId: ip, domain: '8.8.8.8', ipBlockApproved: true });
    expect((await filterExportable(db, [{ domain: '8.8.8.8' }])).kept).toEqual([{ domain: '8.8.8.8' }]);
    const audit = await db.query<{ actor: string; details: { reason: string } }>(`SELECT actor, details FROM audit_log WHERE action = 'registry.ip_block_approve'`);
    expect(audit).toEqual([{ actor: admin.user.id, details: { domain: '8.8.8.8', reason: 'a dedicated pirate server, checked by hand' } }]);
  }, 120_000);
});
