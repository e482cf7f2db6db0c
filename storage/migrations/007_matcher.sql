-- Flood quarantine (HMA roadmap guard): a reference hash that suddenly matched a large share of unrelated queries
-- stops voting until a person lifts it (DELETE the row). The negative bank itself is 001's negative_hashes.
CREATE TABLE quarantined_hashes (
  signal_type    text NOT NULL,
  hash           text NOT NULL,
  film_id        text,
  reason         text NOT NULL,
  hits           int NOT NULL,
  window_queries int NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (signal_type, hash)
);
