/*
 * The database layer. Every SQL statement of the server lives in db.c as a
 * constant prepared statement, prepared when the worker connects (and again
 * after a reconnect). Callers see typed functions only; this header does
 * not include <mysql.h>.
 *
 * Functions return DB_OK, DB_NOTFOUND, or DB_ERROR (connection lost and
 * not recoverable now, or a statement failed; the reason is logged).
 */
#ifndef METAS_DB_H
#define METAS_DB_H

#include <stddef.h>

struct arena;
struct conf;
struct matrix;

enum db_status {
	DB_OK = 0,
	DB_NOTFOUND,
	DB_ERROR,
};

struct db;

/* Process-wide init, before forking workers. */
int		db_library_init(void);
/*
 * A handle for this process. Connects now if it can; if the server is down
 * the handle still works and connects on first use.
 */
struct db	*db_open(const struct conf *, const char *user, const char *password);
void		 db_close(struct db *);
/* Cheap round trip (reconnecting if needed): DB_OK when the server answers. */
enum db_status	 db_ping(struct db *);
/* Counters for logs and metrics. */
unsigned long	 db_reconnects(const struct db *);

/* The catalogue version of an institution (bumped by every catalogue change). */
enum db_status	 db_catalogue_version(struct db *, const char *slug, unsigned long long *out);
/*
 * Load the matrix of institution slug for plan year (0 = the latest).
 * DB_NOTFOUND when the institution or year does not exist.
 */
enum db_status	 db_matrix_load(struct db *, struct arena *, const char *slug, int year,
		    struct matrix *out);

#endif
