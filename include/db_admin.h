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


/* ---- backup and restore (backup.c) ---- */
#include <stdio.h>

typedef void	(*dba_progress_fn)(const char *table, unsigned long long rows, void *arg);
typedef void	(*dba_load_progress_fn)(unsigned long long bytes_read, void *arg);
/*
 * Write every base table (definition, then rows) to f as SQL, read inside
 * one START TRANSACTION WITH CONSISTENT SNAPSHOT. The applied migration
 * versions of the same snapshot go to schema ("1 2 3 ..."). Refuses a
 * database with views, triggers, routines or events (they would not be
 * copied). progress is called after each table. 0, or -1 with err set.
 */
int		 dba_dump(struct dba *, FILE *f, dba_progress_fn progress, void *arg,
		    char *schema, size_t schemalen, char *err, size_t errlen);
/*
 * 1 when the database has no table, or only an empty schema_migrations
 * (left by "migrate --dry-run"); 0 when it has data; -1 on error.
 */
int		 dba_is_empty(struct dba *, char *err, size_t errlen);
/* Run the statements of a dump written by dba_dump(), one by one. */
int		 dba_load(struct dba *, FILE *f, dba_load_progress_fn progress, void *arg,
		    char *err, size_t errlen);
/* Drop every base table (undo of a failed restore into an empty database). */
int		 dba_drop_all(struct dba *, char *err, size_t errlen);
/* One audit row "restore" per institution, actor metasctl, in one transaction. */
int		 dba_audit_restore(struct dba *, const char *entity_id, const char *after_json,
		    char *err, size_t errlen);

#endif
