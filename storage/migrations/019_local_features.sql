-- Local features of reference assets (issue 13): a video asset's ORB keyframes (matcher/local/features.ts), encoded
-- as one blob in the blob store (matcher/local/codec.ts) — one row per asset and recipe. The local-feature stage
-- loads them once per bank checkpoint to verify hard copies (camcord, crop, picture-in-picture, rotation)
-- geometrically.
CREATE TABLE local_features (
  asset_id    text PRIMARY KEY REFERENCES reference_assets(id) ON DELETE CASCADE,
  film_id     text NOT NULL REFERENCES films(id),
  recipe      text NOT NULL,
  blob_path   text NOT NULL,
  keyframes   integer NOT NULL CHECK (keyframes >= 0),
  keypoints   integer NOT NULL CHECK (keypoints >= 0),
  bytes       bigint NOT NULL CHECK (bytes >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX local_features_film ON local_features (film_id);
