import { describe, expect, it } from 'vitest';
import { openIpInfo } from '../../net/asn.ts';
import { SHARED_NETWORKS, sharedNetworkOf } from '../../net/cdn-asns.ts';
import { hostNetworkChecker } from '../../net/host-network.ts';

describe('net/host-network: where a host lives, with the real offline IP database and a fake resolver', () => {
  it('a Cloudflare-fronted name is a shared network; a literal is looked up as is; a dead name says so', async () => {
    const db = await openIpInfo();
    const resolved: string[] = [];
    const check = hostNetworkChecker({
      ipInfo: async () => db,
      resolve: async (h) => {
        resolved.push(h);
        if (h === 'cf.example') return [{ address: '104.16.0.1', family: 4 }, { address: '104.16.0.1', family: 4 }, { address: '2606:4700::6810:1', family: 6 }];
        throw new Error(`ENOTFOUND ${h}`);
      },
      now: () => new Date('2026-12-02T00:00:00Z'),
    });
    const cf = await check('cf.example');
    expect(cf.addresses.map((a) => a.ip)).toEqual(['104.16.0.1', '2606:4700::6810:1']);
    expect(cf.asns).toEqual([13335]);
    expect(cf.shared).toEqual([{ asn: 13335, name: 'Cloudflare', kind: 'cdn' }]);
    expect(cf).toMatchObject({ checkedAt: '2026-12-02T00:00:00.000Z', dataDate: db.dataDate });
    const lit = await check('[2001:4860:4860::8888]');
    expect(lit.asns).toEqual([15169]);
    expect(lit.shared[0]).toMatchObject({ name: 'Google' });
    expect(resolved).toEqual(['cf.example']); // the literal was never "resolved"
    const dead = await check('gone.example');
    expect(dead).toMatchObject({ addresses: [], asns: [], shared: [] });
    expect(dead.error).toMatch(/cannot resolve gone\.example/);
    const home = await check('127.0.0.1');
    expect(home.addresses).toEqual([{ ip: '127.0.0.1', asn: null, org: null, country: null }]);
  }, 30_000);
  it('the shared-network list names the ones the issue lists, each ASN once', () => {
    for (const asn of [13335, 20940, 16625, 54113, 15169, 396982, 16509, 14618, 57724, 262254, 59796]) expect(sharedNetworkOf(asn), String(asn)).not.toBeNull();
    expect(new Set(SHARED_NETWORKS.map((n) => n.asn)).size).toBe(SHARED_NETWORKS.length);
    expect(sharedNetworkOf(9198)).toBeNull(); // Kazakhtelecom: an ISP, not a shared host
  });
});
