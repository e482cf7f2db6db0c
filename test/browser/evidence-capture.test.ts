// Capture at first sight, through the real wiring (createProcessors): the crawl keeps its exchanges, the pipeline
// graph runs evidence.screenshot then evidence.capture per candidate revision; the result is a screenshot, a WARC with
// the page, player and playlist exchanges as the crawler saw them, network facts (dialled IP, RDAP from a local RDAP
// server named by DATA_DIR/rdap-bootstrap) and a signed WACZ that verifies. Running the jobs again adds nothing; a page
// that cannot be shot is recorded as failed with its reason and the capture still completes.
import fs from 'node:fs';
import path from 'node:path';
import { WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../config/context.ts';
import { loadConfig } from '../../config/load.ts';
import { verifyWacz } from '../../evidence/wacz-verify.ts';
import { startFixtureSites, type FixtureSites } from '../../fixtures/pirate-site/pirate-site.ts';
import { ipAnswer, startRdapServer, type RdapFixture } from '../../fixtures/rdap-server.ts';
import { loadOrCreateSigner } from '../../packets/signer.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { upsertCandidate } from '../../storage/candidates.ts';
import type { Db } from '../../storage/db.ts';
import { evidenceOf } from '../../storage/evidence-capture.ts';
import { followUps } from '../../workers/pipeline.ts';
import { createProcessors } from '../../workers/processors/index.ts';
import type { Processors } from '../../workers/runtime.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';

const dir = tempDir('kuzet-capture-');
const dataDir = path.join(dir, 'data');
let sites: FixtureSites;
let rdap: RdapFixture;
let db: Db;
let ctx: AppContext;
let processors: Processors;
let closeProcessors: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const hlsDir = path.join(dir, 'hls', 'kelin');
  fs.mkdirSync(hlsDir, { recursive: true });
  fs.writeFileSync(path.join(hlsDir, 'index.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n');
  fs.writeFileSync(path.join(hlsDir, 'seg0.ts'), Buffer.alloc(188 * 4, 0x47));
  fs.copyFileSync(path.join(import.meta.dirname, '../../fixtures/pirate-site/pirate-site.ts'), path.join(dir, 'not-a-poster.txt'));
  sites = await startFixtureSites({ items: [{ slug: 'kelin', titleRu: 'Келин', titleOriginal: 'Kelin', year: 2009, kinopoiskId: 452012, posterFile: path.join(dir, 'not-a-poster.txt'), hlsDir }] });
  rdap = await startRdapServer({ ips: [{ match: (ip) => ip.startsWith('127.'), answer: ipAnswer('127.0.0.0', '127.255.255.255', { org: 'Bulletproof Hosting B.V.', abuse: 'abuse@bulletproof.test' }) }] });
  // the refreshed-bootstrap location: 127.0.0.0/8 is served by the local RDAP server
  const boot = path.join(dataDir, 'rdap-bootstrap');
  fs.mkdirSync(boot, { recursive: true });
  const file = (services: unknown) => JSON.stringify({ publication: '2026-12-02T00:00:00Z', services });
  fs.writeFileSync(path.join(boot, 'dns.json'), file([]));
  fs.writeFileSync(path.join(boot, 'ipv4.json'), file([[['127.0.0.0/8'], [rdap.url]]]));
  fs.writeFileSync(path.join(boot, 'ipv6.json'), file([]));
  db = await freshPglite();
  const config = loadConfig({ DATA_DIR: dataDir, FETCH_ALLOWLIST: '127.0.0.1', FETCH_TIMEOUT_MS: '5000', CRAWL_CONCURRENCY: '2' });
  ctx = { config, log: silentLog(), db, blobs: createBlobStore(path.join(dataDir, 'blobs')), close: async () => undefined };
  ({ processors, close: closeProcessors } = await createProcessors(ctx));
  await db.query(`INSERT INTO sources (id, kind, url, domain) VALUES ('src_1', 'web', $1, '127.0.0.1')`, [sites.listingUrl]);
});
afterAll(async () => {
  await closeProcessors();
  await sites?.close();
  await rdap?.close();
  await db?.close();
});

/** the screenshot job, then whatever the graph says follows it (the capture) */
async function evidenceJobs(candidateId: string, revision: string) {
  const shot = await processors['evidence.screenshot.v1']({ candidateId, revision });
  for (const f of followUps('evidence.screenshot.v1', { candidateId, revision }, shot)) {
    expect(f.name).toBe('evidence.capture.v1');
    for (const p of f.payloads) await processors['evidence.capture.v1'](p as never);
  }
  return shot;
}

const counts = async () => ({
  evidence: Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM evidence'))[0]!.n),
  captures: Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM evidence_captures'))[0]!.n),
  exchanges: Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM http_exchanges'))[0]!.n),
  blobs: fs.readdirSync(path.join(dataDir, 'blobs'), { recursive: true }).filter((f) => /\.[a-z]+$/.test(String(f)) || /[0-9a-f]{64}$/.test(String(f))).length,
});

describe('capture at first sight', () => {
  let candidateId = '';
  let revision = '';

  it('the crawl keeps the page and player exchanges; the graph follows each candidate with its screenshot job', async () => {
    const out = await processors['crawl.source.v1']({ sourceId: 'src_1', runId: 'r1' });
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.candidates).toHaveLength(1);
    ({ candidateId, revision } = out.candidates[0]!);
    const next = followUps('crawl.source.v1', { sourceId: 'src_1', runId: 'r1' }, out).map((f) => f.name);
    expect(next).toEqual(['match.candidate.v1', 'evidence.screenshot.v1']);
    const xs = await db.query<{ role: string; url: string; remote_address: string }>('SELECT role, url, remote_address FROM http_exchanges WHERE candidate_id = $1 ORDER BY fetched_at', [candidateId]);
    expect(xs.map((x) => x.role)).toEqual(['page', 'player']);
    expect(xs.every((x) => x.remote_address === '127.0.0.1')).toBe(true);
  });

  it('screenshot, WARC (page, player, playlist), network facts with RDAP, and a signed WACZ that verifies', async () => {
    const shot = await evidenceJobs(candidateId, revision);
    expect(shot).toMatchObject({ status: 'done', screenshot: 'done' });
    const ev = await evidenceOf(db, candidateId);
    expect(ev).toMatchObject({ revision, screenshot: { status: 'done', mediaType: 'image/png' }, warc: { status: 'done' }, network: { status: 'done' }, wacz: { status: 'done' } });
    const png = await ctx.blobs.read(ev!.screenshot.blobPath!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    fs.mkdirSync('/work/notes/shots/evidence', { recursive: true });
    fs.writeFileSync('/work/notes/shots/evidence/capture-detail-page.png', png);

    const warc = await ctx.blobs.read(ev!.warc.blobPath!);
    const recs: Array<{ type: string; uri: string; ip: string | null }> = [];
    for await (const r of new WARCParser([warc])) recs.push({ type: String(r.warcType), uri: String(r.warcTargetURI), ip: r.warcHeader('WARC-IP-Address') ?? null });
    const responses = recs.filter((r) => r.type === 'response');
    expect(responses.map((r) => new URL(r.uri).pathname)).toEqual(['/films/kelin.html', expect.stringMatching(/^\/player\/kelin/), '/hls/kelin/index.m3u8']);
    expect(responses.every((r) => r.ip === '127.0.0.1')).toBe(true);
    expect(recs.some((r) => r.type === 'resource' && r.uri.startsWith('urn:kuzet:screenshot:'))).toBe(true);
    expect(recs.some((r) => r.type === 'resource' && r.uri === `${rdap.url}ip/127.0.0.1`)).toBe(true);
    expect(recs.some((r) => r.type === 'metadata')).toBe(true);

    const facts = JSON.parse((await ctx.blobs.read(ev!.network.blobPath!)).toString());
    expect(facts.format).toBe('kuzet-network-facts/1');
    const host = facts.hosts.find((h: { host: string }) => h.host === '127.0.0.1');
    expect(host.ips).toEqual([expect.objectContaining({ address: '127.0.0.1', port: Number(new URL(sites.siteUrl).port) })]);
    expect(host.roles.sort()).toEqual(['page', 'player', 'playlist']);
    expect(host.rdapIp['127.0.0.1']).toMatchObject({ holder: 'Bulletproof Hosting B.V.', abuseEmails: ['abuse@bulletproof.test'] });
    expect(facts.rdapBootstrap).toEqual({ dns: '2026-12-02T00:00:00Z', ipv4: '2026-12-02T00:00:00Z', ipv6: '2026-12-02T00:00:00Z' });
    expect(facts.ipData.dataDate ?? facts.ipData.error).toBeTruthy();

    const signer = await loadOrCreateSigner(path.join(dataDir, 'keys'));
    const check = await verifyWacz(await ctx.blobs.read(ev!.wacz.blobPath!), signer.publicKeyPem);
    expect(check.problems).toEqual([]);
    expect(check.files.map((f) => f.path).sort()).toEqual(['archive/data.warc.gz', 'indexes/index.cdx', 'network-facts.json', 'pages/pages.jsonl', 'screenshot.png']);
    expect(check.pages[0]?.url).toMatch(/\/films\/kelin\.html$/);
  });

  it('running the evidence jobs again (a retry, a re-delivery) adds no row and no blob', async () => {
    const before = await counts();
    await evidenceJobs(candidateId, revision);
    await evidenceJobs(candidateId, revision);
    expect(await counts()).toEqual(before);
  });

  it('a page that cannot be shot is recorded as failed with its reason; the capture completes without it', async () => {
    const c = await upsertCandidate(db, { sourceId: null, url: 'http://127.0.0.1:9/gone.html', kind: 'upload' });
    const shot = await evidenceJobs(c.id, c.revision);
    expect(shot).toMatchObject({ status: 'done', screenshot: 'failed' });
    const ev = await evidenceOf(db, c.id, c.revision);
    expect(ev?.screenshot.status).toBe('failed');
    expect(ev?.screenshot.reason).toMatch(/ERR_|refused|timeout|net::/i);
    expect(ev?.wacz.status).toBe('done');
    expect(ev?.network.meta?.['notes']).toEqual(expect.arrayContaining([expect.stringMatching(/could not be read/)]));
  });
});
