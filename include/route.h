/*
 * The route table: method + path pattern -> handler + required role.
 * Pattern segments are literals or {id} (1..2147483647, no leading zero),
 * {period} (YYYY-MM) and {sha256} (64 lowercase hex digits).
 * Every route must declare its role; route_table_check() refuses a table
 * with an undeclared one, and metasd does not start.
 */
#ifndef METAS_ROUTE_H
#define METAS_ROUTE_H

#include <stddef.h>

#include "http.h"

enum role {
	ROLE_UNDECLARED		= 0,
	ROLE_PUBLIC		= 1 << 0,	/* no login needed */
	ROLE_USER		= 1 << 1,	/* any logged-in user */
	ROLE_ADMIN		= 1 << 2,
	ROLE_TRANSPARENCIA	= 1 << 3,
	ROLE_JEFE		= 1 << 4,
	/*
	 * Operator of the deployment: lists and creates institutions, keeps
	 * the national holidays (/feriados). A flag on the user row (set with
	 * metasctl), honoured only for users of the default institution; it
	 * grants no access to any institution's data.
	 */
	ROLE_SUPERADMIN		= 1 << 5,
};

typedef void (*handler_fn)(struct ctx *);

struct route {
	enum http_method	 method;
	const char		*pattern;
	handler_fn		 handler;
	unsigned		 roles;		/* any of these may call it */
	const char		*class;		/* route class for logs and metrics */
	unsigned		 flags;
};

/* Reachable while the user must change their password. */
#define ROUTE_PW_CHANGE_OK	0x1
/* A public mutation that does its own CSRF check (login). */
#define ROUTE_OWN_CSRF		0x2
/* Takes file uploads: bodies up to conf_upload_limit(), evidence_max_files files. */
#define ROUTE_UPLOAD		0x4
/*
 * The session lookup also reads what the handler checks first, in the same
 * round trip (db_session_prefetch): the month of {id}/{period} (a unit's
 * month page), or the value of indicator {id} in {period} (a value save).
 */
#define ROUTE_PREFETCH_MONTH	0x8
#define ROUTE_PREFETCH_VALUE	0x10

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,	/* no pattern matches the path: 404 */
	ROUTE_BAD_METHOD,	/* the path matches, the method does not: 405 */
};

/* The server's routes (routes.c). */
extern const struct route	routes[];
extern const size_t		nroutes;

/* 0 when the table is valid; -1 with a message naming the bad route. */
int	route_table_check(const struct route *, size_t, char *err, size_t errlen);
/*
 * Find the route for method and path. HEAD matches GET routes. On
 * ROUTE_BAD_METHOD, allow (size allowlen) lists the allowed methods.
 */
enum route_match route_find(const struct route *, size_t, enum http_method,
		    const char *path, const struct route **found, struct route_args *,
		    char *allow, size_t allowlen);

#endif
