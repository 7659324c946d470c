-- 006: what turns a generated report into a publication.
--
-- report_file: the open-data files made from the same snapshot as the
-- report's PDF (dataset CSV, metadata, dictionary, JSON); the PDF's footer
-- carries the dataset's SHA-256.
-- report_signature: each signed revision of a report (ours, the officer's
-- own .p12, or a copy signed outside and uploaded back). A second
-- signature (the director's) is a new row whose PDF extends the first's.
-- publication: a signed revision made public for a month, versioned.
--
-- Like report, all three are append-only: the runtime account may insert
-- and read them, never change or delete (db_admin.c grants).

ALTER TABLE report
  ADD COLUMN data_period CHAR(7) NULL AFTER period,      -- "sin cambios": the month whose content it repeats
  ADD UNIQUE KEY uq_report_inst (id, institution_id);

CREATE TABLE report_file (
  report_id       BIGINT UNSIGNED NOT NULL,
  institution_id  INT UNSIGNED NOT NULL,
  name            VARCHAR(32) NOT NULL,    -- datos.csv | metadatos.csv | diccionario.csv | datos.json
  content_type    VARCHAR(64) NOT NULL,
  sha256          CHAR(64) NOT NULL,
  size            INT UNSIGNED NOT NULL,
  content         LONGBLOB NOT NULL,
  PRIMARY KEY (report_id, name),
  CONSTRAINT fk_report_file_report FOREIGN KEY (report_id, institution_id)
    REFERENCES report (id, institution_id),
  CONSTRAINT ck_report_file_sha CHECK (sha256 REGEXP '^[0-9a-f]{64}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE report_signature (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  report_id       BIGINT UNSIGNED NOT NULL,
  seq             SMALLINT UNSIGNED NOT NULL,     -- the report's n-th signed revision: 1, 2, ...
  signatures      TINYINT UNSIGNED NOT NULL,      -- signatures the file carries
  method          ENUM('institucional', 'p12', 'externo') NOT NULL,
  signer_name     VARCHAR(255) NOT NULL,          -- of the newest signature in the file
  signer_subject  VARCHAR(1024) NOT NULL,
  signer_issuer   VARCHAR(1024) NOT NULL,
  signer_serial   VARCHAR(100) NOT NULL,
  signed_at       DATETIME NOT NULL,              -- the signature's /M, America/Guayaquil
  sha256          CHAR(64) NOT NULL,              -- of the whole signed PDF
  size            INT UNSIGNED NOT NULL,
  pdf             LONGBLOB NOT NULL,
  created_by      INT UNSIGNED NULL,
  created_by_name VARCHAR(64) NOT NULL,
  created_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_signature_seq (report_id, seq),
  UNIQUE KEY uq_signature_inst (id, institution_id),
  KEY ix_signature_sha (institution_id, sha256),
  CONSTRAINT fk_signature_report FOREIGN KEY (report_id, institution_id)
    REFERENCES report (id, institution_id),
  CONSTRAINT ck_signature_sha CHECK (sha256 REGEXP '^[0-9a-f]{64}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE publication (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id    INT UNSIGNED NOT NULL,
  period            CHAR(7) NOT NULL,
  version           SMALLINT UNSIGNED NOT NULL,
  kind              ENUM('mensual', 'correccion', 'sin_cambios') NOT NULL,
  reason            VARCHAR(1000) NULL,           -- public; required from version 2 on
  report_id         BIGINT UNSIGNED NOT NULL,
  signature_id      BIGINT UNSIGNED NOT NULL,
  sha256            CHAR(64) NOT NULL,            -- of the published (signed) PDF
  dataset_sha256    CHAR(64) NOT NULL,
  signer_name       VARCHAR(255) NOT NULL,
  signed_at         DATETIME NOT NULL,
  published_by      INT UNSIGNED NULL,
  published_by_name VARCHAR(64) NOT NULL,
  published_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_publication_version (institution_id, period, version),
  UNIQUE KEY uq_publication_sha (institution_id, sha256),
  CONSTRAINT fk_publication_report FOREIGN KEY (report_id, institution_id)
    REFERENCES report (id, institution_id),
  CONSTRAINT fk_publication_signature FOREIGN KEY (signature_id, institution_id)
    REFERENCES report_signature (id, institution_id),
  CONSTRAINT ck_publication_period CHECK (period REGEXP '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  CONSTRAINT ck_publication_reason CHECK (version = 1 OR (reason IS NOT NULL AND reason <> '')),
  CONSTRAINT ck_publication_sha CHECK (sha256 REGEXP '^[0-9a-f]{64}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
