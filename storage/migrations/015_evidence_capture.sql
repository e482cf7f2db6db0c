-- Evidence captured at first sight (issue 9): the HTTP exchanges the crawler saw, one capture per candidate revision
-- and part (screenshot, WARC, network facts, WACZ; a failed part keeps its reason), and the RDAP answers cache.

-- new evidence kinds: the WARC, the signed WACZ and the network facts (JSON) of a candidate revision
ALTER TABLE evidence DROP CONSTRAINT IF EXISTS evidence_kind_check;
ALTER TABLE evidence ADD CONSTRAINT evidence_kind_check CHECK (kind IN (
  'page_html', 'stream_manifest', 'frame', 'poster', 'screenshot', 'http_log', 'warc', 'wacz', 'network_facts'));

-- One HTTP exchange as Kuzet saw it (no re-fetch): request as sent, response head, body in the blob store.
CREATE TABLE http_exchanges (
  id               text PRIMARY KEY,          -- 'hx_' + sha256(candidate, role, url, fetched_at, body sha256)
  candidate_id     text NOT NULL,             -- no foreign key: recorded as the page arrives, before its candidate row
  batch            text NOT NULL,             -- one crawl hand-off of the candidate: its page and its player pages
  role             text NOT NULL CHECK (role IN ('page', 'player', 'playlist')),
  url              text NOT NULL,
  method           text NOT NULL,
  status           int NOT NULL,
  http_version     text,
  status_text      text,
  request_headers  jsonb NOT NULL DEFAULT '{}',
  response_headers jsonb NOT NULL DEFAULT '{}',
  redirects        jsonb NOT NULL DEFAULT '[]',
  body_sha256      text NOT NULL,
  body_path        text NOT NULL,
  body_bytes       bigint NOT NULL,
  truncated        boolean NOT NULL DEFAULT false,
  remote_address   text,
  remote_port      int,
  cert_der_b64     text,                      -- the https leaf certificate the socket saw
  fetched_at       timestamptz NOT NULL
);
CREATE INDEX http_exchanges_candidate ON http_exchanges (candidate_id, fetched_at);
CREATE INDEX http_exchanges_batch ON http_exchanges (batch);

-- One row per candidate revision and part; 'failed' keeps the reason (a later success replaces it).
CREATE TABLE evidence_captures (
  candidate_id  text NOT NULL REFERENCES candidates(id),
  revision      text NOT NULL,
  part          text NOT NULL CHECK (part IN ('screenshot', 'warc', 'network', 'wacz')),
  status        text NOT NULL CHECK (status IN ('done', 'failed')),
  reason        text,
  evidence_id   text REFERENCES evidence(id),
  meta          jsonb NOT NULL DEFAULT '{}',
  captured_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (candidate_id, revision, part)
);
CREATE INDEX evidence_captures_latest ON evidence_captures (candidate_id, captured_at);

-- RDAP answers (RFC 9083 JSON as received), by query; reused while fresh.
CREATE TABLE rdap_cache (
  kind             text NOT NULL CHECK (kind IN ('domain', 'ip')),
  key              text NOT NULL,
  url              text NOT NULL,
  status           int NOT NULL,
  response_headers jsonb NOT NULL DEFAULT '{}',
  body             text NOT NULL,
  fetched_at       timestamptz NOT NULL,
  PRIMARY KEY (kind, key)
);
