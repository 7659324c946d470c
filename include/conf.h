/*
 * The configuration file shared by metasd and metasctl (metas.conf(5)).
 * Lines are "key = value"; '#' starts a comment. Unknown keys and bad
 * values are errors, reported with the line number.
 */
#ifndef METAS_CONF_H
#define METAS_CONF_H

#include <stdio.h>
#include <stddef.h>

#define CONF_STR	256

struct conf {
	char		socket[CONF_STR];	/* FastCGI listen socket path */
	unsigned	socket_mode;		/* octal, e.g. 0660 */
	char		socket_group[64];	/* group of the socket ("" = unchanged) */
	char		user[64];		/* user to run as when started as root */
	int		workers;		/* 0 = two per core */
	int		shutdown_timeout;	/* seconds before SIGKILL */
	char		db_socket[CONF_STR];
	char		db_name[64];
	char		db_user[64];
	char		db_user_host[64];	/* host part of the runtime account, for GRANT */
	char		db_password_file[CONF_STR];
	char		db_admin_user[64];	/* migrations owner (metasctl) */
	char		db_admin_password_file[CONF_STR];
	int		db_statement_timeout;	/* seconds, max_statement_time */
	int		db_connect_timeout;	/* seconds */
	size_t		max_body;		/* bytes; above it 413 */
	char		institution[64];	/* slug served at / */
	int		page_cache_ms;		/* revalidation interval of cached pages */
	int		cache_ms;		/* oldest copy of a session or month used (epoch.h) */
	char		sql_dir[CONF_STR];	/* migrations, for metasctl */
	int		log_requests;		/* 1: one line per request */
	int		session_idle;		/* seconds without use before a session ends */
	int		session_lifetime;	/* seconds after login before a session ends */
	int		login_window;		/* seconds over which failed logins count */
	int		login_max_user_failures;	/* per account in the window */
	int		login_max_ip_failures;		/* per client address in the window */
	int		entry_deadline_day;	/* unit heads' deadline: this day of the next month */
	int		lock_days;		/* an open month locks this long after it; 0: never */
	char		today[16];		/* fixed "YYYY-MM-DD" for tests; empty: the clock */
	char		evidence_dir[CONF_STR];	/* uploaded evidence files */
	size_t		evidence_max_size;	/* bytes per file */
	int		evidence_max_files;	/* files one request may carry */
	char		publication_dir[CONF_STR];	/* published files, served by nginx */
	char		public_url[CONF_STR];	/* base URL citizens reach, for the QR code */
	char		signing_p12[CONF_STR];	/* the institution's certificate (.p12), or empty */
	char		signing_password_file[CONF_STR];	/* its password */
	char		signing_location[128];	/* "Location" of signatures */
	char		trust_store[CONF_STR];	/* CA certificates (PEM) signatures must chain to */
	/*
	 * Not a key: the runtime account's password, read from
	 * db_password_file by the master before it drops privileges.
	 */
	char		db_password[256];
};

/* Fill c with the documented defaults. */
void	conf_defaults(struct conf *);
/*
 * Read path over the defaults. Returns 0, or -1 with a message in err
 * naming the file and line.
 */
int	conf_load(struct conf *, const char *path, char *err, size_t errlen);
/* Print every key with its effective value, in file syntax. */
void	conf_print(FILE *, const struct conf *);
/*
 * Read a one-line secret file (trailing newline removed) into out.
 * Returns 0, or -1 with err set. An empty path gives an empty secret.
 */
int	conf_read_secret(const char *path, char *out, size_t outlen, char *err, size_t errlen);
/*
 * The largest body metasd accepts, on routes that take files:
 * evidence_max_size × evidence_max_files + max_body (other routes: max_body).
 * nginx's client_max_body_size must be this value (metasd --upload-limit).
 */
size_t	conf_upload_limit(const struct conf *);
/* Effective worker count (workers, or two per online CPU). */
int	conf_worker_count(const struct conf *);

#endif
