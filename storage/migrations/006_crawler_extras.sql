-- Telegram accounts allowed to decide reviews through the bot: a Telegram user id → a Kuzet user.
-- Ids are kept as text (Telegram ids exceed int4; text avoids bigint round-trips on both adapters).
CREATE TABLE telegram_links (
  telegram_user_id text PRIMARY KEY CHECK (telegram_user_id ~ '^[0-9]{1,20}$'),
  user_id          text NOT NULL REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telegram_links_user ON telegram_links (user_id);
