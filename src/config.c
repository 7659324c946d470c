/*
 * metas.conf: defaults, parser, printer. The table below is the one place a
 * key is declared; docs/metas.conf.5 documents the same keys.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "form.h"

#ifndef METAS_SQLDIR
#define METAS_SQLDIR "/usr/share/metas/sql"
#endif

enum ktype { K_STR, K_INT, K_OCT, K_SIZE, K_BOOL };

struct key {
	const char	*name;
	enum ktype	 type;
	size_t		 off;
	size_t		 size;	/* strings: buffer size */
	long long	 min, max;
};

#define S(f)		K_STR, offsetof(struct conf, f), sizeof(((struct conf *)0)->f), 0, 0
#define I(f, lo, hi)	K_INT, offsetof(struct conf, f), 0, lo, hi

static const struct key keys[] = {
	{ "socket",			S(socket) },
	{ "socket_mode",		K_OCT, offsetof(struct conf, socket_mode), 0, 0, 0777 },
	{ "socket_group",		S(socket_group) },
	{ "user",			S(user) },
	{ "workers",			I(workers, 0, 256) },
	{ "shutdown_timeout",		I(shutdown_timeout, 1, 300) },
	{ "db_socket",			S(db_socket) },
	{ "db_name",			S(db_name) },
	{ "db_user",			S(db_user) },
	{ "db_user_host",		S(db_user_host) },
	{ "db_password_file",		S(db_password_file) },
	{ "db_admin_user",		S(db_admin_user) },
	{ "db_admin_password_file",	S(db_admin_password_file) },
	{ "db_statement_timeout",	I(db_statement_timeout, 1, 3600) },
	{ "db_connect_timeout",		I(db_connect_timeout, 1, 60) },
	{ "max_body",			K_SIZE, offsetof(struct conf, max_body), 0, 1024, 1024LL * 1024 * 1024 },
	{ "institution",		S(institution) },
	{ "page_cache_ms",		I(page_cache_ms, 0, 3600000) },
	{ "cache_ms",			I(cache_ms, 0, 3600000) },
	{ "sql_dir",			S(sql_dir) },
	{ "log_requests",		K_BOOL, offsetof(struct conf, log_requests), 0, 0, 1 },
	{ "session_idle",		I(session_idle, 60, 86400) },
	{ "session_lifetime",		I(session_lifetime, 300, 30 * 86400) },
	{ "login_window",		I(login_window, 60, 86400) },
	{ "login_max_user_failures",	I(login_max_user_failures, 1, 25) },
	{ "login_max_ip_failures",	I(login_max_ip_failures, 1, 10000) },
	{ "entry_deadline_day",		I(entry_deadline_day, 1, 28) },
	{ "lock_days",			I(lock_days, 0, 366) },
	{ "today",			S(today) },
	{ "evidence_dir",		S(evidence_dir) },
	{ "evidence_max_size",		K_SIZE, offsetof(struct conf, evidence_max_size), 0, 1024, 256LL * 1024 * 1024 },
	{ "evidence_max_files",		I(evidence_max_files, 1, 100) },
	{ "publication_dir",		S(publication_dir) },
	{ "public_url",			S(public_url) },
	{ "signing_p12",		S(signing_p12) },
	{ "signing_password_file",	S(signing_password_file) },
	{ "signing_location",		S(signing_location) },
	{ "trust_store",		S(trust_store) },
};

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->socket, sizeof(c->socket), "/run/metas/metasd.sock");
	c->socket_mode = 0660;
	snprintf(c->user, sizeof(c->user), "metas");
	c->workers = 0;
	c->shutdown_timeout = 5;
	snprintf(c->db_socket, sizeof(c->db_socket), "/run/mysqld/mysqld.sock");
	snprintf(c->db_name, sizeof(c->db_name), "metas");
	snprintf(c->db_user, sizeof(c->db_user), "metas_app");
	snprintf(c->db_user_host, sizeof(c->db_user_host), "localhost");
	snprintf(c->db_admin_user, sizeof(c->db_admin_user), "metas_owner");
	c->db_statement_timeout = 5;
	c->db_connect_timeout = 2;
	c->max_body = 1024 * 1024;
	snprintf(c->institution, sizeof(c->institution), "congope");
	c->page_cache_ms = 1000;
	c->cache_ms = 1000;
	snprintf(c->sql_dir, sizeof(c->sql_dir), "%s", METAS_SQLDIR);
	c->log_requests = 1;
	c->session_idle = 30 * 60;
	c->session_lifetime = 12 * 3600;
	c->login_window = 15 * 60;
	c->login_max_user_failures = 5;
	c->login_max_ip_failures = 30;
	c->entry_deadline_day = 5;
	snprintf(c->evidence_dir, sizeof(c->evidence_dir), "/var/lib/metas/evidence");
	c->evidence_max_size = 10 * 1024 * 1024;
	c->evidence_max_files = 5;
	snprintf(c->publication_dir, sizeof(c->publication_dir), "/var/lib/metas/publicacion");
	snprintf(c->public_url, sizeof(c->public_url), "http://localhost");
	snprintf(c->signing_location, sizeof(c->signing_location), "Quito, Ecuador");
	snprintf(c->trust_store, sizeof(c->trust_store), "/etc/ssl/certs/ca-certificates.crt");
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
set_key(struct conf *c, const struct key *k, const char *v)
{
	char *base = (char *)c + k->off;
	size_t n = strlen(v);
	long long x = 0;

	switch (k->type) {
	case K_STR:
		if (n >= k->size || !utf8_valid(v, n))
			return -1;
		memcpy(base, v, n + 1);
		return 0;
	case K_INT:
		if (!parse_ll(v, n, k->min, k->max, &x))
			return -1;
		*(int *)(void *)base = (int)x;
		return 0;
	case K_OCT:
		if (n == 0 || n > 4)
			return -1;
		for (size_t i = 0; i < n; i++) {
			if (v[i] < '0' || v[i] > '7')
				return -1;
			x = x * 8 + (v[i] - '0');
		}
		if (x > k->max)
			return -1;
		*(unsigned *)(void *)base = (unsigned)x;
		return 0;
	case K_SIZE:
		if (!parse_ll(v, n, k->min, k->max, &x))
			return -1;
		*(size_t *)(void *)base = (size_t)x;
		return 0;
	case K_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "1") == 0)
			x = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "0") == 0)
			x = 0;
		else
			return -1;
		*(int *)(void *)base = (int)x;
		return 0;
	}
	return -1;
}

/* A calendar date written YYYY-MM-DD (the Gregorian rules for days in a month). */
static int
date_ok(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	char line[1024];
	FILE *f;
	int lineno = 0, rc = -1;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s, *eq, *k, *v;
		size_t i;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			goto out;
		}
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected \"key = value\"", path, lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(s);
		v = trim(eq + 1);
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(keys[i].name, k) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0])) {
			snprintf(err, errlen, "%s:%d: unknown key \"%s\"", path, lineno, k);
			goto out;
		}
		if (set_key(c, &keys[i], v) != 0) {
			snprintf(err, errlen, "%s:%d: invalid value for \"%s\"", path, lineno, k);
			goto out;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	if (c->socket[0] == '\0' || c->db_name[0] == '\0' || c->institution[0] == '\0') {
		snprintf(err, errlen, "%s: socket, db_name and institution must not be empty", path);
		goto out;
	}
	if (c->today[0] != '\0' && !date_ok(c->today)) {
		snprintf(err, errlen, "%s: today must be a date YYYY-MM-DD (or empty for the clock)",
		    path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

void
conf_print(FILE *out, const struct conf *c)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key *k = &keys[i];
		const char *base = (const char *)c + k->off;

		switch (k->type) {
		case K_STR:
			fprintf(out, "%s = %s\n", k->name, base);
			break;
		case K_INT:
			fprintf(out, "%s = %d\n", k->name, *(const int *)(const void *)base);
			break;
		case K_OCT:
			fprintf(out, "%s = %04o\n", k->name, *(const unsigned *)(const void *)base);
			break;
		case K_SIZE:
			fprintf(out, "%s = %zu\n", k->name, *(const size_t *)(const void *)base);
			break;
		case K_BOOL:
			fprintf(out, "%s = %s\n", k->name,
			    *(const int *)(const void *)base ? "yes" : "no");
			break;
		}
	}
}

int
conf_read_secret(const char *path, char *out, size_t outlen, char *err, size_t errlen)
{
	FILE *f;
	size_t n;

	out[0] = '\0';
	if (path[0] == '\0')
		return 0;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(out, 1, outlen - 1, f);
	fclose(f);
	out[n] = '\0';
	if (n == outlen - 1) {
		snprintf(err, errlen, "%s: secret too long", path);
		return -1;
	}
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

size_t
conf_upload_limit(const struct conf *c)
{
	/* at most 256 MiB × 100 + 1 GiB (the keys' ranges): no overflow */
	return c->evidence_max_size * (size_t)c->evidence_max_files + c->max_body;
}

int
conf_worker_count(const struct conf *c)
{
	long n;

	if (c->workers > 0)
		return c->workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	return (int)n * 2;
}
