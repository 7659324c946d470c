-- 013: units effective-dated by plan year. A unit's number (the matrix's
-- "No."), name and process level can change from one plan year on without
-- changing the years before: unit_year holds the values from `year` on (until
-- the unit's next row), the unit row the values before its first unit_year.
-- A unit created for a plan year exists from that year (first_year; NULL: from
-- the start). Numbers are unique within a plan year, checked by the catalogue,
-- since the same number may belong to different units in different years.
ALTER TABLE unit
  ADD COLUMN first_year SMALLINT UNSIGNED NULL DEFAULT NULL AFTER active,
  DROP INDEX uq_unit_number,
  ADD KEY ix_unit_number (institution_id, number);

CREATE TABLE unit_year (
  institution_id    INT UNSIGNED NOT NULL,
  unit_id           INT UNSIGNED NOT NULL,
  year              SMALLINT UNSIGNED NOT NULL,
  process_level_id  INT UNSIGNED NOT NULL,
  number            SMALLINT UNSIGNED NOT NULL,
  name              VARCHAR(255) NOT NULL,
  PRIMARY KEY (unit_id, year),
  CONSTRAINT fk_unit_year_unit FOREIGN KEY (unit_id, institution_id)
    REFERENCES unit (id, institution_id),
  CONSTRAINT fk_unit_year_level FOREIGN KEY (process_level_id, institution_id)
    REFERENCES process_level (id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
