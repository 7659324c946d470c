/*
 * The administrative database connection used by metasctl: the migration
 * owner's account, multi-statement SQL files, schema_migrations.
 */
#ifndef METAS_DB_ADMIN_H
#define METAS_DB_ADMIN_H

#include <stddef.h>

struct conf;
struct dba;

/* Connect as db_admin_user. NULL with err set on failure. */
struct dba	*dba_open(const struct conf *, char *err, size_t errlen);
void		 dba_close(struct dba *);
/* Create schema_migrations if needed and list applied versions (*out heap). */
int		 dba_applied(struct dba *, int **out, size_t *n, char *err, size_t errlen);
/*
 * Run the SQL text of one migration and record it, in one transaction as
 * far as MariaDB allows (DDL commits implicitly). 0 or -1 with err set.
 */
int		 dba_apply(struct dba *, int version, const char *file, const char *sql,
		    char *err, size_t errlen);
/* 1 when an institution with this slug exists, 0 when not, -1 on error. */
int		 dba_institution_exists(struct dba *, const char *slug, char *err, size_t errlen);
/*
 * Give the runtime account (user@host) exactly the grants it needs on every
 * table: SELECT, INSERT, UPDATE, DELETE in general; SELECT and INSERT only
 * on the append-only tables (audit_log); SELECT on schema_migrations.
 */
int		 dba_grant_runtime(struct dba *, const char *db_name, const char *user,
		    const char *host, char *err, size_t errlen);
/* Run a data-only SQL file in one transaction (rolled back on any error). */
int		 dba_run_transaction(struct dba *, const char *sql, char *err, size_t errlen);

#endif
