// verifyWacz: checks a WACZ made by evidence/wacz.ts offline against a TRUSTED public key (the deployment's published
// key; the key inside the WACZ proves nothing by itself): the seal over every byte of the ZIP, the signature in
// datapackage-digest.json over the datapackage hash, the hash of datapackage.json, and every listed file's size and
// sha256 — with no unlisted, missing or duplicated entry. `kuzet verify` uses it for the WACZ inside a packet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkSeal } from '../packets/seal.ts';
import { keyIdOf, verifySignature } from '../packets/signer.ts';
import { readZip, type ZipEntryInfo } from '../packets/zip.ts';
import { sha256Hex } from '../storage/hash.ts';
import { DATAPACKAGE, DIGEST, publicKeyBase64 } from './wacz.ts';

export interface WaczCheck {
  ok: boolean;
  problems: string[];
  keyId: string | null;
  created: string | null;
  /** pages/pages.jsonl entries (url, ts) */
  pages: Array<{ url: string; ts: string }>;
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

const MAX_JSON = 4 * 1024 * 1024;

export async function verifyWacz(bytes: Buffer, publicKeyPem: string): Promise<WaczCheck> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kuzet-wacz-verify-'));
  try {
    const file = path.join(dir, 'evidence.wacz');
    await fs.promises.writeFile(file, bytes);
    return await verifyFile(file, publicKeyPem);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function verifyFile(file: string, publicKeyPem: string): Promise<WaczCheck> {
  const out: WaczCheck = { ok: false, problems: [], keyId: null, created: null, pages: [], files: [] };
  const problem = (p: string) => void out.problems.push(p);
  const seal = await checkSeal(file, publicKeyPem).catch((e: Error) => ({ status: 'invalid' as const, reason: e.message }));
  if (seal.status !== 'valid') problem(seal.status === 'absent' ? 'the WACZ carries no seal' : `seal: ${seal.reason}`);
  let entries: ZipEntryInfo[];
  try {
    entries = await readZip(file, (n) => n === DATAPACKAGE || n === DIGEST || n === 'pages/pages.jsonl');
  } catch (e) {
    problem(`not a readable ZIP: ${(e as Error).message}`);
    return out;
  }
  const names = entries.map((e) => e.name);
  for (const n of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problem(`duplicate entry ${n}`);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const json = (name: string): Record<string, unknown> | null => {
    const e = byName.get(name);
    if (!e?.data) return problem(`${name} is missing`), null;
    if (e.data.length > MAX_JSON) return problem(`${name} is too large`), null;
    try {
      return JSON.parse(e.data.toString('utf8')) as Record<string, unknown>;
    } catch {
      return problem(`${name} is not JSON`), null;
    }
  };
  const dp = json(DATAPACKAGE);
  const digest = json(DIGEST);
  if (dp && digest) {
    const hash = `sha256:${byName.get(DATAPACKAGE)!.sha256}`;
    const signed = (digest['signedData'] ?? {}) as Record<string, unknown>;
    if (digest['path'] !== DATAPACKAGE || digest['hash'] !== hash) problem('datapackage-digest.json does not match datapackage.json');
    if (signed['hash'] !== hash) problem('the signed hash is not the hash of datapackage.json');
    if (signed['publicKey'] !== publicKeyBase64(publicKeyPem)) problem('signed by another key than the trusted one');
    const sig = Buffer.from(String(signed['signature'] ?? ''), 'base64');
    if (!verifySignature(publicKeyPem, Buffer.from(hash, 'utf8'), sig)) problem('the signature over the datapackage hash is not valid for the trusted key');
    out.keyId = keyIdOf(publicKeyPem);
    out.created = typeof dp['created'] === 'string' ? dp['created'] : null;
    const resources = Array.isArray(dp['resources']) ? (dp['resources'] as Array<Record<string, unknown>>) : [];
    if (resources.length === 0) problem('datapackage.json lists no resources');
    const listed = new Set<string>();
    for (const r of resources) {
      const p = String(r['path'] ?? '');
      listed.add(p);
      const e = byName.get(p);
      if (!e) problem(`${p} is listed but missing`);
      else if (r['hash'] !== `sha256:${e.sha256}` || r['bytes'] !== e.bytes) problem(`${p} does not match its sha256/size in datapackage.json`);
      else out.files.push({ path: p, bytes: e.bytes, sha256: e.sha256 });
    }
    for (const n of names) if (n !== DATAPACKAGE && n !== DIGEST && !listed.has(n)) problem(`${n} is not listed in datapackage.json`);
  }
  const pagesFile = byName.get('pages/pages.jsonl')?.data?.toString('utf8') ?? '';
  for (const line of pagesFile.split('\n').slice(1)) {
    try {
      const p = line.trim() ? (JSON.parse(line) as { url?: unknown; ts?: unknown }) : null;
      if (p && typeof p.url === 'string' && typeof p.ts === 'string') out.pages.push({ url: p.url, ts: p.ts });
    } catch {
      problem('pages/pages.jsonl has a line that is not JSON');
    }
  }
  out.ok = out.problems.length === 0;
  return out;
}

/** The sha256 a caller can compare with the evidence table's. */
export const waczSha256 = (bytes: Buffer) => sha256Hex(bytes);
