/*
 * metasctl's database work: migrations and seed data. The SQL files are
 * ours (installed with the program), run as multi-statement text; every
 * other statement here is constant.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "arena.h"
#include "conf.h"
#include "db_admin.h"

struct dba {
	MYSQL	*my;
};

static const char sql_create_migrations[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT UNSIGNED NOT NULL PRIMARY KEY,"
    " file VARCHAR(128) NOT NULL,"
    " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

static int
fail(struct dba *d, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, mysql_error(d->my));
	return -1;
}

struct dba *
dba_open(const struct conf *c, char *err, size_t errlen)
{
	struct dba *d = xcalloc(1, sizeof(*d));
	char pw[256];
	unsigned int ct = (unsigned int)c->db_connect_timeout;

	if (conf_read_secret(c->db_admin_password_file, pw, sizeof(pw), err, errlen) != 0) {
		free(d);
		return NULL;
	}
	if ((d->my = mysql_init(NULL)) == NULL)
		oom();
	mysql_optionsv(d->my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_optionsv(d->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(d->my, NULL, c->db_admin_user, pw, c->db_name, 0,
	    c->db_socket, CLIENT_MULTI_STATEMENTS) == NULL) {
		snprintf(err, errlen, "cannot connect to %s as %s: %s", c->db_socket,
		    c->db_admin_user, mysql_error(d->my));
		explicit_bzero(pw, sizeof(pw));
		mysql_close(d->my);
		free(d);
		return NULL;
	}
	explicit_bzero(pw, sizeof(pw));
	return d;
}

void
dba_close(struct dba *d)
{
	if (d == NULL)
		return;
	mysql_close(d->my);
	free(d);
}

/* Run multi-statement text, consuming every result. */
static int
run_multi(struct dba *d, const char *sql, char *err, size_t errlen)
{
	int st;

	if (mysql_real_query(d->my, sql, strlen(sql)) != 0)
		return fail(d, "SQL", err, errlen);
	do {
		MYSQL_RES *r = mysql_store_result(d->my);

		if (r != NULL)
			mysql_free_result(r);
		else if (mysql_field_count(d->my) != 0)
			return fail(d, "SQL result", err, errlen);
		st = mysql_next_result(d->my);
		if (st > 0)
			return fail(d, "SQL", err, errlen);
	} while (st == 0);
	return 0;
}

int
dba_applied(struct dba *d, int **out, size_t *n, char *err, size_t errlen)
{
	MYSQL_RES *r;
	MYSQL_ROW row;
	size_t cnt = 0;

	*out = NULL;
	*n = 0;
	if (mysql_query(d->my, sql_create_migrations) != 0)
		return fail(d, "schema_migrations", err, errlen);
	if (mysql_query(d->my, "SELECT version FROM schema_migrations ORDER BY version") != 0 ||
	    (r = mysql_store_result(d->my)) == NULL)
		return fail(d, "schema_migrations", err, errlen);
	*out = xcalloc(mysql_num_rows(r) + 1, sizeof(int));
	while ((row = mysql_fetch_row(r)) != NULL)
		(*out)[cnt++] = (int)strtol(row[0], NULL, 10);
	mysql_free_result(r);
	*n = cnt;
	return 0;
}

int
dba_apply(struct dba *d, int version, const char *file, const char *sql,
    char *err, size_t errlen)
{
	MYSQL_STMT *s = NULL;
	MYSQL_BIND b[2];
	long long v = version;
	unsigned long flen = strlen(file);
	static const char rec[] = "INSERT INTO schema_migrations (version, file) VALUES (?, ?)";
	int rc = -1;

	if (mysql_query(d->my, "START TRANSACTION") != 0)
		return fail(d, "START TRANSACTION", err, errlen);
	if (run_multi(d, sql, err, errlen) != 0)
		goto out;
	if ((s = mysql_stmt_init(d->my)) == NULL)
		oom();
	memset(b, 0, sizeof(b));
	b[0].buffer_type = MYSQL_TYPE_LONGLONG;
	b[0].buffer = &v;
	b[1].buffer_type = MYSQL_TYPE_STRING;
	b[1].buffer = (void *)file;
	b[1].buffer_length = flen;
	b[1].length = &flen;
	if (mysql_stmt_prepare(s, rec, sizeof(rec) - 1) != 0 || mysql_stmt_bind_param(s, b) != 0 ||
	    mysql_stmt_execute(s) != 0) {
		snprintf(err, errlen, "recording migration %d: %s", version, mysql_stmt_error(s));
		goto out;
	}
	if (mysql_query(d->my, "COMMIT") != 0) {
		fail(d, "COMMIT", err, errlen);
		goto out;
	}
	rc = 0;
out:
	if (s != NULL)
		mysql_stmt_close(s);
	if (rc != 0)
		(void)mysql_query(d->my, "ROLLBACK");
	return rc;
}

int
dba_institution_exists(struct dba *d, const char *slug, char *err, size_t errlen)
{
	MYSQL_STMT *s;
	MYSQL_BIND b;
	unsigned long len = strlen(slug);
	static const char q[] = "SELECT id FROM institution WHERE slug = ?";
	int rc = -1;

	if ((s = mysql_stmt_init(d->my)) == NULL)
		oom();
	memset(&b, 0, sizeof(b));
	b.buffer_type = MYSQL_TYPE_STRING;
	b.buffer = (void *)slug;
	b.buffer_length = len;
	b.length = &len;
	if (mysql_stmt_prepare(s, q, sizeof(q) - 1) != 0 || mysql_stmt_bind_param(s, &b) != 0 ||
	    mysql_stmt_execute(s) != 0 || mysql_stmt_store_result(s) != 0) {
		snprintf(err, errlen, "institution lookup: %s", mysql_stmt_error(s));
		goto out;
	}
	rc = mysql_stmt_num_rows(s) > 0;
out:
	mysql_stmt_close(s);
	return rc;
}

int
dba_run_transaction(struct dba *d, const char *sql, char *err, size_t errlen)
{
	err[0] = '\0';
	if (mysql_query(d->my, "START TRANSACTION") != 0)
		return fail(d, "START TRANSACTION", err, errlen);
	if (run_multi(d, sql, err, errlen) != 0 || mysql_query(d->my, "COMMIT") != 0) {
		if (err[0] == '\0')
			fail(d, "COMMIT", err, errlen);
		(void)mysql_query(d->my, "ROLLBACK");
		return -1;
	}
	return 0;
}

/* Tables the runtime account may only append to and read. */
static const char *const append_only[] = { "audit_log", "value_history", "report",
	"report_file", "report_signature", "publication" };

static int
plain_ident(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return 0;
	return 1;
}

int
dba_grant_runtime(struct dba *d, const char *db_name, const char *user, const char *host,
    char *err, size_t errlen)
{
	MYSQL_RES *r;
	MYSQL_ROW row;
	char sql[512];
	int rc = 0;

	/*
	 * GRANT takes no placeholders: the names are checked to be plain
	 * identifiers (they come from our configuration and our own schema).
	 */
	if (!plain_ident(db_name, 64) || !plain_ident(user, 80) || !plain_ident(host, 255)) {
		snprintf(err, errlen, "database, user and host must be plain names");
		return -1;
	}
	if (mysql_query(d->my, "SELECT table_name FROM information_schema.tables "
	    "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'") != 0 ||
	    (r = mysql_store_result(d->my)) == NULL)
		return fail(d, "listing tables", err, errlen);
	while ((row = mysql_fetch_row(r)) != NULL && rc == 0) {
		const char *t = row[0], *privs = "SELECT, INSERT, UPDATE, DELETE";

		if (!plain_ident(t, 64))
			continue;
		for (size_t i = 0; i < sizeof(append_only) / sizeof(append_only[0]); i++)
			if (strcmp(t, append_only[i]) == 0)
				privs = "SELECT, INSERT";
		if (strcmp(t, "schema_migrations") == 0)
			privs = "SELECT";
		if (snprintf(sql, sizeof(sql), "GRANT %s ON `%s`.`%s` TO '%s'@'%s'", privs, db_name,
		    t, user, host) >= (int)sizeof(sql)) {
			snprintf(err, errlen, "grant statement too long");
			rc = -1;
		} else if (mysql_query(d->my, sql) != 0)
			rc = fail(d, "GRANT", err, errlen);
	}
	mysql_free_result(r);
	return rc;
}
