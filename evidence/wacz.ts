// A WACZ 1.1.1 (Web Archive Collection Zipped) per candidate revision, so standard tools (ReplayWeb.page, py-wacz)
// open the evidence: archive/data.warc.gz, indexes/index.cdx (CDXJ, sorted), pages/pages.jsonl, datapackage.json
// with a sha256 and size per file, and datapackage-digest.json whose signedData is the WACZ Signing spec's
// "anonymous signature" made with the deployment's Ed25519 packet key (packets/signer.ts). The spec names ECDSA for
// that signature; tools that only know ECDSA will report the signature as unknown, `verifyWacz` checks it. Entries are
// stored uncompressed (random access for replay), with one fixed timestamp, and the whole ZIP is sealed like a packet
// (packets/seal.ts: any changed byte of the file fails).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createPublicKey } from 'node:crypto';
import { CDXIndexer } from 'warcio';
import { ZipFile } from 'yazl';
import { SEAL_PLACEHOLDER, sealZip } from '../packets/seal.ts';
import type { Signer } from '../packets/signer.ts';
import { sha256Hex } from '../storage/hash.ts';

export const WACZ_VERSION = '1.1.1';
export const WACZ_SOFTWARE = 'Kuzet evidence capture';
export const DATAPACKAGE = 'datapackage.json';
export const DIGEST = 'datapackage-digest.json';

export interface WaczPage {
  url: string;
  ts: Date;
  title?: string | null;
}

export interface WaczInput {
  title: string;
  created: Date;
  /** WARC files by name (stored under archive/) */
  warcs: Record<string, Buffer>;
  pages: WaczPage[];
  /** more files of the package (e.g. network-facts.json), by path inside the WACZ */
  extra?: Record<string, Buffer>;
}

/** CDXJ lines of the WARCs, sorted as replay tools expect. */
export async function cdxIndex(warcs: Record<string, Buffer>): Promise<Buffer> {
  const lines: string[] = [];
  for (const [name, data] of Object.entries(warcs)) {
    const idx = new CDXIndexer({});
    for await (const r of idx.iterIndex([{ filename: name, reader: (async function* () { yield data; })() }])) lines.push(idx.serializeCDXJ(r));
  }
  return Buffer.from(lines.sort().join(''));
}

export const publicKeyBase64 = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

export async function buildWacz(input: WaczInput, signer: Signer): Promise<Buffer> {
  const files: Array<[string, Buffer]> = [];
  for (const [name, data] of Object.entries(input.warcs)) files.push([`archive/${name}`, data]);
  files.push(['indexes/index.cdx', await cdxIndex(input.warcs)]);
  const header = { format: 'json-pages-1.0', id: 'pages', title: 'All Pages' };
  const pages = input.pages.map((p, i) => ({ id: sha256Hex(`${p.url}|${p.ts.toISOString()}|${i}`).slice(0, 32), url: p.url, ts: p.ts.toISOString(), ...(p.title ? { title: p.title.slice(0, 500) } : {}) }));
  files.push(['pages/pages.jsonl', Buffer.from([header, ...pages].map((l) => JSON.stringify(l)).join('\n') + '\n')]);
  for (const [p, data] of Object.entries(input.extra ?? {})) files.push([p, data]);
  const created = input.created.toISOString();
  const datapackage = {
    profile: 'data-package',
    wacz_version: WACZ_VERSION,
    title: input.title,
    created,
    modified: created,
    software: WACZ_SOFTWARE,
    ...(input.pages[0] ? { mainPageUrl: input.pages[0].url, mainPageDate: input.pages[0].ts.toISOString() } : {}),
    resources: files.map(([p, data]) => ({ name: path.posix.basename(p), path: p, hash: `sha256:${sha256Hex(data)}`, bytes: data.length })),
  };
  const dpBytes = Buffer.from(JSON.stringify(datapackage, null, 2));
  const hash = `sha256:${sha256Hex(dpBytes)}`;
  const digest = {
    path: DATAPACKAGE,
    hash,
    signedData: {
      hash, created, software: WACZ_SOFTWARE, version: WACZ_VERSION,
      signature: signer.sign(Buffer.from(hash, 'utf8')).toString('base64'),
      publicKey: publicKeyBase64(signer.publicKeyPem),
      signatureAlgorithm: 'Ed25519', keyId: signer.keyId,
    },
  };
  files.push([DATAPACKAGE, dpBytes], [DIGEST, Buffer.from(JSON.stringify(digest, null, 2))]);
  return writeSealed(files, input.created, signer);
}

async function writeSealed(files: Array<[string, Buffer]>, at: Date, signer: Signer): Promise<Buffer> {
  const mtime = new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
  const zip = new ZipFile();
  for (const [name, data] of files) zip.addBuffer(data, name, { mtime, mode: 0o100644, compress: false, forceDosTimestamp: true });
  zip.end({ comment: SEAL_PLACEHOLDER, forceZip64Format: false });
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kuzet-wacz-'));
  try {
    const file = path.join(dir, 'evidence.wacz');
    await pipeline(zip.outputStream as unknown as Readable, fs.createWriteStream(file));
    await sealZip(file, signer);
    return await fs.promises.readFile(file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
