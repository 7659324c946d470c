/*
 * dbtx — the baseline for value saves: the least a save can cost the
 * database.
 *
 *   dbtx SOCKET DATABASE THREADS SECONDS
 *
 * Connects THREADS times to MariaDB on the unix socket SOCKET as root
 * (no password: the benchmark's private server), creates in DATABASE
 *
 *   tx_row (k INT PRIMARY KEY, v INT, version INT)     one row per thread
 *   tx_log (id BIGINT AUTO_INCREMENT, k, v, at)        append-only
 *
 * and for SECONDS runs, in every thread on its own row, transactions of
 *
 *   START TRANSACTION
 *   INSERT INTO tx_log (k, v) VALUES (?, ?)                 (prepared)
 *   UPDATE tx_row SET v = ?, version = version + 1 WHERE k = ?   (prepared)
 *   COMMIT                                                  (mysql_commit)
 *
 * with the server's default durability (innodb_flush_log_at_trx_commit=1),
 * issued the way metasd issues its own (START TRANSACTION with mysql_query,
 * prepared statements, mysql_commit). No HTTP, no session, no reads: a save
 * through metasd is read as a ratio to this, measured in the same run with
 * the same concurrency.
 *
 * Prints one line:
 *
 *   ok N failed M seconds S tps T p50_ms A p99_ms B
 *
 * and exits 1 if any transaction failed or the row versions do not add up
 * to the committed count. Not installed; scripts/bench builds it with
 * cc -pthread and libmariadb.
 */
#define _DEFAULT_SOURCE

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#include "benchdb.h"

#define MAX_THREADS	256
#define MAX_SAMPLES	(1 << 20)

struct worker {
	int		 k;
	pthread_t	 th;
	MYSQL		*my;
	MYSQL_STMT	*ins, *upd;
	long		 ok, failed;
	double		*lat;
	long		 nlat;
};

static const char *sock, *dbname;
static double deadline;

static MYSQL *
connect_db(void)
{
	return bench_connect("dbtx", sock, dbname, 0);
}

static MYSQL_STMT *
prepare(MYSQL *my, const char *sql)
{
	MYSQL_STMT *st = bench_prepare("dbtx", my, sql);

	return st;
}

static void *
run(void *arg)
{
	struct worker *w = arg;
	int v = 0;

	while (now_s() < deadline) {
		double t0 = now_s();

		v++;
		if (mysql_query(w->my, "START TRANSACTION") != 0 ||
		    bench_exec2(w->ins, w->k, v) != 0 ||
		    bench_exec2(w->upd, v, w->k) != 0 || mysql_stmt_affected_rows(w->upd) != 1 ||
		    mysql_commit(w->my) != 0) {
			if (w->failed++ < 3)
				fprintf(stderr, "dbtx: %s\n", mysql_error(w->my));
			mysql_rollback(w->my);
			continue;
		}
		w->ok++;
		if (w->nlat < MAX_SAMPLES)
			w->lat[w->nlat++] = (now_s() - t0) * 1000.0;
	}
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	static struct worker ws[MAX_THREADS];
	char sql[256];
	double secs, t0, t1, *all;
	long ok = 0, failed = 0, n = 0, versions = -1, before = 0;
	int nt;
	MYSQL *my;
	MYSQL_RES *res;
	MYSQL_ROW row;

	if (argc != 5 || (nt = atoi(argv[3])) <= 0 || nt > MAX_THREADS ||
	    (secs = atof(argv[4])) <= 0) {
		fprintf(stderr, "usage: dbtx SOCKET DATABASE THREADS SECONDS\n");
		return 2;
	}
	sock = argv[1];
	dbname = argv[2];
	if (mysql_library_init(0, NULL, NULL) != 0)
		return 1;
	if ((my = connect_db()) == NULL)
		return 1;
	if (mysql_query(my, "CREATE TABLE IF NOT EXISTS tx_row (k INT NOT NULL PRIMARY KEY, "
	    "v INT NOT NULL, version INT NOT NULL) ENGINE=InnoDB") != 0 ||
	    mysql_query(my, "CREATE TABLE IF NOT EXISTS tx_log (id BIGINT UNSIGNED NOT NULL "
	    "AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL, v INT NOT NULL, "
	    "at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB") != 0) {
		fprintf(stderr, "dbtx: create: %s\n", mysql_error(my));
		return 1;
	}
	for (int i = 0; i < nt; i++) {
		snprintf(sql, sizeof(sql), "INSERT IGNORE INTO tx_row (k, v, version) VALUES (%d, 0, 0)", i);
		if (mysql_query(my, sql) != 0) {
			fprintf(stderr, "dbtx: %s\n", mysql_error(my));
			return 1;
		}
	}
	snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(version), 0) FROM tx_row WHERE k < %d", nt);
	if (mysql_query(my, sql) != 0 || (res = mysql_store_result(my)) == NULL ||
	    (row = mysql_fetch_row(res)) == NULL)
		return 1;
	before = atol(row[0]);
	mysql_free_result(res);

	for (int i = 0; i < nt; i++) {
		struct worker *w = &ws[i];

		w->k = i;
		if ((w->my = connect_db()) == NULL ||
		    (w->ins = prepare(w->my, "INSERT INTO tx_log (k, v) VALUES (?, ?)")) == NULL ||
		    (w->upd = prepare(w->my, "UPDATE tx_row SET v = ?, version = version + 1 "
		    "WHERE k = ?")) == NULL ||
		    (w->lat = malloc(sizeof(double) * MAX_SAMPLES)) == NULL)
			return 1;
		mysql_autocommit(w->my, 1);
	}
	t0 = now_s();
	deadline = t0 + secs;
	for (int i = 0; i < nt; i++)
		if (pthread_create(&ws[i].th, NULL, run, &ws[i]) != 0)
			return 1;
	for (int i = 0; i < nt; i++)
		pthread_join(ws[i].th, NULL);
	t1 = now_s();
	for (int i = 0; i < nt; i++) {
		ok += ws[i].ok;
		failed += ws[i].failed;
		n += ws[i].nlat;
	}
	if (mysql_query(my, sql) == 0 && (res = mysql_store_result(my)) != NULL &&
	    (row = mysql_fetch_row(res)) != NULL) {
		versions = atol(row[0]) - before;
		mysql_free_result(res);
	}
	if ((all = malloc(sizeof(double) * (size_t)(n ? n : 1))) == NULL)
		return 1;
	n = 0;
	for (int i = 0; i < nt; i++) {
		memcpy(all + n, ws[i].lat, sizeof(double) * (size_t)ws[i].nlat);
		n += ws[i].nlat;
		mysql_stmt_close(ws[i].ins);
		mysql_stmt_close(ws[i].upd);
		mysql_close(ws[i].my);
	}
	mysql_close(my);
	mysql_library_end();
	qsort(all, (size_t)n, sizeof(double), cmp_double);
	printf("ok %ld failed %ld seconds %.3f tps %.1f p50_ms %.2f p99_ms %.2f\n", ok, failed,
	    t1 - t0, (double)ok / (t1 - t0), n ? all[(n - 1) / 2] : 0.0,
	    n ? all[(long)((double)(n - 1) * 0.99)] : 0.0);
	if (versions != ok) {
		fprintf(stderr, "dbtx: %ld transactions reported, %ld row versions added\n", ok, versions);
		return 1;
	}
	return failed != 0;
}
