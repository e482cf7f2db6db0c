// End to end: the demo pipeline on real components (PGlite, embedded redis-server, ffmpeg, crawlee, Fastify):
// asserts the registry entry, the delisting item and the packet manifest with every listed hash recomputed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { runDemo, type DemoResult } from '../../demo/run.ts';
import { verifyPacket } from '../../packets/verify.ts';
import { reviewPending } from '../../demo/investigators.ts';
import { waitForPipeline } from '../../demo/wait.ts';
import { pipelineState } from '../../storage/progress.ts';
import { tempDir } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';
import { unzip } from '../kit/zip.ts';

const log = silentLog();

describe('demo pipeline end to end', () => {
  let demo: DemoResult;
  const dataDir = tempDir('kuzet-e2e-');
  beforeAll(async () => {
    const cfg = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    demo = await runDemo(cfg, log, { mediaCache: path.join(os.tmpdir(), 'kuzet-test-media'), say: () => {}, timeoutMs: 240_000 });
  }, 420_000);
  const confirmedNow = async () => (await demo.service.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM matches WHERE status = 'confirmed'`))[0]!.n;
  afterAll(async () => {
    await demo?.stop();
  });

  it('confirms the pirated films, drops the unregistered one, and activates the domain after two approvals', async () => {
    const s = demo.state;
    expect(s.crawled).toBe(2);
    expect(s.confirmed).toBeGreaterThanOrEqual(2);
    expect(s.dropped).toBeGreaterThanOrEqual(1); // «Чужое кино» is not a registered film
    expect(s.active).toBe(1);
    const res = await fetch(demo.urls.registryJson);
    const reg = (await res.json()) as { serial: number; entries: Array<{ serial: number; domain: string; films: Array<{ titleKk: string }> }> };
    expect(reg.entries).toHaveLength(1);
    expect(reg.entries[0]!.domain).toBe('127.0.0.1');
    expect(reg.entries[0]!.serial).toBe(1);
    expect(reg.entries[0]!.films.map((f) => f.titleKk)).toContain('Дала үні');
    const page = await (await fetch(demo.urls.registry)).text();
    expect(page).toContain('127.0.0.1');
    expect(page).toContain('Дала үні');
    // the fixture site is an IP: operators get it as an rpz-ip rule (a hosts file cannot carry an IP)
    const rpz = await (await fetch(demo.urls.rpz)).text();
    expect(rpz).toMatch(/^32\.1\.0\.0\.127\.rpz-ip\s/m);
  });

  it('leaves the poster-only page to an investigator; one approval through the API confirms it and publishes it', async () => {
    const { db } = demo.service.ctx;
    const sources = (await db.query<{ id: string }>('SELECT id FROM sources')).map((r) => r.id);
    const before = await pipelineState(db, sources, new Date(0));
    expect(before.pendingReview).toBe(1);
    const page = await (await fetch(demo.urls.review)).text();
    expect(page).toContain('/api/reviews');
    expect(await reviewPending(demo.service.url!, demo.keys.aigerim!, () => {})).toBe(1);
    const after = await waitForPipeline(db, { sources, after: new Date(0), timeoutMs: 120_000 });
    expect(after.pendingReview).toBe(0);
    expect(after.confirmed).toBe(before.confirmed + 1);
    expect(after.packets).toBe(after.confirmed);
    const reg = (await (await fetch(demo.urls.registryJson)).json()) as { entries: Array<{ films: Array<{ titleKk: string }> }> };
    expect(reg.entries[0]!.films.map((f) => f.titleKk)).toContain('Көк бөрі');
  });

  it('puts every confirmed URL in the delisting feed with a 24-hour deadline', async () => {
    const feed = (await (await fetch(demo.urls.delist)).json()) as { items: Array<{ url: string; createdAt: string; deadlineAt: string }>; nextCursor: number };
    expect(feed.items.length).toBe(await confirmedNow());
    expect(feed.items.some((i) => /\/films\/dala/.test(i.url) || /dala/.test(i.url))).toBe(true);
    for (const i of feed.items) expect(Date.parse(i.deadlineAt) - Date.parse(i.createdAt)).toBe(24 * 3600 * 1000);
    const next = (await (await fetch(`${demo.urls.delist}?after=${feed.nextCursor}`)).json()) as { items: unknown[] };
    expect(next.items).toEqual([]);
  });

  it('builds a packet whose manifest lists every file with a hash that recomputes, and whose signature verifies', async () => {
    const { db, blobs } = demo.service.ctx;
    const packets = await db.query<{ match_id: string; blob_path: string; sha256: string }>('SELECT match_id, blob_path, sha256 FROM packets');
    expect(packets.length).toBe(await confirmedNow());
    for (const p of packets) {
      const file = blobs.resolve(p.blob_path);
      expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(p.sha256);
      const files = await unzip(file);
      const manifest = JSON.parse(files.get('datapackage.json')!.toString('utf8')) as { resources: Array<{ path: string; bytes: number; hash?: string; sha256?: string }> };
      const listed = manifest.resources.map((r) => r.path);
      for (const name of files.keys()) {
        if (!['datapackage.json', 'manifest.sig', 'manifest.sig.b64'].includes(name)) expect(listed).toContain(name);
      }
      for (const r of manifest.resources) {
        const body = files.get(r.path);
        expect(body, r.path).toBeDefined();
        const want = (r.sha256 ?? r.hash ?? '').replace(/^sha256:/, '');
        expect(createHash('sha256').update(body!).digest('hex'), r.path).toBe(want);
        expect(body!.length).toBe(r.bytes);
      }
      expect(listed.some((n) => n.startsWith('evidence/page_html/'))).toBe(true);
      expect(listed.some((n) => n.startsWith('documents/01-complaint-mvd'))).toBe(true);
      const v = await verifyPacket(file);
      expect(v.problems).toEqual([]);
      expect(v.ok).toBe(true);
    }
    // the API serves the packet to investigators
    const res = await fetch(`${demo.service.url}/api/packets/${packets[0]!.match_id}`, { headers: { authorization: `Bearer ${demo.keys.aigerim}` } });
    expect(res.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(packets[0]!.sha256);
  });

  it('keeps an intact, append-only audit trail of what happened', async () => {
    const { db } = demo.service.ctx;
    const { verifyAuditChain } = await import('../../storage/audit.ts');
    expect((await verifyAuditChain(db)).brokenAt).toBeNull();
    const actions = (await db.query<{ action: string }>('SELECT DISTINCT action FROM audit_log')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['match.match', 'match.no_match', 'packet.build']));
  });
});
