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
    expect(reg.entries[0]!.domain).toBe('kinogo-kz.example'); // a name (TEST_RESOLVE maps it to the loopback fixture)
    expect(reg.entries[0]!.serial).toBe(1);
    expect(reg.entries[0]!.films.map((f) => f.titleKk)).toContain('Дала үні');
    const page = await (await fetch(demo.urls.registry)).text();
    expect(page).toContain('kinogo-kz.example');
    expect(page).toContain('Дала үні');
    // operators get the name, never an address rule; the Telegram preview (t.me, a protected platform) gets URL notices only
    const rpz = await (await fetch(demo.urls.rpz)).text();
    expect(rpz).toMatch(/^kinogo-kz\.example CNAME \.$/m);
    expect(rpz).not.toMatch(/rpz-ip|127\.0\.0\.1|t\.me/);
    const hosts = await (await fetch(demo.urls.hosts)).text();
    expect(hosts).toMatch(/^0\.0\.0\.0 kinogo-kz\.example$/m);
    expect(hosts).not.toMatch(/^0\.0\.0\.0 (127|t\.me)/m);
    const tgItems = await demo.service.ctx.db.query<{ url: string }>(`SELECT url FROM delist_items WHERE domain = 't.me'`);
    expect(tgItems.length).toBeGreaterThanOrEqual(1);
    // one user of every role, with its key, in demo-keys.json
    const users = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-keys.json'), 'utf8')) as Record<string, { role: string; key: string }>;
    expect(new Set(Object.values(users).map((u) => u.role))).toEqual(new Set(['admin', 'investigator', 'rights_holder', 'operator', 'supervisor', 'search_engine', 'isp']));
    expect(Object.values(users).filter((u) => u.role === 'investigator')).toHaveLength(2);
    for (const u of Object.values(users)) expect(u.key).toMatch(/^\S{20,}$/);
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
    await new Promise((r) => setTimeout(r, demo.service.ctx.config.exportVersionTtlMs + 100)); // the API re-reads the registry version
    const reg = (await (await fetch(demo.urls.registryJson)).json()) as { entries: Array<{ films: Array<{ titleKk: string }> }> };
    expect(reg.entries[0]!.films.map((f) => f.titleKk)).toContain('Көк бөрі');
  });

  const as = (name: string) => ({ authorization: `Bearer ${demo.keys[name]}` });

  it('puts every confirmed URL in the delisting feed with a 24-hour deadline, for search-engine accounts only', async () => {
    expect((await fetch(demo.urls.delist)).status).toBe(401);
    const feed = (await (await fetch(demo.urls.delist, { headers: as('search-engine') })).json()) as { items: Array<{ url: string; createdAt: string; deadlineAt: string }>; nextCursor: number };
    expect(feed.items.length).toBe(await confirmedNow());
    expect(feed.items.some((i) => /\/films\/dala/.test(i.url) || /dala/.test(i.url))).toBe(true);
    for (const i of feed.items) expect(Date.parse(i.deadlineAt) - Date.parse(i.createdAt)).toBe(24 * 3600 * 1000);
    const next = (await (await fetch(`${demo.urls.delist}?after=${feed.nextCursor}`, { headers: as('search-engine') })).json()) as { items: unknown[] };
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
      expect(listed.some((n) => /^evidence\/page-[0-9a-f]{64}\.html$/.test(n))).toBe(true);
      expect(listed).toEqual(expect.arrayContaining(['documents/01-complaint-mvd.kk.md', 'documents/01-complaint-mvd.ru.md', 'MISSING-DATA.md']));
      expect(listed.some((n) => n.endsWith('.img'))).toBe(false);
      // captured at first sight, and in the packet: the page's screenshot, its signed web archive and network facts
      expect(listed.some((n) => /^evidence\/screenshot-[0-9a-f]{64}\.(png|jpg)$/.test(n)), listed.join(' ')).toBe(true);
      expect(listed.some((n) => /^evidence\/web-archive-[0-9a-f]{64}\.wacz$/.test(n)), listed.join(' ')).toBe(true);
      expect(listed.some((n) => /network-facts/.test(n)), listed.join(' ')).toBe(true);
      // a packet never claims video frames it does not have (the demo's poster-only page)
      const kase = JSON.parse(files.get('case.json')!.toString('utf8')) as { basis: { kind: string } };
      if (kase.basis.kind !== 'stream_frames') {
        const claim = /кадр|видеопоток|бейне ағын|\bframes?\b|video stream/i;
        for (const [name, body] of files) {
          if (/^documents\/.*\.md$/.test(name)) expect(body.toString('utf8').replace(/\]\([^)]*\)/g, ']').split('\n').find((l) => claim.test(l)), `${name} (${kase.basis.kind})`).toBeUndefined(); // the words, not file paths
        }
      }
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

  it('passes `kuzet audit verify` after the demo flow, and `kuzet packets export` writes every packet that verifies', async () => {
    const { auditVerify } = await import('../../cli/commands/audit.ts');
    const { packetsExport } = await import('../../cli/commands/packets-export.ts');
    const out: string[] = [];
    // the real commands, run against the demo's open store (PGlite admits one opener: the service's)
    const env = { config: demo.service.ctx.config, log, io: { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s) }, open: async () => ({ ...demo.service.ctx, close: async () => {} }) };
    expect(await auditVerify.run(['--json'], env as never)).toBe(0);
    const audit = JSON.parse(out.pop()!) as { ok: boolean; rows: number };
    expect(audit.ok).toBe(true);
    expect(audit.rows).toBeGreaterThan(0);
    const dir = tempDir('kuzet-e2e-export-');
    expect(await packetsExport.run(['--out', dir, '--json'], env as never)).toBe(0);
    const exported = JSON.parse(out.pop()!) as { packets: Array<{ matchId: string; file: string; sha256: string }> };
    expect(exported.packets.length).toBe(await confirmedNow());
    for (const p of exported.packets) {
      expect(path.basename(p.file)).toBe(`${p.matchId}.zip`);
      expect(createHash('sha256').update(fs.readFileSync(p.file)).digest('hex')).toBe(p.sha256);
      expect((await verifyPacket(p.file)).ok).toBe(true);
    }
  });

  it('serves signed exports and feeds an operator can check, acknowledge and see in the SLA view (issue 10)', async () => {
    const { createPublicKey, verify } = await import('node:crypto');
    const api = demo.service.url!;
    const key = createPublicKey(await (await fetch(`${api}/.well-known/kuzet/registry-signing-key.pem`)).text());
    for (const url of [demo.urls.registryJson, `${api}/registry.csv`, `${api}/registry.xml`, demo.urls.hosts, `${api}/feeds/domains.txt`, demo.urls.rpz]) {
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      const sig = Buffer.from(await (await fetch(`${url}.sig`)).arrayBuffer());
      expect(verify(null, body, key, sig), url).toBe(true);
      const flipped = Buffer.from(body);
      flipped[flipped.length >> 1]! ^= 1;
      expect(verify(null, flipped, key, sig), url).toBe(false);
      expect((await (await fetch(`${url}.sha256`)).text()).split(/\s/)[0]).toBe(createHash('sha256').update(body).digest('hex'));
    }
    const reg = (await (await fetch(demo.urls.registryJson)).json()) as { serial: number };
    const diff = (await (await fetch(`${demo.urls.registryJson}?since=0`)).json()) as { added: Array<{ domain: string }>; removed: unknown[] };
    expect(diff.added.map((e) => e.domain)).toContain('kinogo-kz.example');
    // the search engine acknowledges an item; the ISP reports the serial it applied; the supervisor sees both
    const feed = (await (await fetch(demo.urls.delist, { headers: as('search-engine') })).json()) as { items: Array<{ id: string }> };
    const ack = await fetch(`${demo.urls.delist}/${feed.items[0]!.id}/ack`, { method: 'POST', headers: { ...as('search-engine'), 'content-type': 'application/json' }, body: JSON.stringify({ verdict: 'delisted' }) });
    expect(ack.status).toBe(200);
    const applied = await fetch(`${api}/api/feeds/applied`, { method: 'POST', headers: { ...as('isp-kz'), 'content-type': 'application/json' }, body: JSON.stringify({ serial: reg.serial, appliedAt: new Date().toISOString() }) });
    expect(applied.status).toBe(201);
    const sla = (await (await fetch(`${api}/api/sla`, { headers: as('saule') })).json()) as { operators: Array<{ name: string; lastSerial: number | null }>; searchEngines: Array<{ name: string; delisted: number }> };
    expect(sla.operators.find((o) => o.name === 'isp-kz')?.lastSerial).toBe(reg.serial);
    expect(sla.searchEngines.find((e) => e.name === 'search-engine')?.delisted).toBe(1);
  });

  it('takes an appeal without an account, lets a supervisor decide it, and shows the decision on the entry page (issue 10)', async () => {
    const api = demo.service.url!;
    const filed = await fetch(`${api}/appeals`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entry: 1, contact: 'owner@kinogo-kz.example', grounds: 'This is our own lawful site; we hold a licence for these films.', lang: 'ru' }),
    });
    expect(filed.status).toBe(201);
    const { ref } = (await filed.json()) as { ref: string };
    expect((await (await fetch(`${api}/ru/appeals/${ref}`)).text())).toContain(ref);
    const decided = await fetch(`${api}/api/appeals/${ref}/decision`, {
      method: 'POST', headers: { ...as('saule'), 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'uphold', reason: 'The licence shown does not cover these films.' }),
    });
    expect(decided.status).toBe(200);
    const page = await (await fetch(`${api}/en/registry/1`)).text();
    expect(page).toContain('The licence shown does not cover these films.');
    const { verifyAuditChain } = await import('../../storage/audit.ts');
    expect((await verifyAuditChain(demo.service.ctx.db)).brokenAt).toBeNull();
  });

  it('expires an entry that was not re-verified: it leaves every export and its delisting items are withdrawn (issue 10)', async () => {
    const { db } = demo.service.ctx;
    const { expireDue } = await import('../../registry/lifecycle.ts');
    await expireDue(db, new Date(Date.now() + 400 * 24 * 3600 * 1000));
    await new Promise((r) => setTimeout(r, demo.service.ctx.config.exportVersionTtlMs + 100)); // the API re-reads the registry version
    const reg = (await (await fetch(demo.urls.registryJson)).json()) as { entries: unknown[] };
    expect(reg.entries).toEqual([]);
    expect(await (await fetch(demo.urls.hosts)).text()).not.toMatch(/kinogo-kz\.example/);
    const feed = (await (await fetch(demo.urls.delist, { headers: as('search-engine') })).json()) as { items: Array<{ kind: string; domain: string }> };
    expect(feed.items.some((i) => i.kind === 'reinstate' && i.domain === 'kinogo-kz.example')).toBe(true);
    expect(await (await fetch(`${demo.service.url}/en/registry/1`)).text()).toMatch(/[Ee]xpired/);
  });
});
