-- Entry lifecycle (issue 10) and entry versions (issue 9): proposed → active → (under_appeal) → lifted | expired
-- (rejected stays). Every transition and every film added to a listed entry is a new row of registry_entry_versions,
-- so a lifted or expired entry keeps its whole history on its public page. Appeals are filed by anyone, without an
-- account, and decided by a supervisor.
ALTER TABLE registry_entries DROP CONSTRAINT registry_entries_status_check;
ALTER TABLE registry_entries ADD CONSTRAINT registry_entries_status_check
  CHECK (status IN ('proposed', 'active', 'under_appeal', 'rejected', 'lifted', 'expired'));
ALTER TABLE registry_entries ADD COLUMN version int NOT NULL DEFAULT 1;
-- an active entry expires at expires_at unless re-verified (renewal moves it on)
ALTER TABLE registry_entries ADD COLUMN expires_at timestamptz;
ALTER TABLE registry_entries ADD COLUMN verified_at timestamptz;
ALTER TABLE registry_entries ADD COLUMN expired_at timestamptz;
-- when the entry left the listed set (active/under_appeal) for good: lifted or expired. Export diffs read this.
ALTER TABLE registry_entries ADD COLUMN removed_at timestamptz;
-- re-verification found the pages gone or lawful: a supervisor decides (lift, or renew)
ALTER TABLE registry_entries ADD COLUMN lift_proposed_at timestamptz;
ALTER TABLE registry_entries ADD COLUMN lift_proposal text;
-- the day (YYYY-MM-DD, UTC) of the last re-verification queued for it: one round a day at most
ALTER TABLE registry_entries ADD COLUMN reverify_round text;
CREATE INDEX registry_removed ON registry_entries (removed_at) WHERE removed_at IS NOT NULL;
CREATE INDEX registry_expires ON registry_entries (expires_at) WHERE status IN ('active', 'under_appeal');
UPDATE registry_entries SET expires_at = activated_at + interval '180 days', verified_at = activated_at
 WHERE status = 'active' AND activated_at IS NOT NULL;
UPDATE registry_entries SET removed_at = coalesce(lifted_at, updated_at) WHERE status = 'lifted';

CREATE TABLE registry_entry_versions (
  entry_id   text NOT NULL REFERENCES registry_entries(id),
  version    int NOT NULL,
  change     text NOT NULL CHECK (change IN ('proposed', 'activated', 'rejected', 'film_added', 'appealed', 'appeal_upheld',
                                             'lift_proposed', 'renewed', 'lifted', 'expired', 'migrated')),
  status     text NOT NULL,               -- the entry's status after this change
  actor      text NOT NULL,               -- user id, 'system'
  actor_role text,                        -- what the public page shows instead of the person
  reason     text NOT NULL,
  film_ids   text[] NOT NULL DEFAULT '{}', -- the entry's films after this change
  details    jsonb NOT NULL DEFAULT '{}',
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, version)
);
INSERT INTO registry_entry_versions (entry_id, version, change, status, actor, reason, film_ids, at)
  SELECT id, 1, 'migrated', status, 'system', 'state before entry versions were recorded', film_ids, updated_at FROM registry_entries;

CREATE TABLE appeals (
  id              text PRIMARY KEY,         -- 'apl_' + random
  ref             text NOT NULL UNIQUE,     -- the public reference (80 random bits): the key to its status page
  entry_id        text NOT NULL REFERENCES registry_entries(id),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'lifted', 'closed')),
  contact         text NOT NULL,
  grounds         text NOT NULL,
  lang            text NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
  evidence_sha256 text,
  evidence_path   text,
  evidence_bytes  bigint,
  evidence_type   text,
  client_hash     text NOT NULL,            -- sha256 of the client address: per-address caps without keeping the address
  filed_at        timestamptz NOT NULL DEFAULT now(),
  due_at          timestamptz NOT NULL,
  decided_at      timestamptz,
  decided_by      text REFERENCES users(id),
  decision_reason text
);
CREATE INDEX appeals_entry ON appeals (entry_id, status);
CREATE INDEX appeals_open ON appeals (due_at) WHERE status = 'open';
CREATE INDEX appeals_client ON appeals (client_hash, filed_at);
