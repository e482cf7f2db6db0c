-- The investigator's workbench shows, for every match and registry entry, the audit rows about it (issue 9): find
-- them by subject without reading the whole trail.
CREATE INDEX audit_log_subject ON audit_log (subject);
