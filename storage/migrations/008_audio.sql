-- Chromaprint raw fingerprints of reference assets (optional audio confirmation of a video match; never the sole
-- basis). One row per asset: items are little-endian uint32, item_count of them, each advancing item_s seconds
-- from start_s (the asset time of the first decoded sample).
CREATE TABLE audio_fingerprints (
  asset_id    text PRIMARY KEY REFERENCES reference_assets(id) ON DELETE CASCADE,
  film_id     text NOT NULL REFERENCES films(id),
  item_s      double precision NOT NULL CHECK (item_s > 0),
  start_s     double precision NOT NULL DEFAULT 0,
  duration_s  double precision,
  items       bytea NOT NULL,
  item_count  integer NOT NULL CHECK (item_count > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(items) = 4 * item_count)
);
CREATE INDEX audio_fingerprints_film ON audio_fingerprints (film_id);
