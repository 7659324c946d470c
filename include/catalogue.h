/*
 * Catalogue management: units, their objective per plan year, indicators
 * and goals, and copying a plan year to the next. Service functions; each
 * write is one transaction that also bumps the institution's
 * catalogue_version (so cached public pages refresh) and writes an audit
 * row. Deactivating keeps every row and its history.
 */
#ifndef METAS_CATALOGUE_H
#define METAS_CATALOGUE_H

#include <stddef.h>

#include "account.h"
#include "db.h"

struct arena;
struct db;

struct unit_input {
	int		 number;
	const char	*name;
	long long	 level_id;
	int		 active;
	int		 year;		/* plan year of the objective, and of the values above */
	const char	*objective;
	int		 first_year;	/* read: the year the unit exists from (0: always); create: its year */
	int		 in_year;	/* read: the unit exists in `year` */
};

struct indicator_input {
	long long	 unit_id;
	int		 year;
	int		 position;
	const char	*code;
	const char	*name;
	const char	*measure_unit;
	char		 aggregation;	/* 's', 'l', 'a' */
	const char	*baseline;	/* canonical decimal or NULL */
	int		 decimals;
	const char	*min;		/* canonical or NULL */
	const char	*max;
	int		 active;
};

struct goal_input {
	long long	 unit_id;
	int		 year;
	int		 position;
	const char	*code;
	const char	*text;
	const char	*target;	/* canonical or NULL */
	const char	*target_date;	/* YYYY-MM-DD or NULL */
	long long	*indicators;	/* linked indicators (same unit and year) */
	size_t		 nindicators;
	int		 active;
};

/* The contact block of the a4 matrix (empty strings: not given). */
struct contact_input {
	const char	*gpr_url;
	const char	*update_frequency;
	const char	*info_unit;
	const char	*responsible_name;
	const char	*responsible_email;
	const char	*responsible_phone;
	const char	*empty_text;	/* "NO APLICA" or "INFORMACIÓN NO DISPONIBLE" */
	const char	*logo_path;	/* absolute path of a PNG or JPEG, or "" */
};

/*
 * Validate and store the contact block. On CHANGE_INVALID, *field names the
 * offending input (gpr_url, email, phone, ...) and *msg says what.
 */
enum change_result catalogue_contact_save(struct db *, struct arena *, long long inst,
		    const struct actor *, const struct contact_input *, const char **field,
		    const char **msg);

/* id 0 creates; *id receives the row's id. CHANGE_* as for accounts. */
/*
 * Move a unit (by its number in plan year `year`, from that year on),
 * indicator or goal (by position in its unit and plan year) one place up or
 * down, swapping with its neighbour: one transaction, one audit row
 * "reorder". CHANGE_INVALID when it is already first (last);
 * CHANGE_NOTFOUND for another institution's id.
 */
enum change_result catalogue_move(struct db *, struct arena *, long long inst,
		    const struct actor *, enum catalogue_kind, long long id, int year, int up,
		    const char **msg);
enum change_result catalogue_unit_save(struct db *, struct arena *, long long inst,
		    const struct actor *, long long *id, const struct unit_input *, const char **msg);
enum change_result catalogue_indicator_save(struct db *, struct arena *, long long inst,
		    const struct actor *, long long *id, const struct indicator_input *,
		    const char **msg);
/*
 * NULL when a goal of plan year year may have date as its target date: no
 * date (NULL), or a real day YYYY-MM-DD between 1 January and 31 December
 * of year. Else a Spanish message (in the arena). Pure.
 */
const char	*catalogue_goal_date_problem(struct arena *, const char *date, int year);
enum change_result catalogue_goal_save(struct db *, struct arena *, long long inst,
		    const struct actor *, long long *id, const struct goal_input *, const char **msg);
/* Copy every objective, indicator, goal and link of plan year from to year to. */
enum change_result catalogue_copy_year(struct db *, struct arena *, long long inst,
		    const struct actor *, int from, int to, const char **msg);

/*
 * Values stored before an indicator's rule was tightened (fewer decimals, a
 * narrower min/max) stay as they are; the officer is told. Pure: of vals
 * (n, oldest first), those rule m no longer admits, as a Spanish notice
 * naming how many and the first ("Aviso: 1 valor guardado ..."), in the
 * arena; NULL when every one fits.
 */
struct value_row;
const char	*catalogue_rule_notice(struct arena *, const struct indicator_input *m,
		    const struct value_row *vals, size_t n);
/*
 * The notice for indicator id as stored now (two reads: its rule and its
 * values), or *notice NULL. Only for the catalogue's save path: never a
 * monthly page's or a value save's. CHANGE_NOTFOUND, CHANGE_ERROR.
 */
enum change_result catalogue_indicator_notice(struct db *, struct arena *, long long inst,
		    long long id, const char **notice);

#endif
