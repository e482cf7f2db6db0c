-- Kuzet system of record. Runs unchanged on PGlite and on PostgreSQL 15+.
-- Ids are text: content-derived where the thing has content (so re-delivery is harmless), random otherwise.

CREATE TABLE users (
  id          text PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  role        text NOT NULL CHECK (role IN ('admin', 'investigator', 'rights_holder', 'operator')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE api_keys (
  id         text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users(id),
  key_sha256 text NOT NULL UNIQUE,
  label      text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- A registered national film (HMA: bank content of the "national films" bank).
CREATE TABLE films (
  id                       text PRIMARY KEY,
  title_kk                 text NOT NULL,
  title_ru                 text NOT NULL,
  title_en                 text,
  alt_titles               text[] NOT NULL DEFAULT '{}',
  year                     int CHECK (year BETWEEN 1890 AND 2200),
  state_register_no        text,           -- State Film Register number
  distribution_certificate text,           -- прокатное удостоверение
  eidr                     text,
  kinopoisk_id             bigint,
  imdb_id                  text CHECK (imdb_id ~ '^tt[0-9]{7,10}$'),
  rights_holder            text,
  enabled                  boolean NOT NULL DEFAULT true,
  created_by               text REFERENCES users(id),
  created_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX films_kinopoisk ON films (kinopoisk_id);
CREATE INDEX films_imdb ON films (imdb_id);

-- Reference media of a film (the master video, posters, trailers), stored content-addressed.
CREATE TABLE reference_assets (
  id          text PRIMARY KEY,
  film_id     text NOT NULL REFERENCES films(id),
  kind        text NOT NULL CHECK (kind IN ('video', 'poster', 'trailer')),
  sha256      text NOT NULL,
  blob_path   text NOT NULL,
  bytes       bigint NOT NULL,
  duration_s  double precision,
  width       int,
  height      int,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (film_id, sha256)
);

-- Signals (HMA vocabulary): one perceptual hash of one frame/poster of a reference asset.
CREATE TABLE fingerprints (
  id          bigserial PRIMARY KEY,
  asset_id    text NOT NULL REFERENCES reference_assets(id) ON DELETE CASCADE,
  film_id     text NOT NULL REFERENCES films(id),
  signal_type text NOT NULL,             -- e.g. 'pdq', 'blockhash256', 'grad256'
  content_type text NOT NULL CHECK (content_type IN ('video_frame', 'image')),
  variant     text NOT NULL DEFAULT 'full',
  t_seconds   double precision,
  hash        text NOT NULL,             -- lower-case hex
  quality     int,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fingerprints_signal ON fingerprints (signal_type, content_type);
CREATE INDEX fingerprints_film ON fingerprints (film_id);

-- Negative bank: hashes that must never count as evidence (studio logos, black frames, credits).
CREATE TABLE negative_hashes (
  signal_type text NOT NULL,
  hash        text NOT NULL,
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (signal_type, hash)
);

-- Monitored sources: pirate web sites and public Telegram channels.
CREATE TABLE sources (
  id                text PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('web', 'telegram')),
  url               text NOT NULL UNIQUE,
  domain            text NOT NULL,
  profile           text,                 -- crawl profile (generic, dle, rezka, tracker, …)
  enabled           boolean NOT NULL DEFAULT true,
  recrawl_minutes   int NOT NULL DEFAULT 360,
  proposed_reason   text,                 -- set for mirrors proposed by discovery
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_crawled_at   timestamptz
);

-- A page seen by a crawler that may carry a film (detail page, Telegram post): a match candidate.
CREATE TABLE candidates (
  id              text PRIMARY KEY,        -- 'cand_' + sha256(url)
  source_id       text REFERENCES sources(id),
  url             text NOT NULL UNIQUE,
  domain          text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('detail', 'telegram', 'upload')),
  title           text,
  original_title  text,
  year            int,
  external_ids    jsonb NOT NULL DEFAULT '{}',
  posters         jsonb NOT NULL DEFAULT '[]',
  players         jsonb NOT NULL DEFAULT '[]',
  streams         jsonb NOT NULL DEFAULT '[]',
  extra           jsonb NOT NULL DEFAULT '{}',
  http_status     int,
  first_seen_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX candidates_domain ON candidates (domain);

-- Evidence captured for a candidate: page HTML, stream manifests, sampled frames, screenshots.
-- Append-only; blob files are content-addressed (sha256) under DATA_DIR/blobs.
CREATE TABLE evidence (
  id            text PRIMARY KEY,          -- 'ev_' + sha256(candidate, kind, sha256)
  candidate_id  text NOT NULL REFERENCES candidates(id),
  kind          text NOT NULL CHECK (kind IN ('page_html', 'stream_manifest', 'frame', 'poster', 'screenshot', 'http_log')),
  url           text,
  sha256        text NOT NULL,
  blob_path     text NOT NULL,
  bytes         bigint NOT NULL,
  media_type    text,
  http_status   int,
  captured_at   timestamptz NOT NULL DEFAULT now(),
  meta          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX evidence_candidate ON evidence (candidate_id);

-- One matcher verdict for one candidate against the film bank at one bank checkpoint.
CREATE TABLE matches (
  id              text PRIMARY KEY,
  candidate_id    text NOT NULL REFERENCES candidates(id),
  film_id         text REFERENCES films(id),
  checkpoint      text NOT NULL,
  media_url       text,
  score           double precision NOT NULL CHECK (score BETWEEN 0 AND 1),
  offset_seconds  double precision,
  matched_frames  int NOT NULL DEFAULT 0,
  decision        text NOT NULL CHECK (decision IN ('match', 'review', 'no_match')),
  status          text NOT NULL CHECK (status IN ('confirmed', 'pending_review', 'rejected', 'dropped')),
  details         jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  decided_at      timestamptz,
  decided_by      text,                    -- 'auto' or a user id
  UNIQUE (candidate_id, checkpoint, media_url)
);
CREATE INDEX matches_status ON matches (status);

CREATE TABLE reviews (
  id          bigserial PRIMARY KEY,
  match_id    text NOT NULL REFERENCES matches(id),
  user_id     text NOT NULL REFERENCES users(id),
  verdict     text NOT NULL CHECK (verdict IN ('approve', 'reject')),
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (match_id, user_id)
);

-- Domains that must never be blocked (platforms, state sites, search engines): a match there
-- produces URL-level notices only, never a registry entry.
CREATE TABLE protected_domains (
  domain     text PRIMARY KEY,
  reason     text NOT NULL,
  added_by   text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Public blocked-domain registry. A confirmed match proposes a domain; two different investigators
-- must approve before it becomes active and gets its serial.
CREATE SEQUENCE registry_serial START 1;
CREATE TABLE registry_entries (
  id             text PRIMARY KEY,        -- 'reg_' + sha256(domain)
  domain         text NOT NULL UNIQUE,
  status         text NOT NULL CHECK (status IN ('proposed', 'active', 'rejected', 'lifted')),
  serial         bigint UNIQUE,           -- assigned from registry_serial on activation, never reused
  film_ids       text[] NOT NULL DEFAULT '{}',
  match_ids      text[] NOT NULL DEFAULT '{}',
  reason         text NOT NULL,
  proposed_at    timestamptz NOT NULL DEFAULT now(),
  activated_at   timestamptz,
  lifted_at      timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_status ON registry_entries (status, serial);

CREATE TABLE registry_approvals (
  entry_id   text NOT NULL REFERENCES registry_entries(id),
  user_id    text NOT NULL REFERENCES users(id),
  verdict    text NOT NULL CHECK (verdict IN ('approve', 'reject')),
  note       text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, user_id)
);

-- Search-engine delisting feed: one item per infringing URL, polled by cursor (seq).
CREATE TABLE delist_items (
  seq          bigserial PRIMARY KEY,
  id           text NOT NULL UNIQUE,       -- 'dl_' + sha256(url)
  url          text NOT NULL UNIQUE,
  domain       text NOT NULL,
  film_id      text NOT NULL REFERENCES films(id),
  match_id     text NOT NULL REFERENCES matches(id),
  reason       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  deadline_at  timestamptz NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn'))
);

-- Takedown packets (ZIP with statements, evidence, manifest and detached signature).
CREATE TABLE packets (
  id          text PRIMARY KEY,
  match_id    text NOT NULL UNIQUE REFERENCES matches(id),
  blob_path   text NOT NULL,
  sha256      text NOT NULL,
  bytes       bigint NOT NULL,
  manifest    jsonb NOT NULL,
  signature   text NOT NULL,              -- base64 Ed25519 over datapackage.json (the manifest column holds it)
  key_id      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Append-only audit trail, hash-chained: hash = sha256(prev_hash || canonical row).
CREATE TABLE audit_log (
  seq        bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,               -- user id, 'system', 'auto', 'cli'
  action     text NOT NULL,
  subject    text,
  details    jsonb NOT NULL DEFAULT '{}',
  prev_hash  text NOT NULL,
  hash       text NOT NULL UNIQUE
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

INSERT INTO protected_domains (domain, reason) VALUES
  ('gov.kz', 'state'), ('egov.kz', 'state'), ('google.com', 'search engine'), ('yandex.ru', 'search engine'),
  ('yandex.kz', 'search engine'), ('bing.com', 'search engine'), ('youtube.com', 'platform: URL notices only'),
  ('t.me', 'platform: URL notices only'), ('telegram.org', 'platform'), ('vk.com', 'platform: URL notices only'),
  ('ok.ru', 'platform: URL notices only'), ('instagram.com', 'platform'), ('facebook.com', 'platform'),
  ('tiktok.com', 'platform'), ('wikipedia.org', 'encyclopedia'), ('kinopoisk.ru', 'film database'),
  ('imdb.com', 'film database'), ('archive.org', 'archive'), ('github.com', 'platform'), ('cloudflare.com', 'CDN');
