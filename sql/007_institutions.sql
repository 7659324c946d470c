-- 007: several institutions in one deployment.
--
-- A request is served for one institution, chosen by (docs/architecture.md):
--   1. a path prefix /i/<slug>/ (institution.slug), else
--   2. the request's host name, through institution_host, else
--   3. the institution named by "institution" in metas.conf (the default).
-- Host names and slugs are never changed or removed once created, so a
-- worker may cache what it has resolved (it re-reads the table only when a
-- name it does not know arrives).
--
-- The super-administrator: a flag on the user row, set only with metasctl
-- (never through the web), honoured only for users of the default
-- institution (the operator of the deployment). It allows listing
-- institutions and creating one with its first administrator; it gives no
-- access to any institution's data (docs/security.md).

CREATE TABLE institution_host (
  host            VARCHAR(253) NOT NULL,    -- lower case, no port, no trailing dot
  institution_id  INT UNSIGNED NOT NULL,
  created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (host),
  KEY ix_host_inst (institution_id),
  CONSTRAINT fk_host_inst FOREIGN KEY (institution_id) REFERENCES institution (id),
  CONSTRAINT ck_host_name CHECK (host REGEXP '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE institution
  ADD CONSTRAINT ck_institution_slug CHECK (slug REGEXP '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$');

ALTER TABLE app_user
  ADD COLUMN is_superadmin TINYINT(1) NOT NULL DEFAULT 0 AFTER roles;
