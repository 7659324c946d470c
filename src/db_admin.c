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

static int	scalar(struct dba *, const char *, char *, size_t, char *, size_t);

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

	char have[32];

	*out = NULL;
	*n = 0;
	/* Read only: a database without the table has applied nothing (dba_apply creates it). */
	if (scalar(d, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
	    " AND table_name = 'schema_migrations'", have, sizeof(have), err, errlen) != 0)
		return -1;
	if (strcmp(have, "0") == 0) {
		*out = xcalloc(1, sizeof(int));
		return 0;
	}
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

	if (mysql_query(d->my, sql_create_migrations) != 0)
		return fail(d, "schema_migrations", err, errlen);
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

/* ---- backup and restore (backup.c) --------------------------------------- */

/* Run one statement that returns no rows. */
static int
exec1(struct dba *d, const char *sql, char *err, size_t errlen)
{
	if (mysql_query(d->my, sql) != 0)
		return fail(d, sql, err, errlen);
	return 0;
}

/* The first column of the first row of a one-row query, copied into out. */
static int
scalar(struct dba *d, const char *sql, char *out, size_t outlen, char *err, size_t errlen)
{
	MYSQL_RES *r;
	MYSQL_ROW row;

	if (mysql_query(d->my, sql) != 0 || (r = mysql_store_result(d->my)) == NULL)
		return fail(d, sql, err, errlen);
	row = mysql_fetch_row(r);
	snprintf(out, outlen, "%s", row != NULL && row[0] != NULL ? row[0] : "");
	mysql_free_result(r);
	return 0;
}

/* The base tables of the database, sorted by name (heap array of heap strings). */
static int
list_tables(struct dba *d, char ***out, size_t *n, char *err, size_t errlen)
{
	MYSQL_RES *r;
	MYSQL_ROW row;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (mysql_query(d->my, "SELECT table_name FROM information_schema.tables "
	    "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name") != 0 ||
	    (r = mysql_store_result(d->my)) == NULL)
		return fail(d, "listing tables", err, errlen);
	*out = xcalloc(mysql_num_rows(r) + 1, sizeof(char *));
	while ((row = mysql_fetch_row(r)) != NULL) {
		if (!plain_ident(row[0], 64)) {
			snprintf(err, errlen, "table name \"%s\" is not a plain identifier", row[0]);
			mysql_free_result(r);
			for (size_t i = 0; i < k; i++)
				free((*out)[i]);
			free(*out);
			*out = NULL;
			return -1;
		}
		(*out)[k++] = xstrdup(row[0]);
	}
	mysql_free_result(r);
	*n = k;
	return 0;
}

static void
free_tables(char **t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

static int
is_numeric_type(enum enum_field_types t)
{
	switch (t) {
	case MYSQL_TYPE_TINY: case MYSQL_TYPE_SHORT: case MYSQL_TYPE_LONG:
	case MYSQL_TYPE_INT24: case MYSQL_TYPE_LONGLONG: case MYSQL_TYPE_DECIMAL:
	case MYSQL_TYPE_NEWDECIMAL: case MYSQL_TYPE_FLOAT: case MYSQL_TYPE_DOUBLE:
	case MYSQL_TYPE_YEAR:
		return 1;
	default:
		return 0;
	}
}

static int
is_temporal_type(enum enum_field_types t)
{
	return t == MYSQL_TYPE_DATE || t == MYSQL_TYPE_NEWDATE || t == MYSQL_TYPE_TIME ||
	    t == MYSQL_TYPE_DATETIME || t == MYSQL_TYPE_TIMESTAMP;
}

/* 1 when every byte of v is in allowed. */
static int
only(const char *v, unsigned long len, const char *allowed)
{
	for (unsigned long i = 0; i < len; i++)
		if (v[i] == '\0' || strchr(allowed, v[i]) == NULL)
			return 0;
	return 1;
}

/*
 * Write one value as an SQL literal that needs no escaping: numbers as
 * they are, dates and times quoted (digits and separators only), binary
 * strings as X'..', text as CONVERT(X'..' USING utf8mb4) so its bytes come
 * back exactly. Write errors show in ferror(f). Returns about the bytes
 * written, or -1 for a value that is not what its type promises.
 */
static long
put_value(FILE *f, const MYSQL_FIELD *fd, const char *v, unsigned long len)
{
	static const char hex[] = "0123456789abcdef";
	int text;

	if (v == NULL) {
		fputs("NULL", f);
		return 4;
	}
	if (is_numeric_type(fd->type)) {
		if (len == 0 || !only(v, len, "0123456789.-+eE"))
			return -1;
		fwrite(v, 1, len, f);
		return (long)len;
	}
	if (is_temporal_type(fd->type)) {
		if (!only(v, len, "0123456789-:. "))
			return -1;
		fprintf(f, "'%.*s'", (int)len, v);
		return (long)len + 2;
	}
	text = fd->charsetnr != 63;	/* 63: binary */
	fputs(text ? "CONVERT(X'" : "X'", f);
	for (unsigned long i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		putc(hex[c >> 4], f);
		putc(hex[c & 15], f);
	}
	fputs(text ? "' USING utf8mb4)" : "'", f);
	return (long)len * 2 + 26;
}

/* Statements of the dump are cut at about this size (several rows each). */
#define DUMP_STATEMENT	(1024 * 1024)

/* Dump the rows of table t as INSERT statements. */
static int
dump_rows(struct dba *d, FILE *f, const char *t, unsigned long long *rows, char *err,
    size_t errlen)
{
	char sql[128];
	MYSQL_RES *r;
	MYSQL_ROW row;
	MYSQL_FIELD *fields;
	unsigned nf;
	long stmt = 0;
	int rc = -1;

	*rows = 0;
	snprintf(sql, sizeof(sql), "SELECT * FROM `%s`", t);
	if (mysql_query(d->my, sql) != 0 || (r = mysql_use_result(d->my)) == NULL)
		return fail(d, sql, err, errlen);
	nf = mysql_num_fields(r);
	fields = mysql_fetch_fields(r);
	while ((row = mysql_fetch_row(r)) != NULL) {
		unsigned long *len = mysql_fetch_lengths(r);

		if (stmt == 0)
			stmt += fprintf(f, "INSERT INTO `%s` VALUES (", t);
		else
			stmt += fprintf(f, ",\n(");
		for (unsigned i = 0; i < nf; i++) {
			long k;

			if (i > 0 && putc(',', f) != EOF)
				stmt++;
			if ((k = put_value(f, &fields[i], row[i], len[i])) < 0) {
				snprintf(err, errlen, "table %s, column %s: unexpected value", t,
				    fields[i].name);
				goto out;
			}
			stmt += k;
		}
		putc(')', f);
		(*rows)++;
		if (++stmt >= DUMP_STATEMENT) {
			fputs(";\n", f);
			stmt = 0;
		}
	}
	if (mysql_errno(d->my) != 0) {
		fail(d, sql, err, errlen);
		goto out;
	}
	if (stmt > 0)
		fputs(";\n", f);
	rc = 0;
out:
	mysql_free_result(r);
	return rc;
}

int
dba_dump(struct dba *d, FILE *f, dba_progress_fn progress, void *arg, char *schema,
    size_t schemalen, char *err, size_t errlen)
{
	char **tables = NULL, count[32];
	size_t nt = 0;
	int rc = -1;

	if (exec1(d, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", err, errlen) != 0 ||
	    exec1(d, "SET time_zone = '+00:00'", err, errlen) != 0 ||
	    exec1(d, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", err, errlen) != 0)
		return -1;
	/* Only tables are copied: refuse rather than silently drop anything else. */
	if (scalar(d, "SELECT (SELECT COUNT(*) FROM information_schema.views WHERE table_schema = DATABASE())"
	    " + (SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE())"
	    " + (SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = DATABASE())"
	    " + (SELECT COUNT(*) FROM information_schema.events WHERE event_schema = DATABASE())",
	    count, sizeof(count), err, errlen) != 0)
		goto out;
	if (strcmp(count, "0") != 0) {
		snprintf(err, errlen, "the database has %s views, triggers, routines or events; "
		    "this backup copies tables only", count);
		goto out;
	}
	if (scalar(d, "SELECT GROUP_CONCAT(version ORDER BY version SEPARATOR ' ') "
	    "FROM schema_migrations", schema, schemalen, err, errlen) != 0)
		goto out;
	if (list_tables(d, &tables, &nt, err, errlen) != 0)
		goto out;
	fprintf(f, "-- metas database dump (metasctl backup), taken in one consistent snapshot.\n"
	    "-- Load it with \"metasctl restore\", or by hand into an empty database.\n"
	    "SET NAMES utf8mb4;\n"
	    "SET time_zone = '+00:00';\n"
	    "SET foreign_key_checks = 0;\n"
	    "SET unique_checks = 0;\n"
	    "SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO';\n\n");
	for (size_t i = 0; i < nt; i++) {
		char sql[128];
		MYSQL_RES *r;
		MYSQL_ROW row;

		snprintf(sql, sizeof(sql), "SHOW CREATE TABLE `%s`", tables[i]);
		if (mysql_query(d->my, sql) != 0 || (r = mysql_store_result(d->my)) == NULL) {
			fail(d, sql, err, errlen);
			goto out;
		}
		row = mysql_fetch_row(r);
		if (row == NULL || row[1] == NULL) {
			snprintf(err, errlen, "%s: no definition", sql);
			mysql_free_result(r);
			goto out;
		}
		fprintf(f, "%s;\n\n", row[1]);
		mysql_free_result(r);
	}
	fputs("START TRANSACTION;\n", f);
	for (size_t i = 0; i < nt; i++) {
		unsigned long long rows;

		if (dump_rows(d, f, tables[i], &rows, err, errlen) != 0)
			goto out;
		if (progress != NULL)
			progress(tables[i], rows, arg);
	}
	fputs("COMMIT;\n", f);
	if (ferror(f)) {
		snprintf(err, errlen, "writing the dump failed");
		goto out;
	}
	rc = 0;
out:
	(void)mysql_query(d->my, rc == 0 ? "COMMIT" : "ROLLBACK");
	free_tables(tables, nt);
	return rc;
}

int
dba_is_empty(struct dba *d, char *err, size_t errlen)
{
	char n[32], only_migrations[32];

	if (scalar(d, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()",
	    n, sizeof(n), err, errlen) != 0)
		return -1;
	if (strcmp(n, "0") == 0)
		return 1;
	if (strcmp(n, "1") != 0)
		return 0;
	/* "metasctl migrate --dry-run" leaves an empty schema_migrations behind. */
	if (scalar(d, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
	    " AND table_name = 'schema_migrations'", only_migrations, sizeof(only_migrations),
	    err, errlen) != 0)
		return -1;
	if (strcmp(only_migrations, "1") != 0)
		return 0;
	if (scalar(d, "SELECT COUNT(*) FROM schema_migrations", n, sizeof(n), err, errlen) != 0)
		return -1;
	return strcmp(n, "0") == 0;
}

int
dba_drop_all(struct dba *d, char *err, size_t errlen)
{
	char **tables = NULL, sql[128];
	size_t nt = 0;
	int rc = 0;

	if (exec1(d, "SET foreign_key_checks = 0", err, errlen) != 0 ||
	    list_tables(d, &tables, &nt, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < nt && rc == 0; i++) {
		snprintf(sql, sizeof(sql), "DROP TABLE `%s`", tables[i]);
		rc = exec1(d, sql, err, errlen);
	}
	free_tables(tables, nt);
	(void)mysql_query(d->my, "SET foreign_key_checks = 1");
	return rc;
}

/* Run one statement of the dump, consuming any result. */
static int
load_one(struct dba *d, const char *s, size_t len, char *err, size_t errlen)
{
	int st;

	if (mysql_real_query(d->my, s, len) != 0) {
		snprintf(err, errlen, "%s (statement starting \"%.60s\")", mysql_error(d->my), s);
		return -1;
	}
	do {
		MYSQL_RES *r = mysql_store_result(d->my);

		if (r != NULL)
			mysql_free_result(r);
		st = mysql_next_result(d->my);
		if (st > 0)
			return fail(d, "SQL", err, errlen);
	} while (st == 0);
	return 0;
}

int
dba_load(struct dba *d, FILE *f, dba_load_progress_fn progress, void *arg, char *err,
    size_t errlen)
{
	enum { NORMAL, SQUOTE, DQUOTE, BTICK, LINE_COMMENT, BLOCK_COMMENT } st = NORMAL;
	struct buf b;
	unsigned long long done = 0;
	int c, prev = '\n', rc = -1;

	buf_init(&b, NULL);
	while ((c = getc(f)) != EOF) {
		done++;
		switch (st) {
		case NORMAL:
			if ((c == ' ' || c == '\t' || c == '\n') && b.len >= 2 &&
			    b.data[b.len - 1] == '-' && b.data[b.len - 2] == '-' &&
			    (b.len == 2 || strchr(" \t\n(,;", b.data[b.len - 3]) != NULL)) {
				/* "-- ": a comment to the end of the line */
				b.len -= 2;
				b.data[b.len] = '\0';
				if (c != '\n')
					st = LINE_COMMENT;
				prev = c;
				continue;
			}
			if (c == '*' && prev == '/') {
				st = BLOCK_COMMENT;
				buf_putc(&b, (char)c);
				prev = 0;	/* the opening star does not also close it */
				continue;
			} else if (c == '\'')
				st = SQUOTE;
			else if (c == '"')
				st = DQUOTE;
			else if (c == '`')
				st = BTICK;
			else if (c == ';') {
				size_t s = 0;

				while (s < b.len && (b.data[s] == ' ' || b.data[s] == '\n' ||
				    b.data[s] == '\t' || b.data[s] == '\r'))
					s++;
				if (s < b.len && load_one(d, b.data + s, b.len - s, err, errlen) != 0)
					goto out;
				buf_clear(&b);
				if (progress != NULL)
					progress(done, arg);
				prev = c;
				continue;
			}
			break;
		case SQUOTE:
		case DQUOTE:
			if (c == '\\') {
				buf_putc(&b, (char)c);
				if ((c = getc(f)) == EOF)
					break;
				done++;
				buf_putc(&b, (char)c);
				prev = 0;
				continue;
			}
			if (c == (st == SQUOTE ? '\'' : '"'))
				st = NORMAL;
			break;
		case BTICK:
			if (c == '`')
				st = NORMAL;
			break;
		case LINE_COMMENT:
			if (c == '\n')
				st = NORMAL;
			prev = c;
			continue;
		case BLOCK_COMMENT:
			if (c == '/' && prev == '*')
				st = NORMAL;
			break;
		}
		buf_putc(&b, (char)c);
		prev = c;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "reading the dump failed");
		goto out;
	}
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] != ' ' && b.data[i] != '\n' && b.data[i] != '\t' && b.data[i] != '\r') {
			snprintf(err, errlen, "the dump ends in the middle of a statement");
			goto out;
		}
	rc = 0;
out:
	if (rc != 0)
		(void)mysql_query(d->my, "ROLLBACK");
	buf_release(&b);
	return rc;
}

int
dba_audit_restore(struct dba *d, const char *entity_id, const char *after_json, char *err,
    size_t errlen)
{
	static const char q[] = "INSERT INTO audit_log (institution_id, actor_id, actor_name, ip, "
	    "action, entity, entity_id, after_json) SELECT id, NULL, 'metasctl', 'local', "
	    "'restore', 'backup', ?, ? FROM institution";
	MYSQL_STMT *s;
	MYSQL_BIND b[2];
	unsigned long l0 = strlen(entity_id), l1 = strlen(after_json);
	int rc = -1;

	if (exec1(d, "START TRANSACTION", err, errlen) != 0)
		return -1;
	if ((s = mysql_stmt_init(d->my)) == NULL)
		oom();
	memset(b, 0, sizeof(b));
	b[0].buffer_type = MYSQL_TYPE_STRING;
	b[0].buffer = (void *)entity_id;
	b[0].buffer_length = l0;
	b[0].length = &l0;
	b[1].buffer_type = MYSQL_TYPE_STRING;
	b[1].buffer = (void *)after_json;
	b[1].buffer_length = l1;
	b[1].length = &l1;
	if (mysql_stmt_prepare(s, q, sizeof(q) - 1) != 0 || mysql_stmt_bind_param(s, b) != 0 ||
	    mysql_stmt_execute(s) != 0) {
		snprintf(err, errlen, "audit row: %s", mysql_stmt_error(s));
		goto out;
	}
	if (exec1(d, "COMMIT", err, errlen) != 0)
		goto out;
	rc = 0;
out:
	mysql_stmt_close(s);
	if (rc != 0)
		(void)mysql_query(d->my, "ROLLBACK");
	return rc;
}
