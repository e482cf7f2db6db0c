-- Browser sessions (issue 11): a rights holder (or any user) signs in once with an API key and the browser then
-- carries an HttpOnly cookie. Only the token's SHA-256 is stored. `via` says how the session was opened
-- ('api_key' today; 'password' or an eGov/ЭЦП identity provider later) and key_id which key, so revoking that key
-- ends the sessions it opened.
CREATE TABLE sessions (
  id           text PRIMARY KEY,                 -- sha256(token), never the token
  user_id      text NOT NULL REFERENCES users(id),
  via          text NOT NULL CHECK (via IN ('api_key', 'password', 'identity_provider')),
  key_id       text REFERENCES api_keys(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  client_ip    text,
  user_agent   text
);
CREATE INDEX sessions_user ON sessions (user_id);

-- A reference video or poster sent through the portal, in chunks: received bytes are appended to
-- DATA_DIR/uploads/<id>.part; when all declared bytes are there the file enters the blob store (stored) and the
-- film.reference job fingerprints it (fingerprinting → done | failed, with progress and stage for the portal).
-- An interrupted upload is resumed from received_bytes (the browser asks for the same film, kind, name and size).
CREATE TABLE reference_uploads (
  id              text PRIMARY KEY,              -- 'up_' + random
  film_id         text NOT NULL REFERENCES films(id),
  user_id         text NOT NULL REFERENCES users(id),
  kind            text NOT NULL CHECK (kind IN ('video', 'poster')),
  file_name       text NOT NULL,
  declared_bytes  bigint NOT NULL CHECK (declared_bytes > 0),
  received_bytes  bigint NOT NULL DEFAULT 0,
  status          text NOT NULL DEFAULT 'receiving' CHECK (status IN ('receiving', 'stored', 'fingerprinting', 'done', 'failed', 'cancelled')),
  sha256          text,
  blob_path       text,
  progress        real NOT NULL DEFAULT 0,       -- 0..1 of the fingerprinting
  stage           text,                          -- what the job is doing now (frames, audio, saving…)
  error           text,
  fingerprints    int,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX reference_uploads_film ON reference_uploads (film_id, created_at DESC);
CREATE INDEX reference_uploads_open ON reference_uploads (status) WHERE status IN ('stored', 'fingerprinting');
