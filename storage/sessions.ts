// Browser sessions (issue 11): opened after an API key was checked (later: a password or an eGov/ЭЦП identity
// provider — `via`), carried as an HttpOnly cookie. Only sha256(token) is stored. A session ends at its expiry, at
// sign-out, when its user is disabled, or when the API key that opened it is revoked — all read at every request.
import { randomBytes } from 'node:crypto';
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';
import { sha256Hex } from './hash.ts';
import type { User } from './users.ts';

export type SessionVia = 'api_key' | 'password' | 'identity_provider';

export interface OpenedSession {
  token: string;
  expiresAt: string;
}

export interface SessionUser extends User {
  sessionId: string;
  /** first 16 hex of the opening key's sha256 (the same key id API-key requests carry into audit rows) */
  keyId: string | null;
  expiresAt: string;
}

/** the shape openSession gives a token; anything else is no session (never a query) */
const isToken = (token: string) => /^kzs_[\w-]{20,100}$/.test(token);

export async function openSession(
  db: Db,
  p: { userId: string; via: SessionVia; keyRowId: string | null; hours: number; ip?: string; userAgent?: string },
): Promise<OpenedSession> {
  const token = `kzs_${randomBytes(32).toString('base64url')}`;
  return db.tx(async (t) => {
    const [row] = await t.query<{ expires_at: Date }>(
      `INSERT INTO sessions (id, user_id, via, key_id, expires_at, client_ip, user_agent)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5), $6, $7) RETURNING expires_at`,
      [sha256Hex(token), p.userId, p.via, p.keyRowId, p.hours, p.ip ?? null, (p.userAgent ?? '').slice(0, 300) || null],
    );
    await appendAudit(t, { actor: p.userId, action: 'session.open', subject: p.userId, details: { via: p.via, keyId: p.keyRowId, hours: p.hours, ip: p.ip ?? null } });
    return { token, expiresAt: new Date(row!.expires_at).toISOString() };
  });
}

/** The user of a live session token, or null (unknown, expired, signed out, user disabled, opening key revoked). */
export async function sessionUser(db: Db, token: string): Promise<SessionUser | null> {
  if (!isToken(token)) return null;
  const [r] = await db.query<{ id: string; name: string; role: User['role']; sid: string; key_sha256: string | null; expires_at: Date }>(
    `SELECT u.id, u.name, u.role, s.id AS sid, k.key_sha256, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN api_keys k ON k.id = s.key_id
      WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL
        AND (s.via <> 'api_key' OR (k.id IS NOT NULL AND k.revoked_at IS NULL))`,
    [sha256Hex(token)],
  );
  if (!r) return null;
  return { id: r.id, name: r.name, role: r.role, sessionId: r.sid, keyId: r.key_sha256?.slice(0, 16) ?? null, expiresAt: new Date(r.expires_at).toISOString() };
}

/** Sign-out: the session is revoked (kept for the record). `reason` 'replaced': the browser that carried it signed
 * in again (perhaps as someone else), so its cookie is overwritten and the session would otherwise live on unseen. */
export async function closeSession(db: Db, token: string, reason?: 'replaced'): Promise<boolean> {
  if (!isToken(token)) return false;
  return db.tx(async (t) => {
    const rows = await t.query<{ user_id: string }>('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING user_id', [sha256Hex(token)]);
    if (rows[0]) await appendAudit(t, { actor: rows[0].user_id, action: 'session.close', subject: rows[0].user_id, details: reason ? { reason } : {} });
    return rows.length > 0;
  });
}
