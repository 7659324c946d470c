-- 001: the catalogue of the a4 matrix.
-- Every catalogue row belongs to an institution: one deployment serves many
-- (CONGOPE and the provincial governments). Composite foreign keys
-- (x_id, institution_id) make it impossible for a row of one institution to
-- point at a row of another.

CREATE TABLE institution (
  id                 INT UNSIGNED NOT NULL AUTO_INCREMENT,
  slug               VARCHAR(40)  NOT NULL,
  name               VARCHAR(255) NOT NULL,
  short_name         VARCHAR(40)  NOT NULL,
  is_demo            TINYINT(1)   NOT NULL DEFAULT 0,
  -- report settings and the contact block of the a4 matrix
  gpr_url            VARCHAR(500) NULL,
  update_frequency   VARCHAR(60)  NOT NULL DEFAULT 'MENSUAL',
  info_unit          VARCHAR(255) NULL,
  responsible_name   VARCHAR(255) NULL,
  responsible_email  VARCHAR(255) NULL,
  responsible_phone  VARCHAR(100) NULL,
  empty_text         ENUM('NO APLICA','INFORMACIÓN NO DISPONIBLE') NOT NULL DEFAULT 'NO APLICA',
  logo_path          VARCHAR(255) NULL,
  -- bumped by every catalogue change; workers use it to revalidate cached pages
  catalogue_version  BIGINT UNSIGNED NOT NULL DEFAULT 1,
  created_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_institution_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A plan year: the catalogue is effective-dated by it. data_date is the
-- "FECHA ACTUALIZACIÓN DE LA INFORMACIÓN" of the last published matrix.
CREATE TABLE plan_year (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  year            SMALLINT UNSIGNED NOT NULL,
  data_date       DATE NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_plan_year (institution_id, year),
  UNIQUE KEY uq_plan_year_inst (id, institution_id),
  CONSTRAINT fk_plan_year_inst FOREIGN KEY (institution_id) REFERENCES institution (id),
  CONSTRAINT ck_plan_year CHECK (year BETWEEN 2000 AND 2100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Process-level groups of the estatuto orgánico (gobernantes, agregadores de
-- valor, habilitantes de asesoría, habilitantes de apoyo, desconcentrados).
CREATE TABLE process_level (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  name            VARCHAR(255) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_level_pos (institution_id, position),
  UNIQUE KEY uq_level_inst (id, institution_id),
  CONSTRAINT fk_level_inst FOREIGN KEY (institution_id) REFERENCES institution (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An administrative unit; `number` is the "No." column of the matrix.
CREATE TABLE unit (
  id                INT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id    INT UNSIGNED NOT NULL,
  process_level_id  INT UNSIGNED NOT NULL,
  number            SMALLINT UNSIGNED NOT NULL,
  name              VARCHAR(255) NOT NULL,
  active            TINYINT(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  UNIQUE KEY uq_unit_number (institution_id, number),
  UNIQUE KEY uq_unit_inst (id, institution_id),
  CONSTRAINT fk_unit_inst FOREIGN KEY (institution_id) REFERENCES institution (id),
  CONSTRAINT fk_unit_level FOREIGN KEY (process_level_id, institution_id)
    REFERENCES process_level (id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The unit's objective for a plan year ("Objetivo de la unidad").
CREATE TABLE objective (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  unit_id         INT UNSIGNED NOT NULL,
  plan_year_id    INT UNSIGNED NOT NULL,
  text            TEXT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_objective (unit_id, plan_year_id),
  CONSTRAINT fk_objective_unit FOREIGN KEY (unit_id, institution_id)
    REFERENCES unit (id, institution_id),
  CONSTRAINT fk_objective_year FOREIGN KEY (plan_year_id, institution_id)
    REFERENCES plan_year (id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An indicator of a unit for a plan year. `aggregation` says how monthly
-- values add up over the year.
CREATE TABLE indicator (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  unit_id         INT UNSIGNED NOT NULL,
  plan_year_id    INT UNSIGNED NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  code            VARCHAR(20) NOT NULL DEFAULT '',
  name            TEXT NOT NULL,
  measure_unit    VARCHAR(60) NOT NULL DEFAULT 'número',
  aggregation     ENUM('sum','last','avg') NOT NULL DEFAULT 'sum',
  baseline        DECIMAL(18,4) NULL,
  decimals        TINYINT UNSIGNED NOT NULL DEFAULT 0,
  active          TINYINT(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  UNIQUE KEY uq_indicator_pos (unit_id, plan_year_id, position),
  UNIQUE KEY uq_indicator_inst (id, institution_id),
  CONSTRAINT fk_indicator_unit FOREIGN KEY (unit_id, institution_id)
    REFERENCES unit (id, institution_id),
  CONSTRAINT fk_indicator_year FOREIGN KEY (plan_year_id, institution_id)
    REFERENCES plan_year (id, institution_id),
  CONSTRAINT ck_indicator_decimals CHECK (decimals <= 6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A quantifiable goal ("Meta cuantificable") of a unit for a plan year.
CREATE TABLE goal (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  unit_id         INT UNSIGNED NOT NULL,
  plan_year_id    INT UNSIGNED NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  code            VARCHAR(20) NOT NULL DEFAULT '',
  text            TEXT NOT NULL,
  target          DECIMAL(18,4) NULL,
  target_date     DATE NULL,
  active          TINYINT(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  UNIQUE KEY uq_goal_pos (unit_id, plan_year_id, position),
  UNIQUE KEY uq_goal_inst (id, institution_id),
  CONSTRAINT fk_goal_unit FOREIGN KEY (unit_id, institution_id)
    REFERENCES unit (id, institution_id),
  CONSTRAINT fk_goal_year FOREIGN KEY (plan_year_id, institution_id)
    REFERENCES plan_year (id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which indicators measure which goal (many to many, same institution).
CREATE TABLE goal_indicator (
  institution_id  INT UNSIGNED NOT NULL,
  goal_id         INT UNSIGNED NOT NULL,
  indicator_id    INT UNSIGNED NOT NULL,
  PRIMARY KEY (goal_id, indicator_id),
  CONSTRAINT fk_gi_goal FOREIGN KEY (goal_id, institution_id)
    REFERENCES goal (id, institution_id),
  CONSTRAINT fk_gi_indicator FOREIGN KEY (indicator_id, institution_id)
    REFERENCES indicator (id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
