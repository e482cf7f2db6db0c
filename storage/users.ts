// Users and API keys. A key is shown once at creation; only its sha256 is stored. Revoking a key or disabling a
// user takes effect at the next request (authenticate reads both flags every time). Rights holders are linked to the
// films they hold (user_films) and see only those films' packets.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './hash.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';

export const USER_ROLES = ['admin', 'investigator', 'rights_holder', 'operator', 'supervisor', 'search_engine', 'isp'] as const;
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

/** The enabled user owning a non-revoked key, with the key's row id (a browser session is tied to it), or null. */
export async function authenticate(db: Db, apiKey: string): Promise<{ user: User; keyRowId: string } | null> {
  if (!apiKey || apiKey.length > 200) return null;
  const [u] = await db.query<User & { key_row_id: string }>(
    `SELECT u.id, u.name, u.role, k.id AS key_row_id FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE k.key_sha256 = $1 AND k.revoked_at IS NULL AND u.disabled_at IS NULL`,
    [keyHash(apiKey)],
  );
  return u ? { user: { id: u.id, name: u.name, role: u.role }, keyRowId: u.key_row_id } : null;
}

export async function findUserByName(db: Db, name: string): Promise<User | null> {
  const [u] = await db.query<User>('SELECT id, name, role FROM users WHERE name = $1', [name]);
  return u ?? null;
}

export async function listUsers(db: Db): Promise<Array<User & { createdAt: string; disabled: boolean }>> {
  const rows = await db.query<User & { created_at: Date; disabled_at: Date | null }>('SELECT id, name, role, created_at, disabled_at FROM users ORDER BY created_at, name');
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: new Date(r.created_at).toISOString(), disabled: r.disabled_at !== null }));
}

export interface ApiKeyInfo {
  id: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** A user's keys (never the key or its hash), oldest first; null when there is no such user. */
export async function listKeys(db: Db, userId: string): Promise<ApiKeyInfo[] | null> {
  const [u] = await db.query('SELECT 1 FROM users WHERE id = $1', [userId]);
  if (!u) return null;
  const rows = await db.query<{ id: string; label: string | null; created_at: Date; revoked_at: Date | null }>(
    'SELECT id, label, created_at, revoked_at FROM api_keys WHERE user_id = $1 ORDER BY created_at, id',
    [userId],
  );
  return rows.map((r) => ({ id: r.id, label: r.label, createdAt: new Date(r.created_at).toISOString(), revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null }));
}

/** Revokes a key (audited as key.revoke). null: no such key; revoked false: it already was. */
export async function revokeKey(db: Db, opts: { keyId: string; actor: string }): Promise<{ id: string; userId: string; userName: string; revoked: boolean } | null> {
  return db.tx(async (t) => {
    const [k] = await t.query<{ id: string; user_id: string; name: string; label: string | null; revoked_at: Date | null }>(
      'SELECT k.id, k.user_id, u.name, k.label, k.revoked_at FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = $1 FOR UPDATE OF k',
      [opts.keyId],
    );
    if (!k) return null;
    const out = { id: k.id, userId: k.user_id, userName: k.name };
    if (k.revoked_at) return { ...out, revoked: false };
    await t.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [k.id]);
    await appendAudit(t, { actor: opts.actor, action: 'key.revoke', subject: k.id, details: { user_id: k.user_id, label: k.label } });
    return { ...out, revoked: true };
  });
}

/** Disables a user: every key of theirs is refused from the next request (audited as user.disable). null: no such user. */
export async function disableUser(db: Db, opts: { userId: string; actor: string }): Promise<(User & { disabled: boolean; changed: boolean }) | null> {
  return db.tx(async (t) => {
    const [u] = await t.query<User & { disabled_at: Date | null }>('SELECT id, name, role, disabled_at FROM users WHERE id = $1 FOR UPDATE', [opts.userId]);
    if (!u) return null;
    const user = { id: u.id, name: u.name, role: u.role, disabled: true };
    if (u.disabled_at) return { ...user, changed: false };
    await t.query('UPDATE users SET disabled_at = now() WHERE id = $1', [u.id]);
    await appendAudit(t, { actor: opts.actor, action: 'user.disable', subject: u.id, details: { name: u.name, role: u.role } });
    return { ...user, changed: true };
  });
}

/** Links a rights-holder user to a film they hold (audited as user.link_film). linked false: it already was. */
export async function linkFilm(db: Db, opts: { userId: string; filmId: string; actor: string }): Promise<{ linked: boolean }> {
  return db.tx(async (t) => {
    const [u] = await t.query<{ role: string }>('SELECT role FROM users WHERE id = $1', [opts.userId]);
    if (!u) throw new Error(`no user ${opts.userId}`);
    if (u.role !== 'rights_holder') throw new Error(`only a rights_holder user can be linked to films (this user is ${u.role}; other roles see every film)`);
    const [f] = await t.query('SELECT 1 FROM films WHERE id = $1', [opts.filmId]);
    if (!f) throw new Error(`no film ${opts.filmId}`);
    const rows = await t.query('INSERT INTO user_films (user_id, film_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING film_id', [opts.userId, opts.filmId]);
    if (!rows.length) return { linked: false };
    await appendAudit(t, { actor: opts.actor, action: 'user.link_film', subject: opts.userId, details: { film_id: opts.filmId } });
    return { linked: true };
  });
}

/** Whether the match is of a film the user is linked to (what a rights holder may see). */
export async function holdsFilmOfMatch(db: Db, userId: string, matchId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM matches m JOIN user_films uf ON uf.film_id = m.film_id WHERE m.id = $1 AND uf.user_id = $2', [matchId, userId]);
  return rows.length > 0;
}
