// Takedown packets end to end on real PGlite: build, verify with our code AND with the real sha256sum and
// openssl, tamper, rebuild, refuse. Tools that are missing skip their assertion with a message.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPacket, PacketRefusedError } from '../../packets/packet.ts';
import { verifyPacket } from '../../packets/verify.ts';
import { readZip, writeZip } from '../../packets/zip.ts';
import type { Db } from '../../storage/db.ts';
import { FILM, makeDeps, seedCase } from './packets-fixtures.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDirs } from '../kit/temp.ts';
import { hasProgram } from '../kit/tools.ts';
import { unzipTo } from '../kit/zip.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('takedown packets', () => {
  let db: Db;
  let deps: Awaited<ReturnType<typeof makeDeps>>;
  let work: string;
  const tmp = tempDirs('kuzet-evt-');
  beforeEach(async () => {
    db = await freshPglite();
    deps = await makeDeps(db, tmp());
    work = tmp();
  });
  afterEach(async () => {
    await db.close();
  });

  const build = async (matchId?: string, o = {}) => {
    const id = await seedCase(db, deps, { matchId, ...o });
    const r = await buildPacket(deps, id);
    return { ...r, id, zip: deps.blobs.resolve(r.blobPath) };
  };

  /** unpacks with the system `unzip` when present, else with yauzl (both independent of our reader) */
  const unzip = (zip: string) => unzipTo(zip, path.join(work, 'x'));
  let entries: Array<{ name: string; data: Buffer }> = [];
  const load = async (zip: string) => {
    entries = (await readZip(zip, () => true)).map((e) => ({ name: e.name, data: e.data! }));
    return entries;
  };

  it('builds a packet with the expected files, a packets row and an audit entry', async () => {
    const r = await build();
    expect(r.created).toBe(true);
    expect(r.sha256).toBe(sha(fs.readFileSync(r.zip)));
    const names = (await load(r.zip)).map((e) => e.name).sort();
    expect(names).toEqual(expect.arrayContaining([
      'case.json', 'datapackage.json', 'SHA256SUMS', 'manifest.sig', 'manifest.sig.b64', 'public-key.pem', 'VERIFY.md',
      'documents/01-complaint-mvd.kk.md', 'documents/01-complaint-mvd.ru.md', 'documents/02-blocking-request-gp.kk.md',
      'documents/02-blocking-request-gp.ru.md', 'documents/03-notice-search-engines.en-ru.md', 'documents/05-notice-hosting.en-ru.md',
      'documents/06-notice-registrar.en-ru.md', 'MISSING-DATA.md',
    ]));
    expect(names.filter((n) => n.startsWith('evidence/'))).toHaveLength(2);
    expect(names.some((n) => /^evidence\/page-[0-9a-f]{64}\.html$/.test(n))).toBe(true);
    expect(names.some((n) => /^evidence\/stream-playlist-[0-9a-f]{64}\.m3u8$/.test(n))).toBe(true);
    const [row] = await db.query<{ id: string; key_id: string; sha256: string; signature: string }>('SELECT * FROM packets WHERE match_id = $1', [r.id]);
    expect(row).toMatchObject({ id: r.packetId, key_id: deps.signer.keyId, sha256: r.sha256 });
    expect(Buffer.from(row!.signature, 'base64')).toHaveLength(64);
    const audit = await db.query<{ action: string; subject: string }>(`SELECT action, subject FROM audit_log WHERE action = 'packet.build'`);
    expect(audit).toEqual([{ action: 'packet.build', subject: r.packetId }]);
    const c = JSON.parse(entries.find((e) => e.name === 'case.json')!.data.toString());
    expect(c).toMatchObject({ film: { title_ru: FILM.title_ru, imdb_id: 'tt5843838' }, infringement: { domain: 'kino-pirate.example' }, detection: { score: 0.934, matched_frames: 19, offset_seconds: 1312.5 } });
    expect(c.evidence).toHaveLength(2);
    const complaint = entries.find((e) => e.name === 'documents/01-complaint-mvd.ru.md')!.data.toString();
    expect(complaint).toContain('статьёй 198 Уголовного кодекса Республики Казахстан');
    expect(complaint).toContain(FILM.title_kk);
    for (const ev of c.evidence) expect(complaint).toContain(ev.sha256);
    expect(complaint).toMatch(/ПРОЕКТ/);
  });

  it('states the soundtrack confirmation in the documents when the matcher made one, and nothing when it did not', async () => {
    const id = await seedCase(db, deps, { matchId: 'm_audio' });
    await db.query(`UPDATE matches SET details = details || $2::jsonb WHERE id = $1`, [id, JSON.stringify({ audio: { filmId: FILM.id, ber: 0.031, offsetS: 1312.4, overlapS: 17.2, confirmed: true } })]);
    const r = await buildPacket(deps, id);
    await load(deps.blobs.resolve(r.blobPath));
    const doc = (name: string) => entries.find((e) => e.name === name)!.data.toString();
    expect(doc('documents/01-complaint-mvd.ru.md')).toContain('Звуковая дорожка (Chromaprint): совпадает с эталоном: доля несовпадающих битов 0.031, смещение 1312.40 с');
    expect(doc('documents/03-notice-search-engines.en-ru.md')).toContain('Soundtrack (Chromaprint): matches the reference: bit error rate 0.031');
    const plain = await build('m_plain', { url: 'https://kino-pirate.example/films/99-other.html' });
    await load(plain.zip);
    expect(doc('documents/01-complaint-mvd.ru.md')).not.toContain('Chromaprint');
  });

  it('lists every other file in datapackage.json with hashes that recompute, and verifies', async () => {
    const r = await build();
    await load(r.zip);
    const dp = JSON.parse(entries.find((e) => e.name === 'datapackage.json')!.data.toString());
    const listed = new Set(dp.resources.map((x: { path: string }) => x.path));
    for (const e of entries) {
      if (['datapackage.json', 'manifest.sig', 'manifest.sig.b64'].includes(e.name)) continue;
      expect(listed.has(e.name), e.name).toBe(true);
    }
    for (const res of dp.resources) {
      const e = entries.find((x) => x.name === res.path)!;
      expect(sha(e.data), res.path).toBe(res.sha256);
      expect(e.data.length).toBe(res.bytes);
    }
    expect(await verifyPacket(r.zip, { trustedKeyPem: deps.signer.publicKeyPem })).toEqual({ ok: true, problems: [], files: entries.length, keyId: deps.signer.keyId, trusted: true, seal: 'valid', wacz: [] });
  });

  it('passes `sha256sum -c` and `openssl pkeyutl -verify` on the unpacked files', async (ctx) => {
    const r = await build();
    await load(r.zip);
    const dir = await unzip(r.zip);
    if (!hasProgram('sha256sum')) ctx.skip(true, 'sha256sum is not installed');
    const sums = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir }).toString();
    expect(sums.trim().split('\n').every((l) => l.endsWith(': OK'))).toBe(true);
    expect(sums.trim().split('\n').length).toBe(entries.length - 4);
    if (!hasProgram('openssl')) ctx.skip(true, 'openssl is not installed');
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'datapackage.json', '-sigfile', 'manifest.sig'];
    const ok = spawnSync('openssl', args, { cwd: dir });
    expect(ok.stdout.toString() + ok.stderr.toString()).toMatch(/Signature Verified Successfully/);
    expect(ok.status).toBe(0);
    const keyId = execFileSync('sh', ['-c', 'openssl pkey -pubin -in public-key.pem -outform DER | sha256sum | cut -c1-16'], { cwd: dir }).toString().trim();
    expect(keyId).toBe(deps.signer.keyId);
    fs.appendFileSync(path.join(dir, 'datapackage.json'), ' ');
    const bad = spawnSync('openssl', args, { cwd: dir });
    expect(bad.status).not.toBe(0);
  });

  it('detects a tampered file, a tampered manifest, an extra file, a missing file and a foreign key', async () => {
    const r = await build();
    await load(r.zip);
    const variant = async (name: string, edit: (list: Array<{ name: string; data: Buffer }>) => Array<{ name: string; data: Buffer }>) => {
      const out = path.join(work, `${name}.zip`);
      await writeZip(out, edit(entries.map((e) => ({ ...e }))), new Date());
      return verifyPacket(out);
    };
    const html = entries.find((e) => e.name.startsWith('evidence/page-'))!.name;
    const t1 = await variant('file', (l) => l.map((e) => (e.name === html ? { ...e, data: Buffer.from(e.data.toString().replace('iframe', 'IFRAME')) } : e)));
    expect(t1.ok).toBe(false);
    expect(t1.problems.join('\n')).toContain(`hash mismatch for ${html}`);
    const t2 = await variant('manifest', (l) => l.map((e) => (e.name === 'datapackage.json' ? { ...e, data: Buffer.from(e.data.toString().replace('Kuzet takedown', 'Kuzet  takedown')) } : e)));
    expect(t2.problems).toContain('the signature in manifest.sig does not match datapackage.json');
    const t3 = await variant('extra', (l) => [...l, { name: 'evidence/frame/extra.jpg', data: Buffer.from('x') }]);
    expect(t3.problems).toContain('unlisted file evidence/frame/extra.jpg');
    const t4 = await variant('missing', (l) => l.filter((e) => e.name !== 'case.json'));
    expect(t4.problems).toContain('missing file case.json');
    const other = await makeDeps(db, tmp());
    const t5 = await verifyPacket(r.zip, { trustedKeyPem: other.signer.publicKeyPem });
    expect(t5.ok).toBe(false);
    expect(t5.problems[0]).toMatch(/not with the trusted key/);
    expect((await verifyPacket(path.join(work, 'nope.zip'))).ok).toBe(false);
  });

  it('is idempotent: a second build returns the same packet, created:false', async () => {
    const r1 = await build();
    const r2 = await buildPacket(deps, r1.id);
    expect(r2).toEqual({ packetId: r1.packetId, blobPath: r1.blobPath, sha256: r1.sha256, created: false });
    expect(await db.query('SELECT id FROM packets')).toHaveLength(1);
    expect(await db.query(`SELECT seq FROM audit_log WHERE action = 'packet.build'`)).toHaveLength(1);
  });

  it('refuses a match that is not confirmed, or unknown, with a permanent error', async () => {
    const id = await seedCase(db, deps, { matchId: 'm_review', status: 'pending_review' });
    const e = await buildPacket(deps, id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PacketRefusedError);
    expect((e as PacketRefusedError).permanent).toBe(true);
    expect(String(e)).toMatch(/pending_review/);
    await expect(buildPacket(deps, 'no_such_match')).rejects.toMatchObject({ permanent: true });
    expect(await db.query('SELECT id FROM packets')).toHaveLength(0);
  });

  it('refuses to package an evidence blob whose bytes no longer match its sha256', async () => {
    const id = await seedCase(db, deps);
    const [ev] = await db.query<{ blob_path: string }>(`SELECT blob_path FROM evidence WHERE kind = 'page_html'`);
    fs.writeFileSync(deps.blobs.resolve(ev!.blob_path), 'altered');
    await expect(buildPacket(deps, id)).rejects.toThrow(/hashes to/);
    expect(await db.query('SELECT id FROM packets')).toHaveLength(0);
  });

  it('writes PDFs that carry the Cyrillic film title', async (ctx) => {
    const r = await build();
    await load(r.zip);
    const pdf = entries.find((e) => e.name === 'documents/01-complaint-mvd.ru.pdf');
    if (!fs.existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')) {
      expect(pdf).toBeUndefined();
      const c = JSON.parse(entries.find((e) => e.name === 'case.json')!.data.toString());
      expect(c.documents[0].pdf_skipped).toMatch(/fonts-dejavu-core/);
      return ctx.skip(true, 'DejaVuSans.ttf is missing: checked that the PDF is skipped and said so');
    }
    expect(pdf!.data.subarray(0, 5).toString()).toBe('%PDF-');
    if (!hasProgram('pdftotext')) return ctx.skip(true, 'pdftotext (poppler-utils) is not installed: checked the PDF header only');
    const file = path.join(work, 'c.pdf');
    fs.writeFileSync(file, pdf!.data);
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain(FILM.title_ru);
    expect(text).toContain('Қазақ хандығы');
    expect(text).toContain('198');
  });

  it('makes Telegram posts get a Telegram notice and no domain-blocking request', async () => {
    const r = await build('m_tg', { url: 'https://t.me/kino_free_kz/5521', domain: 't.me' });
    const names = (await load(r.zip)).map((e) => e.name);
    expect(names).toContain('documents/04-notice-telegram.en-ru.md');
    expect(names).not.toContain('documents/02-blocking-request-gp.ru.md');
    expect(names).not.toContain('documents/05-notice-hosting.en-ru.md');
    const c = JSON.parse(entries.find((e) => e.name === 'case.json')!.data.toString());
    expect(c.infringement.protected_domain).toMatchObject({ domain: 't.me' });
    expect(c.documents_omitted.map((o: { document: string }) => o.document)).toContain('blocking-request-gp');
    expect((await verifyPacket(r.zip)).ok).toBe(true);
  });
});
