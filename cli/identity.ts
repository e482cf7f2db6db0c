// Who the CLI acts as: the user of an API key (KUZET_API_KEY, or --key-file FILE holding one), never a name typed on
// the command line. The decision's audit row records the channel ('cli') and the key's id (the first 16 hex of its
// SHA-256, as stored in api_keys.key_sha256), so a decision points at the key that made it.
import fs from 'node:fs';
import type { DecisionVia } from '../registry/errors.ts';
import type { Db } from '../storage/db.ts';
import { authenticate, keyHash, type User } from '../storage/users.ts';
import { UsageError } from './command.ts';

export const keyIdOf = (apiKey: string): string => keyHash(apiKey).slice(0, 16);

export async function cliIdentity(db: Db, opts: { keyFile?: string; envKey?: string }): Promise<{ user: User; via: DecisionVia }> {
  let key = opts.envKey;
  if (opts.keyFile) {
    try {
      key = fs.readFileSync(opts.keyFile, 'utf8').trim();
    } catch (e) {
      throw new UsageError(`cannot read the key file ${opts.keyFile}: ${(e as Error).message}`);
    }
  }
  if (!key) throw new UsageError('this command acts as a user: set KUZET_API_KEY to your API key, or pass --key-file FILE (kuzet users add prints a key once)');
  const user = (await authenticate(db, key))?.user;
  if (!user) throw new UsageError('the API key is unknown, revoked or its user is disabled');
  return { user, via: { channel: 'cli', keyId: keyIdOf(key) } };
}
