-- 004: generated a4 reports (PDF). Each generation is a new row: the
-- report is the record the institution publishes, so rows are never
-- changed or deleted (the runtime account may only insert and read, like
-- the audit trail).
--
-- The PDF itself lives in the row (LONGBLOB), not in a file: it is written
-- in the same transaction as its SHA-256 and its audit row, so there is no
-- file without a row nor a row without its file; it goes into the same
-- backup as the rest of the record; and workers (running as an
-- unprivileged user, possibly on several hosts) need no writable folder.
-- A CONGOPE month is about 150 KB; twelve a year per institution.

CREATE TABLE report (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id   INT UNSIGNED NOT NULL,
  period           CHAR(7) NOT NULL,              -- YYYY-MM
  draft            TINYINT(1) NOT NULL,           -- 1: not every unit had approved the month
  sha256           CHAR(64) NOT NULL,             -- of the pdf bytes, lowercase hex
  size             INT UNSIGNED NOT NULL,
  pages            SMALLINT UNSIGNED NOT NULL,
  pdf              LONGBLOB NOT NULL,
  created_by       INT UNSIGNED NULL,             -- NULL: metasctl
  created_by_name  VARCHAR(64) NOT NULL,
  created_at       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_report_period (institution_id, period, id),
  CONSTRAINT fk_report_inst FOREIGN KEY (institution_id) REFERENCES institution (id),
  CONSTRAINT ck_report_period CHECK (period REGEXP '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  CONSTRAINT ck_report_sha CHECK (sha256 REGEXP '^[0-9a-f]{64}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
