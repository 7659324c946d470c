/*
 * The institutions of a deployment: listing them and creating one with its
 * first administrator (super-administrator only; metasctl institution
 * add). A service: it knows the database layer and the rules, not HTTP.
 */
#ifndef METAS_INSTITUTION_H
#define METAS_INSTITUTION_H

#include <stddef.h>

#include "account.h"

struct arena;
struct db;

#define INSTITUTION_MAX_HOSTS	8

struct institution_input {
	const char	*slug;		/* 2..40 of [a-z0-9-]: the path prefix /i/<slug>/ */
	const char	*name;
	const char	*short_name;	/* "" = the slug in upper case */
	const char	*hosts;		/* host names separated by commas or spaces; "" = none */
	const char	*admin_username;
	const char	*admin_name;	/* "" = "Administración" */
	const char	*admin_password;	/* temporary: changed at first login */
};

struct institution_made {
	long long	 id;
	long long	 admin_id;
	const char	**hosts;	/* normalised */
	size_t		 nhosts;
};

/*
 * Create the institution, its host names, the standard process levels, an
 * empty plan year for year, and its first administrator (who must change
 * the password at first login), in one transaction with an audit row in
 * the new institution and one in the operator's (operator_inst). On
 * CHANGE_INVALID / CHANGE_CONFLICT *msg says why in Spanish and nothing
 * was written.
 */
enum change_result institution_create(struct db *, struct arena *, long long operator_inst,
		    const struct actor *, const struct institution_input *, int year,
		    struct institution_made *, const char **msg);

#endif
