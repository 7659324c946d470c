/*
 * hello — the benchmark's baseline: the least a libfcgi responder can do.
 *
 *   hello SOCKET WORKERS [BYTES]
 *
 * Listens on the unix socket SOCKET (mode 0666, so nginx's unprivileged
 * workers reach it) and forks WORKERS processes, each running the same
 * loop as a metasd worker (FCGX_Accept_r with one FCGX_Request per process)
 * and answering every request with a 13-byte text/plain body, "Hello,
 * world\n" (or BYTES bytes of it repeated, to separate the cost of a large
 * page's bytes from the cost of making it). No database, no parsing, no
 * logging: what scripts/bench measures for metasd is read as a ratio to
 * this. Not installed; scripts/bench builds it with cc.
 *
 *   hello SOCKET WORKERS --tx DBSOCKET DATABASE ROWS
 *
 * The same responder with a write behind it: the ceiling of any value save
 * through nginx on this machine (docs/performance.md). Each worker keeps
 * one connection to MariaDB on the unix socket DBSOCKET (root, no password:
 * the benchmark's private server) and, for every request, before answering,
 * runs the bare transaction of tests/bench/dbtx.c on a row of its own
 * (k = 1000 + worker), with ROWS rows inserted into tx_log instead of one:
 *
 *   START TRANSACTION
 *   INSERT INTO tx_log (k, v) VALUES (?, ?)          ROWS times (prepared)
 *   UPDATE tx_row SET v = ?, version = version + 1 WHERE k = ?   (prepared)
 *   COMMIT
 *
 * ROWS = 1 is dbtx behind HTTP; ROWS = 2 is the least a save writes (the
 * value, its history row, its audit row) with no session, no check and no
 * read. It reads nothing from the request and answers 500 when the
 * transaction fails. The tables are dbtx's; the sum of tx_row.version over
 * k >= 1000 counts the committed requests.
 *
 * SIGTERM or SIGINT to the parent stops the children and removes SOCKET.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "benchdb.h"

#define MAX_WORKERS	256
#define MAX_BYTES	(16L * 1024 * 1024)

static const char hello[] = "Hello, world\n";

/* The response, built once before the fork; never freed. */
static char head[128];
static int head_len;
static char *body;
static int body_len;

static volatile sig_atomic_t stopping;

/* --tx: where the transaction goes, and how many tx_log rows it inserts. */
static const char *tx_sock, *tx_db;
static long tx_rows;

static const char fail_head[] =
    "Status: 500 Internal Server Error\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 7\r\n"
    "\r\n"
    "failed\n";

struct tx {
	MYSQL		*my;
	MYSQL_STMT	*ins, *upd;
	int		 k, v;
};

/* The worker's connection, statements and row; 0 on success. */
static int
tx_open(struct tx *t, int k)
{
	char sql[128];

	t->k = k;
	t->v = 0;
	if ((t->my = bench_connect("hello", tx_sock, tx_db, 0)) == NULL)
		return -1;
	/* dbtx's tables, if dbtx has not run yet. */
	if (mysql_query(t->my, "CREATE TABLE IF NOT EXISTS tx_row (k INT NOT NULL PRIMARY KEY, "
	    "v INT NOT NULL, version INT NOT NULL) ENGINE=InnoDB") != 0 ||
	    mysql_query(t->my, "CREATE TABLE IF NOT EXISTS tx_log (id BIGINT UNSIGNED NOT NULL "
	    "AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL, v INT NOT NULL, "
	    "at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB") != 0) {
		fprintf(stderr, "hello: create: %s\n", mysql_error(t->my));
		return -1;
	}
	snprintf(sql, sizeof(sql), "INSERT IGNORE INTO tx_row (k, v, version) VALUES (%d, 0, 0)", k);
	if (mysql_query(t->my, sql) != 0) {
		fprintf(stderr, "hello: %s\n", mysql_error(t->my));
		return -1;
	}
	t->ins = bench_prepare("hello", t->my, "INSERT INTO tx_log (k, v) VALUES (?, ?)");
	t->upd = bench_prepare("hello", t->my,
	    "UPDATE tx_row SET v = ?, version = version + 1 WHERE k = ?");
	return t->ins != NULL && t->upd != NULL ? 0 : -1;
}

static int
tx_run(struct tx *t)
{
	t->v++;
	if (mysql_query(t->my, "START TRANSACTION") != 0)
		return -1;
	for (long i = 0; i < tx_rows; i++)
		if (bench_exec2(t->ins, t->k, t->v) != 0)
			goto fail;
	if (bench_exec2(t->upd, t->v, t->k) != 0 || mysql_stmt_affected_rows(t->upd) != 1 ||
	    mysql_commit(t->my) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "hello: %s\n", mysql_error(t->my));
	mysql_rollback(t->my);
	return -1;
}

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
serve(int listen_fd, int worker)
{
	FCGX_Request rq;
	struct tx t = { NULL, NULL, NULL, 0, 0 };

	if (FCGX_Init() != 0 || FCGX_InitRequest(&rq, listen_fd, 0) != 0) {
		fprintf(stderr, "hello: cannot initialise libfcgi\n");
		return 1;
	}
	if (tx_sock != NULL && tx_open(&t, 1000 + worker) != 0)
		return 1;
	while (FCGX_Accept_r(&rq) >= 0) {
		if (tx_sock != NULL && tx_run(&t) != 0) {
			FCGX_PutStr(fail_head, (int)sizeof(fail_head) - 1, rq.out);
			FCGX_Finish_r(&rq);
			continue;
		}
		FCGX_PutStr(head, head_len, rq.out);
		FCGX_PutStr(body, body_len, rq.out);
		FCGX_Finish_r(&rq);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	pid_t pids[MAX_WORKERS];
	struct sigaction sa;
	char *end;
	long n, bytes = (long)sizeof(hello) - 1;
	int fd, alive = 0;

	if (argc == 7 && strcmp(argv[3], "--tx") == 0) {
		tx_sock = argv[4];
		tx_db = argv[5];
		errno = 0;
		tx_rows = strtol(argv[6], &end, 10);
		if (errno != 0 || end == argv[6] || *end != '\0' || tx_rows < 1 || tx_rows > 16) {
			fprintf(stderr, "hello: ROWS must be a number from 1 to 16\n");
			return 2;
		}
		argc = 3;
	} else if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: hello SOCKET WORKERS [BYTES]\n"
		    "       hello SOCKET WORKERS --tx DBSOCKET DATABASE ROWS\n");
		return 2;
	}
	errno = 0;
	n = strtol(argv[2], &end, 10);
	if (errno != 0 || end == argv[2] || *end != '\0' || n < 1 || n > MAX_WORKERS) {
		fprintf(stderr, "hello: WORKERS must be a number from 1 to %d\n", MAX_WORKERS);
		return 2;
	}
	if (argc == 4) {
		errno = 0;
		bytes = strtol(argv[3], &end, 10);
		if (errno != 0 || end == argv[3] || *end != '\0' || bytes < 1 || bytes > MAX_BYTES) {
			fprintf(stderr, "hello: BYTES must be a number from 1 to %ld\n", MAX_BYTES);
			return 2;
		}
	}
	if ((body = malloc((size_t)bytes)) == NULL) {
		fprintf(stderr, "hello: out of memory\n");
		return 1;
	}
	for (long i = 0; i < bytes; i++)
		body[i] = hello[i % (long)(sizeof(hello) - 1)];
	body_len = (int)bytes;
	head_len = snprintf(head, sizeof(head),
	    "Status: 200 OK\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: %ld\r\n"
	    "\r\n", bytes);
	if (head_len < 0 || (size_t)head_len >= sizeof(head)) {
		fprintf(stderr, "hello: header too long\n");
		return 1;
	}
	if (argv[1][0] == ':' || strlen(argv[1]) > 100) {
		fprintf(stderr, "hello: SOCKET must be a unix socket path under 100 bytes\n");
		return 2;
	}
	unlink(argv[1]);
	if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0) {
		fprintf(stderr, "hello: cannot listen on %s\n", argv[1]);
		return 1;
	}
	if (chmod(argv[1], 0666) != 0) {
		fprintf(stderr, "hello: chmod %s: %s\n", argv[1], strerror(errno));
		return 1;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "hello: fork: %s\n", strerror(errno));
			stopping = 1;
			break;
		}
		if (pid == 0) {
			/* Children die with the default action, even blocked in accept. */
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() == 1)
				_exit(0);
			_exit(serve(fd, (int)i));
		}
		pids[alive++] = pid;
	}
	close(fd);

	/* Wait until told to stop or a child dies; then stop the rest. */
	while (!stopping) {
		pid_t pid = wait(NULL);

		if (pid > 0) {
			fprintf(stderr, "hello: worker %d exited\n", (int)pid);
			break;
		}
		if (errno != EINTR)
			break;
	}
	for (int i = 0; i < alive; i++)
		kill(pids[i], SIGTERM);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	unlink(argv[1]);
	return stopping ? 0 : 1;
}
