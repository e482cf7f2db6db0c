// Ed25519 packet signer (node:crypto). The key pair lives in keyDir (callers pass `${cfg.dataDir}/keys`):
// signing-key.pem (PKCS#8, mode 0600) and signing-key.pub.pem (SPKI). Anyone verifies offline with openssl.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sha256Hex } from '../storage/hash.ts';
import fs from 'node:fs';
import path from 'node:path';

export interface Signer {
  /** sha256 of the SPKI DER of the public key, first 16 hex characters */
  keyId: string;
  publicKeyPem: string;
  /** detached Ed25519 signature, raw 64 bytes */
  sign(data: Buffer): Buffer;
}

const PRIVATE = 'signing-key.pem';
const PUBLIC = 'signing-key.pub.pem';

export async function loadOrCreateSigner(keyDir: string): Promise<Signer> {
  await fs.promises.mkdir(keyDir, { recursive: true, mode: 0o700 });
  const file = path.join(keyDir, PRIVATE);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await fs.promises.readFile(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the signing key ${file}: ${(e as Error).message}`);
    privateKey = await createKey(file);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 key (${privateKey.asymmetricKeyType})`);
  const mode = (await fs.promises.stat(file)).mode & 0o777;
  if (mode & 0o077) await fs.promises.chmod(file, 0o600);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  await fs.promises.writeFile(path.join(keyDir, PUBLIC), publicKeyPem);
  return {
    keyId: keyIdOf(publicKeyPem),
    publicKeyPem,
    sign: (data) => sign(null, data, privateKey),
  };
}

/** Writes a fresh key with O_EXCL; when another process won the race, reads theirs instead. */
async function createKey(file: string): Promise<KeyObject> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  try {
    await fs.promises.writeFile(file, pem, { mode: 0o600, flag: 'wx' });
    return privateKey;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return createPrivateKey(await fs.promises.readFile(file));
  }
}

/** sha256 of the SPKI DER, first 16 hex: `openssl pkey -pubin -in public-key.pem -outform DER | sha256sum`. */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return sha256Hex(der).slice(0, 16);
}

/** True when sig is a valid Ed25519 signature of data; false for a bad signature or an unusable key. */
export function verifySignature(publicKeyPem: string, data: Buffer, sig: Buffer): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519' || sig.length !== 64) return false;
    return verify(null, data, key, sig);
  } catch {
    return false;
  }
}
