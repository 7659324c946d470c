-- 002: accounts, sessions, login throttling and the audit trail.

CREATE TABLE app_user (
  id                    INT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id        INT UNSIGNED NOT NULL,
  username              VARCHAR(64)  NOT NULL,
  display_name          VARCHAR(255) NOT NULL,
  email                 VARCHAR(255) NOT NULL DEFAULT '',
  -- argon2id PHC string from libsodium crypto_pwhash_str
  password_hash         VARCHAR(255) NOT NULL,
  roles                 SET('admin','transparencia','jefe') NOT NULL DEFAULT '',
  active                TINYINT(1) NOT NULL DEFAULT 1,
  must_change_password  TINYINT(1) NOT NULL DEFAULT 0,
  version               INT UNSIGNED NOT NULL DEFAULT 1,
  created_at            TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at            TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_user_name (institution_id, username),
  UNIQUE KEY uq_user_inst (id, institution_id),
  CONSTRAINT fk_user_inst FOREIGN KEY (institution_id) REFERENCES institution (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Units a unit head (jefe) is responsible for; same institution enforced.
CREATE TABLE user_unit (
  institution_id  INT UNSIGNED NOT NULL,
  user_id         INT UNSIGNED NOT NULL,
  unit_id         INT UNSIGNED NOT NULL,
  PRIMARY KEY (user_id, unit_id),
  CONSTRAINT fk_uu_user FOREIGN KEY (user_id, institution_id)
    REFERENCES app_user (id, institution_id) ON DELETE CASCADE,
  CONSTRAINT fk_uu_unit FOREIGN KEY (unit_id, institution_id)
    REFERENCES unit (id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Server-side sessions: only the SHA-256 of the token is stored, so every
-- worker (and later every host) sees the same sessions and a stolen
-- database does not yield usable cookies.
CREATE TABLE session (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  token_hash      BINARY(32) NOT NULL,
  institution_id  INT UNSIGNED NOT NULL,
  user_id         INT UNSIGNED NOT NULL,
  csrf_token      CHAR(64) NOT NULL,
  ip              VARCHAR(64) NOT NULL DEFAULT '',
  user_agent      VARCHAR(255) NOT NULL DEFAULT '',
  created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_session_token (token_hash),
  KEY ix_session_user (user_id),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id, institution_id)
    REFERENCES app_user (id, institution_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins, counted per account and per client address before any
-- password hash is computed.
CREATE TABLE login_failure (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  username        VARCHAR(64) NOT NULL,
  ip              VARCHAR(64) NOT NULL,
  at              TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  KEY ix_failure_user (institution_id, username, at),
  KEY ix_failure_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit trail: append-only. The runtime account gets INSERT and SELECT
-- on it and nothing else (metasctl migrate applies the grants).
CREATE TABLE audit_log (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  institution_id  INT UNSIGNED NOT NULL,
  at              TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actor_id        INT UNSIGNED NULL,
  actor_name      VARCHAR(64) NOT NULL DEFAULT '',
  ip              VARCHAR(64) NOT NULL DEFAULT '',
  action          VARCHAR(40) NOT NULL,
  entity          VARCHAR(40) NOT NULL,
  entity_id       VARCHAR(64) NOT NULL DEFAULT '',
  before_json     JSON NULL,
  after_json      JSON NULL,
  PRIMARY KEY (id),
  KEY ix_audit_inst_at (institution_id, at),
  KEY ix_audit_entity (institution_id, entity, entity_id),
  KEY ix_audit_actor (institution_id, actor_id),
  CONSTRAINT ck_audit_before CHECK (before_json IS NULL OR JSON_VALID(before_json)),
  CONSTRAINT ck_audit_after CHECK (after_json IS NULL OR JSON_VALID(after_json))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
