// Users and API keys. A key is shown once at creation; only its sha256 is stored.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './hash.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';

export const USER_ROLES = ['admin', 'investigator', 'rights_holder', 'operator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The roles whose approvals and reviews count as decisions (the API, the Telegram buttons and the SQL tallies use this list). */
export const DECIDER_ROLES = ['investigator', 'admin'] as const satisfies readonly UserRole[];
export const isDecider = (role: string): boolean => (DECIDER_ROLES as readonly string[]).includes(role);

/** A user by id with its disabled flag (decisions check both). */
export async function getUser(db: Db, id: string): Promise<(User & { disabled: boolean }) | null> {
  const [u] = await db.query<User & { disabled_at: Date | null }>('SELECT id, name, role, disabled_at FROM users WHERE id = $1', [id]);
  return u ? { id: u.id, name: u.name, role: u.role, disabled: u.disabled_at !== null } : null;
}

export interface User {
  id: string;
  name: string;
  role: UserRole;
}

export const keyHash = (key: string) => sha256Hex(key);

export async function createUser(db: Db, opts: { name: string; role: UserRole; actor?: string }): Promise<{ user: User; apiKey: string }> {
  if (!USER_ROLES.includes(opts.role)) throw new Error(`unknown role ${JSON.stringify(opts.role)}; one of ${USER_ROLES.join(', ')}`);
  const name = opts.name.trim();
  if (!name || name.length > 100) throw new Error('a user name needs 1–100 characters');
  return db.tx(async (t) => {
    const user: User = { id: `usr_${randomBytes(9).toString('hex')}`, name, role: opts.role };
    const taken = await t.query('SELECT 1 FROM users WHERE name = $1', [name]);
    if (taken.length) throw new Error(`a user named ${JSON.stringify(name)} already exists`);
    await t.query('INSERT INTO users (id, name, role) VALUES ($1, $2, $3)', [user.id, user.name, user.role]);
    const apiKey = await addApiKey(t, user.id, 'initial');
    await appendAudit(t, { actor: opts.actor ?? 'cli', action: 'user.create', subject: user.id, details: { name, role: user.role } });
    return { user, apiKey };
  });
}

/** A new key for an existing user (returned once). */
export async function addApiKey(db: Db, userId: string, label?: string): Promise<string> {
  const apiKey = `kz_${randomBytes(24).toString('base64url')}`;
  await db.query('INSERT INTO api_keys (id, user_id, key_sha256, label) VALUES ($1, $2, $3, $4)', [`key_${randomBytes(9).toString('hex')}`, userId, keyHash(apiKey), label ?? null]);
  return apiKey;
}

/** The enabled user owning a non-revoked key, or null. */
export async function authenticate(db: Db, apiKey: string): Promise<User | null> {
  if (!apiKey || apiKey.length > 200) return null;
  const [u] = await db.query<User>(
    `SELECT u.id, u.name, u.role FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE k.key_sha256 = $1 AND k.revoked_at IS NULL AND u.disabled_at IS NULL`,
    [keyHash(apiKey)],
  );
  return u ?? null;
}

export async function findUserByName(db: Db, name: string): Promise<User | null> {
  const [u] = await db.query<User>('SELECT id, name, role FROM users WHERE name = $1', [name]);
  return u ?? null;
}

export async function listUsers(db: Db): Promise<Array<User & { createdAt: string; disabled: boolean }>> {
  const rows = await db.query<User & { created_at: Date; disabled_at: Date | null }>('SELECT id, name, role, created_at, disabled_at FROM users ORDER BY created_at, name');
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: new Date(r.created_at).toISOString(), disabled: r.disabled_at !== null }));
}
