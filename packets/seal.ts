// The whole-file seal of a packet ZIP. The signature over datapackage.json proves the files; it cannot see the
// bytes around them (ZIP headers, timestamps, attributes, padding), so a changed byte there would pass. The seal is an
// Ed25519 signature over the SHA-256 of every byte of the ZIP before it, kept in the ZIP's own end-of-archive comment
// (which ZIP tools ignore): `KUZET-SEAL1 <key id> <signature, base64>`. Any changed byte of the file fails it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Signer } from './signer.ts';
import { keyIdOf, verifySignature } from './signer.ts';

const TAG = 'KUZET-SEAL1';
/** 'KUZET-SEAL1 ' + 16 hex + ' ' + 88 base64 characters of a 64-byte signature */
export const SEAL_LENGTH = TAG.length + 1 + 16 + 1 + 88;
/** the comment a packet is written with, replaced in place by the seal */
export const SEAL_PLACEHOLDER = `${TAG} ${'0'.repeat(16)} ${'A'.repeat(86)}==`;
const EOCD = 0x06054b50;
const EOCD_SIZE = 22;

async function digestOfPrefix(file: string, end: number): Promise<Buffer> {
  const hash = createHash('sha256');
  if (end > 0) for await (const chunk of fs.createReadStream(file, { start: 0, end: end - 1 })) hash.update(chunk as Buffer);
  return hash.digest();
}

/** Where the seal sits: the file must end with an end-of-archive record whose comment is exactly a seal ('none':
 * it ends with a record without a comment, as packets built before seals did; 'other': anything else). */
async function sealOffset(file: string): Promise<number | 'none' | 'other'> {
  const { size } = await fs.promises.stat(file);
  const fh = await fs.promises.open(file, 'r');
  try {
    const tail = Buffer.alloc(Math.min(size, EOCD_SIZE + SEAL_LENGTH));
    await fh.read(tail, 0, tail.length, size - tail.length);
    const bare = tail.length - EOCD_SIZE;
    if (bare >= 0 && tail.readUInt32LE(bare) === EOCD && tail.readUInt16LE(bare + 20) === 0) return 'none';
    if (tail.length === EOCD_SIZE + SEAL_LENGTH && tail.readUInt32LE(0) === EOCD && tail.readUInt16LE(20) === SEAL_LENGTH) return size - SEAL_LENGTH;
    return 'other';
  } finally {
    await fh.close();
  }
}

/** Replaces the placeholder comment of a freshly written packet ZIP with its seal. */
export async function sealZip(file: string, signer: Signer): Promise<void> {
  const at = await sealOffset(file);
  if (typeof at !== 'number') throw new Error(`${file} does not end with the seal placeholder`);
  const sig = signer.sign(await digestOfPrefix(file, at));
  const seal = Buffer.from(`${TAG} ${signer.keyId} ${sig.toString('base64')}`, 'latin1');
  if (seal.length !== SEAL_LENGTH) throw new Error(`seal of ${seal.length} bytes, expected ${SEAL_LENGTH}`);
  const fh = await fs.promises.open(file, 'r+');
  try {
    await fh.write(seal, 0, seal.length, at);
  } finally {
    await fh.close();
  }
}

export type SealCheck = { status: 'valid'; keyId: string } | { status: 'absent' } | { status: 'invalid'; reason: string };

/** Checks the seal against a public key (the trusted one, or the packet's own when there is none). */
export async function checkSeal(file: string, publicKeyPem: string): Promise<SealCheck> {
  const at = await sealOffset(file);
  if (at === 'none') return { status: 'absent' };
  if (at === 'other') return { status: 'invalid', reason: 'the end of the ZIP is neither a seal nor a plain end record' };
  const fh = await fs.promises.open(file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(SEAL_LENGTH);
    await fh.read(buf, 0, SEAL_LENGTH, at);
    text = buf.toString('latin1');
  } finally {
    await fh.close();
  }
  const m = /^KUZET-SEAL1 ([0-9a-f]{16}) ([A-Za-z0-9+/]{86}==)$/.exec(text);
  if (!m) return { status: 'invalid', reason: 'the seal is malformed' };
  const sig = Buffer.from(m[2]!, 'base64');
  // the seal's own bytes are not under the signature: they must be exactly what the signer wrote (its key id, and the
  // one canonical base64 of the signature — base64 has spare bits that decode to the same signature)
  if (sig.toString('base64') !== m[2]) return { status: 'invalid', reason: 'the seal is not in its canonical form' };
  if (m[1] !== keyIdOf(publicKeyPem)) return { status: 'invalid', reason: `sealed by key ${m[1]}, not by ${keyIdOf(publicKeyPem)}` };
  const ok = verifySignature(publicKeyPem, await digestOfPrefix(file, at), sig);
  return ok ? { status: 'valid', keyId: m[1]! } : { status: 'invalid', reason: 'the file changed after it was sealed (or another key sealed it)' };
}
