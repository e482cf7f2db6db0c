// Errors of the publishing side that callers map to answers (the API: 403/404/409). Anything else is a 5xx.
import type { Db } from '../storage/db.ts';
import { getUser, isDecider } from '../storage/users.ts';

export type DecisionErrorCode = 'not_found' | 'conflict' | 'forbidden';

export class DecisionError extends Error {
  constructor(
    readonly code: DecisionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecisionError';
  }
}

/** The user behind a decision: must exist, be enabled and be an investigator or admin. */
export async function requireDecider(db: Db, userId: string): Promise<{ id: string; name: string; role: string }> {
  const u = await getUser(db, userId);
  if (!u) throw new DecisionError('not_found', `unknown user ${userId}`);
  if (u.disabled) throw new DecisionError('forbidden', `user ${u.name} is disabled`);
  if (!isDecider(u.role)) {
    throw new DecisionError('forbidden', `user ${u.name} has role ${u.role}; decisions need investigator or admin`);
  }
  return u;
}

/** How a decision reached us, recorded in its audit row: the channel, and the API key (its id, never the key) or the
 * Telegram account that carried it. A person is identified by what they hold, never by a name they typed. */
export interface DecisionVia {
  channel: 'api' | 'cli' | 'bot';
  keyId?: string | null;
  telegramUserId?: number | null;
}

