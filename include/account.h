/*
 * Accounts: users, sessions, login throttling, the audit trail. These are
 * service functions: they know the database layer and the rules, not HTTP.
 * Every write runs in one transaction that also writes its audit row.
 */
#ifndef METAS_ACCOUNT_H
#define METAS_ACCOUNT_H

#include <stddef.h>

#include "auth.h"

struct arena;
struct db;

struct user {
	long long	 id;
	long long	 institution_id;
	const char	*username;
	const char	*display_name;
	const char	*email;
	unsigned	 roles;		/* ROLE_ADMIN | ROLE_TRANSPARENCIA | ROLE_JEFE */
	int		 active;
	int		 must_change;
	long long	 version;
	long long	*units;		/* unit ids (jefe) */
	size_t		 nunits;
	const char	*created_at;
	const char	*updated_at;
};

struct session_row {
	long long	 id;
	const char	*created_at;
	const char	*last_seen;
	const char	*ip;
	const char	*user_agent;
	int		 current;
};

struct audit_row {
	long long	 id;
	const char	*at;
	long long	 actor_id;
	const char	*actor_name;
	const char	*ip;
	const char	*action;
	const char	*entity;
	const char	*entity_id;
	const char	*before_json;	/* NULL when none */
	const char	*after_json;
};

struct audit_filter {
	const char	*entity;	/* "" = any */
	const char	*action;	/* "" = any */
	const char	*actor;		/* username, "" = any */
	const char	*from;		/* YYYY-MM-DD, "" = open */
	const char	*to;		/* YYYY-MM-DD inclusive, "" = open */
	long long	 before_id;	/* page: rows with id < before_id; 0 = newest */
	int		 limit;
};

/* Who is acting and from where, for the audit row. */
struct actor {
	long long	 id;		/* 0 = nobody (failed login) or metasctl */
	const char	*name;
	const char	*ip;
};

/* 1 when s is a valid username: 3..64 of [a-z0-9._-]. */
int		 valid_username(const char *);
/* 1 when s is empty or a plausible e-mail address. */
int		 valid_email_text(const char *s);

/* Role names as stored (SET column) <-> ROLE_* bits. */
unsigned	 roles_from_names(const char *);
const char	*roles_to_names(struct arena *, unsigned);
/* Spanish label of a role bit. */
const char	*role_label(unsigned);

enum login_result {
	LOGIN_OK,
	LOGIN_FAILED,		/* one answer for every cause */
	LOGIN_THROTTLED,	/* too many failures: try after *retry_after seconds */
	LOGIN_ERROR,		/* database unavailable */
};

struct login_out {
	char		 token[AUTH_TOKEN_LEN + 1];	/* the cookie value */
	char		 csrf[AUTH_CSRF_LEN + 1];
	long long	 user_id;
	int		 must_change;
	int		 retry_after;
};

struct login_policy {
	int	window_s;		/* counting window */
	int	max_user_failures;	/* per account in the window */
	int	max_ip_failures;	/* per address in the window */
};

enum login_result account_login(struct db *, struct arena *, long long inst,
		    const char *username, const char *password, const char *ip,
		    const char *user_agent, const struct login_policy *, struct login_out *);

/* The session behind a cookie token. */
struct session_ctx {
	struct user	*user;
	long long	 session_id;
	char		 csrf[AUTH_CSRF_LEN + 1];
};

enum session_result { SESSION_NONE, SESSION_OK, SESSION_EXPIRED, SESSION_ERROR };

enum session_result account_session(struct db *, struct arena *, const char *token,
		    int idle_s, int lifetime_s, struct session_ctx *);
/* Log out: delete the session, audit. */
int		account_logout(struct db *, long long inst, const struct session_ctx *,
		    const char *ip);

/* Result of an account change, with a Spanish message for the person. */
enum change_result {
	CHANGE_OK,
	CHANGE_INVALID,		/* message says what */
	CHANGE_NOTFOUND,
	CHANGE_CONFLICT,	/* stale version or duplicate username */
	CHANGE_LAST_ADMIN,
	CHANGE_ERROR,
};

struct user_change {		/* NULL / -1 fields are left unchanged (PATCH) */
	const char	*username;	/* create only */
	const char	*display_name;
	const char	*email;
	int		 roles;		/* -1 = unchanged */
	int		 active;	/* -1 = unchanged */
	long long	*units;		/* NULL = unchanged */
	size_t		 nunits;
	const char	*password;	/* create: the temporary password */
	long long	 version;	/* update: expected version, 0 = don't check */
};

enum change_result account_user_create(struct db *, struct arena *, long long inst,
		    const struct actor *, const struct user_change *, long long *id,
		    const char **msg);
enum change_result account_user_update(struct db *, struct arena *, long long inst,
		    const struct actor *, long long id, const struct user_change *,
		    const char **msg);
/* Admin sets a temporary password; the user must change it at next login. */
enum change_result account_password_reset(struct db *, struct arena *, long long inst,
		    const struct actor *, long long id, const char *password, const char **msg);
/*
 * A user changes their own password (current one re-entered). Every
 * session of the user ends; a new one is made for the caller in *out.
 */
enum change_result account_password_change(struct db *, struct arena *, long long inst,
		    const struct actor *, const struct session_ctx *, const char *current,
		    const char *next, const char *ip, const char *user_agent,
		    struct login_out *out, const char **msg);
/* Close one of the caller's other sessions. */
enum change_result account_session_close(struct db *, long long inst, const struct actor *,
		    const struct session_ctx *, long long session_id);

#endif
