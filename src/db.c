/*
 * Every SQL statement of metasd, as constant prepared statements, and the
 * typed wrappers over them. Statements are prepared on connect; after a
 * lost connection the handle reconnects, prepares them again and retries a
 * read-only statement once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "matrix.h"

enum stmt {
	ST_PING,
	ST_CATALOGUE_VERSION,
	ST_INSTITUTION,
	ST_PLAN_YEAR,
	ST_UNITS,
	ST_INDICATORS,
	ST_GOALS,
	ST_GOAL_LINKS,
	ST__MAX
};

struct stmt_def {
	const char	*sql;
	int		 readonly;	/* safe to retry after a reconnect */
};

static const struct stmt_def stmts[ST__MAX] = {
	[ST_PING] = { "SELECT 1", 1 },
	[ST_CATALOGUE_VERSION] = {
	    "SELECT catalogue_version FROM institution WHERE slug = ?", 1 },
	[ST_INSTITUTION] = {
	    "SELECT id, name, short_name, gpr_url, update_frequency, info_unit, "
	    "responsible_name, responsible_email, responsible_phone, empty_text, "
	    "catalogue_version FROM institution WHERE slug = ?", 1 },
	[ST_PLAN_YEAR] = {
	    "SELECT id, year, DATE_FORMAT(data_date, '%d/%m/%Y') FROM plan_year "
	    "WHERE institution_id = ? AND (year = ? OR ? = 0) "
	    "ORDER BY year DESC LIMIT 1", 1 },
	[ST_UNITS] = {
	    "SELECT u.id, u.number, u.name, COALESCE(o.text, ''), l.id, l.name "
	    "FROM unit u JOIN process_level l ON l.id = u.process_level_id "
	    "LEFT JOIN objective o ON o.unit_id = u.id AND o.plan_year_id = ? "
	    "WHERE u.institution_id = ? AND u.active = 1 "
	    "ORDER BY l.position, u.number", 1 },
	[ST_INDICATORS] = {
	    "SELECT i.id, i.unit_id, i.code, i.name FROM indicator i "
	    "JOIN unit u ON u.id = i.unit_id "
	    "WHERE i.institution_id = ? AND i.plan_year_id = ? AND i.active = 1 "
	    "ORDER BY u.number, i.position", 1 },
	[ST_GOALS] = {
	    "SELECT g.id, g.unit_id, g.code, g.text FROM goal g "
	    "JOIN unit u ON u.id = g.unit_id "
	    "WHERE g.institution_id = ? AND g.plan_year_id = ? AND g.active = 1 "
	    "ORDER BY u.number, g.position", 1 },
	[ST_GOAL_LINKS] = {
	    "SELECT gi.goal_id, gi.indicator_id FROM goal_indicator gi "
	    "JOIN indicator i ON i.id = gi.indicator_id "
	    "WHERE gi.institution_id = ? AND i.plan_year_id = ? "
	    "ORDER BY gi.goal_id, i.position", 1 },
};

struct db {
	MYSQL		*my;
	MYSQL_STMT	*st[ST__MAX];
	int		 connected;
	const struct conf *conf;
	char		 user[64];
	char		 password[256];
	unsigned long	 reconnects;
};

/* A statement parameter. */
struct dbp {
	int		 is_str;
	long long	 i;
	const char	*s;
};

#define PI(v)	((struct dbp){ 0, (v), NULL })
#define PS(v)	((struct dbp){ 1, 0, (v) })

/* Called once per row; columns are valid only during the call. */
typedef int (*row_fn)(void *arg, char **col, unsigned long *len, int *isnull, unsigned ncol);

int
db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL);
}

static void
disconnect(struct db *db)
{
	for (int i = 0; i < ST__MAX; i++) {
		if (db->st[i] != NULL)
			mysql_stmt_close(db->st[i]);
		db->st[i] = NULL;
	}
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->connected = 0;
}

static int
connect_db(struct db *db)
{
	unsigned int ct = (unsigned int)db->conf->db_connect_timeout;
	unsigned int rt = (unsigned int)db->conf->db_statement_timeout + 5;
	char sql[128];

	disconnect(db);
	if ((db->my = mysql_init(NULL)) == NULL)
		oom();
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &rt);
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(db->my, NULL, db->user, db->password, db->conf->db_name,
	    0, db->conf->db_socket, 0) == NULL) {
		log_msg(LOG_WARN, "db: cannot connect to %s: %s", db->conf->db_socket,
		    mysql_error(db->my));
		goto fail;
	}
	/* A slow query must not hold a worker forever (runtime-notes.md). */
	snprintf(sql, sizeof(sql),
	    "SET SESSION max_statement_time = %d, time_zone = '-05:00'",
	    db->conf->db_statement_timeout);
	if (mysql_query(db->my, sql) != 0) {
		log_msg(LOG_WARN, "db: session setup: %s", mysql_error(db->my));
		goto fail;
	}
	for (int i = 0; i < ST__MAX; i++) {
		my_bool one = 1;

		if ((db->st[i] = mysql_stmt_init(db->my)) == NULL)
			oom();
		if (mysql_stmt_prepare(db->st[i], stmts[i].sql, strlen(stmts[i].sql)) != 0) {
			log_msg(LOG_ERR, "db: prepare statement %d: %s", i,
			    mysql_stmt_error(db->st[i]));
			goto fail;
		}
		mysql_stmt_attr_set(db->st[i], STMT_ATTR_UPDATE_MAX_LENGTH, &one);
	}
	db->connected = 1;
	return 0;
fail:
	disconnect(db);
	return -1;
}

struct db *
db_open(const struct conf *c, const char *user, const char *password)
{
	struct db *db = xcalloc(1, sizeof(*db));

	db->conf = c;
	snprintf(db->user, sizeof(db->user), "%s", user);
	snprintf(db->password, sizeof(db->password), "%s", password);
	(void)connect_db(db);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	disconnect(db);
	explicit_bzero(db->password, sizeof(db->password));
	free(db);
}

unsigned long
db_reconnects(const struct db *db)
{
	return db->reconnects;
}

static int
conn_lost(unsigned int err)
{
	switch (err) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_SERVER_LOST_EXTENDED:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
		return 1;
	default:
		return 0;
	}
}

/* Fetch every row of an executed statement into fn. */
static enum db_status
fetch_rows(struct db *db, MYSQL_STMT *s, row_fn fn, void *arg)
{
	MYSQL_RES *meta = NULL;
	MYSQL_BIND *b = NULL;
	char **col = NULL;
	unsigned long *len = NULL, *cap = NULL;
	my_bool *nul = NULL, *trunc = NULL;
	int *isnull = NULL;
	unsigned n;
	enum db_status rc = DB_ERROR;
	int r;

	(void)db;
	if (mysql_stmt_store_result(s) != 0) {
		log_msg(LOG_ERR, "db: store result: %s", mysql_stmt_error(s));
		return DB_ERROR;
	}
	if ((meta = mysql_stmt_result_metadata(s)) == NULL) {
		rc = DB_OK;
		goto out;
	}
	n = mysql_num_fields(meta);
	b = xcalloc(n, sizeof(*b));
	col = xcalloc(n, sizeof(*col));
	len = xcalloc(n, sizeof(*len));
	cap = xcalloc(n, sizeof(*cap));
	nul = xcalloc(n, sizeof(*nul));
	trunc = xcalloc(n, sizeof(*trunc));
	isnull = xcalloc(n, sizeof(*isnull));
	for (unsigned i = 0; i < n; i++) {
		MYSQL_FIELD *f = mysql_fetch_field_direct(meta, i);

		cap[i] = (f->max_length > 64 ? f->max_length : 64) + 1;
		col[i] = xmalloc(cap[i]);
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = col[i];
		b[i].buffer_length = cap[i];
		b[i].length = &len[i];
		b[i].is_null = &nul[i];
		b[i].error = &trunc[i];
	}
	if (mysql_stmt_bind_result(s, b) != 0) {
		log_msg(LOG_ERR, "db: bind result: %s", mysql_stmt_error(s));
		goto out;
	}
	while ((r = mysql_stmt_fetch(s)) == 0 || r == MYSQL_DATA_TRUNCATED) {
		for (unsigned i = 0; i < n; i++) {
			if (trunc[i] && len[i] + 1 > cap[i]) {
				cap[i] = len[i] + 1;
				col[i] = xrealloc(col[i], cap[i]);
				b[i].buffer = col[i];
				b[i].buffer_length = cap[i];
				if (mysql_stmt_fetch_column(s, &b[i], i, 0) != 0) {
					log_msg(LOG_ERR, "db: fetch column: %s", mysql_stmt_error(s));
					goto out;
				}
			}
			col[i][len[i] < cap[i] ? len[i] : cap[i] - 1] = '\0';
			isnull[i] = nul[i] != 0;
		}
		if (fn != NULL && fn(arg, col, len, isnull, n) != 0)
			goto out;
	}
	if (r != MYSQL_NO_DATA) {
		log_msg(LOG_ERR, "db: fetch: %s", mysql_stmt_error(s));
		goto out;
	}
	rc = DB_OK;
out:
	if (col != NULL)
		for (unsigned i = 0; i < n; i++)
			free(col[i]);
	free(b);
	free(col);
	free(len);
	free(cap);
	free(nul);
	free(trunc);
	free(isnull);
	if (meta != NULL)
		mysql_free_result(meta);
	mysql_stmt_free_result(s);
	return rc;
}

/*
 * Execute statement id with params; rows go to fn. Reconnects when the
 * connection was lost and retries a read-only statement once.
 */
static enum db_status
run(struct db *db, enum stmt id, const struct dbp *p, unsigned np, row_fn fn, void *arg)
{
	MYSQL_BIND pb[8];
	unsigned long plen[8];

	if (np > 8)
		abort();
	for (int attempt = 0; attempt < 2; attempt++) {
		MYSQL_STMT *s;
		unsigned int err;

		if (!db->connected) {
			if (connect_db(db) != 0)
				return DB_ERROR;
			db->reconnects++;
		}
		s = db->st[id];
		memset(pb, 0, sizeof(pb));
		for (unsigned i = 0; i < np; i++) {
			if (p[i].is_str) {
				plen[i] = strlen(p[i].s);
				pb[i].buffer_type = MYSQL_TYPE_STRING;
				pb[i].buffer = (void *)p[i].s;
				pb[i].buffer_length = plen[i];
				pb[i].length = &plen[i];
			} else {
				pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
				pb[i].buffer = (void *)&p[i].i;
			}
		}
		if (mysql_stmt_bind_param(s, pb) == 0 && mysql_stmt_execute(s) == 0)
			return fetch_rows(db, s, fn, arg);
		err = mysql_stmt_errno(s);
		if (conn_lost(err)) {
			log_msg(LOG_WARN, "db: connection lost (%u %s), reconnecting",
			    err, mysql_stmt_error(s));
			disconnect(db);
			if (stmts[id].readonly)
				continue;
			return DB_ERROR;
		}
		log_msg(LOG_ERR, "db: statement %d: %u %s", (int)id, err, mysql_stmt_error(s));
		return DB_ERROR;
	}
	return DB_ERROR;
}

enum db_status
db_ping(struct db *db)
{
	return run(db, ST_PING, NULL, 0, NULL, NULL);
}

/* ---- typed wrappers ---------------------------------------------------- */

static long long
to_ll(const char *s)
{
	return strtoll(s, NULL, 10);
}

static int
row_version(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	unsigned long long *v = arg;

	(void)len; (void)isnull; (void)n;
	*v = strtoull(col[0], NULL, 10);
	return 0;
}

enum db_status
db_catalogue_version(struct db *db, const char *slug, unsigned long long *out)
{
	struct dbp p[] = { PS(slug) };
	enum db_status rc;

	*out = 0;
	rc = run(db, ST_CATALOGUE_VERSION, p, 1, row_version, out);
	if (rc == DB_OK && *out == 0)
		return DB_NOTFOUND;
	return rc;
}

struct load {
	struct arena	*a;
	struct matrix	*m;
	struct mx_flat	*f;
	long long	 plan_year_id;
	size_t		 cap;
};

static const char *
dup_or_null(struct arena *a, const char *s, unsigned long len, int isnull)
{
	return isnull ? NULL : arena_strndup(a, s, len);
}

static int
row_institution(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;
	struct matrix *m = l->m;

	(void)n;
	m->institution_id = to_ll(col[0]);
	m->name = dup_or_null(l->a, col[1], len[1], isnull[1]);
	m->short_name = dup_or_null(l->a, col[2], len[2], isnull[2]);
	m->gpr_url = dup_or_null(l->a, col[3], len[3], isnull[3]);
	m->update_frequency = dup_or_null(l->a, col[4], len[4], isnull[4]);
	m->info_unit = dup_or_null(l->a, col[5], len[5], isnull[5]);
	m->responsible_name = dup_or_null(l->a, col[6], len[6], isnull[6]);
	m->responsible_email = dup_or_null(l->a, col[7], len[7], isnull[7]);
	m->responsible_phone = dup_or_null(l->a, col[8], len[8], isnull[8]);
	m->empty_text = dup_or_null(l->a, col[9], len[9], isnull[9]);
	m->catalogue_version = strtoull(col[10], NULL, 10);
	return 0;
}

static int
row_plan_year(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;

	(void)n;
	l->plan_year_id = to_ll(col[0]);
	l->m->year = (int)to_ll(col[1]);
	l->m->data_date = dup_or_null(l->a, col[2], len[2], isnull[2]);
	return 0;
}

/* Grow an arena array of elem-size items to hold one more. */
static void *
grow(struct arena *a, void *arr, size_t count, size_t *cap, size_t elem)
{
	void *n;

	if (count < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 32;
	n = arena_calloc(a, *cap, elem);
	if (count)
		memcpy(n, arr, count * elem);
	return n;
}

static int
row_unit(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;
	struct mx_flat_unit *u;

	(void)n; (void)isnull;
	l->f->units = grow(l->a, l->f->units, l->f->nunits, &l->cap, sizeof(*u));
	u = &l->f->units[l->f->nunits++];
	u->id = to_ll(col[0]);
	u->number = (int)to_ll(col[1]);
	u->name = arena_strndup(l->a, col[2], len[2]);
	u->objective = arena_strndup(l->a, col[3], len[3]);
	u->level_id = to_ll(col[4]);
	u->level_name = arena_strndup(l->a, col[5], len[5]);
	return 0;
}

/* Indicators and goals share one row shape. */
struct item_load {
	struct arena		 *a;
	struct mx_flat_item	**arr;
	size_t			 *count;
	size_t			  cap;
};

static int
row_item(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct item_load *l = arg;
	struct mx_flat_item *it;

	(void)n; (void)isnull;
	*l->arr = grow(l->a, *l->arr, *l->count, &l->cap, sizeof(*it));
	it = &(*l->arr)[(*l->count)++];
	it->id = to_ll(col[0]);
	it->unit_id = to_ll(col[1]);
	it->code = arena_strndup(l->a, col[2], len[2]);
	it->text = arena_strndup(l->a, col[3], len[3]);
	return 0;
}

static int
row_link(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;
	struct mx_flat_link *k;

	(void)n; (void)isnull; (void)len;
	l->f->links = grow(l->a, l->f->links, l->f->nlinks, &l->cap, sizeof(*k));
	k = &l->f->links[l->f->nlinks++];
	k->goal_id = to_ll(col[0]);
	k->indicator_id = to_ll(col[1]);
	return 0;
}

enum db_status
db_matrix_load(struct db *db, struct arena *a, const char *slug, int year, struct matrix *m)
{
	struct mx_flat f;
	struct load l;
	struct item_load il;
	enum db_status rc;

	memset(m, 0, sizeof(*m));
	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	l.a = a;
	l.m = m;
	l.f = &f;
	{
		struct dbp p[] = { PS(slug) };

		if ((rc = run(db, ST_INSTITUTION, p, 1, row_institution, &l)) != DB_OK)
			return rc;
		if (m->institution_id == 0)
			return DB_NOTFOUND;
	}
	{
		struct dbp p[] = { PI(m->institution_id), PI(year), PI(year) };

		if ((rc = run(db, ST_PLAN_YEAR, p, 3, row_plan_year, &l)) != DB_OK)
			return rc;
		if (l.plan_year_id == 0)
			return DB_NOTFOUND;
	}
	{
		struct dbp p[] = { PI(l.plan_year_id), PI(m->institution_id) };

		l.cap = 0;
		if ((rc = run(db, ST_UNITS, p, 2, row_unit, &l)) != DB_OK)
			return rc;
	}
	{
		struct dbp p[] = { PI(m->institution_id), PI(l.plan_year_id) };

		il = (struct item_load){ a, &f.indicators, &f.nindicators, 0 };
		if ((rc = run(db, ST_INDICATORS, p, 2, row_item, &il)) != DB_OK)
			return rc;
		il = (struct item_load){ a, &f.goals, &f.ngoals, 0 };
		if ((rc = run(db, ST_GOALS, p, 2, row_item, &il)) != DB_OK)
			return rc;
		l.cap = 0;
		if ((rc = run(db, ST_GOAL_LINKS, p, 2, row_link, &l)) != DB_OK)
			return rc;
	}
	matrix_build(a, &f, m);
	return DB_OK;
}
