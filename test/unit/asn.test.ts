import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultIpInfoFiles, lazyIpInfo, openIpInfo, type IpInfoDb } from '../../net/asn.ts';
import { tempDir } from '../kit/temp.ts';

describe('net/asn: offline IP → ASN, organisation, country', () => {
  let db: IpInfoDb;
  it('answers from the installed database, IPv4 and IPv6, with its data date', async () => {
    db = await openIpInfo();
    expect(db.dataDate).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(db.source.asn).toMatch(/^@ip-location-db\/asn@\d/);
    expect(db.lookup('8.8.8.8')).toMatchObject({ asn: 15169, country: 'US' });
    expect(db.lookup('8.8.8.8')!.org).toMatch(/google/i);
    expect(db.lookup('1.1.1.1')).toMatchObject({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(db.lookup('2001:4860:4860::8888')).toMatchObject({ asn: 15169 });
    expect(db.lookup('[2001:4860:4860::8888]')).toMatchObject({ asn: 15169 });
    expect(db.lookup('::ffff:8.8.8.8')).toMatchObject({ asn: 15169 });
  }, 30_000);
  it('no facts for loopback, private, unrouted or garbage', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '::1', '0.0.0.0', 'not-an-ip', '', '8.8.8.8.8', '256.1.1.1'])
      expect(db.lookup(ip), ip).toBeNull();
  });
  it('range edges, quoted organisations and an address after the last range (a small table of its own)', async () => {
    const dir = tempDir();
    const real = defaultIpInfoFiles();
    fs.writeFileSync(path.join(dir, 'v4.csv'), '16777216,16777471,13335,"Cloudflare, Inc."\n16777472,16777472,1,"Say ""hi"" Ltd"\n33554432,33554687,2,Plain\n');
    fs.writeFileSync(path.join(dir, 'v6.csv'), '42540488161975842760550356425300246528,42540488241204005274814694018844196863,6939,Hurricane Electric LLC\n');
    const small = await openIpInfo({ ...real, asnV4: path.join(dir, 'v4.csv'), asnV6: path.join(dir, 'v6.csv') });
    expect(small.lookup('1.0.0.0')).toMatchObject({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(small.lookup('1.0.0.255')).toMatchObject({ asn: 13335 });
    expect(small.lookup('1.0.1.0')).toMatchObject({ asn: 1, org: 'Say "hi" Ltd' });
    expect(small.lookup('1.0.1.1')).toBeNull();
    expect(small.lookup('0.255.255.255')).toBeNull();
    expect(small.lookup('2.0.0.255')).toMatchObject({ asn: 2, org: 'Plain' });
    expect(small.lookup('2.0.1.0')).toBeNull();
    expect(small.lookup('2001:0:1::1')).toMatchObject({ asn: 6939 });
    expect(small.lookup('2001:db8::1')).toBeNull();
  }, 30_000);
  it('lazyIpInfo opens once, however many callers ask at once, and retries after a failure', async () => {
    let opened = 0;
    let fail = true;
    const get = lazyIpInfo(async () => {
      opened++;
      if (fail) { fail = false; throw new Error('disk'); }
      return db;
    });
    await expect(get()).rejects.toThrow('disk');
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(db);
    expect(b).toBe(db);
    expect(opened).toBe(2);
  });
});
