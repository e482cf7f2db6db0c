// buildPacket: one confirmed match → one signed takedown packet (ZIP) in the blob store, a `packets` row and
// an audit entry. Idempotent per match: a second call returns the stored packet with created:false.
import { createHash } from 'node:crypto';
import { sha256Hex } from '../storage/hash.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.ts';
import { findPacket, recordPacket } from '../storage/packets.ts';
import type { BlobStore } from '../storage/blobs.ts';
import type { Db } from '../storage/db.ts';
import { loadCase, type CaseData } from './case.ts';
import { loadCaseRows } from '../storage/cases.ts';
import { missingMd } from './missing.ts';
import { buildSheet } from './sheet.ts';
import { planDocuments, renderDocuments } from './documents/index.ts';
import { dataPackage, resourceOf, serializeDataPackage, sha256sums, SUMS, verifyMd, type Resource } from './manifest.ts';
import type { Signer } from './signer.ts';
import { writeZip, type ZipInput } from './zip.ts';
import { SEAL_PLACEHOLDER, sealZip } from './seal.ts';

export { PacketRefusedError } from './case.ts';

export interface PacketDeps {
  db: Db;
  blobs: BlobStore;
  signer: Signer;
  cfg: AppConfig;
  log: Logger;
  /** clock, for reproducible packets in tests */
  now?: () => Date;
  /** TTF for the PDFs; defaults to DejaVuSans */
  fontPath?: string;
}

export interface PacketResult {
  packetId: string;
  blobPath: string;
  sha256: string;
  created: boolean;
}

export const packetIdFor = (matchId: string): string => `pkt_${sha256Hex(`packet:${matchId}`).slice(0, 32)}`;

export async function buildPacket(deps: PacketDeps, matchId: string): Promise<PacketResult> {
  const { db, blobs, signer, log } = deps;
  const existing = await existingPacket(db, matchId);
  if (existing) return existing;
  const packetId = packetIdFor(matchId);
  const generatedAt = new Date(Math.floor((deps.now?.() ?? new Date()).getTime() / 1000) * 1000);
  const head = async (p: string) => {
    const fh = await fs.promises.open(blobs.resolve(p), 'r');
    try {
      const b = Buffer.alloc(16);
      const { bytesRead } = await fh.read(b, 0, 16, 0);
      return b.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  };
  const c = await loadCase(db, matchId, { packetId, keyId: signer.keyId, generatedAt }, { head, read: (p) => blobs.read(p) });
  const refs = (await loadCaseRows(db, matchId))?.references ?? [];
  const sheet = await buildSheet(c, refs, { blobs, ffmpegPath: deps.cfg.ffmpegPath, log });
  c.sheet = sheet.sheet;

  const files: ZipInput[] = [];
  const resources: Resource[] = [];
  const addData = (name: string, data: Buffer) => {
    files.push({ name, data });
    resources.push(resourceOf(name, data));
  };
  for (const e of c.evidence) {
    const abs = blobs.resolve(e.blob_path);
    const actual = await hashFile(abs).catch((err: Error) => {
      throw new Error(`evidence ${e.id}: blob ${e.blob_path} cannot be read: ${err.message}`);
    });
    if (actual.sha256 !== e.sha256) throw new Error(`evidence ${e.id}: blob ${e.blob_path} hashes to ${actual.sha256}, not ${e.sha256}`);
    files.push({ name: e.packet_path, file: abs });
    resources.push({ path: e.packet_path, bytes: actual.bytes, sha256: actual.sha256 });
  }
  for (const f of sheet.files) addData(f.name, f.data);
  const plan = planDocuments(c);
  const docs = await renderDocuments(plan, { date: generatedAt, fontPath: deps.fontPath, images: (p) => sheet.images.get(p) ?? null });
  const docIndex = docs.flatMap((d) => {
    addData(`${d.file}.md`, Buffer.from(d.markdown));
    if (d.pdf) addData(`${d.file}.pdf`, d.pdf);
    return [{ title: d.title, markdown: `${d.file}.md`, pdf: d.pdf ? `${d.file}.pdf` : null, ...(d.pdfSkipped ? { pdf_skipped: d.pdfSkipped } : {}) }];
  });
  addData('MISSING-DATA.md', Buffer.from(missingMd(c)));
  addData('case.json', Buffer.from(JSON.stringify(caseJson(c, docIndex, plan.omitted), null, 2) + '\n'));
  addData('public-key.pem', Buffer.from(signer.publicKeyPem));
  addData('VERIFY.md', Buffer.from(verifyMd({ packetId, keyId: signer.keyId, created: c.generated_at })));
  addData(SUMS, sha256sums(resources));

  const manifest = dataPackage(
    {
      title: `Kuzet takedown packet: «${c.film.title_ru}» at ${c.infringement.domain}`,
      created: c.generated_at,
      packet: { id: packetId, match_id: matchId, film_id: c.film.id, url: c.infringement.url },
      signature: { algorithm: 'Ed25519', key_id: signer.keyId, public_key: 'public-key.pem', file: 'manifest.sig', signed_file: 'datapackage.json', zip_seal: 'KUZET-SEAL1' },
    },
    resources,
  );
  const manifestBytes = serializeDataPackage(manifest);
  const sig = signer.sign(manifestBytes);
  files.push({ name: 'datapackage.json', data: manifestBytes }, { name: 'manifest.sig', data: sig }, { name: 'manifest.sig.b64', data: Buffer.from(sig.toString('base64') + '\n') });

  const tmpDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kuzet-packet-'));
  try {
    const tmp = path.join(tmpDir, `${packetId}.zip`);
    await writeZip(tmp, files, generatedAt, SEAL_PLACEHOLDER);
    await sealZip(tmp, signer);
    const ref = await blobs.putFile(tmp, '.zip');
    const created = await recordPacket(db, {
      id: packetId, matchId, blobPath: ref.path, sha256: ref.sha256, bytes: ref.bytes, manifest: manifestBytes.toString('utf8'),
      signature: sig.toString('base64'), keyId: signer.keyId, createdAt: generatedAt, files: files.length,
    });
    if (!created) return (await existingPacket(db, matchId))!; // another builder won the race
    const result = { packetId, blobPath: ref.path, sha256: ref.sha256, created: true };
    log.info({ packetId, matchId, sha256: ref.sha256, bytes: ref.bytes, files: files.length, pdfs: docs.filter((d) => d.pdf).length }, 'takedown packet built');
    return result;
  } finally {
    await fs.promises.rm(tmpDir, { recursive: true, force: true });
  }
}

async function existingPacket(db: Db, matchId: string): Promise<PacketResult | null> {
  const row = await findPacket(db, matchId);
  return row ? { packetId: row.id, blobPath: row.blob_path, sha256: row.sha256, created: false } : null;
}

function caseJson(c: CaseData, documents: unknown[], omitted: unknown[]) {
  const evidence = c.evidence.map(({ blob_path: _internal, ...e }) => e);
  return { format: 'kuzet-case/1', ...c, evidence, documents, documents_omitted: omitted };
}

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(fs.createReadStream(file), async (src: AsyncIterable<Buffer>) => {
    for await (const chunk of src) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  });
  return { sha256: hash.digest('hex'), bytes };
}
