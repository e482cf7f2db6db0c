// `/registry.json?since=SERIAL` (issue 10): what came into force and what left since a serial, signed like the full
// export; applying the diff to the list a consumer had at that serial gives today's list; a serial newer than the
// registry or one whose diff is bigger than a full download answers 410 with a link to the full export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLoad } from '../../bench/api-seed.ts';
import { verifySignature } from '../../packets/signer.ts';
import { decideEntry } from '../../registry/approvals.ts';
import { DiffUnavailable, registryDiff } from '../../registry/exports.ts';
import { publishMatch } from '../../registry/publish.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { startApi, type Api } from './api-harness.ts';
import { seedMatch, seedUser } from './registry-fixtures.ts';

type Full = { serial: number; entries: Array<{ domain: string; serial: number }> };
type Diff = { since: number; serial: number; added: Array<{ domain: string; serial: number }>; removed: Array<{ domain: string; serial: number; status: string }> };

describe('registry diffs', () => {
  let api: Api;
  const dir = tempDir('kuzet-diff-');
  const snapshots = new Map<number, string[]>();
  const settle = async () => undefined; // tests run with EXPORT_VERSION_TTL_MS=0: a change shows at once
  const full = async () => (await api.app.inject({ url: '/registry.json' })).json() as Full;
  const diff = async (since: number) => {
    const r = await api.app.inject({ url: `/registry.json?since=${since}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Diff;
  };
  const snap = async () => {
    await settle();
    const f = await full();
    snapshots.set(f.serial, f.entries.map((e) => e.domain).sort());
    return f.serial;
  };
  const setStatus = (domain: string, status: string) =>
    api.db.query(`UPDATE registry_entries SET status = $2, updated_at = now() WHERE domain = $1`, [domain, status]);

  beforeAll(async () => {
    api = await startApi(dir);
    await seedLoad(api.db, { entries: 5, delist: 0 });
  });
  afterAll(() => api?.close());

  it('lists what was added and removed since each serial; applying it to the old list gives the new one', async () => {
    const s5 = await snap();
    expect(s5).toBe(5);
    expect(await diff(5)).toMatchObject({ since: 5, serial: 5, added: [], removed: [] });

    const a = await seedUser(api.db, 'a', 'investigator');
    const b = await seedUser(api.db, 'b', 'investigator');
    const id = (await publishMatch({ db: api.db, cfg: testConfig(), log: silentLog() }, await seedMatch(api.db, 'https://new.kinoshka.example/f/1'))).registryEntryId!;
    await decideEntry(api.db, { entryId: id, userId: a.user.id, verdict: 'approve' });
    await decideEntry(api.db, { entryId: id, userId: b.user.id, verdict: 'approve' });
    const s6 = await snap();
    expect(s6).toBe(6);

    await setStatus('kino2.pirate.example', 'lifted');
    const s7 = await snap();
    expect(s7).toBe(7);
    await setStatus('kino3.pirate.example', 'under_appeal'); // still in force: no change, no serial
    expect(await snap()).toBe(7);
    await setStatus('kino4.pirate.example', 'expired');
    const s8 = await snap();
    await setStatus('kino4.pirate.example', 'active'); // re-activated: added again at a new serial
    const s9 = await snap();
    expect([s8, s9]).toEqual([8, 9]);

    const d5 = await diff(5);
    expect(d5.serial).toBe(9);
    // kino4 left and came back after 5: it entered the set again, so it is listed (consumers upsert by domain)
    expect(d5.added.map((e) => e.domain).sort()).toEqual(['kino4.pirate.example', 'kinoshka.example']);
    expect(d5.removed).toEqual([expect.objectContaining({ serial: 7, domain: 'kino2.pirate.example', status: 'lifted' })]);
    expect((await diff(7)).removed).toEqual([]); // kino4 left and came back after 7: in force at both ends, not removed
    expect((await diff(8)).added.map((e) => e.domain)).toEqual(['kino4.pirate.example']);
    expect((await diff(0)).added).toHaveLength(snapshots.get(9)!.length);
    for (const [serial, before] of snapshots) {
      const d = await diff(serial);
      const gone = new Set(d.removed.map((r) => r.domain));
      const applied = [...before.filter((x) => !gone.has(x)), ...d.added.map((e) => e.domain)].sort();
      expect([...new Set(applied)], `since ${serial}`).toEqual(snapshots.get(9));
    }
  });

  it('signs the diff like the full export, with its own ETag and 304', async () => {
    const pem = (await api.app.inject({ url: '/.well-known/kuzet/registry-signing-key.pem' })).body;
    const body = await api.app.inject({ url: '/registry.json?since=5' });
    const sig = await api.app.inject({ url: '/registry.json.sig?since=5' });
    expect(verifySignature(pem, body.rawPayload, sig.rawPayload)).toBe(true);
    expect(verifySignature(pem, (await api.app.inject({ url: '/registry.json' })).rawPayload, sig.rawPayload)).toBe(false);
    expect(body.headers.etag).not.toBe((await api.app.inject({ url: '/registry.json' })).headers.etag);
    expect((await api.app.inject({ url: '/registry.json?since=5', headers: { 'if-none-match': body.headers.etag as string } })).statusCode).toBe(304);
    expect((await api.app.inject({ url: '/registry.json.sha256?since=5' })).body).toMatch(/^[0-9a-f]{64} {2}registry\.json\n$/);
  });

  it('says when a full download is needed: a serial newer than the registry, or a diff bigger than allowed', async () => {
    const r = await api.app.inject({ url: '/registry.json?since=10000' });
    expect(r.statusCode).toBe(410);
    expect(r.json()).toMatchObject({ error: 'serial_in_future' });
    expect(r.headers.link).toBe('</registry.json>; rel="alternate"');
    await expect(registryDiff(api.db, 0, { maxChanges: 3 })).rejects.toThrow(DiffUnavailable);
    await expect(registryDiff(api.db, 0, { maxChanges: 3 })).rejects.toMatchObject({ code: 'serial_too_old' });
    expect((await registryDiff(api.db, 8, { maxChanges: 3 })).added).toHaveLength(1);
    for (const bad of ['-1', 'abc', '1e300', '99999999999999999999']) {
      expect((await api.app.inject({ url: `/registry.json?since=${bad}` })).statusCode, bad).toBe(400);
    }
  });
});
