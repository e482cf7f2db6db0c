-- Roles for the registry as a public institution (issue 10): a supervisor decides appeals and lifts entries,
-- search_engine accounts poll and acknowledge the delisting feed, isp accounts acknowledge the registry serial
-- they applied. The original CHECK had PostgreSQL's default name users_role_check.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin', 'investigator', 'rights_holder', 'operator', 'supervisor', 'search_engine', 'isp'));
