-- Dashboards (issue 11): detections, the SLA chain and the exposure select matches by the day they were made, and the
-- chain looks up, for each activation serial, the operator reports of that serial or a later one.
CREATE INDEX matches_created ON matches (created_at);
CREATE INDEX feed_applied_serial ON feed_applied (serial);
