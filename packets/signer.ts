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

/** Where a deployment keeps its key pair, and the public key it publishes (the one `kuzet verify` trusts). */
export const keyDirOf = (dataDir: string): string => path.join(dataDir, 'keys');
export const publicKeyFileOf = (dataDir: string): string => path.join(keyDirOf(dataDir), PUBLIC);

/** Thrown when no signing key exists and this deployment may not create one by itself (production). */
export class MissingSigningKey extends Error {
  readonly permanent = true;
  override name = 'MissingSigningKey';
}

/**
 * The deployment's signer. A missing key is created only when `opts.create` (development, tests, the demo) — loudly,
 * through `opts.onCreate` — and never silently in production, where `kuzet keys init` creates it once and prints what
 * to publish: a new key would sign packets nobody can check against the published one.
 */
export async function loadOrCreateSigner(keyDir: string, opts: { create?: boolean; onCreate?: (s: { keyId: string; file: string }) => void } = {}): Promise<Signer> {
  await fs.promises.mkdir(keyDir, { recursive: true, mode: 0o700 });
  const file = path.join(keyDir, PRIVATE);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await fs.promises.readFile(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the signing key ${file}: ${(e as Error).message}`);
    if (opts.create === false) throw new MissingSigningKey(`no signing key at ${file}: run \`kuzet keys init\` once on this deployment and publish the public key it prints (SIGNING_KEY_CREATE=auto creates one at start, for development only)`);
    privateKey = await createKey(file);
    opts.onCreate?.({ keyId: keyIdOf(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()), file });
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
