// The one SHA-256 helper: content addresses, derived ids, key hashes and manifests all use it.
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of a string (UTF-8) or bytes. */
export const sha256Hex = (data: string | Buffer | Uint8Array): string => createHash('sha256').update(data).digest('hex');
