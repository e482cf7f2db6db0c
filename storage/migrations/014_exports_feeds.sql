-- Exports and feeds outside systems can trust (issue 10).
--
-- registry_changes: every time an entry enters the exported set (status active or under_appeal: an appeal does not
-- suspend a block) or leaves it (lifted, expired, anything else), one row with a serial from registry_serial. The
-- registry's serial is the newest change, so a lift or an expiry moves it too (a diff and the RPZ SOA see it), and
-- `/registry.json?since=S` is answered from this table. A trigger writes it, so no code path can change the exported
-- set without a serial.
CREATE TABLE registry_changes (
  serial    bigint PRIMARY KEY,
  entry_id  text NOT NULL REFERENCES registry_entries(id),
  domain    text NOT NULL,
  change    text NOT NULL CHECK (change IN ('added', 'removed')),
  status    text NOT NULL,           -- the entry's status after the change (active, lifted, expired, ...)
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_changes_entry ON registry_changes (entry_id, serial);

CREATE FUNCTION registry_in_force(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT s IN ('active', 'under_appeal')
$$;

CREATE FUNCTION registry_entries_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was boolean := TG_OP = 'UPDATE' AND registry_in_force(OLD.status);
  now_in boolean := registry_in_force(NEW.status);
  s bigint;
BEGIN
  IF now_in AND NOT was THEN
    -- an activation that assigned the entry a new serial logs that serial; a re-activation takes a fresh one
    IF NEW.serial IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.serial IS DISTINCT FROM OLD.serial) THEN
      s := NEW.serial;
    ELSE
      s := nextval('registry_serial');
    END IF;
    INSERT INTO registry_changes (serial, entry_id, domain, change, status) VALUES (s, NEW.id, NEW.domain, 'added', NEW.status);
  ELSIF was AND NOT now_in THEN
    INSERT INTO registry_changes (serial, entry_id, domain, change, status)
      VALUES (nextval('registry_serial'), NEW.id, NEW.domain, 'removed', NEW.status);
  END IF;
  RETURN NULL;
END
$$;

-- the entries in force in serial order (exports, the public list by key): a scan that stops at its LIMIT
CREATE INDEX registry_in_force_serial ON registry_entries (serial) WHERE status IN ('active', 'under_appeal');

CREATE TRIGGER registry_entries_changes AFTER INSERT OR UPDATE OF status, serial ON registry_entries
  FOR EACH ROW EXECUTE FUNCTION registry_entries_log_change();

-- what existed before this migration: every serial ever given was an activation; entries no longer in force left later
INSERT INTO registry_changes (serial, entry_id, domain, change, status, at)
  SELECT serial, id, domain, 'added', 'active', coalesce(activated_at, proposed_at) FROM registry_entries WHERE serial IS NOT NULL;
INSERT INTO registry_changes (serial, entry_id, domain, change, status, at)
  SELECT nextval('registry_serial'), id, domain, 'removed', status, t
    FROM (SELECT id, domain, status, coalesce(lifted_at, updated_at) AS t FROM registry_entries
           WHERE serial IS NOT NULL AND NOT registry_in_force(status) ORDER BY 4) gone;

-- The delisting feed: a withdrawn item (its entry lifted) appears again in the feed as a reinstatement, at a new
-- position taken from the same sequence as seq, so one cursor walks both.
ALTER TABLE delist_items ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE delist_items ADD COLUMN withdrawn_reason text;
ALTER TABLE delist_items ADD COLUMN reinstate_seq bigint;
CREATE UNIQUE INDEX delist_items_reinstate ON delist_items (reinstate_seq) WHERE reinstate_seq IS NOT NULL;
CREATE INDEX delist_items_domain ON delist_items (domain) WHERE status = 'open';
CREATE INDEX delist_items_deadline ON delist_items (deadline_at) WHERE status = 'open';

-- A search engine's acknowledgement of one item: 'delist' phase (delisted | refused + reason) and, after a
-- withdrawal, 'reinstate' phase (reinstated). One row per item, account and phase; a changed verdict replaces it
-- (every acknowledgement is also in the audit log).
CREATE TABLE delist_acks (
  item_id   text NOT NULL REFERENCES delist_items(id),
  user_id   text NOT NULL REFERENCES users(id),
  phase     text NOT NULL CHECK (phase IN ('delist', 'reinstate')),
  verdict   text NOT NULL CHECK (verdict IN ('delisted', 'refused', 'reinstated')),
  reason    text,
  acted_at  timestamptz NOT NULL,
  acked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, user_id, phase),
  CHECK (verdict <> 'refused' OR reason IS NOT NULL)
);
CREATE INDEX delist_acks_user ON delist_acks (user_id, acked_at);

-- An operator (isp account) saying which registry serial it applied, and when.
CREATE TABLE feed_applied (
  id          bigserial PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id),
  serial      bigint NOT NULL,
  feed        text NOT NULL,
  applied_at  timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feed_applied_user ON feed_applied (user_id, id);
