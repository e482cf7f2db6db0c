-- Audit hash v2 covers every column (seq and at too); rows written before keep their v1 hash (actor, action,
-- subject, details) and are verified as such.
ALTER TABLE audit_log ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
-- Each registry serial publishes the audit head of its activation (an anchor outside the database): found fast.
CREATE INDEX audit_log_activations ON audit_log (seq) WHERE action = 'registry.activated';
-- The exports' cache key (registry/export-cache.ts): the newest change to any entry, found by index.
CREATE INDEX registry_entries_updated ON registry_entries (updated_at);
