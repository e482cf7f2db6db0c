// verifyPacket: the same checks VERIFY.md tells a person to run, in code. Recomputes every listed hash,
// finds missing, unlisted and duplicate files, checks the Ed25519 signature over datapackage.json and the seal over
// every byte of the ZIP (seal.ts). Who signed is a separate question: a packet carries its own public key, which proves
// nothing (anyone can re-sign); only a key the caller trusts (the deployment's published key) makes `trusted` true.
import { createPublicKey } from 'node:crypto';
import { parseSha256sums, SUMS, UNLISTED } from './manifest.ts';
import { keyIdOf, verifySignature } from './signer.ts';
import { readZip, type ZipEntryInfo } from './zip.ts';
import { checkSeal } from './seal.ts';
import { verifyWacz } from '../evidence/wacz-verify.ts';

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  /** files in the archive */
  files: number;
  /** id of the key in public-key.pem ('' when unreadable) */
  keyId: string;
  /** true only when a trusted key was given and the packet is signed and sealed with it */
  trusted: boolean;
  /** the whole-file seal: valid, absent (packets built before seals), or invalid (then also a problem) */
  seal: 'valid' | 'absent' | 'invalid';
  /** every web archive (.wacz) in the packet, checked as a WACZ: its own file hashes and its signature */
  wacz: Array<{ path: string; ok: boolean; problems: string[]; pages: number }>;
}

const KEEP = new Set(['datapackage.json', 'manifest.sig', 'manifest.sig.b64', 'public-key.pem', SUMS]);

export async function verifyPacket(zipPath: string, opts: { trustedKeyPem?: string } = {}): Promise<VerifyResult> {
  let entries: ZipEntryInfo[];
  try {
    entries = await readZip(zipPath, (n) => KEEP.has(n) || n.endsWith('.wacz'));
  } catch (e) {
    return { ok: false, problems: [`cannot read the ZIP: ${(e as Error).message}`], files: 0, keyId: '', trusted: false, seal: 'invalid', wacz: [] };
  }
  const problems: string[] = [];
  const byName = new Map<string, ZipEntryInfo>();
  for (const e of entries) {
    if (byName.has(e.name)) problems.push(`duplicate entry ${e.name}`);
    if (e.name.startsWith('/') || e.name.includes('\\') || e.name.split('/').includes('..')) problems.push(`unsafe entry name ${e.name}`);
    byName.set(e.name, e);
  }
  const manifest = byName.get('datapackage.json')?.data;
  const sig = byName.get('manifest.sig')?.data;
  const pem = byName.get('public-key.pem')?.data?.toString('utf8');
  let keyId = '';
  if (!manifest) problems.push('datapackage.json is missing');
  if (!sig) problems.push('manifest.sig is missing');
  if (!pem) problems.push('public-key.pem is missing');
  if (pem) {
    try {
      keyId = keyIdOf(pem);
    } catch (e) {
      problems.push(`public-key.pem is not a public key: ${(e as Error).message}`);
    }
  }
  if (pem && keyId && opts.trustedKeyPem && !sameKey(pem, opts.trustedKeyPem)) problems.push(`signed with key ${keyId}, not with the trusted key ${safeKeyId(opts.trustedKeyPem)}`);
  if (manifest && sig && pem && keyId && !verifySignature(pem, manifest, sig)) problems.push('the signature in manifest.sig does not match datapackage.json');
  const b64 = byName.get('manifest.sig.b64')?.data;
  if (b64 && sig && !Buffer.from(b64.toString('utf8').trim(), 'base64').equals(sig)) problems.push('manifest.sig.b64 differs from manifest.sig');

  const listed = manifest ? parseResources(manifest, problems) : null;
  if (listed) {
    for (const [p, r] of listed) {
      const e = byName.get(p);
      if (!e) problems.push(`missing file ${p}`);
      else if (e.sha256 !== r.sha256 || e.bytes !== r.bytes) problems.push(`hash mismatch for ${p}: ${e.bytes} B sha256 ${e.sha256}, manifest says ${r.bytes} B sha256 ${r.sha256}`);
    }
    for (const name of byName.keys()) if (!listed.has(name) && !UNLISTED.has(name)) problems.push(`unlisted file ${name}`);
    checkSums(byName.get(SUMS)?.data, listed, problems);
  }
  let seal: VerifyResult['seal'] = 'invalid';
  const sealKey = opts.trustedKeyPem ?? (keyId ? pem : undefined);
  if (sealKey) {
    const s = await checkSeal(zipPath, sealKey);
    seal = s.status;
    if (s.status === 'invalid') problems.push(`whole-file seal: ${s.reason}`);
    // a packet whose signed manifest says it was sealed cannot pass as an older, unsealed one (a stripped seal)
    if (s.status === 'absent' && manifest && declaresSeal(manifest)) problems.push('whole-file seal: removed (the signed manifest says this packet was sealed)');
  }
  const wacz: VerifyResult['wacz'] = [];
  const waczKey = opts.trustedKeyPem ?? (keyId ? pem : undefined);
  for (const e of entries.filter((x) => x.name.endsWith('.wacz') && x.data)) {
    const r = waczKey ? await verifyWacz(e.data!, waczKey).catch((err: Error) => ({ ok: false, problems: [err.message], pages: [] })) : { ok: false, problems: ['no key to check it with'], pages: [] };
    wacz.push({ path: e.name, ok: r.ok, problems: r.problems, pages: r.pages.length });
    for (const p of r.problems) problems.push(`web archive ${e.name}: ${p}`);
  }
  const ok = problems.length === 0;
  return { ok, problems, files: byName.size, keyId, trusted: ok && !!opts.trustedKeyPem, seal, wacz };
}

function parseResources(manifest: Buffer, problems: string[]): Map<string, { sha256: string; bytes: number }> | null {
  try {
    const dp = JSON.parse(manifest.toString('utf8')) as { resources?: Array<{ path: string; sha256?: string; hash?: string; bytes: number }> };
    if (!Array.isArray(dp.resources)) throw new Error('no resources array');
    const out = new Map<string, { sha256: string; bytes: number }>();
    for (const r of dp.resources) {
      const sha = r.sha256 ?? r.hash?.replace(/^sha256:/, '') ?? '';
      if (r.hash && r.hash !== `sha256:${sha}`) problems.push(`datapackage.json: hash and sha256 disagree for ${r.path}`);
      if (out.has(r.path)) problems.push(`datapackage.json lists ${r.path} twice`);
      out.set(r.path, { sha256: sha, bytes: r.bytes });
    }
    return out;
  } catch (e) {
    problems.push(`datapackage.json is unreadable: ${(e as Error).message}`);
    return null;
  }
}

function checkSums(sums: Buffer | undefined, listed: Map<string, { sha256: string }>, problems: string[]): void {
  if (!sums) return void problems.push(`${SUMS} is missing`);
  const lines = parseSha256sums(sums.toString('utf8'));
  for (const [p, sha] of lines) if (listed.get(p)?.sha256 !== sha) problems.push(`${SUMS} disagrees with datapackage.json on ${p}`);
  for (const p of listed.keys()) if (p !== SUMS && !lines.has(p)) problems.push(`${SUMS} does not list ${p}`);
}

function sameKey(a: string, b: string): boolean {
  try {
    const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(a).equals(der(b));
  } catch {
    return false;
  }
}

function safeKeyId(pem: string): string {
  try {
    return keyIdOf(pem);
  } catch {
    return '(unreadable)';
  }
}

function declaresSeal(manifest: Buffer): boolean {
  try {
    return (JSON.parse(manifest.toString('utf8')) as { signature?: { zip_seal?: string } }).signature?.zip_seal === 'KUZET-SEAL1';
  } catch {
    return false;
  }
}
