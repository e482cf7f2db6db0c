-- Overblocking checks (issue 10).
-- 1. Entry kind: 'domain' (a registrable domain by the full public suffix list, private suffixes included) or 'ip'
--    (a page reached by an IP literal). An 'ip' entry is never exported as a block (hosts, RPZ, rpz-ip) unless an
--    admin approved that separately: ip_block_approved_by/_at (audited as registry.ip_block_approve).
ALTER TABLE registry_entries ADD COLUMN kind text NOT NULL DEFAULT 'domain' CHECK (kind IN ('domain', 'ip'));
ALTER TABLE registry_entries ADD COLUMN ip_block_approved_by text REFERENCES users(id);
ALTER TABLE registry_entries ADD COLUMN ip_block_approved_at timestamptz;
UPDATE registry_entries SET kind = 'ip' WHERE domain ~ '^[0-9.]+$' OR domain LIKE '%:%';
-- 2. What the domain resolved to when it was proposed (or last checked): addresses, their ASNs, the CDN/shared-host
--    verdict. asns is kept as a column so protection by ASN is one indexed comparison.
ALTER TABLE registry_entries ADD COLUMN asns bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE registry_entries ADD COLUMN network jsonb;
ALTER TABLE registry_entries ADD COLUMN cdn boolean NOT NULL DEFAULT false;

-- 3. Protection by network: a site announced from one of these ASNs is never blocked at domain level.
CREATE TABLE protected_asns (
  asn        bigint PRIMARY KEY,
  reason     text NOT NULL,
  added_by   text,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO protected_asns (asn, reason) VALUES
  (62041, 'platform: Telegram Messenger Inc'), (62014, 'platform: Telegram Messenger Inc'),
  (59930, 'platform: Telegram Messenger Inc'), (44907, 'platform: Telegram Messenger Inc'),
  (211157, 'platform: Telegram Messenger Inc'), (47541, 'platform: VK'), (47542, 'platform: VKontakte'),
  (62243, 'platform: VKontakte'), (13238, 'search engine: Yandex'), (36040, 'platform: YouTube (Google)'),
  (56549, 'state: AO State Technical Service (KZ)')
ON CONFLICT DO NOTHING;

-- 4. More lawful platforms and state sites (001 had gov.kz, egov.kz, t.me, youtube.com, …). Not the shared hosting
--    and CDN names (pages.dev, github.io, cloudfront.net …): a site there is its own registrable domain (private
--    suffixes) and can be blocked FQDN-only; protecting the platform would protect every pirate on it.
INSERT INTO protected_domains (domain, reason) VALUES
  ('telegram.me', 'platform: URL notices only'), ('youtu.be', 'platform: URL notices only'),
  ('rutube.ru', 'platform: URL notices only'), ('akorda.kz', 'state: President of Kazakhstan'),
  ('gov.kz', 'state'), ('egov.kz', 'state'), ('elicense.kz', 'state'), ('kazakhfilm.kz', 'state film studio'),
  ('kinopark.kz', 'lawful cinema'), ('ticketon.kz', 'lawful tickets'),
  ('kinopoisk.ru', 'film database'), ('ivi.ru', 'lawful streaming'), ('okko.tv', 'lawful streaming'),
  ('netflix.com', 'lawful streaming'), ('apple.com', 'platform'), ('vk.ru', 'platform: URL notices only'),
  ('vkvideo.ru', 'platform: URL notices only'), ('dzen.ru', 'platform: URL notices only'), ('mail.ru', 'platform'),
  ('yandex.com', 'search engine'), ('google.kz', 'search engine'), ('googlevideo.com', 'platform CDN'),
  ('x.com', 'platform'), ('twitter.com', 'platform'), ('whatsapp.com', 'platform'), ('wikimedia.org', 'encyclopedia'),
  ('akorda.gov.kz', 'state')
ON CONFLICT DO NOTHING;

-- 5. A film's lawful distribution: domains and Telegram channels its rights holder licensed. A match there is never
--    proposed for blocking or delisting for that film (registry/publish.ts). kind 'domain': a host or registrable
--    domain, ASCII (punycode), lower case, no trailing dot (covers its subdomains); kind 'telegram': a channel name,
--    lower case, without '@'. Filled by the film portal and the import (issue 11).
CREATE TABLE film_licensed_platforms (
  film_id    text NOT NULL REFERENCES films(id),
  kind       text NOT NULL CHECK (kind IN ('domain', 'telegram')),
  value      text NOT NULL,
  added_by   text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (film_id, kind, value)
);
CREATE INDEX film_licensed_platforms_value ON film_licensed_platforms (kind, value);
