-- 005: evidence files uploaded with monthly values. The bytes live in the
-- evidence folder, named by their SHA-256; this table says whose they are.

CREATE TABLE evidence_file (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  indicator_id    INT UNSIGNED NOT NULL,
  period          CHAR(7) NOT NULL,
  sha256          CHAR(64) NOT NULL,
  filename        VARCHAR(200) NOT NULL,
  content_type    VARCHAR(100) NOT NULL,
  size            BIGINT UNSIGNED NOT NULL,
  uploaded_by     INT UNSIGNED NULL,
  uploaded_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  KEY ix_evidence_value (indicator_id, period),
  CONSTRAINT fk_evidence_indicator FOREIGN KEY (indicator_id, institution_id)
    REFERENCES indicator (id, institution_id),
  CONSTRAINT ck_evidence_sha CHECK (sha256 REGEXP '^[0-9a-f]{64}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
