// Errors of the publishing side that callers map to answers (the API: 403/404/409). Anything else is a 5xx.
import type { Db } from '../storage/db.ts';

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

export const DECIDER_ROLES = ['investigator', 'admin'] as const;

/** The user behind a decision: must exist, be enabled and be an investigator or admin. */
export async function requireDecider(db: Db, userId: string): Promise<{ id: string; name: string; role: string }> {
  const [u] = await db.query<{ id: string; name: string; role: string; disabled_at: Date | null }>(
    'SELECT id, name, role, disabled_at FROM users WHERE id = $1',
    [userId],
  );
  if (!u) throw new DecisionError('not_found', `unknown user ${userId}`);
  if (u.disabled_at) throw new DecisionError('forbidden', `user ${u.name} is disabled`);
  if (!(DECIDER_ROLES as readonly string[]).includes(u.role)) {
    throw new DecisionError('forbidden', `user ${u.name} has role ${u.role}; decisions need investigator or admin`);
  }
  return u;
}
