// The deployment's signing key as the exports use it: the same key pair as the packets (packets/signer.ts,
// keyDirOf(DATA_DIR)), loaded at the first signed request. Where the key may not be created (production,
// SIGNING_KEY_CREATE=never) and none exists, signed routes answer 503 and say to run `kuzet keys init`.
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/schema.ts';
import { keyDirOf, loadOrCreateSigner, MissingSigningKey, type Signer } from '../../packets/signer.ts';
import { HttpError } from '../plugins/auth.ts';

export function exportSigner(config: Pick<AppConfig, 'dataDir' | 'signingKeyAutoCreate'>, log: Pick<Logger, 'warn'>): () => Promise<Signer> {
  let p: Promise<Signer> | null = null;
  return () => {
    p ??= loadOrCreateSigner(keyDirOf(config.dataDir), {
      create: config.signingKeyAutoCreate,
      onCreate: (k) => log.warn({ keyId: k.keyId, file: k.file }, 'created a NEW signing key (SIGNING_KEY_CREATE=auto): publish its public key'),
    }).catch((e: Error) => {
      p = null;
      if (e instanceof MissingSigningKey) throw new HttpError(503, 'no_signing_key', e.message);
      throw e;
    });
    return p;
  };
}
