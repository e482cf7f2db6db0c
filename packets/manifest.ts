// The packet's integrity layer: SHA256SUMS (sha256sum -c format), datapackage.json (WACZ-style resource
// list, the signed document) and VERIFY.md (how anyone checks it offline with sha256sum and openssl).
import { sha256Hex } from '../storage/hash.ts';

export interface Resource {
  path: string;
  bytes: number;
  sha256: string;
}

/** Files that the signed manifest cannot list (itself and its signature). */
export const UNLISTED = new Set(['datapackage.json', 'manifest.sig', 'manifest.sig.b64']);
export const SUMS = 'SHA256SUMS';

export const resourceOf = (path: string, data: Buffer): Resource => ({ path, bytes: data.length, sha256: sha256Hex(data) });

/** `<sha256>  <path>` lines, sorted by path: exactly what `sha256sum -c` reads. */
export function sha256sums(resources: Resource[]): Buffer {
  const lines = [...resources].sort((a, b) => cmp(a.path, b.path)).map((r) => `${r.sha256}  ${r.path}\n`);
  return Buffer.from(lines.join(''));
}

export function parseSha256sums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

export interface DataPackage {
  profile: 'data-package';
  name: string;
  title: string;
  created: string;
  software: string;
  packet: { id: string; match_id: string; film_id: string; url: string };
  signature: { algorithm: 'Ed25519'; key_id: string; public_key: string; file: string; signed_file: 'datapackage.json'; zip_seal?: 'KUZET-SEAL1' };
  resources: Array<Resource & { name: string; hash: string }>;
}

export function dataPackage(meta: Omit<DataPackage, 'profile' | 'name' | 'resources' | 'software'>, resources: Resource[]): DataPackage {
  return {
    profile: 'data-package',
    name: `kuzet-packet-${meta.packet.id}`,
    ...meta,
    software: 'Kuzet',
    resources: [...resources]
      .sort((a, b) => cmp(a.path, b.path))
      .map((r) => ({ name: r.path.split('/').pop()!, path: r.path, hash: `sha256:${r.sha256}`, sha256: r.sha256, bytes: r.bytes })),
  };
}

/** Pretty JSON with one resource per line, so `grep SHA256SUMS datapackage.json` shows the whole entry. */
export function serializeDataPackage(p: DataPackage): Buffer {
  const { resources, ...head } = p;
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const res = resources.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return Buffer.from(`${top},\n  "resources": [\n${res}\n  ]\n}\n`);
}

export function verifyMd(p: { packetId: string; keyId: string; created: string }): string {
  return `# How to verify this packet (offline)

Packet ${p.packetId}, created ${p.created}, signed with Ed25519 key id \`${p.keyId}\`.
Only standard tools are needed: \`sha256sum\` (GNU coreutils) and \`openssl\` (3.0 or newer). Run every command
inside the unpacked folder (\`unzip packet.zip -d packet && cd packet\`).

## 1. The manifest is signed
datapackage.json lists every file of the packet with its size and SHA-256. Its detached signature is manifest.sig
(raw 64 bytes; manifest.sig.b64 is the same in base64: \`base64 -d manifest.sig.b64 > manifest.sig\`).

    openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in datapackage.json -sigfile manifest.sig

Expected output: \`Signature Verified Successfully\`.

## 2. The key is Kuzet's
The key id is the start of the SHA-256 of the public key (DER). Compare it with the key id that the sender published
independently of this packet:

    openssl pkey -pubin -in public-key.pem -outform DER | sha256sum | cut -c1-16

Expected output: \`${p.keyId}\`.

## 3. SHA256SUMS is the one the manifest names

    sha256sum SHA256SUMS
    grep '"SHA256SUMS"' datapackage.json

The two SHA-256 values must be equal.

## 4. Every file is intact

    sha256sum -c SHA256SUMS

Every line must end in \`OK\`. SHA256SUMS covers every file except itself, datapackage.json and manifest.sig(.b64);
a file not listed there is not part of the evidence. On Windows: \`certutil -hashfile FILE SHA256\`.

## 5. The ZIP itself is sealed
The steps above prove the files. The ZIP around them (headers, timestamps) is covered by a seal in the ZIP's own
comment (\`unzip -z packet.zip\` shows it: \`KUZET-SEAL1 <key id> <signature>\`): an Ed25519 signature over the SHA-256
of every byte of the ZIP before the comment. \`kuzet verify packet.zip --key PUBLISHED-KEY.pem\` checks it together
with everything above; without a trusted key it says that it could not check who signed.

## What the files are
- case.json: the machine-readable case (film, URL, detection, evidence list)
- documents/: the complaint, requests and notices (Markdown and PDF), drafts for a lawyer's review
- evidence/<kind>/<sha256>.<ext>: the captured material, each named by its own SHA-256
`;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
