/*
 * Monthly data entry: the month of a unit (its indicators, values, history
 * of the year so far, progress), saving values with optimistic locking and
 * history, the workflow borrador -> enviado -> aprobado (or devuelto), and
 * deadlines. Service functions: they know the database layer and the
 * rules, not HTTP. Every write is one transaction with its audit row.
 */
#ifndef METAS_MONTHLY_H
#define METAS_MONTHLY_H

#include <stddef.h>

struct arena;
struct db;
struct actor;
struct evidence_row;

enum period_state { PS_BORRADOR, PS_ENVIADO, PS_APROBADO, PS_DEVUELTO };

/* "enero" ... "diciembre" for month 1..12. */
const char	*month_name(int month);
const char	*period_state_name(enum period_state);	/* "borrador" ... */
const char	*period_state_label(enum period_state);	/* "Borrador" ... for people */

/* A calendar date. */
struct ymd { int y, m, d; };

/* Days from a to b (b - a). */
long		ymd_diff(struct ymd a, struct ymd b);
/* Today in America/Guayaquil, or the configured fixed date when set ("YYYY-MM-DD"). */
struct ymd	today_ec(const char *fixed);
/* The unit heads' deadline for period (year*100+month): day deadline_day of the next month. */
struct ymd	entry_deadline(int period, int deadline_day);
/*
 * The last day a month still open (borrador, devuelto) can be changed by its
 * unit: lock_days after its deadline, or reopened_until ("YYYY-MM-DD", NULL
 * when never reopened) when that is later. locked_by_date: 1 when today is
 * after it; never with lock_days 0 (months then lock only when approved).
 */
/* d plus n days (n >= 0). */
struct ymd	ymd_add_days(struct ymd d, int n);
struct ymd	lock_date(int period, int deadline_day, int lock_days, const char *reopened_until);
int		locked_by_date(struct ymd today, int period, int deadline_day, int lock_days,
		    const char *reopened_until);
int		parse_ymd(const char *s, struct ymd *out);
/*
 * The publication deadline of period: the 10th of the next month, or the
 * next working day when the 10th is a Saturday, Sunday or one of the
 * holidays ("YYYY-MM-DD" strings).
 */
struct ymd	publication_deadline(int period, const char *const *holidays, size_t n);

/*
 * Parse a number as people type it: "12", "12,5", "12.5", "1.234,5",
 * "1,234.5". At most decimals digits after the separator, inside
 * [min,max] when those are set (canonical decimal strings or NULL).
 * On success writes the canonical form ("1234.5") to out (size 40) and
 * returns NULL; otherwise a Spanish message (in a, when it names the
 * input: "1.234" for a whole number asks whether 1234 was meant, never
 * guessed; a may be NULL for a fixed message).
 */
const char	*parse_amount(struct arena *a, const char *in, int decimals, const char *min,
		    const char *max, char out[40]);
/* Show a canonical decimal the Ecuadorian way: "1.234,50" with decimals digits. */
const char	*format_amount(struct arena *, const char *canonical, int decimals);
/*
 * A canonical decimal as a form field shows it, so that parse_amount takes
 * it back unchanged: a decimal comma, no thousands separator ("1234,5").
 */
const char	*input_amount(struct arena *, const char *canonical);
/* Digits after the point of a canonical decimal ("2.5" -> 1, "3" -> 0, NULL -> 0). */
int		 amount_places(const char *canonical);
/*
 * 1 when a stored value (canonical) meets an indicator's rule: at most
 * decimals digits after the point, inside [min,max] when those are set.
 * A rule tightened after values were stored leaves some that do not.
 */
int		 amount_fits(const char *canonical, int decimals, const char *min,
		    const char *max);
/*
 * 1 when in, read at the stored value's own precision, is the stored value
 * (canonical, not NULL) itself: "2,5", "2.50" for 2.5. Such a value is sent
 * back unchanged and is not checked again against a rule tightened since.
 */
int		 amount_is_stored(const char *in, const char *stored);

struct month_value {
	int		 present;
	const char	*value;		/* canonical decimal, NULL when no number */
	const char	*comment;
	const char	*evidence_url;
	long long	 version;
	const char	*updated_by;
	const char	*updated_at;
};

struct month_indicator {
	long long	 id;
	const char	*code;
	const char	*name;
	const char	*measure_unit;
	char		 aggregation;	/* 's'um, 'l'ast, 'a'verage */
	int		 decimals;
	const char	*min;		/* canonical or NULL */
	const char	*max;
	int		 active;	/* 0: deactivated, shown only where it has a value */
	const char	*goal_code;
	const char	*goal_text;
	const char	*target;	/* canonical or NULL */
	struct month_value cur;		/* this month */
	const char	*months[12];	/* canonical values Jan..Dec of the plan year, NULL = none */
	int		 has_cumulative;
	double		 cumulative;	/* over the months up to this one */
	int		 cum_decimals;	/* digits to show it with: decimals, or more when a
					   stored value has more (a rule tightened since) */
	double		 progress;	/* cumulative / target * 100, when there is a target */
};

struct unit_month {
	long long		 unit_id;
	int			 unit_number;
	const char		*unit_name;
	int			 period;	/* year*100+month */
	enum period_state	 state;
	const char		*return_reason;
	long long		 version;
	struct ymd		 deadline;
	long			 days_left;	/* negative: late */
	struct month_indicator	*ind;
	size_t			 nind;
	struct evidence_row	*files;		/* evidence files of the month */
	size_t			 nfiles;
	/* handlers_monthly.c: an open month past its lock date (lock_days), and that date */
	int			 date_locked;
	struct ymd		 lock_day;
	/*
	 * 0: the unit is deactivated in the catalogue; its months are read-only
	 * for everyone (no value, file or workflow change) until it is active
	 * again. From the worker's copy of the catalogue (no query of its own).
	 */
	int			 unit_active;
};

/* What a change to a deactivated unit's month is refused with (MONTH_LOCKED). */
#define MONTHLY_UNIT_INACTIVE \
	"Esta unidad está desactivada en el catálogo; no recibe valores nuevos."

enum month_result {
	MONTH_OK,
	MONTH_NOTFOUND,		/* no such unit here, or no plan year for the period */
	MONTH_FUTURE,		/* the period has not started */
	MONTH_NOYEAR,		/* no plan year for the period */
	MONTH_INVALID,		/* message says what */
	MONTH_LOCKED,		/* approved (or sent) and not editable by this person, or the unit
				   is deactivated (msg says which) */
	MONTH_CONFLICT,		/* stale version: conflicts[] filled */
	MONTH_STATE,		/* workflow transition not allowed from this state */
	MONTH_ERROR,
};

/*
 * A unit's month, everything in the request's arena. The unit's catalogue
 * and the month's values, files and state come from the worker's copies
 * while db_month_check() says they are current (one cheap query, or none
 * when the session lookup read it along: db_session_prefetch()).
 */
enum month_result monthly_load(struct db *, struct arena *, long long inst, long long unit,
		    int period, struct ymd today, int deadline_day, struct unit_month *);

/* One value to save. version 0 = the person saw no value yet. */
struct value_input {
	long long	 indicator_id;
	const char	*value;		/* canonical or NULL (no number) */
	const char	*comment;
	const char	*evidence_url;
	long long	 version;
};

struct value_conflict {
	long long	 indicator_id;
	struct month_value theirs;
};

/*
 * Save values of one unit's month in one transaction. A unit head may save
 * while the month is borrador or devuelto; an officer (correct = 1) may
 * change an approved month with a reason, recorded as a correction. Values
 * equal to what is stored are skipped. On MONTH_CONFLICT nothing is saved
 * and *conflicts lists the stale ones.
 */
enum month_result monthly_save(struct db *, struct arena *, long long inst,
		    const struct actor *, long long unit, int period, int correct,
		    const char *reason, const struct value_input *, size_t n,
		    struct value_conflict **conflicts, size_t *nconflicts, const char **msg);

/*
 * Save one value (the API's PUT) with the fewest statements. h is what
 * db_value_head() read, unlocked, just before: when the month is open to
 * this writer and the stored version is the one sent, one UPDATE checks
 * both again under the month's lock and writes; anything else goes the way
 * of monthly_save(), with the same answers. *version: the version stored
 * after the save (unchanged for a value equal to the stored one).
 */
struct value_head;
enum month_result monthly_save_value(struct db *, struct arena *, long long inst,
		    const struct actor *, int period, int correct, const char *reason,
		    const struct value_head *h, const struct value_input *,
		    long long *version, struct value_conflict **conflicts, size_t *nconflicts,
		    const char **msg);

/*
 * Record an uploaded evidence file (already stored by its SHA-256) for an
 * indicator's month, under the same rules as saving a value: the month must
 * be editable by this person (correct = the officer on an approved month).
 */
enum month_result monthly_attach(struct db *, struct arena *, long long inst,
		    const struct actor *, long long unit, int period, int correct,
		    long long indicator, const char *sha256, const char *filename,
		    const char *ctype, size_t size, const char **msg);

/*
 * Take an evidence file (e, from db_evidence_get, of this unit's month) off
 * its month under the same rules, with an audit row "remove" (and the
 * reason, for a correction). The row and the stored bytes stay. MONTH_OK
 * also when it was already off.
 */
struct evidence_row;
enum month_result monthly_detach(struct db *, struct arena *, long long inst,
		    const struct actor *, long long unit, int correct, const char *reason,
		    const struct evidence_row *e, const char **msg);

enum transition { TR_SUBMIT, TR_APPROVE, TR_RETURN };
enum month_result monthly_transition(struct db *, struct arena *, long long inst,
		    const struct actor *, long long unit, int period, enum transition,
		    const char *reason, const char **msg);
/*
 * The officer reopens a month its unit has not sent (borrador, devuelto) until
 * the day until ("YYYY-MM-DD"), past its lock date; an audit row "reopen".
 * MONTH_STATE when the month was sent or approved.
 */
enum month_result monthly_reopen(struct db *, struct arena *, long long inst,
		    const struct actor *, long long unit, int period, const char *until,
		    const char **msg);

/* The officer's dashboard: every active unit's state for a month. */
struct dash_row {
	long long		 unit_id;
	int			 number;
	const char		*name;
	enum period_state	 state;
	int			 indicators;
	int			 filled;
	const char		*submitted_on;	/* YYYY-MM-DD (Ecuador), NULL: never sent */
	const char		*reopened_until; /* YYYY-MM-DD, NULL: never reopened */
	int			 active;	/* the unit is active in the catalogue */
	/*
	 * The unit is expected to report this month: active, with an active
	 * indicator in the plan year (UNIT_EXPECTED in db.c, the one rule).
	 * Only these count as pending, approved, and so on.
	 */
	int			 expected;
};
enum month_result monthly_dashboard(struct db *, struct arena *, long long inst, int period,
		    struct dash_row **, size_t *);

#endif
