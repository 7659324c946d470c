/*
 * Unit tests of config.c: defaults, conf_load on temporary files, the
 * printer, conf_read_secret and conf_worker_count.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "tap.h"

static char path[] = "/tmp/metas-test-conf.XXXXXX";
static char err[512];
static struct conf c;

/* Write text to the temporary file. */
static void
put(const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

/* Load text over the defaults; returns conf_load's result. */
static int
load(const char *text)
{
	put(text);
	conf_defaults(&c);
	err[0] = '\0';
	return conf_load(&c, path, err, sizeof(err));
}

/* 1 when text fails to load with an error naming path:line and want. */
static int
refused(const char *text, int line, const char *want)
{
	char at[600];

	if (load(text) != -1)
		return 0;
	snprintf(at, sizeof(at), "%s:%d:", path, line);
	return strstr(err, at) != NULL && (want == NULL || strstr(err, want) != NULL);
}

static void
test_defaults(void)
{
	conf_defaults(&c);
	CHECK(strcmp(c.socket, "/run/metas/metasd.sock") == 0 && c.socket_mode == 0660 &&
	    c.socket_group[0] == '\0' && strcmp(c.user, "metas") == 0,
	    "conf: socket defaults");
	CHECK(c.workers == 0 && c.shutdown_timeout == 5, "conf: process defaults");
	CHECK(strcmp(c.db_socket, "/run/mysqld/mysqld.sock") == 0 && strcmp(c.db_name, "metas") == 0 &&
	    strcmp(c.db_user, "metas_app") == 0 && strcmp(c.db_user_host, "localhost") == 0 &&
	    strcmp(c.db_admin_user, "metas_owner") == 0 &&
	    c.db_password_file[0] == '\0' && c.db_admin_password_file[0] == '\0' &&
	    c.db_password[0] == '\0',
	    "conf: database defaults");
	CHECK(c.db_statement_timeout == 5 && c.db_connect_timeout == 2,
	    "conf: database timeout defaults");
	CHECK(c.max_body == 1024 * 1024 && strcmp(c.institution, "congope") == 0 &&
	    c.page_cache_ms == 1000 && c.log_requests == 1,
	    "conf: service defaults");
	CHECK(strcmp(c.sql_dir, METAS_SQLDIR) == 0, "conf: sql_dir defaults to the installed directory");
	CHECK(c.evidence_max_size == 10 * 1024 * 1024 && c.evidence_max_files == 5 &&
	    conf_upload_limit(&c) == 51 * 1024 * 1024,
	    "conf: evidence files default to 5 of 10 MiB: uploads up to 51 MiB with the form");
	CHECK(c.session_idle == 1800 && c.session_lifetime == 43200 && c.login_window == 900 &&
	    c.login_max_user_failures == 5 && c.login_max_ip_failures == 30,
	    "conf: session and login throttling defaults");
}

static void
test_load(void)
{
	char text[1600];

	CHECK(load(
	    "socket = /tmp/m.sock\n"
	    "socket_mode = 0600\n"
	    "socket_group = www-data\n"
	    "user = nobody\n"
	    "workers = 7\n"
	    "shutdown_timeout = 30\n"
	    "db_socket = /tmp/db.sock\n"
	    "db_name = metas_test\n"
	    "db_user = app\n"
	    "db_user_host = 10.0.0.%\n"
	    "db_password_file = /etc/metas/app.pw\n"
	    "db_admin_user = owner\n"
	    "db_admin_password_file = /etc/metas/owner.pw\n"
	    "db_statement_timeout = 10\n"
	    "db_connect_timeout = 3\n"
	    "max_body = 2048\n"
	    "institution = gadpp\n"
	    "page_cache_ms = 0\n"
	    "sql_dir = /srv/sql\n"
	    "log_requests = no\n"
	    "session_idle = 600\n"
	    "session_lifetime = 3600\n"
	    "login_window = 120\n"
	    "login_max_user_failures = 3\n"
	    "login_max_ip_failures = 100\n") == 0,
	    "conf: a file with every key loads");
	CHECK(strcmp(c.socket, "/tmp/m.sock") == 0 && c.socket_mode == 0600 &&
	    strcmp(c.socket_group, "www-data") == 0 && strcmp(c.user, "nobody") == 0 &&
	    c.workers == 7 && c.shutdown_timeout == 30,
	    "conf: socket and process keys take their values");
	CHECK(strcmp(c.db_socket, "/tmp/db.sock") == 0 && strcmp(c.db_name, "metas_test") == 0 &&
	    strcmp(c.db_user, "app") == 0 && strcmp(c.db_user_host, "10.0.0.%") == 0 &&
	    strcmp(c.db_password_file, "/etc/metas/app.pw") == 0 &&
	    strcmp(c.db_admin_user, "owner") == 0 &&
	    strcmp(c.db_admin_password_file, "/etc/metas/owner.pw") == 0 &&
	    c.db_statement_timeout == 10 && c.db_connect_timeout == 3,
	    "conf: database keys take their values");
	CHECK(c.max_body == 2048 && strcmp(c.institution, "gadpp") == 0 && c.page_cache_ms == 0 &&
	    strcmp(c.sql_dir, "/srv/sql") == 0 && c.log_requests == 0,
	    "conf: service keys take their values");
	CHECK(c.session_idle == 600 && c.session_lifetime == 3600 && c.login_window == 120 &&
	    c.login_max_user_failures == 3 && c.login_max_ip_failures == 100,
	    "conf: session and login keys take their values");

	CHECK(load("workers = 3\n") == 0 && c.workers == 3 && c.shutdown_timeout == 5 &&
	    strcmp(c.institution, "congope") == 0,
	    "conf: keys not in the file keep their defaults");
	CHECK(load("# comment\n\n   \n\t# indented comment\n  workers\t=\t4  \n\n") == 0 &&
	    c.workers == 4,
	    "conf: comments, blank lines and surrounding blanks are skipped");
	CHECK(load("workers = 5\r\ninstitution = x\r\n") == 0 && c.workers == 5 &&
	    strcmp(c.institution, "x") == 0,
	    "conf: CRLF line ends are accepted");
	CHECK(load("workers = 6") == 0 && c.workers == 6, "conf: a last line without newline is read");
	CHECK(load("") == 0 && c.workers == 0, "conf: an empty file gives the defaults");
	CHECK(load("socket_group =\n") == 0 && c.socket_group[0] == '\0',
	    "conf: an empty string value is accepted");
	CHECK(load("institution = a = b\n") == 0 && strcmp(c.institution, "a = b") == 0,
	    "conf: a value keeps '=' after the first one");
	CHECK(load("log_requests = 1\n") == 0 && c.log_requests == 1 &&
	    load("log_requests = 0\n") == 0 && c.log_requests == 0 &&
	    load("log_requests = yes\n") == 0 && c.log_requests == 1,
	    "conf: booleans accept yes/no/1/0");
	CHECK(load("institution = Gobierno Autónomo\n") == 0 &&
	    strcmp(c.institution, "Gobierno Autónomo") == 0,
	    "conf: UTF-8 string values are accepted");

	CHECK(refused("workers = 2\n\n# x\nfrobnicate = 1\n", 4, "frobnicate"),
	    "conf: an unknown key is an error naming its line and the key");
	CHECK(refused("workers = -1\n", 1, "workers"), "conf: workers = -1 is refused");
	CHECK(refused("workers = 257\n", 1, "workers"), "conf: workers over 256 is refused");
	CHECK(refused("workers = two\n", 1, "workers"), "conf: a non-numeric integer is refused");
	CHECK(refused("workers =\n", 1, "workers"), "conf: an empty integer is refused");
	CHECK(refused("socket_mode = 999\n", 1, "socket_mode"), "conf: socket_mode = 999 is refused");
	CHECK(refused("socket_mode = 0658\n", 1, "socket_mode"),
	    "conf: socket_mode with a non-octal digit is refused");
	CHECK(refused("socket_mode = 01777\n", 1, "socket_mode"),
	    "conf: socket_mode with more than four digits is refused");
	CHECK(refused("log_requests = maybe\n", 1, "log_requests"),
	    "conf: log_requests = maybe is refused");
	CHECK(refused("max_body = 1023\n", 1, "max_body"), "conf: max_body under 1024 is refused");
	CHECK(refused("evidence_max_files = 0\n", 1, "evidence_max_files") &&
	    refused("evidence_max_files = 101\n", 1, "evidence_max_files"),
	    "conf: evidence_max_files outside 1-100 is refused");
	CHECK(load("evidence_max_size = 1048576\nevidence_max_files = 2\nmax_body = 4096\n") == 0 &&
	    c.evidence_max_files == 2 && conf_upload_limit(&c) == 2 * 1048576 + 4096,
	    "conf: the upload limit is evidence_max_size × evidence_max_files + max_body");
	CHECK(load("evidence_max_size = 268435456\nevidence_max_files = 100\n"
	    "max_body = 1073741824\n") == 0 &&
	    conf_upload_limit(&c) == (size_t)268435456 * 100 + 1073741824,
	    "conf: the largest keys give the largest upload limit without overflow");
	CHECK(refused("shutdown_timeout = 0\n", 1, NULL), "conf: shutdown_timeout = 0 is refused");
	CHECK(refused("session_idle = 59\n", 1, "session_idle"), "conf: session_idle under 60 s is refused");
	CHECK(refused("login_max_user_failures = 26\n", 1, "login_max_user_failures"),
	    "conf: login_max_user_failures over 25 is refused");
	memset(text, 0, sizeof(text));
	memcpy(text, "db_name = ", 10);
	memset(text + 10, 'n', 64);
	text[10 + 64] = '\n';
	CHECK(refused(text, 1, "db_name"), "conf: a string longer than its buffer is refused");
	text[10 + 63] = '\n';
	text[10 + 64] = '\0';
	CHECK(load(text) == 0 && strlen(c.db_name) == 63,
	    "conf: a string that just fits its buffer is accepted");
	CHECK(refused("institution = caf\xc3\n", 1, "institution"),
	    "conf: a string value with invalid UTF-8 is refused");
	CHECK(refused("\nworkers 4\n", 2, NULL), "conf: a line without '=' is refused");
	memset(text, 'x', 1500);
	text[1500] = '\n';
	text[1501] = '\0';
	CHECK(refused(text, 1, "too long"), "conf: an over-long line is refused");
	CHECK(load("institution =\n") == -1 && strstr(err, "must not be empty") != NULL,
	    "conf: an empty institution is refused");
	CHECK(load("socket =\n") == -1, "conf: an empty socket is refused");
	CHECK(load("today = 2024-02-29\n") == 0 && strcmp(c.today, "2024-02-29") == 0,
	    "conf: today takes a date (29 February of a leap year)");
	CHECK(load("today =\n") == 0 && c.today[0] == '\0', "conf: an empty today is the clock");
	CHECK(load("today = 2023-02-29\n") == -1 && strstr(err, "YYYY-MM-DD") != NULL &&
	    load("today = 2023-13-01\n") == -1 && load("today = ayer\n") == -1 &&
	    load("today = 2023-1-05\n") == -1 && load("today = 2023-01-05x\n") == -1,
	    "conf: today that is not a real date is refused, not taken for the clock");

	err[0] = '\0';
	CHECK(conf_load(&c, "/nonexistent/metas.conf", err, sizeof(err)) == -1 &&
	    strstr(err, "/nonexistent/metas.conf") != NULL,
	    "conf: a missing file is an error naming it");
}

/* docs/metas.conf.example shows every key with its default. */
static void
test_example(void)
{
	struct conf d;
	char ex[1024];

	snprintf(ex, sizeof(ex), "%s/docs/metas.conf.example", METAS_SRCDIR);
	conf_defaults(&c);
	err[0] = '\0';
	CHECK(conf_load(&c, ex, err, sizeof(err)) == 0,
	    "conf: docs/metas.conf.example loads without error");
	conf_defaults(&d);
	snprintf(c.sql_dir, sizeof(c.sql_dir), "%s", d.sql_dir);	/* install prefix */
	CHECK(memcmp(&c, &d, sizeof(c)) == 0,
	    "conf: docs/metas.conf.example gives every key its default");
}

static void
test_print(void)
{
	struct conf a, b;
	FILE *f;

	conf_defaults(&c);
	load("workers = 9\nsocket_mode = 0640\nlog_requests = no\nmax_body = 4096\n"
	    "socket_group = metas\n");
	a = c;
	if ((f = fopen(path, "w")) != NULL) {
		conf_print(f, &a);
		fclose(f);
	}
	conf_defaults(&b);
	err[0] = '\0';
	CHECK(conf_load(&b, path, err, sizeof(err)) == 0 && b.workers == 9 &&
	    b.socket_mode == 0640 && b.log_requests == 0 && b.max_body == 4096 &&
	    strcmp(b.socket_group, "metas") == 0 && strcmp(b.sql_dir, a.sql_dir) == 0 &&
	    strcmp(b.socket, a.socket) == 0,
	    "conf: conf_print output loads back to the same values");
}

static void
test_secret(void)
{
	char out[16];

	put("s3cret\n");
	CHECK(conf_read_secret(path, out, sizeof(out), err, sizeof(err)) == 0 &&
	    strcmp(out, "s3cret") == 0,
	    "conf: read_secret strips the trailing newline");
	put("s3cret\r\n");
	CHECK(conf_read_secret(path, out, sizeof(out), err, sizeof(err)) == 0 &&
	    strcmp(out, "s3cret") == 0,
	    "conf: read_secret strips a trailing CRLF");
	put("s3 cret");
	CHECK(conf_read_secret(path, out, sizeof(out), err, sizeof(err)) == 0 &&
	    strcmp(out, "s3 cret") == 0,
	    "conf: read_secret reads a secret without newline as is");
	out[0] = 'x';
	CHECK(conf_read_secret("", out, sizeof(out), err, sizeof(err)) == 0 && out[0] == '\0',
	    "conf: read_secret of an empty path is an empty secret");
	put("0123456789abcdefghij\n");
	err[0] = '\0';
	CHECK(conf_read_secret(path, out, sizeof(out), err, sizeof(err)) == -1 &&
	    strstr(err, "too long") != NULL,
	    "conf: read_secret refuses a secret longer than the buffer");
	err[0] = '\0';
	CHECK(conf_read_secret("/nonexistent/pw", out, sizeof(out), err, sizeof(err)) == -1 &&
	    strstr(err, "/nonexistent/pw") != NULL,
	    "conf: read_secret of a missing file is an error naming it");
}

static void
test_workers(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want;

	if (cpus < 1)
		cpus = 1;
	if (cpus > 64)
		cpus = 64;
	want = (int)cpus * 2;
	conf_defaults(&c);
	c.workers = 3;
	CHECK(conf_worker_count(&c) == 3, "conf: worker_count is workers when set");
	c.workers = 0;
	CHECK(conf_worker_count(&c) == want, "conf: worker_count is two per online CPU when 0");
}

int
main(void)
{
	int fd = mkstemp(path);

	if (fd < 0) {
		CHECK(0, "conf: mkstemp");
		return TAP_DONE();
	}
	close(fd);
	test_defaults();
	test_load();
	test_example();
	test_print();
	test_secret();
	test_workers();
	unlink(path);
	return TAP_DONE();
}
