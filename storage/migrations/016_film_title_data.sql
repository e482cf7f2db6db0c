-- Title data of a national film (issue 11): what the State Film Register (Государственный реестр фильмов) holds
-- about it and what a takedown packet needs. Columns 001 created but nothing filled (alt_titles, state_register_no,
-- distribution_certificate, eidr, rights_holder) are filled now; the rest are new. Blank is NULL, never ''.
-- distribution_certificate_date: дата прокатного удостоверения; national_film_certificate: удостоверение национального
-- фильма. Licensed platforms live in film_licensed_platforms (migration 017, storage/licensed-platforms.ts).
ALTER TABLE films ADD COLUMN original_title text;
ALTER TABLE films ADD COLUMN genre text;
ALTER TABLE films ADD COLUMN duration_min int CHECK (duration_min BETWEEN 1 AND 10000);
ALTER TABLE films ADD COLUMN distribution_certificate_date date;
ALTER TABLE films ADD COLUMN national_film_certificate text;
ALTER TABLE films ADD COLUMN rights_holder_bin text CHECK (rights_holder_bin ~ '^[0-9]{12}$');
ALTER TABLE films ADD COLUMN territory text;
ALTER TABLE films ADD COLUMN rights_from date;
ALTER TABLE films ADD COLUMN rights_to date;
ALTER TABLE films ADD COLUMN notice_contact text;
ALTER TABLE films ADD COLUMN updated_at timestamptz;
ALTER TABLE films ADD CONSTRAINT films_rights_period CHECK (rights_from IS NULL OR rights_to IS NULL OR rights_from <= rights_to);
ALTER TABLE films ADD CONSTRAINT films_eidr CHECK (eidr ~ '^10\.5240/[0-9A-F]{4}(-[0-9A-F]{4}){4}-[0-9A-Z]$');

-- One film per register number: the key a register import is idempotent by.
CREATE UNIQUE INDEX films_state_register_no ON films (state_register_no) WHERE state_register_no IS NOT NULL;
