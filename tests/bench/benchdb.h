/*
 * What tests/bench/dbtx.c, hello.c and save-sql.c share: a monotonic
 * clock in seconds, a root connection to the benchmark's private MariaDB
 * (utf8mb4, unix socket, no password), a prepared statement and its
 * execution with two INT parameters. Header
 * only: each program is one file built by a single cc command.
 */
#ifndef METAS_BENCHDB_H
#define METAS_BENCHDB_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

static inline double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* prog names the program in messages; flags go to mysql_real_connect. */
static inline MYSQL *
bench_connect(const char *prog, const char *sock, const char *db, unsigned long flags)
{
	MYSQL *my = mysql_init(NULL);

	if (my == NULL)
		return NULL;
	mysql_optionsv(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(my, NULL, "root", NULL, db, 0, sock, flags) == NULL) {
		fprintf(stderr, "%s: connect: %s\n", prog, mysql_error(my));
		mysql_close(my);
		return NULL;
	}
	return my;
}

/* NULL (with a message) when the statement does not prepare. */
static inline MYSQL_STMT *
bench_prepare(const char *prog, MYSQL *my, const char *sql)
{
	MYSQL_STMT *st = mysql_stmt_init(my);

	if (st == NULL || mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		fprintf(stderr, "%s: prepare %s: %s\n", prog, sql, mysql_error(my));
		return NULL;
	}
	return st;
}

/* Run st with two INT parameters; 0 on success. */
static inline int
bench_exec2(MYSQL_STMT *st, int a, int b)
{
	MYSQL_BIND bind[2];

	memset(bind, 0, sizeof(bind));
	bind[0].buffer_type = MYSQL_TYPE_LONG;
	bind[0].buffer = &a;
	bind[1].buffer_type = MYSQL_TYPE_LONG;
	bind[1].buffer = &b;
	return mysql_stmt_bind_param(st, bind) != 0 || mysql_stmt_execute(st) != 0 ? -1 : 0;
}

#endif
