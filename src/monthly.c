/*
 * Monthly data entry: loading a unit's month, saving values with optimistic
 * locking and history, the workflow, deadlines, and the numbers people type.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "arena.h"
#include "db.h"
#include "epoch.h"
#include "form.h"
#include "json.h"
#include "monthly.h"

static const char *const state_names[] = { "borrador", "enviado", "aprobado", "devuelto" };
static const char *const state_labels[] = { "Borrador", "Enviado", "Aprobado", "Devuelto" };

const char *
month_name(int m)
{
	static const char *const names[] = { "enero", "febrero", "marzo", "abril", "mayo", "junio",
		"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre" };

	return m >= 1 && m <= 12 ? names[m - 1] : "";
}

const char *
period_state_name(enum period_state s)
{
	return state_names[s];
}

const char *
period_state_label(enum period_state s)
{
	return state_labels[s];
}

/* ---- dates ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long
days_from_civil(struct ymd d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

long
ymd_diff(struct ymd a, struct ymd b)
{
	return days_from_civil(b) - days_from_civil(a);
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int
parse_ymd(const char *s, struct ymd *out)
{
	long long y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !parse_ll(s, 4, 2000, 2100, &y) || !parse_ll(s + 5, 2, 1, 12, &m) ||
	    !parse_ll(s + 8, 2, 1, 31, &d) || s[5] == '+' || s[8] == '+' ||
	    d > days_in_month((int)y, (int)m))
		return -1;
	out->y = (int)y;
	out->m = (int)m;
	out->d = (int)d;
	return 0;
}

struct ymd
today_ec(const char *fixed)
{
	struct ymd d;
	struct tm tm;
	time_t t;

	if (fixed != NULL && fixed[0] != '\0' && parse_ymd(fixed, &d) == 0)
		return d;
	t = time(NULL) - 5 * 3600;	/* America/Guayaquil: UTC-5, no daylight saving */
	gmtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

struct ymd
entry_deadline(int period, int deadline_day)
{
	struct ymd d = { period / 100, period % 100 + 1, deadline_day };

	if (d.m > 12) {
		d.m = 1;
		d.y++;
	}
	if (d.d > days_in_month(d.y, d.m))
		d.d = days_in_month(d.y, d.m);
	return d;
}

/* 0 = Monday ... 6 = Sunday. */
static int
weekday(struct ymd d)
{
	long z = days_from_civil(d);	/* 1970-01-01 was a Thursday */

	return (int)(((z % 7) + 7 + 3) % 7);
}

static struct ymd
next_day(struct ymd d)
{
	if (++d.d > days_in_month(d.y, d.m)) {
		d.d = 1;
		if (++d.m > 12) {
			d.m = 1;
			d.y++;
		}
	}
	return d;
}

struct ymd
publication_deadline(int period, const char *const *holidays, size_t n)
{
	struct ymd d = entry_deadline(period, 10);

	for (;;) {
		char s[16];
		int holiday = 0;

		snprintf(s, sizeof(s), "%04d-%02d-%02d", d.y, d.m, d.d);
		for (size_t i = 0; i < n; i++)
			holiday |= strcmp(holidays[i], s) == 0;
		if (weekday(d) < 5 && !holiday)
			return d;
		d = next_day(d);
	}
}

struct ymd
ymd_add_days(struct ymd d, int n)
{
	for (int i = 0; i < n; i++)
		d = next_day(d);
	return d;
}

struct ymd
lock_date(int period, int deadline_day, int lock_days, const char *reopened_until)
{
	struct ymd d = ymd_add_days(entry_deadline(period, deadline_day), lock_days), r;

	if (reopened_until != NULL && parse_ymd(reopened_until, &r) == 0 && ymd_diff(d, r) > 0)
		d = r;
	return d;
}

int
locked_by_date(struct ymd today, int period, int deadline_day, int lock_days,
    const char *reopened_until)
{
	return lock_days > 0 &&
	    ymd_diff(lock_date(period, deadline_day, lock_days, reopened_until), today) > 0;
}

/* ---- numbers ------------------------------------------------------------------ */

/* 1 when s[0..n) is digits in groups of three after the first (1-3 digits). */
static int
grouped(const char *s, size_t n, char sep)
{
	size_t i = 0, run = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9') {
		i++;
		run++;
	}
	if (run == 0 || run > 3)
		return 0;
	while (i < n) {
		if (s[i] != sep || n - i < 4)
			return 0;
		for (size_t k = 1; k <= 3; k++)
			if (s[i + k] < '0' || s[i + k] > '9')
				return 0;
		i += 4;
	}
	return 1;
}

const char *
parse_amount(struct arena *a, const char *in, int decimals, const char *min, const char *max, char out[40])
{
	char digits[40], *o = digits;
	const char *s = in, *dec = NULL, *e;
	size_t n, ilen;
	int neg = 0;
	char gsep = 0;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return "Escriba un número.";
	if (n > 30)
		return "El número es demasiado largo.";
	if (s[0] == '-') {
		neg = 1;
		s++;
		n--;
	}
	e = s + n;
	for (const char *p = s; p < e; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ',' || *p == '.'))
			return decimals == 0 ? "Escriba solo un número entero, por ejemplo 12." :
			    "Escriba solo un número, por ejemplo 12 o 12,5.";
	{
		const char *lc = NULL, *lp = NULL;
		int nc = 0, np = 0;

		for (const char *p = s; p < e; p++) {
			if (*p == ',') { lc = p; nc++; }
			if (*p == '.') { lp = p; np++; }
		}
		if (nc > 0 && np > 0) {
			dec = lc > lp ? lc : lp;
			gsep = lc > lp ? '.' : ',';
			if ((gsep == '.' && nc > 1) || (gsep == ',' && np > 1))
				return "El número no es válido: use una sola coma decimal.";
		} else if (nc == 1 || np == 1)
			dec = nc ? lc : lp;
		else if (nc > 1 || np > 1)
			gsep = nc ? ',' : '.';
	}
	ilen = dec ? (size_t)(dec - s) : n;
	if (ilen == 0)
		return "El número no es válido.";
	if (gsep != 0) {
		if (!grouped(s, ilen, gsep))
			return "El número no es válido: revise los separadores de miles.";
	}
	for (const char *p = s; p < s + ilen; p++)
		if (*p >= '0' && *p <= '9' && !(o == digits && *p == '0' && p + 1 < s + ilen))
			*o++ = *p;
	if (o == digits)
		*o++ = '0';
	if (o - digits > 14)
		return "El número es demasiado grande.";
	if (dec != NULL) {
		size_t fl = (size_t)(e - dec - 1);
		const char *f = dec + 1;

		if (fl == 0)
			return *dec == '.' ? "Falta la parte decimal después del punto." :
			    "Falta la parte decimal después de la coma.";
		while (fl > 0 && f[fl - 1] == '0')
			fl--;
		/*
		 * "1.234" for an indicator with fewer than three decimals may be
		 * a thousand ("1,234" too for a whole number): never guessed (a
		 * factor of 1,000), asked instead.
		 */
		if (((int)fl > decimals || fl > 4) && gsep == 0 && e - dec - 1 == 3 &&
		    (*dec == '.' ? decimals < 3 : decimals == 0) &&
		    s[0] != '0' && a != NULL)
			return arena_printf(a, "¿Quiso decir %.*s%.3s? Escríbalo sin el separador de "
			    "miles. Este indicador admite %s.", (int)ilen, s, dec + 1,
			    decimals == 0 ? "solo números enteros" : decimals == 1 ? "un decimal" :
			    "dos decimales");
		if ((int)fl > decimals || fl > 4)
			return decimals == 0 ? "Este indicador admite solo números enteros." :
			    "Hay más decimales de los que admite este indicador.";
		if (fl > 0) {
			*o++ = '.';
			memcpy(o, f, fl);
			o += fl;
		}
	}
	*o = '\0';
	/* Checked for truncation: gcc -O1 cannot prove digits fits (it does: <= 19 bytes). */
	if (snprintf(out, 40, "%s%s", neg && strcmp(digits, "0") != 0 ? "-" : "", digits) >= 40)
		return "El número es demasiado grande.";
	if (min != NULL && strtod(out, NULL) < strtod(min, NULL))
		return a == NULL ? "El valor es menor que el mínimo permitido para este indicador." :
		    arena_printf(a, "El valor es menor que el mínimo permitido para este indicador (%s).",
		    format_amount(a, min, 0));
	if (max != NULL && strtod(out, NULL) > strtod(max, NULL))
		return a == NULL ? "El valor es mayor que el máximo permitido para este indicador." :
		    arena_printf(a, "El valor es mayor que el máximo permitido para este indicador (%s).",
		    format_amount(a, max, 0));
	return NULL;
}

const char *
format_amount(struct arena *a, const char *c, int decimals)
{
	struct buf b;
	const char *dot, *ip = c;
	size_t il, fl;

	if (c == NULL)
		return "";
	buf_init(&b, a);
	if (*ip == '-') {
		buf_putc(&b, '-');
		ip++;
	}
	dot = strchr(ip, '.');
	il = dot ? (size_t)(dot - ip) : strlen(ip);
	for (size_t i = 0; i < il; i++) {
		if (i > 0 && (il - i) % 3 == 0)
			buf_putc(&b, '.');
		buf_putc(&b, ip[i]);
	}
	fl = dot ? strlen(dot + 1) : 0;
	if (decimals > 0 || fl > 0) {
		buf_putc(&b, ',');
		for (int i = 0; i < (decimals > (int)fl ? decimals : (int)fl); i++)
			buf_putc(&b, i < (int)fl ? dot[1 + i] : '0');
	}
	return b.data;
}

const char *
input_amount(struct arena *a, const char *c)
{
	char *s;

	if (c == NULL)
		return "";
	s = arena_strdup(a, c);
	for (char *p = s; *p; p++)
		if (*p == '.')
			*p = ',';
	return s;
}

int
amount_places(const char *c)
{
	const char *dot = c ? strchr(c, '.') : NULL;

	return dot ? (int)strlen(dot + 1) : 0;
}

int
amount_fits(const char *c, int decimals, const char *min, const char *max)
{
	char out[40];

	/* a canonical decimal reads back as itself: only the rule can refuse it */
	return c == NULL || parse_amount(NULL, c, decimals, min, max, out) == NULL;
}

int
amount_is_stored(const char *in, const char *stored)
{
	char out[40];

	return in != NULL && stored != NULL &&
	    parse_amount(NULL, in, amount_places(stored), NULL, NULL, out) == NULL &&
	    strcmp(out, stored) == 0;
}

/* ---- loading a month ---------------------------------------------------------- */

static void
cumulate(struct month_indicator *m, int month)
{
	double sum = 0, last = 0;
	int count = 0;

	m->cum_decimals = m->decimals;
	for (int k = 0; k < month; k++)
		if (m->months[k] != NULL) {
			double v = strtod(m->months[k], NULL);

			sum += v;
			last = v;
			count++;
			/* a value stored before the rule was tightened keeps its digits */
			if (amount_places(m->months[k]) > m->cum_decimals)
				m->cum_decimals = amount_places(m->months[k]);
		}
	if (count == 0)
		return;
	m->has_cumulative = 1;
	m->cumulative = m->aggregation == 'l' ? last : m->aggregation == 'a' ? sum / count : sum;
	if (m->target != NULL && strtod(m->target, NULL) > 0)
		m->progress = m->cumulative / strtod(m->target, NULL) * 100.0;
}

/*
 * The catalogue part of a unit's month (the unit, whether the plan year
 * exists, the year's active indicators with their first goal), kept per
 * worker process (each worker is its own process: this static is never
 * shared) and valid only while the institution's catalogue_version is the
 * one it was read under. Every catalogue change bumps that version in its
 * own transaction (catalogue.c), and monthly_load reads the version on
 * every request (ST_MONTH_CHECK), so a change shows on the very next form.
 * The month's values, files and state are kept too (month_get below),
 * under a key of their own read by the same query.
 */
#define CAT_SLOTS	32

struct cat_entry {
	int			 valid;
	long long		 inst, unit;
	int			 year;
	unsigned long long	 version;	/* catalogue_version it was read under */
	unsigned long		 used;		/* LRU clock */
	struct arena		*mem;		/* owns every string below */
	int			 unit_found, year_found;
	struct unit_row		 u;
	struct month_indicator	*ind;
	size_t			 nind;
};

static struct cat_entry cat_cache[CAT_SLOTS];
static unsigned long cat_clock;

/*
 * The entry for (inst, unit, year) read under version, from the cache or
 * the database; NULL on a database error. version 0 (unknown) is never
 * kept. The version is read before the catalogue, so a change in between
 * leaves an entry that the next request finds stale.
 */
/* The entry kept for (inst, unit, year), or NULL; *lru: the slot to replace. */
static struct cat_entry *
cat_find(long long inst, long long unit, int year, struct cat_entry **lru)
{
	*lru = &cat_cache[0];
	for (int i = 0; i < CAT_SLOTS; i++) {
		struct cat_entry *c = &cat_cache[i];

		if (c->valid && c->inst == inst && c->unit == unit && c->year == year)
			return c;
		if (!c->valid || ((*lru)->valid && c->used < (*lru)->used))
			*lru = c;
	}
	return NULL;
}

static const struct cat_entry *
cat_get(struct db *db, long long inst, long long unit, int year, unsigned long long version)
{
	struct cat_entry *lru, *e = cat_find(inst, unit, year, &lru);
	enum db_status st;
	long long py;

	if (e != NULL && e->version == version && version != 0) {
		e->used = ++cat_clock;
		return e;
	}
	if (e == NULL)
		e = lru;
	if (e->mem != NULL)
		arena_free(e->mem);
	memset(e, 0, sizeof(*e));
	e->mem = arena_new(4096);
	st = db_unit_get(db, e->mem, inst, unit, year, &e->u);
	if (st == DB_OK) {
		e->unit_found = 1;
		st = db_plan_year_id(db, e->mem, inst, year, 0, &py);
		if (st == DB_OK) {
			e->year_found = 1;
			st = db_month_indicators(db, e->mem, inst, unit, year, &e->ind, &e->nind);
		}
	}
	if (st == DB_ERROR) {
		arena_free(e->mem);
		e->mem = NULL;
		return NULL;
	}
	e->inst = inst;
	e->unit = unit;
	e->year = year;
	e->version = version;
	e->used = ++cat_clock;
	e->valid = version != 0;
	return e;
}

static const char *
dup_str(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

/*
 * The rest of a unit's month (its state, the year's values up to the
 * month, the month's evidence files), kept per worker like the catalogue
 * above and keyed by what ST_MONTH_STATE read in the same statement, so
 * in one snapshot: the month row's presence, state and version, and the
 * catalogue_version (the values are those of the unit's indicators). Every
 * write to a month bumps its row's version in the writing transaction
 * (save_once and attach_once with db_period_bump, update_once in its
 * UPDATE, a transition's ST_PERIOD_SET), and the first write creates the
 * row; ST_MONTH_CHECK reads the key on every request, so another worker's
 * write shows on the very next form. Times (deadline, days left) are
 * computed per request and never kept.
 */
#define MONTH_SLOTS	32

struct month_entry {
	int			 valid;
	long long		 inst, unit;
	int			 period;
	unsigned long long	 catver;	/* the key, as ST_MONTH_STATE read it */
	int			 period_found;
	enum period_state	 state;
	long long		 version;
	long long		 ytd_n, ytd_total;	/* of the check it was loaded after */
	unsigned long		 used;		/* LRU clock */
	struct arena		*mem;		/* owns ms's arrays and strings */
	struct month_state	 ms;
	struct epoch_stamp	 stamp;		/* of the last check that found it current */
};

static struct month_entry month_cache[MONTH_SLOTS];
static unsigned long month_clock;

/* The entry kept for (inst, unit, period), or NULL; *lru: the slot to replace. */
static struct month_entry *
month_find(long long inst, long long unit, int period, struct month_entry **lru)
{
	*lru = &month_cache[0];
	for (int i = 0; i < MONTH_SLOTS; i++) {
		struct month_entry *c = &month_cache[i];

		if (c->valid && c->inst == inst && c->unit == unit && c->period == period)
			return c;
		if (!c->valid || ((*lru)->valid && c->used < (*lru)->used))
			*lru = c;
	}
	return NULL;
}

/* The month of (inst, unit, period) current as of chk; NULL on a database error. */
static struct month_entry *
month_get(struct db *db, long long inst, long long unit, int period, const struct month_check *chk)
{
	struct month_entry *lru, *e = month_find(inst, unit, period, &lru);

	if (e != NULL && chk->catalogue_version != 0 && e->catver == chk->catalogue_version &&
	    e->period_found == chk->period_found &&
	    e->ytd_n == chk->ytd_n && e->ytd_total == chk->ytd_total &&
	    (!chk->period_found || (e->state == chk->state && e->version == chk->version))) {
		e->used = ++month_clock;
		return e;
	}
	if (e == NULL)
		e = lru;
	if (e->mem != NULL)
		arena_free(e->mem);
	memset(e, 0, sizeof(*e));
	e->mem = arena_new(4096);
	if (db_month_state(db, e->mem, inst, unit, (period / 100) * 100 + 1, period, &e->ms) != DB_OK) {
		arena_free(e->mem);
		e->mem = NULL;
		return NULL;
	}
	e->inst = inst;
	e->unit = unit;
	e->period = period;
	e->catver = e->ms.catalogue_version;
	e->period_found = e->ms.period_found;
	e->state = e->ms.period.state;
	e->version = e->ms.period.version;
	/*
	 * From the check, read before the load: a value saved in between makes
	 * the next check differ and the copy be read again, never kept stale.
	 */
	e->ytd_n = chk->ytd_n;
	e->ytd_total = chk->ytd_total;
	e->used = ++month_clock;
	e->valid = e->catver != 0;
	return e;
}

static struct month_value
dup_value(struct arena *a, const struct month_value *v)
{
	struct month_value c = *v;

	c.value = dup_str(a, v->value);
	c.comment = dup_str(a, v->comment);
	c.evidence_url = dup_str(a, v->evidence_url);
	c.updated_by = dup_str(a, v->updated_by);
	c.updated_at = dup_str(a, v->updated_at);
	return c;
}

/*
 * Both copies of (inst, unit, period) when nothing was written to that
 * unit's months, or anywhere else, since the last check found them current
 * (epoch.h); otherwise 0, and the database is asked.
 */
static int
month_fresh(long long inst, long long unit, int period, const struct cat_entry **ce,
    struct month_entry **me)
{
	struct month_entry *lru, *m = month_find(inst, unit, period, &lru);
	struct cat_entry *clru, *c;

	if (m == NULL || !epoch_current(&m->stamp) ||
	    (c = cat_find(inst, unit, period / 100, &clru)) == NULL || c->version != m->catver)
		return 0;
	c->used = ++cat_clock;
	m->used = ++month_clock;
	*ce = c;
	*me = m;
	return 1;
}

enum month_result
monthly_load(struct db *db, struct arena *a, long long inst, long long unit, int period,
    struct ymd today, int deadline_day, struct unit_month *um)
{
	const struct cat_entry *e;
	struct month_entry *me = NULL;
	const struct month_state *ms;
	struct month_check chk;

	memset(um, 0, sizeof(*um));
	/*
	 * No query when nothing was written since the copies were last found
	 * current; one cheap round trip to check them otherwise.
	 */
	if (!month_fresh(inst, unit, period, &e, &me) &&
	    (db_month_check(db, a, inst, unit, period, &chk) != DB_OK ||
	    (e = cat_get(db, inst, unit, period / 100, chk.catalogue_version)) == NULL))
		return MONTH_ERROR;
	if (!e->unit_found)
		return MONTH_NOTFOUND;
	if (period > today.y * 100 + today.m)
		return MONTH_FUTURE;
	if (!e->year_found)
		return MONTH_NOYEAR;
	if (me == NULL) {
		if ((me = month_get(db, inst, unit, period, &chk)) == NULL)
			return MONTH_ERROR;
		me->stamp = chk.stamp;
	}
	ms = &me->ms;
	/* The request gets its own copy: the entry may be replaced by a later load. */
	um->unit_id = e->u.id;
	um->unit_number = e->u.number;
	um->unit_name = arena_strdup(a, e->u.name);
	um->unit_active = e->u.active;
	um->period = period;
	um->ind = arena_calloc(a, e->nind ? e->nind : 1, sizeof(*um->ind));
	for (size_t i = 0; i < e->nind; i++) {
		struct month_indicator *m = &um->ind[um->nind];
		const struct month_indicator *c = &e->ind[i];

		/*
		 * A deactivated indicator stays in a month that was sent with a
		 * value for it (read-only), so what was approved is still shown.
		 */
		if (!c->active) {
			int kept = 0;

			for (size_t k = 0; k < ms->nvals; k++)
				kept |= ms->vals[k].indicator_id == c->id && ms->vals[k].period == period &&
				    ms->vals[k].v.value != NULL;
			if (!kept || (ms->period.state != PS_ENVIADO && ms->period.state != PS_APROBADO))
				continue;
		}
		um->nind++;
		m->id = c->id;
		m->active = c->active;
		m->code = dup_str(a, c->code);
		m->name = dup_str(a, c->name);
		m->measure_unit = dup_str(a, c->measure_unit);
		m->aggregation = c->aggregation;
		m->decimals = c->decimals;
		m->min = dup_str(a, c->min);
		m->max = dup_str(a, c->max);
		m->goal_code = dup_str(a, c->goal_code);
		m->goal_text = dup_str(a, c->goal_text);
		m->target = dup_str(a, c->target);
		for (size_t k = 0; k < ms->nvals; k++) {
			if (ms->vals[k].indicator_id != m->id)
				continue;
			m->months[ms->vals[k].period % 100 - 1] = dup_str(a, ms->vals[k].v.value);
			if (ms->vals[k].period == period)
				m->cur = dup_value(a, &ms->vals[k].v);
		}
		cumulate(m, period % 100);
	}
	um->nfiles = ms->nfiles;
	um->files = arena_calloc(a, ms->nfiles ? ms->nfiles : 1, sizeof(*um->files));
	for (size_t i = 0; i < ms->nfiles; i++) {
		um->files[i] = ms->files[i];
		um->files[i].filename = dup_str(a, ms->files[i].filename);
		um->files[i].sha256 = dup_str(a, ms->files[i].sha256);
		um->files[i].content_type = dup_str(a, ms->files[i].content_type);
	}
	um->state = ms->period.state;
	um->return_reason = dup_str(a, ms->period.return_reason);
	um->version = ms->period.version;
	um->deadline = entry_deadline(period, deadline_day);
	um->days_left = ymd_diff(today, um->deadline);
	return MONTH_OK;
}

/* ---- saving -------------------------------------------------------------------- */

static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static char *
value_json(struct arena *a, const char *value, const char *comment, const char *evidence)
{
	cJSON *o = json_object();

	if (value != NULL)
		cJSON_AddStringToObject(o, "value", value);
	else
		cJSON_AddNullToObject(o, "value");
	cJSON_AddStringToObject(o, "comment", comment ? comment : "");
	cJSON_AddStringToObject(o, "evidence_url", evidence ? evidence : "");
	return json_to_arena(a, o);
}

/* Inside the save's transaction: the history row and the audit row of one change. */
static enum db_status
record_change(struct db *db, struct arena *a, long long inst, const struct actor *who,
    int period, int correct, const char *reason, const struct month_value *cur,
    const struct value_input *in)
{
	char eid[48];

	if (db_history_insert(db, a, inst, in->indicator_id, period, correct, cur->value, in,
	    correct ? reason : NULL, who) != DB_OK)
		return DB_ERROR;
	snprintf(eid, sizeof(eid), "%lld/%04d-%02d", in->indicator_id, period / 100, period % 100);
	return db_audit_insert(db, inst, who, correct ? "correct" : "save", "indicator_value", eid,
	    cur->present ? value_json(a, cur->value, cur->comment, cur->evidence_url) : NULL,
	    value_json(a, in->value, in->comment, in->evidence_url));
}

/* newver (may be NULL): per input, the version stored after the save. */
/*
 * Open a transaction on a unit's month, its row created if needed and locked,
 * for a change of its values or files by this person: a month the unit has
 * not sent, or (correct) the officer's correction of an approved month.
 * MONTH_OK inside the transaction; otherwise rolled back, with *msg for
 * MONTH_LOCKED and MONTH_STATE.
 */
static enum month_result
begin_month_change(struct db *db, struct arena *a, long long inst, long long unit, int period,
    int correct, const char **msg)
{
	struct period_row pr;
	enum month_result rc = MONTH_ERROR;

	if (db_begin_unit(db, unit) != DB_OK)
		return MONTH_ERROR;
	if (db_period_ensure(db, a, inst, unit, period) != DB_OK ||
	    db_period_get(db, a, unit, period, 1, &pr) != DB_OK)
		goto out;
	if (!pr.unit_active) {
		*msg = MONTHLY_UNIT_INACTIVE;
		rc = MONTH_LOCKED;
		goto out;
	}
	if (!correct && pr.state != PS_BORRADOR && pr.state != PS_DEVUELTO) {
		*msg = pr.state == PS_ENVIADO ?
		    "El mes ya fue enviado y espera la revisión del responsable de transparencia." :
		    "El mes está aprobado: solo el responsable de transparencia puede corregirlo, con un motivo.";
		rc = MONTH_LOCKED;
		goto out;
	}
	if (correct && pr.state != PS_APROBADO) {
		*msg = "Solo se corrigen meses aprobados; este mes todavía se puede editar normalmente.";
		rc = MONTH_STATE;
		goto out;
	}
	return MONTH_OK;
out:
	db_rollback(db);
	return rc;
}

static enum month_result
save_once(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, int correct, const char *reason, const struct value_input *in,
    size_t n, struct value_conflict **conflicts, size_t *nconflicts, const char **msg,
    long long *newver)
{
	enum month_result rc = MONTH_ERROR;
	int wrote = 0;

	*conflicts = arena_calloc(a, n ? n : 1, sizeof(**conflicts));
	*nconflicts = 0;
	*msg = NULL;
	if (correct && text_blank(reason)) {
		*msg = "Una corrección necesita un motivo.";
		return MONTH_INVALID;
	}
	if ((rc = begin_month_change(db, a, inst, unit, period, correct, msg)) != MONTH_OK)
		return rc;
	rc = MONTH_ERROR;
	for (size_t i = 0; i < n; i++) {
		struct month_value cur;
		long long owner;
		enum db_status st;

		st = db_indicator_unit(db, a, inst, in[i].indicator_id, &owner);
		if (st == DB_ERROR)
			goto out;
		if (st == DB_NOTFOUND || owner != unit) {
			*msg = "Uno de los indicadores no pertenece a esta unidad.";
			rc = MONTH_INVALID;
			goto out;
		}
		if ((st = db_value_lock(db, a, in[i].indicator_id, period, &cur)) == DB_ERROR)
			goto out;
		if (cur.present && same_text(cur.value, in[i].value) &&
		    same_text(cur.comment, in[i].comment) &&
		    same_text(cur.evidence_url, in[i].evidence_url)) {
			if (newver != NULL)
				newver[i] = cur.version;
			continue;
		}
		if ((cur.present ? cur.version : 0) != in[i].version) {
			(*conflicts)[*nconflicts].indicator_id = in[i].indicator_id;
			(*conflicts)[(*nconflicts)++].theirs = cur;
			continue;
		}
		if (db_value_write(db, a, inst, &in[i], period, who->id, !cur.present) != DB_OK ||
		    record_change(db, a, inst, who, period, correct, reason, &cur, &in[i]) != DB_OK)
			goto out;
		if (newver != NULL)
			newver[i] = in[i].version + 1;
		wrote = 1;
	}
	if (*nconflicts > 0) {
		*msg = "Otra persona guardó valores de este mes mientras usted editaba. "
		    "Revise los dos valores y vuelva a guardar.";
		rc = MONTH_CONFLICT;
		goto out;
	}
	/* The month changed: workers' cached copies of it are stale (monthly_load). */
	if ((wrote && db_period_bump(db, a, unit, period) != DB_OK) || db_commit(db) != DB_OK)
		goto out;
	return MONTH_OK;
out:
	db_rollback(db);
	return rc;
}

static enum month_result
attach_once(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, int correct, long long indicator, const char *sha256,
    const char *filename, const char *ctype, size_t size, const char **msg)
{
	struct evidence_row e = { 0, indicator, period, sha256, filename, ctype, size, NULL };
	long long owner, id;
	char eid[32];
	enum db_status st;
	enum month_result r;

	*msg = NULL;
	if ((r = begin_month_change(db, a, inst, unit, period, correct, msg)) != MONTH_OK)
		return r;
	st = db_indicator_unit(db, a, inst, indicator, &owner);
	if (st == DB_NOTFOUND || (st == DB_OK && owner != unit)) {
		db_rollback(db);
		*msg = "Uno de los indicadores no pertenece a esta unidad.";
		return MONTH_INVALID;
	}
	if (st != DB_OK || db_evidence_insert(db, a, inst, &e, who->id, &id) != DB_OK ||
	    db_period_bump(db, a, unit, period) != DB_OK)
		goto fail;
	snprintf(eid, sizeof(eid), "%lld", id);
	{
		cJSON *o = json_object();

		cJSON_AddNumberToObject(o, "indicator_id", (double)indicator);
		cJSON_AddStringToObject(o, "period", arena_printf(a, "%04d-%02d", period / 100, period % 100));
		cJSON_AddStringToObject(o, "filename", filename);
		cJSON_AddStringToObject(o, "sha256", sha256);
		cJSON_AddNumberToObject(o, "size", (double)size);
		st = db_audit_insert(db, inst, who, "upload", "evidence_file", eid, NULL,
		    json_to_arena(a, o));
	}
	if (st != DB_OK || db_commit(db) != DB_OK)
		goto fail;
	return MONTH_OK;
fail:
	db_rollback(db);
	return MONTH_ERROR;
}

static enum month_result
detach_once(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int correct, const char *reason, const struct evidence_row *e,
    const char **msg)
{
	char eid[32];
	enum db_status st;
	enum month_result r;
	cJSON *before, *after = NULL;

	*msg = NULL;
	if ((r = begin_month_change(db, a, inst, unit, e->period, correct, msg)) != MONTH_OK)
		return r;
	st = db_evidence_remove(db, inst, e->id, who->id, correct ? reason : NULL);
	if (st == DB_NOTFOUND) {
		/* someone took it off first: nothing left to do, nothing to record */
		db_rollback(db);
		return MONTH_OK;
	}
	if (st != DB_OK || db_period_bump(db, a, unit, e->period) != DB_OK)
		goto fail;
	snprintf(eid, sizeof(eid), "%lld", e->id);
	before = json_object();
	cJSON_AddNumberToObject(before, "indicator_id", (double)e->indicator_id);
	cJSON_AddStringToObject(before, "period", arena_printf(a, "%04d-%02d", e->period / 100,
	    e->period % 100));
	cJSON_AddStringToObject(before, "filename", e->filename);
	cJSON_AddStringToObject(before, "sha256", e->sha256);
	cJSON_AddNumberToObject(before, "size", (double)e->size);
	if (correct) {
		after = json_object();
		cJSON_AddStringToObject(after, "reason", reason);
	}
	if (db_audit_insert(db, inst, who, "remove", "evidence_file", eid, json_to_arena(a, before),
	    after ? json_to_arena(a, after) : NULL) != DB_OK || db_commit(db) != DB_OK)
		goto fail;
	return MONTH_OK;
fail:
	db_rollback(db);
	return MONTH_ERROR;
}

static enum month_result
transition_once(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, enum transition t, const char *reason, const char **msg)
{
	struct period_row pr;
	enum period_state next;
	enum month_result rc = MONTH_ERROR;
	char eid[48], before[64];
	const char *after;

	*msg = NULL;
	if (t == TR_RETURN && text_blank(reason)) {
		*msg = "Escriba el motivo de la devolución para que la unidad sepa qué corregir.";
		return MONTH_INVALID;
	}
	if (db_begin_unit(db, unit) != DB_OK)
		return MONTH_ERROR;
	if (db_period_ensure(db, a, inst, unit, period) != DB_OK ||
	    db_period_get(db, a, unit, period, 1, &pr) != DB_OK)
		goto out;
	/* a deactivated unit's months stay as they are until it is active again */
	if (!pr.unit_active) {
		*msg = MONTHLY_UNIT_INACTIVE;
		rc = MONTH_LOCKED;
		goto out;
	}
	switch (t) {
	case TR_SUBMIT:
		if (pr.state != PS_BORRADOR && pr.state != PS_DEVUELTO) {
			*msg = "El mes ya fue enviado.";
			rc = MONTH_STATE;
			goto out;
		}
		{
			struct month_indicator *ind;
			struct value_row *vals;
			size_t ni, nv;
			struct buf missing;

			if (db_month_indicators(db, a, inst, unit, period / 100, &ind, &ni) != DB_OK ||
			    db_month_values(db, a, inst, unit, period, period, &vals, &nv) != DB_OK)
				goto out;
			buf_init(&missing, a);
			for (size_t i = 0; i < ni; i++) {
				int found = !ind[i].active;	/* a deactivated one is not asked for */

				for (size_t k = 0; k < nv; k++)
					found |= vals[k].indicator_id == ind[i].id && vals[k].v.value != NULL;
				if (!found) {
					if (missing.len)
						buf_puts(&missing, ", ");
					if (ind[i].code[0])
						buf_puts(&missing, ind[i].code);
					else
						buf_printf(&missing, "«%s»", ind[i].name);
				}
			}
			if (missing.len) {
				*msg = arena_printf(a, "Falta el valor del mes de: %s.", missing.data);
				rc = MONTH_INVALID;
				goto out;
			}
		}
		next = PS_ENVIADO;
		break;
	case TR_APPROVE:
		if (pr.state != PS_ENVIADO) {
			*msg = "Solo se aprueba un mes enviado por la unidad.";
			rc = MONTH_STATE;
			goto out;
		}
		next = PS_APROBADO;
		break;
	case TR_RETURN:
	default:
		if (pr.state != PS_ENVIADO && pr.state != PS_APROBADO) {
			*msg = "Solo se devuelve un mes enviado o aprobado.";
			rc = MONTH_STATE;
			goto out;
		}
		/* A published month changes only through a correction, which keeps its reason. */
		if (pr.state == PS_APROBADO) {
			int published;

			if (db_period_published(db, a, inst, period, &published) != DB_OK)
				goto out;
			if (published) {
				*msg = "El informe de este mes ya fue publicado: no se devuelve a la unidad. "
				    "Los cambios se hacen con una corrección, que guarda el valor anterior "
				    "y su motivo.";
				rc = MONTH_STATE;
				goto out;
			}
		}
		next = PS_DEVUELTO;
		break;
	}
	if (db_period_set(db, a, unit, period, next, t == TR_RETURN ? reason : NULL, who->id) != DB_OK)
		goto out;
	snprintf(eid, sizeof(eid), "%lld/%04d-%02d", unit, period / 100, period % 100);
	snprintf(before, sizeof(before), "{\"status\":\"%s\"}", period_state_name(pr.state));
	{
		cJSON *o = json_object();

		cJSON_AddStringToObject(o, "status", period_state_name(next));
		if (t == TR_RETURN)
			cJSON_AddStringToObject(o, "reason", reason);
		after = json_to_arena(a, o);
	}
	if (db_audit_insert(db, inst, who, t == TR_SUBMIT ? "submit" : t == TR_APPROVE ? "approve" :
	    "return", "unit_period", eid, before, after) != DB_OK)
		goto out;
	if (db_commit(db) != DB_OK)
		return MONTH_ERROR;
	return MONTH_OK;
out:
	db_rollback(db);
	return rc;
}

static enum month_result
reopen_once(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, const char *until, const char **msg)
{
	struct period_row pr;
	const char *was;
	char eid[48];
	cJSON *before, *after;

	*msg = NULL;
	if (db_begin_unit(db, unit) != DB_OK)
		return MONTH_ERROR;
	if (db_period_ensure(db, a, inst, unit, period) != DB_OK ||
	    db_period_get(db, a, unit, period, 1, &pr) != DB_OK ||
	    db_period_reopened(db, a, unit, period, &was) != DB_OK)
		goto fail;
	if (!pr.unit_active) {
		db_rollback(db);
		*msg = MONTHLY_UNIT_INACTIVE;
		return MONTH_LOCKED;
	}
	if (pr.state != PS_BORRADOR && pr.state != PS_DEVUELTO) {
		db_rollback(db);
		*msg = "Solo se reabre un mes que la unidad todavía no ha enviado.";
		return MONTH_STATE;
	}
	before = json_object();
	after = json_object();
	if (was != NULL)
		cJSON_AddStringToObject(before, "reopened_until", was);
	else
		cJSON_AddNullToObject(before, "reopened_until");
	cJSON_AddStringToObject(after, "reopened_until", until);
	snprintf(eid, sizeof(eid), "%lld/%04d-%02d", unit, period / 100, period % 100);
	if (db_period_reopen(db, a, unit, period, until) != DB_OK ||
	    db_audit_insert(db, inst, who, "reopen", "unit_period", eid, json_to_arena(a, before),
	    json_to_arena(a, after)) != DB_OK)
		goto fail;
	return db_commit(db) == DB_OK ? MONTH_OK : MONTH_ERROR;
fail:
	db_rollback(db);
	return MONTH_ERROR;
}

enum month_result
monthly_dashboard(struct db *db, struct arena *a, long long inst, int period,
    struct dash_row **rows, size_t *n)
{
	return db_dashboard(db, a, inst, period, rows, n) == DB_OK ? MONTH_OK : MONTH_ERROR;
}

/*
 * Two people saving the first values of a month at once can deadlock in
 * InnoDB (both create the month's row); the loser's transaction is rolled
 * back whole, so running it again is safe.
 */
#define RETRIES	3
#define RETRY_ON_DEADLOCK(call) do {					\
	for (int try_ = 0; ; try_++) {					\
		r = (call);						\
		if (r != MONTH_ERROR || try_ == RETRIES - 1 || !db_deadlocked(db))	\
			break;						\
	}								\
} while (0)

enum month_result
monthly_save(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, int correct, const char *reason, const struct value_input *in,
    size_t n, struct value_conflict **conflicts, size_t *nconflicts, const char **msg)
{
	enum month_result r;

	RETRY_ON_DEADLOCK(save_once(db, a, inst, who, unit, period, correct, reason, in, n,
	    conflicts, nconflicts, msg, NULL));
	return r;
}

/*
 * The write of monthly_save_value's fast path: one UPDATE that checks the
 * version and the month's state, then the history and audit rows. h->cur is
 * what the version the UPDATE matched holds, so it is the "before" of both.
 * MONTH_CONFLICT here only means "nothing written, take the locked path".
 */
static enum month_result
update_once(struct db *db, struct arena *a, long long inst, const struct actor *who,
    int period, int correct, const char *reason, const struct value_head *h,
    const struct value_input *in)
{
	int changed;

	if (db_begin_unit(db, h->unit_id) != DB_OK)
		return MONTH_ERROR;
	if (db_value_update_open(db, a, h->unit_id, in, period, who->id, correct, &changed) != DB_OK)
		goto fail;
	if (!changed) {
		db_rollback(db);
		return MONTH_CONFLICT;
	}
	if (record_change(db, a, inst, who, period, correct, reason, &h->cur, in) != DB_OK ||
	    db_commit(db) != DB_OK)
		goto fail;
	return MONTH_OK;
fail:
	db_rollback(db);
	return MONTH_ERROR;
}

/*
 * The first value of an indicator's month, without the locking reads of
 * save_once: the month's row is locked first (bumped when open), then the
 * value inserted. save_once's SELECT ... FOR UPDATE of a row that does not
 * exist yet takes a gap lock, and concurrent first saves of different
 * indicators deadlocked on it. MONTH_CONFLICT here only means "nothing
 * written, take the locked path" (not open, or someone inserted first).
 */
static enum month_result
insert_once(struct db *db, struct arena *a, long long inst, const struct actor *who,
    int period, int correct, const char *reason, const struct value_head *h,
    const struct value_input *in)
{
	enum db_status st;
	int open;

	if (db_begin_unit(db, h->unit_id) != DB_OK)
		return MONTH_ERROR;
	if ((!h->period_found && db_period_ensure(db, a, inst, h->unit_id, period) != DB_OK) ||
	    db_period_bump_open(db, a, h->unit_id, period, correct, &open) != DB_OK)
		goto fail;
	if (!open) {
		db_rollback(db);
		return MONTH_CONFLICT;
	}
	st = db_value_write(db, a, inst, in, period, who->id, 1);
	if (st == DB_DUPLICATE) {
		db_rollback(db);
		return MONTH_CONFLICT;
	}
	if (st != DB_OK || record_change(db, a, inst, who, period, correct, reason, &h->cur, in) != DB_OK ||
	    db_commit(db) != DB_OK)
		goto fail;
	return MONTH_OK;
fail:
	db_rollback(db);
	return MONTH_ERROR;
}

enum month_result
monthly_save_value(struct db *db, struct arena *a, long long inst, const struct actor *who,
    int period, int correct, const char *reason, const struct value_head *h,
    const struct value_input *in, long long *version, struct value_conflict **conflicts,
    size_t *nconflicts, const char **msg)
{
	int open = correct ? h->state == PS_APROBADO :
	    h->state == PS_BORRADOR || h->state == PS_DEVUELTO;
	enum month_result r;

	*conflicts = arena_calloc(a, 1, sizeof(**conflicts));
	*nconflicts = 0;
	*msg = NULL;
	*version = 0;
	/*
	 * A deactivated unit takes no value. h was read unlocked: a deactivation
	 * committed after it orders after this save; the locked path checks
	 * again (begin_month_change).
	 */
	if (!h->unit_active) {
		*msg = MONTHLY_UNIT_INACTIVE;
		return MONTH_LOCKED;
	}
	if (correct && text_blank(reason)) {
		*msg = "Una corrección necesita un motivo.";
		return MONTH_INVALID;
	}
	/* Nothing to write: the answer is what was read. */
	if (open && h->cur.present && same_text(h->cur.value, in->value) &&
	    same_text(h->cur.comment, in->comment) &&
	    same_text(h->cur.evidence_url, in->evidence_url)) {
		*version = h->cur.version;
		return MONTH_OK;
	}
	if (open && h->period_found && h->cur.present && h->cur.version == in->version) {
		RETRY_ON_DEADLOCK(update_once(db, a, inst, who, period, correct, reason, h, in));
		if (r == MONTH_OK)
			*version = in->version + 1;
		if (r != MONTH_CONFLICT)
			return r;
	}
	if (open && !h->cur.present && in->version == 0) {
		RETRY_ON_DEADLOCK(insert_once(db, a, inst, who, period, correct, reason, h, in));
		if (r == MONTH_OK)
			*version = 1;
		if (r != MONTH_CONFLICT)
			return r;
	}
	/*
	 * Everything else (a first value, a stale version, a month that is not
	 * open, or one that changed since h was read) takes the locked path,
	 * which decides under the month's lock and answers with the reason.
	 */
	RETRY_ON_DEADLOCK(save_once(db, a, inst, who, h->unit_id, period, correct, reason, in, 1,
	    conflicts, nconflicts, msg, version));
	return r;
}

enum month_result
monthly_attach(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, int correct, long long indicator, const char *sha256,
    const char *filename, const char *ctype, size_t size, const char **msg)
{
	enum month_result r;

	RETRY_ON_DEADLOCK(attach_once(db, a, inst, who, unit, period, correct, indicator, sha256,
	    filename, ctype, size, msg));
	return r;
}

enum month_result
monthly_detach(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int correct, const char *reason, const struct evidence_row *e,
    const char **msg)
{
	enum month_result r;

	if (correct && text_blank(reason)) {
		*msg = "Una corrección necesita un motivo.";
		return MONTH_INVALID;
	}
	RETRY_ON_DEADLOCK(detach_once(db, a, inst, who, unit, correct, reason, e, msg));
	return r;
}

enum month_result
monthly_reopen(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, const char *until, const char **msg)
{
	enum month_result r;

	RETRY_ON_DEADLOCK(reopen_once(db, a, inst, who, unit, period, until, msg));
	return r;
}

enum month_result
monthly_transition(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long unit, int period, enum transition t, const char *reason, const char **msg)
{
	enum month_result r;

	RETRY_ON_DEADLOCK(transition_once(db, a, inst, who, unit, period, t, reason, msg));
	return r;
}
