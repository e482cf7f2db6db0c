// A rendered export as outside systems receive it: the exact bytes, their SHA-256, a detached Ed25519 signature over
// those bytes (raw 64 bytes: `openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin -in FILE -sigfile FILE.sig`),
// a strong ETag, and gzip/brotli copies made once in the background (zlib's thread pool, not the event loop).
// The key is the deployment's one signing key (packets/signer.ts, keyDirOf): no second key home.
import { createHash, createPublicKey } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Signer } from '../packets/signer.ts';
import { sha256Hex } from '../storage/hash.ts';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export interface SignedArtifact {
  body: Buffer;
  /** lower-case hex SHA-256 of body */
  sha256: string;
  /** raw 64-byte Ed25519 signature over body */
  sig: Buffer;
  /** strong ETag of the identity body (quoted); the variants derive theirs from it */
  etag: string;
  /** compressed copies, filled in when ready (null until then, or when the body is too small to bother) */
  gzip: Buffer | null;
  br: Buffer | null;
  keyId: string;
}

/** Bodies smaller than this are served as they are. */
const COMPRESS_MIN = 1024;

/** Signs and hashes the bytes; starts their compression (the artifact is usable at once, uncompressed meanwhile). */
export function signArtifact(body: Buffer, signer: Pick<Signer, 'sign' | 'keyId'>, onCompressError?: (e: Error) => void): SignedArtifact {
  const sha256 = sha256Hex(body);
  const a: SignedArtifact = { body, sha256, sig: signer.sign(body), etag: `"${sha256.slice(0, 32)}"`, gzip: null, br: null, keyId: signer.keyId };
  if (body.length >= COMPRESS_MIN) {
    gzip(body, { level: 6 }).then((z) => { a.gzip = z; }, onCompressError);
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).then((z) => { a.br = z; }, onCompressError);
  }
  return a;
}

/** The `.sha256` file: `sha256sum -c` reads it. */
export const sha256Line = (a: Pick<SignedArtifact, 'sha256'>, fileName: string): string => `${a.sha256}  ${fileName}\n`;

/** The public key's fingerprint: SHA-256 over its SPKI DER (`openssl pkey -pubin -in KEY.pem -outform DER | sha256sum`). */
export function keyFingerprint(publicKeyPem: string): string {
  return createHash('sha256').update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex');
}

/** The fingerprint as people compare it: hex pairs in groups of four bytes. */
export const formatFingerprint = (hex: string): string => (hex.match(/.{8}/g) ?? []).map((g) => g.match(/../g)!.join(':')).join(' ');
