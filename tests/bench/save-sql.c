/*
 * save-sql — what a value save's SQL costs MariaDB without HTTP, statement
 * by statement, against the same server as tests/bench/dbtx.c.
 *
 *   save-sql SOCKET MODE SECONDS MARIADBD_PID
 *
 * Connects 32 times as root (the benchmark's private server) to the metas
 * database, takes 32 stored values of indicators whose month is open
 * (borrador or devuelto), one per connection, each of a different unit and
 * month, and for SECONDS runs in every connection transactions of MODE:
 *
 *   metasd   what metasd runs for a save of a stored value: the value's
 *            head (ST_VALUE_HEAD), START TRANSACTION, the UPDATE of the
 *            value joined to its month's row (ST_VALUE_UPDATE_OPEN), the
 *            history row, the audit row, COMMIT
 *   exists   no head; the value updated alone, the month's state checked
 *            by an EXISTS subquery (no second row written); history, audit
 *   plain    no head; the value updated alone, no month check; history, audit
 *   batch    as exists, sent as text in two round trips ("START; UPDATE",
 *            then "INSERT; INSERT; COMMIT"), values inlined
 *   proc     as exists, as one CALL of save_sql_proc (created by save-cost in
 *            the benchmark's database only; metasd's schema has no routines)
 *   trig     as exists, the UPDATE alone and autocommitted: a trigger (made
 *            for the run and dropped after; metasd's schema has none)
 *            writes the history and audit rows from OLD and NEW
 *
 * and MODE may end in -nohist and/or -noaudit to leave those rows out, or
 * -head to read the value's head first (as metasd does).
 * Statements are prepared, as in metasd (but for batch). Prints
 *
 *   MODE: N ok M failed, T tx/s, mariadb U us/tx, client C us/tx
 *
 * where U is the CPU time of the MariaDB server process (from /proc) and C
 * this program's, per committed transaction. Informational (tests/bench/save-cost runs it);
 * it writes history and audit rows like real saves. Not installed.
 */
#define _DEFAULT_SOURCE

#include <pthread.h>
#include <sys/resource.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#include "benchdb.h"

#define NCONN	32

struct conn {
	long long	 ind, unit, inst, version;
	char		 period[8];
	MYSQL		*my;
	MYSQL_STMT	*head, *upd, *hist, *aud;
	long		 ok, failed;
	pthread_t	 th;
};

static const char *sock, *mode;
static int with_head, with_hist, with_audit;
static enum { U_JOIN, U_EXISTS, U_PLAIN } upd_kind;
static double deadline, client0;

static MYSQL *
connect_db(void)
{
	return bench_connect("save-sql", sock, "metas", CLIENT_MULTI_STATEMENTS);
}

static MYSQL_STMT *
prepare(MYSQL *my, const char *sql)
{
	MYSQL_STMT *st = bench_prepare("save-sql", my, sql);

	if (st == NULL)
		exit(1);
	return st;
}

/* Execute with parameters described by fmt: 'i' long long, 's' string. */
static int
run_stmt(MYSQL_STMT *st, const char *fmt, ...)
{
	MYSQL_BIND b[32];
	unsigned long len[32];
	long long iv[32];
	va_list ap;
	int n = 0;

	memset(b, 0, sizeof(b));
	va_start(ap, fmt);
	for (const char *f = fmt; *f != '\0' && n < 32; f++, n++) {
		if (*f == 'i') {
			iv[n] = va_arg(ap, long long);
			b[n].buffer_type = MYSQL_TYPE_LONGLONG;
			b[n].buffer = &iv[n];
		} else {
			char *s = va_arg(ap, char *);

			len[n] = strlen(s);
			b[n].buffer_type = MYSQL_TYPE_STRING;
			b[n].buffer = s;
			b[n].buffer_length = len[n];
			b[n].length = &len[n];
		}
	}
	va_end(ap);
	if (mysql_stmt_bind_param(st, b) != 0 || mysql_stmt_execute(st) != 0)
		return -1;
	if (mysql_stmt_field_count(st) > 0) {
		mysql_stmt_store_result(st);
		mysql_stmt_free_result(st);
	}
	return 0;
}

static const char HEAD[] =
    "SELECT i.unit_id, y.year, i.active, i.decimals, i.min_value, i.max_value, p.status, "
    "v.id IS NOT NULL, v.value, v.comment, v.evidence_url, v.version, "
    "COALESCE(u.username, ''), DATE_FORMAT(v.updated_at, '%d/%m/%Y %H:%i') "
    "FROM indicator i JOIN plan_year y ON y.id = i.plan_year_id "
    "LEFT JOIN unit_period p ON p.unit_id = i.unit_id AND p.period = ? "
    "LEFT JOIN indicator_value v ON v.indicator_id = i.id AND v.period = ? "
    "LEFT JOIN app_user u ON u.id = v.updated_by WHERE i.institution_id = ? AND i.id = ?";
static const char UPD_JOIN[] =
    "UPDATE indicator_value v JOIN unit_period p ON p.unit_id = ? AND p.period = v.period "
    "SET v.value = ?, v.comment = ?, v.evidence_url = ?, v.version = v.version + 1, "
    "v.updated_by = ?, v.updated_at = NOW(), p.version = p.version + 1 "
    "WHERE v.indicator_id = ? AND v.period = ? AND v.version = ? AND p.status IN (?, ?)";
static const char UPD_EXISTS[] =
    "UPDATE indicator_value SET value = ?, comment = ?, evidence_url = ?, "
    "version = version + 1, updated_by = ?, updated_at = NOW() "
    "WHERE indicator_id = ? AND period = ? AND version = ? AND EXISTS (SELECT 1 FROM "
    "unit_period p WHERE p.unit_id = ? AND p.period = ? AND p.status IN (?, ?))";
static const char UPD_PLAIN[] =
    "UPDATE indicator_value SET value = ?, comment = ?, evidence_url = ?, "
    "version = version + 1, updated_by = ?, updated_at = NOW() "
    "WHERE indicator_id = ? AND period = ? AND version = ?";
static const char HIST[] =
    "INSERT INTO value_history (institution_id, indicator_id, period, kind, value_before, "
    "value_after, comment_after, evidence_after, reason, actor_id, actor_name) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char AUD[] =
    "INSERT INTO audit_log (institution_id, actor_id, actor_name, ip, action, entity, "
    "entity_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* Run a text query of several statements; affected rows of the nth result in *aff. */
static int
run_text(MYSQL *my, const char *sql, int nth, unsigned long long *aff)
{
	int rc = mysql_real_query(my, sql, (unsigned long)strlen(sql)), k = 0;

	while (rc == 0) {
		MYSQL_RES *r = mysql_store_result(my);

		if (r != NULL)
			mysql_free_result(r);
		if (k++ == nth && aff != NULL)
			*aff = mysql_affected_rows(my);
		if ((rc = mysql_next_result(my)) == -1)
			return 0;
	}
	return -1;
}

static int batch_mode, proc_mode, trig_mode;

/*
 * trig: the value's UPDATE alone, as one autocommitted statement; triggers
 * (created by main for this run, dropped after) write its history and
 * audit rows from OLD and NEW in the same statement.
 */
static const char TRIG[] =
    "CREATE TRIGGER save_sql_trig AFTER UPDATE ON indicator_value FOR EACH ROW BEGIN "
    "INSERT INTO value_history (institution_id, indicator_id, period, kind, value_before, "
    "value_after, comment_after, evidence_after, reason, actor_id, actor_name) VALUES "
    "(NEW.institution_id, NEW.indicator_id, NEW.period, 'entry', OLD.value, NEW.value, "
    "NEW.comment, NEW.evidence_url, NULL, NEW.updated_by, 'save-sql'); "
    "INSERT INTO audit_log (institution_id, actor_id, actor_name, ip, action, entity, "
    "entity_id, before_json, after_json) VALUES (NEW.institution_id, NEW.updated_by, "
    "'save-sql', '127.0.0.1', 'save', 'indicator_value', CONCAT(NEW.indicator_id, '/', "
    "NEW.period), JSON_OBJECT('value', OLD.value, 'comment', OLD.comment, 'evidence_url', "
    "OLD.evidence_url), JSON_OBJECT('value', NEW.value, 'comment', NEW.comment, "
    "'evidence_url', NEW.evidence_url)); END";

static int
one_save_other(struct conn *c, const char *val, const char *before, const char *bj,
    const char *aj, const char *eid)
{
	char sql[2048];
	unsigned long long aff = 0;

	if (proc_mode) {
		if (run_stmt(c->upd, "sssiisiississssssss", val, "", "", 1LL, c->ind, c->period,
		    c->version, c->unit, "borrador", "devuelto", c->inst, "entry", before, "save-sql",
		    "127.0.0.1", "save", eid, bj, aj) != 0) {
			fprintf(stderr, "save-sql: call: %s\n", mysql_stmt_error(c->upd));
			return -1;
		}
		/* the CALL's final status */
		while (mysql_stmt_next_result(c->upd) == 0)
			;
		return 0;
	}
	snprintf(sql, sizeof(sql), "START TRANSACTION; UPDATE indicator_value SET value = '%s', "
	    "comment = '', evidence_url = '', version = version + 1, updated_by = 1, "
	    "updated_at = NOW() WHERE indicator_id = %lld AND period = '%s' AND version = %lld "
	    "AND EXISTS (SELECT 1 FROM unit_period p WHERE p.unit_id = %lld AND p.period = '%s' "
	    "AND p.status IN ('borrador', 'devuelto'))", val, c->ind, c->period, c->version,
	    c->unit, c->period);
	if (run_text(c->my, sql, 1, &aff) != 0 || aff != 1)
		return -1;
	snprintf(sql, sizeof(sql), "INSERT INTO value_history (institution_id, indicator_id, "
	    "period, kind, value_before, value_after, comment_after, evidence_after, reason, "
	    "actor_id, actor_name) VALUES (%lld, %lld, '%s', 'entry', '%s', '%s', '', '', NULL, 1, "
	    "'save-sql'); INSERT INTO audit_log (institution_id, actor_id, actor_name, ip, action, "
	    "entity, entity_id, before_json, after_json) VALUES (%lld, 1, 'save-sql', '127.0.0.1', "
	    "'save', 'indicator_value', '%s', '%s', '%s'); COMMIT", c->inst, c->ind, c->period,
	    before, val, c->inst, eid, bj, aj);
	return run_text(c->my, sql, -1, NULL);
}

static int
one_save(struct conn *c)
{
	char val[8], before[8], bj[80], aj[80], eid[32];
	int r;

	snprintf(val, sizeof(val), "%lld", c->version % 2 + 1);
	snprintf(before, sizeof(before), "%lld", (c->version + 1) % 2 + 1);
	snprintf(bj, sizeof(bj), "{\"value\":\"%s\",\"comment\":\"\",\"evidence_url\":\"\"}", before);
	snprintf(aj, sizeof(aj), "{\"value\":\"%s\",\"comment\":\"\",\"evidence_url\":\"\"}", val);
	snprintf(eid, sizeof(eid), "%lld/%s", c->ind, c->period);
	if (with_head && run_stmt(c->head, "ssii", c->period, c->period, c->inst, c->ind) != 0)
		return -1;
	if (batch_mode || proc_mode)
		return one_save_other(c, val, before, bj, aj, eid);
	if (trig_mode)
		return run_stmt(c->upd, "sssiisiisss", val, "", "", 1LL, c->ind, c->period,
		    c->version, c->unit, c->period, "borrador", "devuelto") == 0 &&
		    mysql_stmt_affected_rows(c->upd) == 1 ? 0 : -1;
	if (mysql_query(c->my, "START TRANSACTION") != 0)
		return -1;
	if (upd_kind == U_JOIN)
		r = run_stmt(c->upd, "isssiisiss", c->unit, val, "", "", 1LL, c->ind, c->period,
		    c->version, "borrador", "devuelto");
	else if (upd_kind == U_EXISTS)
		r = run_stmt(c->upd, "sssiisiisss", val, "", "", 1LL, c->ind, c->period, c->version,
		    c->unit, c->period, "borrador", "devuelto");
	else
		r = run_stmt(c->upd, "sssiisi", val, "", "", 1LL, c->ind, c->period, c->version);
	if (r != 0 || mysql_stmt_affected_rows(c->upd) != (upd_kind == U_JOIN ? 2 : 1))
		return -1;
	if (with_hist && run_stmt(c->hist, "iisssssssis", c->inst, c->ind, c->period, "entry",
	    before, val, "", "", "", 1LL, "save-sql") != 0)
		return -1;
	if (with_audit && run_stmt(c->aud, "iisssssss", c->inst, 1LL, "save-sql", "127.0.0.1",
	    "save", "indicator_value", eid, bj, aj) != 0)
		return -1;
	return mysql_commit(c->my) == 0 ? 0 : -1;
}

static void *
worker(void *arg)
{
	struct conn *c = arg;

	while (now_s() < deadline) {
		if (one_save(c) == 0) {
			c->version++;
			c->ok++;
			continue;
		}
		if (c->failed++ < 3)
			fprintf(stderr, "save-sql: %s\n", mysql_error(c->my));
		mysql_rollback(c->my);
	}
	return NULL;
}

/* utime + stime of a process, in clock ticks. */
static long
cpu_ticks(int pid)
{
	char path[64], buf[4096], *p;
	long v[16];
	size_t n;
	int i = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return 0;
	for (char *t = strtok(p + 2, " "); t != NULL && i < 16; t = strtok(NULL, " "))
		v[i++] = atol(t);
	return i >= 13 ? v[11] + v[12] : 0;
}

int
main(int argc, char *argv[])
{
	static struct conn cs[NCONN];
	double secs, t0, t1;
	long c0, c1, ok = 0, failed = 0;
	int n = 0, pid;
	MYSQL *my;
	MYSQL_RES *res;
	MYSQL_ROW row;

	if (argc != 5 || (secs = atof(argv[3])) <= 0 || (pid = atoi(argv[4])) <= 0) {
		fprintf(stderr, "usage: save-sql SOCKET MODE SECONDS MARIADBD_PID\n");
		return 2;
	}
	sock = argv[1];
	mode = argv[2];
	with_head = strncmp(mode, "metasd", 6) == 0 || strstr(mode, "-head") != NULL;
	if (strncmp(mode, "metasd", 6) == 0)
		upd_kind = U_JOIN;
	else if (strncmp(mode, "exists", 6) == 0)
		upd_kind = U_EXISTS;
	else if (strncmp(mode, "plain", 5) == 0)
		upd_kind = U_PLAIN;
	else if (strncmp(mode, "batch", 5) == 0)
		batch_mode = 1;
	else if (strncmp(mode, "proc", 4) == 0)
		proc_mode = 1;
	else if (strncmp(mode, "trig", 4) == 0) {
		trig_mode = 1;
		upd_kind = U_EXISTS;
	}
	else {
		fprintf(stderr, "save-sql: MODE is metasd, exists or plain, then -nohist, -noaudit\n");
		return 2;
	}
	with_hist = strstr(mode, "-nohist") == NULL;
	with_audit = strstr(mode, "-noaudit") == NULL;
	if (mysql_library_init(0, NULL, NULL) != 0 || (my = connect_db()) == NULL)
		return 1;
	if (mysql_query(my, "SELECT v.indicator_id, i.unit_id, i.institution_id, v.period, "
	    "v.version FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
	    "JOIN unit_period p ON p.unit_id = i.unit_id AND p.period = v.period "
	    "AND p.status IN ('borrador', 'devuelto') "
	    "WHERE v.id = (SELECT MIN(w.id) FROM indicator_value w JOIN indicator j "
	    "ON j.id = w.indicator_id WHERE j.unit_id = i.unit_id AND w.period = v.period) "
	    "ORDER BY v.period, i.unit_id") != 0 || (res = mysql_store_result(my)) == NULL) {
		fprintf(stderr, "save-sql: %s\n", mysql_error(my));
		return 1;
	}
	while ((row = mysql_fetch_row(res)) != NULL && n < NCONN) {
		cs[n].ind = atoll(row[0]);
		cs[n].unit = atoll(row[1]);
		cs[n].inst = atoll(row[2]);
		snprintf(cs[n].period, sizeof(cs[n].period), "%s", row[3]);
		cs[n].version = atoll(row[4]);
		n++;
	}
	mysql_free_result(res);
	if (trig_mode && (mysql_query(my, "DROP TRIGGER IF EXISTS save_sql_trig") != 0 ||
	    mysql_query(my, TRIG) != 0)) {
		fprintf(stderr, "save-sql: trigger: %s\n", mysql_error(my));
		return 1;
	}
	if (n < NCONN) {
		fprintf(stderr, "save-sql: %d stored values in open months of distinct units, need %d\n",
		    n, NCONN);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		struct conn *c = &cs[i];

		if ((c->my = connect_db()) == NULL)
			return 1;
		c->head = prepare(c->my, HEAD);
		c->upd = prepare(c->my, proc_mode ? "CALL save_sql_proc(?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : upd_kind == U_JOIN ? UPD_JOIN :
		    upd_kind == U_EXISTS ? UPD_EXISTS : UPD_PLAIN);
		c->hist = prepare(c->my, HIST);
		c->aud = prepare(c->my, AUD);
	}
	{
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		client0 = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	}
	c0 = cpu_ticks(pid);
	t0 = now_s();
	deadline = t0 + secs;
	for (int i = 0; i < n; i++)
		if (pthread_create(&cs[i].th, NULL, worker, &cs[i]) != 0)
			return 1;
	for (int i = 0; i < n; i++) {
		pthread_join(cs[i].th, NULL);
		ok += cs[i].ok;
		failed += cs[i].failed;
	}
	t1 = now_s();
	c1 = cpu_ticks(pid);
	{
		struct rusage ru;
		double cl;

		getrusage(RUSAGE_SELF, &ru);
		cl = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6 - client0;
		printf("%s: %ld ok %ld failed, %.0f tx/s, mariadb %.0f us/tx, client %.0f us/tx\n",
		    mode, ok, failed, (double)ok / (t1 - t0),
		    ok ? (double)(c1 - c0) * 1e6 / 100.0 / (double)ok : 0.0,
		    ok ? cl * 1e6 / (double)ok : 0.0);
	}
	for (int i = 0; i < n; i++)
		mysql_close(cs[i].my);
	if (trig_mode)
		mysql_query(my, "DROP TRIGGER IF EXISTS save_sql_trig");
	mysql_close(my);
	mysql_library_end();
	return failed != 0;
}
