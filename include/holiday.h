/*
 * Ecuador's national holidays (table holiday). The publication deadline of
 * every institution depends on them (publication_deadline in monthly.h),
 * so the list belongs to the deployment, not to an institution: only its
 * operator changes it (metasctl holiday, or /feriados as super-admin).
 * A service shared by metasd and metasctl: it knows the database layer and
 * the rules, not HTTP. Each write is one transaction with an audit row in
 * the acting user's institution.
 */
#ifndef METAS_HOLIDAY_H
#define METAS_HOLIDAY_H

#include "account.h"

struct arena;
struct db;

#define HOLIDAY_NAME_MAX	120	/* characters (holiday.name VARCHAR(120)) */

struct holiday_row {
	const char	*day;		/* YYYY-MM-DD */
	const char	*name;
};

struct holiday_year {
	int		 year;
	int		 days;		/* holidays recorded for it */
};

/*
 * NULL when day is a date that exists, written YYYY-MM-DD, of the years
 * 2000 to 2100; else a Spanish message (constant). Pure.
 */
const char	*holiday_day_problem(const char *day);
/*
 * NULL when name is 1 to HOLIDAY_NAME_MAX characters of one line of text
 * (valid UTF-8, no control characters, not only blanks); else a Spanish
 * message (constant). Pure.
 */
const char	*holiday_name_problem(const char *name);
/* "dd/mm/aaaa" of a valid day, in the arena ("" for an invalid one). */
const char	*holiday_day_label(struct arena *, const char *day);
/* "lunes" ... "domingo" for a valid day, "" otherwise. Pure. */
const char	*holiday_weekday_name(const char *day);

/*
 * Add a holiday. On CHANGE_INVALID *field is "day" or "name" and *msg says
 * why; on CHANGE_CONFLICT (a holiday already on that day) *field is "day".
 * Nothing is written unless CHANGE_OK.
 */
enum change_result holiday_add(struct db *, struct arena *, long long inst,
		    const struct actor *, const char *day, const char *name,
		    const char **field, const char **msg);
/*
 * Remove the holiday of day. CHANGE_INVALID (malformed day) or
 * CHANGE_NOTFOUND (no holiday that day), with *msg in Spanish.
 */
enum change_result holiday_remove(struct db *, struct arena *, long long inst,
		    const struct actor *, const char *day, const char **msg);

#endif
