// telegram_links: which Telegram accounts act for which Kuzet users (investigators deciding reviews in the bot).
import { DECIDER_ROLES } from './users.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';

export interface TelegramLink {
  telegramUserId: string;
  userId: string;
}

/** Links (or re-links) a Telegram account to a Kuzet user; audited. */
export async function linkTelegramUser(db: Db, link: { telegramUserId: number | string; userId: string; actor?: string }): Promise<void> {
  const tg = String(link.telegramUserId);
  if (!/^\d{1,20}$/.test(tg)) throw new Error(`not a Telegram user id: ${tg}`);
  await db.tx(async (t) => {
    const [u] = await t.query<{ id: string }>('SELECT id FROM users WHERE id = $1', [link.userId]);
    if (!u) throw new Error(`unknown user ${link.userId}`);
    await t.query(
      `INSERT INTO telegram_links (telegram_user_id, user_id) VALUES ($1, $2)
       ON CONFLICT (telegram_user_id) DO UPDATE SET user_id = EXCLUDED.user_id, created_at = now()`,
      [tg, link.userId],
    );
    await appendAudit(t, { actor: link.actor ?? 'cli', action: 'telegram.link', subject: link.userId, details: { telegramUserId: tg } });
  });
}

export async function unlinkTelegramUser(db: Db, telegramUserId: number | string): Promise<boolean> {
  const rows = await db.query('DELETE FROM telegram_links WHERE telegram_user_id = $1 RETURNING user_id', [String(telegramUserId)]);
  return rows.length > 0;
}

/** The enabled Kuzet user behind a Telegram account, or null. */
export async function userForTelegram(db: Db, telegramUserId: number | string): Promise<string | null> {
  const [r] = await db.query<{ user_id: string }>(
    `SELECT l.user_id FROM telegram_links l JOIN users u ON u.id = l.user_id
      WHERE l.telegram_user_id = $1 AND u.disabled_at IS NULL`,
    [String(telegramUserId)],
  );
  return r?.user_id ?? null;
}

/** Telegram ids of enabled investigators/admins (their private chat ids, used when no chat list is configured). */
export async function investigatorTelegramIds(db: Db): Promise<string[]> {
  const rows = await db.query<{ telegram_user_id: string }>(
    `SELECT l.telegram_user_id FROM telegram_links l JOIN users u ON u.id = l.user_id
      WHERE u.disabled_at IS NULL AND u.role = ANY($1::text[]) ORDER BY l.created_at`,
    [DECIDER_ROLES],
  );
  return rows.map((r) => r.telegram_user_id);
}
