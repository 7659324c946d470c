/*
 * The database layer. Every SQL statement of the server lives in db.c as a
 * constant prepared statement, prepared when the worker connects (and again
 * after a reconnect). Callers see typed functions only; this header does
 * not include <mysql.h>.
 *
 * Functions return DB_OK, DB_NOTFOUND, or DB_ERROR (connection lost and
 * not recoverable now, or a statement failed; the reason is logged).
 */
#ifndef METAS_DB_H
#define METAS_DB_H

#include "epoch.h"

#include <stddef.h>

#include "monthly.h"

struct arena;
struct conf;
struct matrix;

enum db_status {
	DB_OK = 0,
	DB_NOTFOUND,
	DB_ERROR,
	DB_DUPLICATE,	/* a unique key refused the write */
};

struct db;

/* Process-wide init, before forking workers. */
int		db_library_init(void);
/*
 * A handle for this process. Connects now if it can; if the server is down
 * the handle still works and connects on first use.
 */
struct db	*db_open(const struct conf *, const char *user, const char *password);
void		 db_close(struct db *);
/* Cheap round trip (reconnecting if needed): DB_OK when the server answers. */
enum db_status	 db_ping(struct db *);
/* Counters for logs and metrics. */
unsigned long	 db_reconnects(const struct db *);

/* The catalogue version of an institution (bumped by every catalogue change). */
enum db_status	 db_catalogue_version(struct db *, const char *slug, unsigned long long *out);
/*
 * Load the matrix of institution slug for plan year (0 = the latest).
 * DB_NOTFOUND when the institution or year does not exist.
 */
enum db_status	 db_matrix_load(struct db *, struct arena *, const char *slug, int year,
		    struct matrix *out);

/* ---- transactions: every request's writes happen in one ---- */
enum db_status	 db_begin(struct db *);
/*
 * A transaction whose writes touch only the months of this unit (values,
 * evidence files, workflow): its commit invalidates the workers' copies of
 * that unit's months only, not every copy (epoch.h).
 */
enum db_status	 db_begin_unit(struct db *, long long unit);
enum db_status	 db_commit(struct db *);
void		 db_rollback(struct db *);
unsigned long long db_affected(const struct db *);
/* 1 when the last failure was a deadlock or lock timeout: the transaction may be retried. */
int		 db_deadlocked(const struct db *);

/* ---- institution and units ---- */
struct unit_row {
	long long	 id;
	int		 number;
	const char	*name;
	int		 active;
};

enum db_status	 db_institution_id(struct db *, struct arena *, const char *slug, long long *);
/*
 * The units that exist in plan year `year`, with that year's number and name
 * (units are effective-dated by plan year: 013_unit_year.sql); year 0: every
 * unit, with its latest values.
 */
enum db_status	 db_units_list(struct db *, struct arena *, long long inst, int year,
		    struct unit_row **, size_t *);
enum db_status	 db_unit_in_institution(struct db *, struct arena *, long long inst,
		    long long unit, int *yes);

/* ---- users (struct user and friends are in account.h) ---- */
struct user;
struct session_row;
struct audit_row;
struct audit_filter;
struct actor;

/* *hash is the stored PHC string. DB_NOTFOUND when no such user. */
enum db_status	 db_user_by_name(struct db *, struct arena *, long long inst,
		    const char *username, struct user *, const char **hash);
enum db_status	 db_user_get(struct db *, struct arena *, long long inst, long long id,
		    struct user *);
/* The hash, locking the row (inside a transaction). */
enum db_status	 db_user_hash_locked(struct db *, struct arena *, long long inst,
		    long long id, const char **hash);
enum db_status	 db_user_set_password(struct db *, long long inst, long long id,
		    const char *hash, int must_change);
/* DB_DUPLICATE when the username is taken. */
enum db_status	 db_user_insert(struct db *, struct arena *, long long inst,
		    const struct user *, const char *hash, long long *id);
/* Optimistic: DB_NOTFOUND when u->version is stale (or no such user). */
enum db_status	 db_user_update(struct db *, struct arena *, const struct user *);
enum db_status	 db_user_units_set(struct db *, long long inst, long long user,
		    const long long *units, size_t n);
enum db_status	 db_users_list(struct db *, struct arena *, long long inst, const char *q,
		    int limit, int offset, struct user **, size_t *, long long *total);
/* Active admins other than id, locking their rows. */
enum db_status	 db_other_active_admins(struct db *, struct arena *, long long inst,
		    long long id, long long *count);

struct failure_counts {
	int	user, user_last_age;	/* failures in window, seconds since the last */
	int	ip, ip_last_age;
};
enum db_status	 db_failures(struct db *, struct arena *, long long inst, const char *username,
		    const char *ip, int window_s, struct failure_counts *);
enum db_status	 db_failure_add(struct db *, long long inst, const char *username, const char *ip);
enum db_status	 db_failures_clear(struct db *, long long inst, const char *username);

/*
 * A session with its user, in one round trip. The user's units come from a
 * per-worker copy kept under (user id, user version, catalogue_version):
 * every change of a user's units bumps the user's version (account.c) and
 * a unit's renumbering bumps catalogue_version, so a change shows on the
 * next request. user->roles carries ROLE_SUPERADMIN when the user has the
 * operator flag (fcgi.c decides where it counts).
 */
struct session_lookup {
	long long	 session_id;
	const char	*csrf;
	long long	 idle_s;
	long long	 age_s;
	struct user	*user;
	unsigned long long catalogue_version;	/* of the user's institution */
};
enum db_status	 db_session_insert(struct db *, const unsigned char hash[32], long long inst,
		    long long user, const char *csrf, const char *ip, const char *ua);
enum db_status	 db_session_lookup(struct db *, struct arena *, const unsigned char hash[32],
		    struct session_lookup *);
/*
 * Ask the next db_session_lookup to read along, in its one round trip, what
 * this request's handler will check first: DB_PREFETCH_MONTH, what
 * db_month_check(unit id, period) reads (a unit's month page, GET);
 * DB_PREFETCH_VALUE, what db_value_head(indicator id, period) reads (a
 * value save). The matching call then takes it instead of a query, once;
 * any other lookup, and db_begin, drop it. NONE asks for nothing.
 */
enum db_prefetch {
	DB_PREFETCH_NONE = 0,
	DB_PREFETCH_MONTH,
	DB_PREFETCH_VALUE,
};
void		 db_session_prefetch(struct db *, enum db_prefetch, long long id, int period);
/* Refresh last_seen (at most every 30 s, to spare writes). */
enum db_status	 db_session_touch(struct db *, long long id);
enum db_status	 db_session_delete(struct db *, long long id);
/* Every session of user but except (0 = all). */
enum db_status	 db_sessions_delete_user(struct db *, long long user, long long except);
enum db_status	 db_sessions_list(struct db *, struct arena *, long long user, long long current,
		    struct session_row **, size_t *);
enum db_status	 db_session_delete_own(struct db *, long long id, long long user);

enum db_status	 db_audit_insert(struct db *, long long inst, const struct actor *,
		    const char *action, const char *entity, const char *entity_id,
		    const char *before_json, const char *after_json);
enum db_status	 db_audit_list(struct db *, struct arena *, long long inst,
		    const struct audit_filter *, struct audit_row **, size_t *);

/* ---- monthly data entry (types in monthly.h) ---- */
struct value_row {
	long long		 indicator_id;
	int			 period;	/* year*100+month */
	struct month_value	 v;
};

struct period_row {
	enum period_state state;
	const char	*return_reason;
	long long	 version;
	int		 unit_active;	/* the unit's active flag in the catalogue */
};

/* A unit with its number and name of plan year `year` (0: its latest). */
enum db_status	 db_unit_get(struct db *, struct arena *, long long inst, long long id, int year,
		    struct unit_row *);
/* The indicators of a unit in the plan year, active first (then deactivated ones), each
 * with its first goal. */
enum db_status	 db_month_indicators(struct db *, struct arena *, long long inst, long long unit,
		    int year, struct month_indicator **, size_t *);
/* Values of a unit's indicators for periods from..to (year*100+month). */
enum db_status	 db_month_values(struct db *, struct arena *, long long inst, long long unit,
		    int from, int to, struct value_row **, size_t *);
/* DB_NOTFOUND: no row yet (the month is a draft). lock: SELECT ... FOR UPDATE. */
enum db_status	 db_period_get(struct db *, struct arena *, long long unit, int period, int lock,
		    struct period_row *);
/* The first month of from..to (year*100+month) the unit has not sent yet (no row, borrador
 * or devuelto) and its state; 0 when every one was sent. */
enum db_status	 db_first_open_period(struct db *, struct arena *, long long unit, int from,
		    int to, int *period, enum period_state *state);
/*
 * The months from..to with units in a state, oldest first, and how many each,
 * counting only units expected to report that month (UNIT_EXPECTED in db.c).
 */
enum db_status	 db_periods_in_state(struct db *, struct arena *, long long inst,
		    enum period_state, int from, int to, int **periods, int **counts, size_t *n);
/* How many units are expected to report in the plan year (UNIT_EXPECTED in db.c:
 * active, with an active indicator in that year). */
enum db_status	 db_units_expected(struct db *, struct arena *, long long inst, int year,
		    int *n);
/* The day the month was reopened until ("YYYY-MM-DD"), NULL when never (or no row). */
enum db_status	 db_period_reopened(struct db *, struct arena *, long long unit, int period,
		    const char **until);
enum db_status	 db_period_reopen(struct db *, struct arena *, long long unit, int period,
		    const char *until);
/* Whether the institution published a report of the period (any version). */
enum db_status	 db_period_published(struct db *, struct arena *, long long inst, int period,
		    int *yes);
enum db_status	 db_period_ensure(struct db *, struct arena *, long long inst, long long unit,
		    int period);
enum db_status	 db_period_set(struct db *, struct arena *, long long unit, int period,
		    enum period_state, const char *reason, long long actor);
/*
 * The non-catalogue part of a unit's month in one query: the institution's
 * catalogue_version, the month's state (period_found 0: no row, a draft),
 * the values of periods from..period and the month's evidence files (by id).
 */
struct month_state {
	unsigned long long	 catalogue_version;
	int			 period_found;
	struct period_row	 period;
	struct value_row	*vals;
	size_t			 nvals;
	struct evidence_row	*files;
	size_t			 nfiles;
};
enum db_status	 db_month_state(struct db *, struct arena *, long long inst, long long unit,
		    int from, int period, struct month_state *);
/*
 * What says whether a cached month is still current, in one cheap round
 * trip: the institution's catalogue_version and the month's row (found 0:
 * none yet). Every write to a month's values, files or state bumps the
 * row's version in its own transaction (monthly.c).
 */
struct month_check {
	unsigned long long	 catalogue_version;
	int			 period_found;
	enum period_state	 state;
	long long		 version;
	/* the year's values up to the month: how many, and the sum of their versions */
	long long		 ytd_n, ytd_total;
	struct epoch_stamp	 stamp;		/* taken before it was read (epoch.h) */
};
enum db_status	 db_month_check(struct db *, struct arena *, long long inst, long long unit,
		    int period, struct month_check *);
/* Inside a transaction: bump the month's row version (its values or files changed). */
enum db_status	 db_period_bump(struct db *, struct arena *, long long unit, int period);
/*
 * The same, only when the month is open to the writer (correct: aprobado;
 * otherwise borrador or devuelto); it locks the row. *open 0: not bumped.
 */
enum db_status	 db_period_bump_open(struct db *, struct arena *, long long unit, int period,
		    int correct, int *open);
/*
 * What saving one value needs, read without locks: the indicator's unit,
 * plan year, active flag and bounds, the month's state and the stored
 * value (cur.present 0: none). DB_NOTFOUND: no such indicator here.
 */
struct value_head {
	long long		 unit_id;
	int			 year;
	int			 active;
	int			 decimals;
	const char		*min, *max;	/* canonical or NULL */
	int			 period_found;
	enum period_state	 state;
	struct month_value	 cur;
	int			 unit_active;	/* the indicator's unit is active in the catalogue */
};
enum db_status	 db_value_head(struct db *, struct arena *, long long inst, long long ind,
		    int period, struct value_head *);
/*
 * Inside a transaction: update the stored value from in->version to the next
 * one when the month's row says it is open (correct: aprobado; otherwise
 * borrador or devuelto), and bump that row's version in the same statement
 * (which locks it as a transition's FOR UPDATE does). *changed 0: nothing
 * written (stale version, state, or no row).
 */
enum db_status	 db_value_update_open(struct db *, struct arena *, long long unit,
		    const struct value_input *, int period, long long actor, int correct,
		    int *changed);
/* The stored value, locked (inside a transaction); DB_NOTFOUND when none. */
enum db_status	 db_value_lock(struct db *, struct arena *, long long ind, int period,
		    struct month_value *);
/* Insert, or update when in->version matches (DB_NOTFOUND when stale). */
enum db_status	 db_value_write(struct db *, struct arena *, long long inst,
		    const struct value_input *, int period, long long actor, int insert);
enum db_status	 db_history_insert(struct db *, struct arena *, long long inst, long long ind,
		    int period, int correction, const char *before, const struct value_input *after,
		    const char *reason, const struct actor *);
enum db_status	 db_indicator_unit(struct db *, struct arena *, long long inst, long long ind,
		    long long *unit);
struct history_row {
	int		 period;
	int		 correction;
	const char	*before;	/* canonical or NULL */
	const char	*after;
	const char	*comment;	/* after the change */
	const char	*evidence;	/* the evidence link after the change, "" for none */
	const char	*reason;
	const char	*actor;
	const char	*at;
	int		 file_event;	/* 0: a value's change; 1: a file added, 2: removed */
	const char	*file;		/* its name, for a file event */
};
/* The unit and plan year of an indicator of this institution. */
enum db_status	 db_indicator_head(struct db *, struct arena *, long long inst, long long ind,
		    long long *unit, int *year);
/* Changes of an indicator's values, and its evidence files added and removed, newest first. */
enum db_status	 db_value_history(struct db *, struct arena *, long long inst, long long ind,
		    struct history_row **, size_t *);
struct evidence_row {
	long long	 id;
	long long	 indicator_id;
	int		 period;
	const char	*sha256;
	const char	*filename;
	const char	*content_type;
	size_t		 size;
	const char	*removed_on;	/* "dd/mm/yyyy" once taken off its month, else NULL */
};
enum db_status	 db_evidence_insert(struct db *, struct arena *, long long inst,
		    const struct evidence_row *, long long actor, long long *id);
/*
 * Take a file off its month (the row and the bytes stay), with the reason of
 * a correction or NULL; DB_NOTFOUND if already off.
 */
enum db_status	 db_evidence_remove(struct db *, long long inst, long long id, long long actor,
		    const char *reason);
/*
 * One file of this institution, removed or not, with the unit it belongs to
 * (for access checks).
 */
enum db_status	 db_evidence_get(struct db *, struct arena *, long long inst, long long id,
		    struct evidence_row *, long long *unit);
/* Reordering the catalogue: what moves (the index of the statements in db.c). */
enum catalogue_kind { KIND_UNIT, KIND_INDICATOR, KIND_GOAL };
/*
 * The item just before (up) or after an item in its list, locked for the
 * transaction, with both places (number or position); DB_NOTFOUND: none.
 */
enum db_status	 db_move_neighbour(struct db *, struct arena *, long long inst,
		    enum catalogue_kind, long long id, int up, long long *other, int *mine,
		    int *theirs);
enum db_status	 db_move_set(struct db *, long long inst, enum catalogue_kind, long long id,
		    int place);
/* The purge of the evidence folder (metasctl evidence purge), over every institution. */
struct evidence_unpurged {	/* a file taken off its month, its bytes not erased yet */
	long long	 id;
	long long	 inst;
	const char	*sha256;
	const char	*filename;
	size_t		 size;
};
/* The SHA-256 of every file still on a month, sorted (strcmp order), once each. */
enum db_status	 db_evidence_live_shas(struct db *, struct arena *, const char ***, size_t *);
enum db_status	 db_evidence_unpurged(struct db *, struct arena *, struct evidence_unpurged **,
		    size_t *);
/* Record that a removed file's bytes were erased; DB_NOTFOUND if already recorded. */
enum db_status	 db_evidence_mark_purged(struct db *, long long id);
/* ---- catalogue management (inputs in catalogue.h) ---- */
struct unit_input;
struct indicator_input;
struct goal_input;

struct level_row {
	long long	 id;
	const char	*name;
};
struct item_row {		/* an indicator or a goal of a unit, for listing */
	int		 goal;
	long long	 id;
	int		 position;
	const char	*code;
	const char	*text;
	int		 active;
};
enum db_status	 db_levels(struct db *, struct arena *, long long inst, struct level_row **, size_t *);
enum db_status	 db_level_in_institution(struct db *, struct arena *, long long inst, long long id,
		    int *yes);
/* The plan year's id; with create, made when missing. */
enum db_status	 db_plan_year_id(struct db *, struct arena *, long long inst, int year, int create,
		    long long *id);
/* A unit as it is in plan year `year` (0: its latest), with first_year and in_year. */
enum db_status	 db_unit_row(struct db *, struct arena *, long long inst, long long id, int year,
		    struct unit_input *);
/* *id 0 inserts (and sets *id; first_year from the input, 0: none); else the unit's own row. */
enum db_status	 db_unit_save(struct db *, long long inst, long long *id, const struct unit_input *);
/* A number two units existing in plan year `year` share there (0: none). */
enum db_status	 db_unit_number_clash(struct db *, struct arena *, long long inst, int year,
		    int *number);
/* The first plan year of a unit: its first_year, else the institution's first (0: none). */
enum db_status	 db_unit_base_year(struct db *, struct arena *, long long inst, long long id,
		    int *year);
/* The unit's number, name and level from plan year `year` on (a unit_year row). */
enum db_status	 db_unit_year_save(struct db *, long long inst, long long id, int year,
		    const struct unit_input *);
enum db_status	 db_unit_set_active(struct db *, long long inst, long long id, int active);
/* set != NULL: store the objective; else *get receives it (NULL when none). */
enum db_status	 db_objective(struct db *, struct arena *, long long inst, long long unit,
		    long long plan_year_id, const char *set, const char **get);
enum db_status	 db_indicator_row(struct db *, struct arena *, long long inst, long long id,
		    struct indicator_input *);
/* The numbers stored for an indicator, oldest month first (period and v.value only). */
enum db_status	 db_indicator_values(struct db *, struct arena *, long long inst, long long ind,
		    struct value_row **, size_t *);
enum db_status	 db_indicator_save(struct db *, long long inst, long long plan_year_id, long long *id,
		    const struct indicator_input *);
enum db_status	 db_goal_row(struct db *, struct arena *, long long inst, long long id,
		    struct goal_input *);
/* Saves the goal and replaces its links. */
enum db_status	 db_goal_save(struct db *, long long inst, long long plan_year_id, long long *id,
		    const struct goal_input *);
enum db_status	 db_catalogue_bump(struct db *, long long inst);
/* Objectives + indicators + goals of a plan year. */
enum db_status	 db_year_rows(struct db *, struct arena *, long long plan_year_id, long long *n);
enum db_status	 db_copy_year(struct db *, long long inst, long long from_id, long long to_id);
enum db_status	 db_unit_items(struct db *, struct arena *, long long inst, long long unit, int year,
		    struct item_row **, size_t *);
/* National holidays between two dates (YYYY-MM-DD, inclusive), as YYYY-MM-DD. */
enum db_status	 db_holidays(struct db *, struct arena *, const char *from, const char *to,
		    const char ***days, size_t *n);
/* ---- the holiday table itself (holiday.c; types in holiday.h) ---- */
struct holiday_row;
struct holiday_year;
/* The holidays of year (0: every year), by day. */
enum db_status	 db_holiday_list(struct db *, struct arena *, int year, struct holiday_row **,
		    size_t *);
/* Each year that has holidays, with how many, by year. */
enum db_status	 db_holiday_years(struct db *, struct arena *, struct holiday_year **, size_t *);
/* The name of day's holiday; DB_NOTFOUND when none. lock: SELECT ... FOR UPDATE. */
enum db_status	 db_holiday_get(struct db *, struct arena *, const char *day, int lock,
		    const char **name);
/* DB_DUPLICATE when the day already has a holiday. */
enum db_status	 db_holiday_insert(struct db *, const char *day, const char *name);
/* DB_NOTFOUND when the day has no holiday. */
enum db_status	 db_holiday_delete(struct db *, const char *day);
struct contact_input;
/* set != NULL: store the contact block (bumps catalogue_version); else read it into get. */
enum db_status	 db_contact(struct db *, struct arena *, long long inst,
		    const struct contact_input *set, struct contact_input *get);
/* The applied migration versions (schema_migrations). */
enum db_status	 db_schema_versions(struct db *, struct arena *, int **versions, size_t *n);
/* 1 when the handle holds a live connection. */
int		 db_connected(const struct db *);
/* The latest plan year of the institution up to year upto (0: any); when every plan year
 * is later than upto, the latest. */
enum db_status	 db_latest_year(struct db *, struct arena *, long long inst, int upto, int *year);
enum db_status	 db_dashboard(struct db *, struct arena *, long long inst, int period,
		    struct dash_row **, size_t *);

/* ---- a4 reports (report.c) ---- */
struct report_row {
	long long	 id;
	const char	*period;	/* YYYY-MM */
	int		 draft;
	const char	*sha256;
	long long	 size;
	int		 pages;
	const char	*created_by;	/* user name, or "metasctl" */
	const char	*created_at;	/* dd/mm/aaaa hh:mm */
	const char	*pdf;		/* db_report_get only: size bytes, in the arena */
	const char	*data_period;	/* insert: the month a "sin cambios" report repeats, or NULL */
};
enum db_status	 db_report_insert(struct db *, long long inst, const struct report_row *,
		    long long actor, long long *id);
/* Newest first; period "" = every month. */
enum db_status	 db_report_list(struct db *, struct arena *, long long inst, const char *period,
		    int limit, struct report_row **, size_t *);
/* With the PDF bytes. DB_NOTFOUND when no such report here. */
enum db_status	 db_report_get(struct db *, struct arena *, long long inst, long long id,
		    struct report_row *);
/* DB_OK when report id is inst's, DB_NOTFOUND when not (its PDF is not read). */
enum db_status	 db_report_exists(struct db *, struct arena *, long long inst, long long id);

/* An open-data file of a report (migration 006, opendata.h). */
struct report_file_row {
	const char	*name;		/* datos.csv | metadatos.csv | diccionario.csv | datos.json */
	const char	*content_type;
	const char	*sha256;	/* of content, lowercase hex */
	long long	 size;
	const char	*content;	/* size bytes (NUL-terminated in the arena) */
	const char	*period;	/* get only: the report's YYYY-MM */
};
/* Inside the report's transaction. */
enum db_status	 db_report_file_insert(struct db *, long long inst, long long report_id,
		    const struct report_file_row *);
/* With the content. DB_NOTFOUND when the report (here) has no such file. */
enum db_status	 db_report_file_get(struct db *, struct arena *, long long inst,
		    long long report_id, const char *name, struct report_file_row *);

/* ---- signed revisions of reports and publications (publish.c) ---- */
struct signature_row {
	long long	 id;
	long long	 report_id;
	int		 seq;		/* the report's n-th signed revision */
	int		 signatures;	/* signatures the file carries */
	const char	*method;	/* institucional | p12 | externo */
	const char	*signer_name;
	const char	*signer_subject;
	const char	*signer_issuer;
	const char	*signer_serial;
	const char	*signed_at;	/* insert: "YYYY-MM-DD HH:MM:SS"; read: dd/mm/aaaa hh:mm:ss */
	const char	*sha256;
	long long	 size;
	const char	*created_by;
	const char	*created_at;
	const char	*pdf;		/* latest/get/insert: size bytes */
};
/* The newest signed revision of a report, with its PDF; DB_NOTFOUND when none. */
enum db_status	 db_signature_latest(struct db *, struct arena *, long long inst, long long report_id,
		    struct signature_row *);
enum db_status	 db_signature_get(struct db *, struct arena *, long long inst, long long id,
		    struct signature_row *);
/* Without the PDFs, newest first; report_id 0 = every report. */
enum db_status	 db_signature_list(struct db *, struct arena *, long long inst, long long report_id,
		    int limit, struct signature_row **, size_t *);
/* DB_DUPLICATE when that revision number was just taken. */
enum db_status	 db_signature_insert(struct db *, long long inst, const struct signature_row *,
		    long long actor, long long *id);

struct publication_row {
	long long	 id;
	const char	*period;	/* YYYY-MM */
	int		 version;
	const char	*kind;		/* mensual | correccion | sin_cambios */
	const char	*reason;	/* "" for a first version */
	long long	 report_id;
	long long	 signature_id;
	const char	*sha256;	/* of the published PDF */
	const char	*dataset_sha256;
	const char	*report_sha256;	/* of the unsigned report (the QR code's key) */
	const char	*signer_name;
	const char	*signed_at;	/* dd/mm/aaaa hh:mm:ss */
	const char	*published_by;
	const char	*published_at;	/* dd/mm/aaaa hh:mm */
	const char	*published_date;	/* YYYY-MM-DD */
	const char	*data_period;	/* the month whose content it shows (YYYY-MM) */
	int		 signatures;
	long long	 size;
};
/* Inside a transaction: the next version for period, locking the month's rows. */
enum db_status	 db_publication_next_version(struct db *, struct arena *, long long inst,
		    const char *period, int *version);
/*
 * Insert r (signer, signing time and PDF hash copied from its signature
 * row). DB_NOTFOUND when the signature is not this report's; DB_DUPLICATE
 * when that version or that PDF is already published.
 */
enum db_status	 db_publication_insert(struct db *, long long inst, const struct publication_row *,
		    long long actor, long long *id);
/* Newest month first, then newest version; period "" = all. */
enum db_status	 db_publication_list(struct db *, struct arena *, long long inst, const char *period,
		    struct publication_row **, size_t *);
/* The institution's name (for public pages). */
enum db_status	 db_institution_name(struct db *, struct arena *, long long inst, const char **);
/* The publications whose PDF, or whose unsigned report, has this SHA-256. */
enum db_status	 db_publication_find(struct db *, struct arena *, long long inst, const char *sha256,
		    struct publication_row **, size_t *);

/* ---- institutions of the deployment (tenant.c, institution.c) ---- */
struct tenant_name {
	long long	 id;
	const char	*name;		/* slug or host name */
};
/* Every institution's slug (hosts 0) or every host name (hosts 1). */
enum db_status	 db_tenant_names(struct db *, struct arena *, int hosts, struct tenant_name **,
		    size_t *);
struct institution_row {
	long long	 id;
	const char	*slug;
	const char	*name;
	const char	*short_name;
	const char	*hosts;		/* comma-separated, "" when none */
	const char	*created_at;	/* dd/mm/aaaa */
	int		 is_demo;
	long long	 users;
};
/* Every institution, by name. */
enum db_status	 db_institutions_list(struct db *, struct arena *, struct institution_row **,
		    size_t *);
/* DB_DUPLICATE when the slug (or the host name) is taken. */
enum db_status	 db_institution_insert(struct db *, const char *slug, const char *name,
		    const char *short_name, long long *id);
enum db_status	 db_host_insert(struct db *, const char *host, long long inst);
enum db_status	 db_level_insert(struct db *, long long inst, int position, const char *name);
/* *yes is 1 when the active user (id, inst) carries the super-admin flag. */
enum db_status	 db_user_superadmin(struct db *, struct arena *, long long inst, long long user,
		    int *yes);
/* DB_NOTFOUND when no such user. */
enum db_status	 db_user_set_superadmin(struct db *, long long inst, long long user, int on);

#endif
