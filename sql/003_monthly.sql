-- 003: monthly data entry: per-unit month status (workflow), the values of
-- each indicator per month, their append-only history, national holidays.

-- An indicator's accepted range (NULL = unbounded on that side).
ALTER TABLE indicator
  ADD COLUMN min_value DECIMAL(18,4) NULL DEFAULT 0 AFTER baseline,
  ADD COLUMN max_value DECIMAL(18,4) NULL AFTER min_value;

-- The month of one unit: borrador -> enviado -> aprobado, or devuelto
-- (editable again, with the officer's reason).
CREATE TABLE unit_period (
  institution_id  INT UNSIGNED NOT NULL,
  unit_id         INT UNSIGNED NOT NULL,
  period          CHAR(7) NOT NULL,            -- YYYY-MM
  status          ENUM('borrador','enviado','aprobado','devuelto') NOT NULL DEFAULT 'borrador',
  return_reason   TEXT NULL,
  submitted_by    INT UNSIGNED NULL,
  submitted_at    TIMESTAMP NULL,
  approved_by     INT UNSIGNED NULL,
  approved_at     TIMESTAMP NULL,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  PRIMARY KEY (unit_id, period),
  KEY ix_unit_period_inst (institution_id, period),
  CONSTRAINT fk_up_unit FOREIGN KEY (unit_id, institution_id)
    REFERENCES unit (id, institution_id),
  CONSTRAINT ck_up_period CHECK (period REGEXP '^[0-9]{4}-(0[1-9]|1[0-2])$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The value of an indicator for a month. `version` is the optimistic lock.
CREATE TABLE indicator_value (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  indicator_id    INT UNSIGNED NOT NULL,
  period          CHAR(7) NOT NULL,
  value           DECIMAL(18,4) NULL,
  comment         TEXT NOT NULL,
  evidence_url    VARCHAR(500) NOT NULL DEFAULT '',
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  updated_by      INT UNSIGNED NULL,
  updated_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_value (indicator_id, period),
  CONSTRAINT fk_value_indicator FOREIGN KEY (indicator_id, institution_id)
    REFERENCES indicator (id, institution_id),
  CONSTRAINT ck_value_period CHECK (period REGEXP '^[0-9]{4}-(0[1-9]|1[0-2])$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change of a value, append-only (the runtime account may only
-- insert and read): who, when, before, after, and for corrections of an
-- approved month the mandatory reason.
CREATE TABLE value_history (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  indicator_id    INT UNSIGNED NOT NULL,
  period          CHAR(7) NOT NULL,
  kind            ENUM('entry','correction') NOT NULL,
  value_before    DECIMAL(18,4) NULL,
  value_after     DECIMAL(18,4) NULL,
  comment_after   TEXT NOT NULL,
  evidence_after  VARCHAR(500) NOT NULL DEFAULT '',
  reason          TEXT NULL,
  actor_id        INT UNSIGNED NULL,
  actor_name      VARCHAR(64) NOT NULL DEFAULT '',
  at              TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_history (indicator_id, period, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- National holidays (publication deadline: the 10th or the next working day).
CREATE TABLE holiday (
  day   DATE NOT NULL,
  name  VARCHAR(120) NOT NULL,
  PRIMARY KEY (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO holiday (day, name) VALUES
  ('2023-01-01','Año Nuevo'), ('2023-01-02','Año Nuevo (traslado)'),
  ('2023-02-20','Carnaval'), ('2023-02-21','Carnaval'), ('2023-04-07','Viernes Santo'),
  ('2023-05-01','Día del Trabajo'), ('2023-05-26','Batalla de Pichincha (traslado)'),
  ('2023-08-11','Primer Grito de Independencia (traslado)'),
  ('2023-10-09','Independencia de Guayaquil'), ('2023-11-02','Día de los Difuntos'),
  ('2023-11-03','Independencia de Cuenca'), ('2023-12-25','Navidad'),
  ('2026-01-01','Año Nuevo'), ('2026-02-16','Carnaval'), ('2026-02-17','Carnaval'),
  ('2026-04-03','Viernes Santo'), ('2026-05-01','Día del Trabajo'),
  ('2026-05-25','Batalla de Pichincha (traslado)'),
  ('2026-08-10','Primer Grito de Independencia'), ('2026-10-09','Independencia de Guayaquil'),
  ('2026-11-02','Día de los Difuntos'), ('2026-11-03','Independencia de Cuenca'),
  ('2026-12-25','Navidad');
