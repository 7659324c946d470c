/*
 * The unit head's monthly form, the officer's dashboard and the workflow,
 * as pages and as API routes. Object-level access: a unit head reaches only
 * their own units; officers and administrators reach every unit.
 */
#include "config.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "arena.h"
#include "catalogue.h"
#include "conf.h"
#include "db.h"
#include "epoch.h"
#include "evidence.h"
#include "form.h"
#include "handlers.h"
#include "html.h"
#include "http.h"
#include "monthly.h"
#include "multipart.h"
#include "page.h"
#include "route.h"
#include "worker.h"

static const char *const month_short[] = { "ene", "feb", "mar", "abr", "may", "jun", "jul",
	"ago", "sep", "oct", "nov", "dic" };

static int
is_officer(const struct ctx *c)
{
	return (c->sess->user->roles & (ROLE_TRANSPARENCIA | ROLE_ADMIN)) != 0;
}

/* May the caller see and fill this unit? Officers: any; unit heads: their own. */
static int
may_use_unit(const struct ctx *c, long long unit)
{
	const struct user *u = c->sess->user;

	if (is_officer(c))
		return 1;
	for (size_t i = 0; i < u->nunits; i++)
		if (u->units[i] == unit)
			return 1;
	return 0;
}

static const char *
period_label(struct arena *a, int period)
{
	return arena_printf(a, "%s de %d", month_name(period % 100), period / 100);
}

static int
next_period(int p, int delta)
{
	int y = p / 100, m = p % 100 + delta;

	while (m > 12) { m -= 12; y++; }
	while (m < 1) { m += 12; y--; }
	return y * 100 + m;
}

/* "Vence en 3 días" / "Vence hoy" / "Venció hace 2 días". */
static const char *
deadline_text(struct arena *a, const struct unit_month *um)
{
	long d = um->days_left;

	if (d > 1)
		return arena_printf(a, "Vence en %ld días (%02d/%02d/%04d)", d, um->deadline.d,
		    um->deadline.m, um->deadline.y);
	if (d == 1)
		return "Vence mañana";
	if (d == 0)
		return "Vence hoy";
	return arena_printf(a, "Venció hace %ld día%s (%02d/%02d/%04d)", -d, d == -1 ? "" : "s",
	    um->deadline.d, um->deadline.m, um->deadline.y);
}

/* A computed figure as a canonical decimal with at most `decimals` places. */
static const char *
trim_number(struct arena *a, double v, int decimals)
{
	char *s = arena_printf(a, "%.*f", decimals, v);
	size_t n = strlen(s);

	if (strchr(s, '.') != NULL) {
		while (n > 0 && s[n - 1] == '0')
			s[--n] = '\0';
		if (n > 0 && s[n - 1] == '.')
			s[--n] = '\0';
	}
	return s;
}

/* The measure unit worth printing next to a value ("número" goes without saying). */
static const char *
unit_suffix(const struct month_indicator *m)
{
	return strcmp(m->measure_unit, "número") == 0 ? "" : m->measure_unit;
}

static int
valid_url(const struct field *f, struct param *p)
{
	if (p->len == 0)
		return 1;
	return (long long)p->len <= f->max && link_valid(p->s, p->len);
}

/* ---- loading, with the access checks ------------------------------------------ */

/* Load the month for the caller, answering the errors itself. 0 when loaded. */
/*
 * Whether a month its unit has not sent is past its lock date (lock_days
 * after the deadline, or the day the officer reopened it until): 1, 0, or
 * -1 when the database is away. *day: that date. One query, and only for a
 * month already past its first lock date.
 */
static int
past_lock(struct ctx *c, long long unit, int period, enum period_state st, struct ymd *day)
{
	const struct conf *cf = c->w->conf;
	struct ymd today = today_ec(cf->today);
	const char *until = NULL;

	*day = lock_date(period, cf->entry_deadline_day, cf->lock_days, NULL);
	if (cf->lock_days == 0 || (st != PS_BORRADOR && st != PS_DEVUELTO) ||
	    !locked_by_date(today, period, cf->entry_deadline_day, cf->lock_days, NULL))
		return 0;
	if (db_period_reopened(c->w->db, c->req->arena, unit, period, &until) != DB_OK)
		return -1;
	*day = lock_date(period, cf->entry_deadline_day, cf->lock_days, until);
	return locked_by_date(today, period, cf->entry_deadline_day, cf->lock_days, until);
}

static const char *
lock_message(struct arena *a, const struct unit_month *um)
{
	return arena_printf(a, "Este mes se cerró para la unidad el %02d/%02d/%04d, %d días después "
	    "del plazo (%02d/%02d/%04d). Pida al responsable de transparencia que lo reabra.",
	    um->lock_day.d, um->lock_day.m, um->lock_day.y,
	    (int)ymd_diff(um->deadline, um->lock_day), um->deadline.d, um->deadline.m, um->deadline.y);
}

static int
load_month(struct ctx *c, long long unit, int period, struct unit_month *um)
{
	if (!may_use_unit(c, unit)) {
		response_error(c, 403, "forbidden", "Esta unidad no está a su cargo.");
		return -1;
	}
	switch (monthly_load(c->w->db, c->req->arena, c->inst, unit, period,
	    today_ec(c->w->conf->today), c->w->conf->entry_deadline_day, um)) {
	case MONTH_OK:
		if ((um->date_locked = past_lock(c, unit, period, um->state, &um->lock_day)) < 0) {
			answer_unavailable(c);
			return -1;
		}
		return 0;
	case MONTH_NOTFOUND:
		response_error(c, 404, "not_found", "La unidad no existe.");
		return -1;
	case MONTH_NOYEAR:
		response_error(c, 404, "not_found",
		    "No hay un plan anual para ese año: no se registran valores de ese mes.");
		return -1;
	case MONTH_FUTURE:
		response_error(c, 422, "future_period",
		    "Ese mes todavía no empieza: no se pueden registrar valores de meses futuros.");
		return -1;
	default:
		answer_unavailable(c);
		return -1;
	}
}

static cJSON	*month_json(struct ctx *, const struct unit_month *);

/* ---- the form --------------------------------------------------------------------- */

/* What the person typed, per indicator, to show again with the errors. */
struct typed {
	const char	*value, *comment, *evidence;
	const char	*err_value, *err_evidence, *err_comment, *err_file;
	const struct mpart *file;		/* an accepted upload, stored after the save */
	const char	*file_name, *file_type;
	const unsigned char *remove;		/* per um->files: marked «Quitar» (shared) */
	long long	 version;
	const struct month_value *theirs;	/* conflict: what the other person saved */
};

/*
 * The month's evidence files of an indicator, each between before and after;
 * how many. t: the form is editable, each file gets its «Quitar» box (q<id>),
 * ticked as t->remove says.
 */
static int
evidence_files(struct buf *b, const struct unit_month *um, long long indicator, const char *before,
    const char *after, const struct typed *t)
{
	int n = 0;

	for (size_t k = 0; k < um->nfiles; k++)
		if (um->files[k].indicator_id == indicator) {
			html_raw(b, n++ ? "<br>" : before);
			buf_printf(b, "<a href=\"/evidencias/%lld\">", um->files[k].id);
			html_text(b, um->files[k].filename);
			buf_printf(b, "</a> (%zu KB)", (um->files[k].size + 1023) / 1024);
			if (t != NULL)
				buf_printf(b, " <label class=\"remove\"><input type=\"checkbox\" "
				    "name=\"q%lld\" value=\"1\"%s> Quitar al guardar</label>",
				    um->files[k].id, t->remove && t->remove[k] ? " checked" : "");
		}
	if (n > 0)
		html_raw(b, after);
	return n;
}

static void
render_indicator(struct ctx *c, const struct unit_month *um, const struct month_indicator *m,
    const struct typed *t, int editable)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	int month = um->period % 100;
	/* read-only: as people read numbers; in the field: as parse_amount takes it back */
	const char *shown = m->cur.value ? format_amount(a, m->cur.value, m->decimals) : "";
	const char *typed = t && t->value ? t->value : input_amount(a, m->cur.value);

	buf_printf(b, "<section class=\"ind\" id=\"i%lld\" aria-labelledby=\"t%lld\">\n"
	    "<h2 id=\"t%lld\">", m->id, m->id, m->id);
	if (m->code[0]) {
		html_raw(b, "<span class=\"code\">");
		html_text(b, m->code);
		html_raw(b, "</span> ");
	}
	html_text(b, m->name);
	if (!m->active)
		html_raw(b, " <span class=\"badge\">desactivado</span>");
	/* with the month, so that the history page leads back to it */
	buf_printf(b, " <a class=\"more\" href=\"/indicadores/%lld?mes=%04d-%02d\">historial y gráfico</a>"
	    "</h2>\n", m->id, um->period / 100, month);
	if (m->goal_text != NULL) {
		html_raw(b, "<p class=\"goal\"><strong>Meta");
		if (m->goal_code && m->goal_code[0]) {
			html_raw(b, " ");
			html_text(b, m->goal_code);
		}
		html_raw(b, ":</strong> ");
		html_text(b, m->goal_text);
		html_raw(b, "</p>\n");
	}
	/* the year so far, when it has a value (else the line below says there is none) */
	{
		int any = 0;

		for (int k = 0; k < month - 1; k++)
			any |= m->months[k] != NULL;
		if (any) {
			html_raw(b, "<dl class=\"months\">");
			for (int k = 0; k < month - 1; k++) {
				html_raw(b, "<div><dt>");
				html_raw(b, month_short[k]);
				html_raw(b, "</dt><dd>");
				html_text(b, m->months[k] ? format_amount(a, m->months[k], m->decimals) :
				    "—");
				html_raw(b, "</dd></div>");
			}
			html_raw(b, "</dl>\n");
		}
	}
	html_raw(b, "<p class=\"progress\">");
	if (m->has_cumulative) {
		html_raw(b, m->aggregation == 'l' ? "Último valor: " : m->aggregation == 'a' ?
		    "Promedio del año: " : "Acumulado del año: ");
		html_text(b, format_amount(a, trim_number(a, m->cumulative,
		    m->aggregation == 'a' ? 2 : m->cum_decimals), 0));
		if (m->target != NULL) {
			double pct = m->progress < 0 ? 0 : m->progress;

			html_raw(b, " de ");
			html_text(b, format_amount(a, m->target, 0));
			buf_printf(b, " (%.0f %%) <progress max=\"100\" value=\"%.0f\">%.0f %%</progress>",
			    pct, pct > 100 ? 100 : pct, pct);
		}
	} else if (m->target != NULL) {
		html_raw(b, "Sin valores registrados todavía este año; la meta es ");
		html_text(b, format_amount(a, m->target, 0));
		html_raw(b, ".");
	} else
		html_raw(b, "Sin valores registrados todavía este año.");
	html_raw(b, "</p>\n");
	if (t && t->theirs) {
		const struct month_value *o = t->theirs;
		int self = c->sess && o->updated_by[0] &&
		    strcmp(o->updated_by, c->sess->user->username) == 0;

		html_raw(b, "<div class=\"msg msg-error\" role=\"alert\"><p><strong>Conflicto:</strong> ");
		if (self)
			html_raw(b, "usted mismo, desde otra sesión o pestaña,");
		else
			html_text(b, o->updated_by[0] ? o->updated_by : "Otra persona");
		html_raw(b, " guardó ");
		html_text(b, o->value ? format_amount(a, o->value, m->decimals) : "sin valor");
		html_raw(b, " (");
		html_text(b, o->updated_at);
		html_raw(b, "). Su valor: ");
		html_text(b, t->value && t->value[0] ? t->value : "vacío");
		html_raw(b, ".</p>");
		/* their comment and link too: what is saved next replaces them */
		if ((o->comment && o->comment[0]) || (o->evidence_url && o->evidence_url[0])) {
			html_raw(b, "<p>Lo que guardó también tiene ");
			if (o->comment && o->comment[0]) {
				html_raw(b, "el comentario «");
				html_text(b, o->comment);
				html_raw(b, "»");
			}
			if (o->evidence_url && o->evidence_url[0]) {
				html_raw(b, o->comment && o->comment[0] ? " y el enlace " : "el enlace ");
				html_text(b, o->evidence_url);
			}
			html_raw(b, ": si lo quiere conservar, cópielo en los campos de abajo.</p>");
		}
		html_raw(b, "<p>Deje en cada campo lo que corresponda y guarde de nuevo.</p></div>\n");
	}
	if (editable) {
		static const struct typed none;

		evidence_files(b, um, m->id, "<p class=\"file\">Evidencia: ", "</p>\n", t ? t : &none);
	}
	if (!editable) {
		html_raw(b, "<dl class=\"facts\"><dt>Valor del mes</dt><dd>");
		html_text(b, shown[0] ? shown : "—");
		if (shown[0] && unit_suffix(m)[0]) {
			html_raw(b, " ");
			html_text(b, unit_suffix(m));
		}
		html_raw(b, "</dd><dt>Comentario</dt><dd>");
		html_text(b, m->cur.comment && m->cur.comment[0] ? m->cur.comment : "—");
		html_raw(b, "</dd><dt>Evidencia</dt><dd>");
		if (m->cur.evidence_url && m->cur.evidence_url[0]) {
			html_raw(b, "<a rel=\"noopener noreferrer\" href=\"");
			html_text(b, m->cur.evidence_url);
			html_raw(b, "\">");
			html_text(b, m->cur.evidence_url);
			html_raw(b, "</a>");
		}
		/* the month's files with the link, in one place (they were listed apart) */
		if (!evidence_files(b, um, m->id, m->cur.evidence_url && m->cur.evidence_url[0] ?
		    "<br>" : "", "", NULL) && !(m->cur.evidence_url && m->cur.evidence_url[0]))
			html_raw(b, "—");
		html_raw(b, "</dd></dl>\n</section>\n");
		return;
	}
	buf_printf(b, "<input type=\"hidden\" name=\"n%lld\" value=\"%lld\">\n", m->id,
	    t ? t->version : m->cur.version);
	page_input(b, arena_printf(a, "v%lld", m->id),
	    arena_printf(a, "Valor de %s%s%s", month_name(month),
	    unit_suffix(m)[0] ? " — " : "", unit_suffix(m)), "text", typed,
	    t ? t->err_value : NULL, m->decimals > 0 ?
	    (m->decimals == 1 ? "Admite un decimal, con coma o punto." :
	    arena_printf(a, "Admite hasta %d decimales, con coma o punto.",
	    m->decimals > 4 ? 4 : m->decimals)) :
	    "Número entero, por ejemplo 1234.", "off");
	buf_printf(b, "<div class=\"field%s\"><label for=\"f-c%lld\">Comentario</label>"
	    "<textarea id=\"f-c%lld\" name=\"c%lld\" rows=\"2\">",
	    t && t->err_comment ? " has-error" : "", m->id, m->id, m->id);
	html_text(b, t && t->comment ? t->comment : m->cur.comment ? m->cur.comment : "");
	html_raw(b, "</textarea>");
	if (t && t->err_comment) {
		html_raw(b, "<p class=\"error\">");
		html_text(b, t->err_comment);
		html_raw(b, "</p>");
	}
	html_raw(b, "</div>\n");
	page_input(b, arena_printf(a, "e%lld", m->id), "Enlace a la evidencia (opcional)", "url",
	    t && t->evidence ? t->evidence : m->cur.evidence_url ? m->cur.evidence_url : "",
	    t ? t->err_evidence : NULL, NULL, "off");
	buf_printf(b, "<div class=\"field%s\"><label for=\"f-f%lld\">Archivo de evidencia (opcional)</label>"
	    "<p class=\"hint\" id=\"h-f%lld\">PDF, imagen (PNG, JPG) o documento de oficina, hasta %zu MB.</p>"
	    "<input id=\"f-f%lld\" name=\"f%lld\" type=\"file\" aria-describedby=\"h-f%lld\" "
	    "accept=\".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.doc,.xls\">",
	    t && t->err_file ? " has-error" : "", m->id, m->id,
	    c->w->conf->evidence_max_size / (1024 * 1024), m->id, m->id, m->id);
	if (t && t->err_file) {
		html_raw(b, "<p class=\"error\">");
		html_text(b, t->err_file);
		html_raw(b, "</p>");
	} else if (t && t->file != NULL && t->file_name != NULL) {
		/* an accepted file is not kept when the save is refused for another field */
		html_raw(b, "<p class=\"error\">Vuelva a elegir el archivo «");
		html_text(b, t->file_name);
		html_raw(b, "»: no se guardó porque el formulario tenía otros errores.</p>");
	}
	html_raw(b, "</div>\n</section>\n");
}

/*
 * Whether the institution has a plan for year. A form of January or December
 * asks it for its link across the year: the answer is kept, like the other
 * copies, while no write was announced (epoch.h), so the form still runs no
 * query when nothing changed.
 */
static int
has_plan(struct ctx *c, int year)
{
	static struct {
		long long		inst;
		int			year, yes;
		struct epoch_stamp	st;
	} seen[8];
	static unsigned next;
	struct epoch_stamp st;
	enum db_status s;
	long long py;
	unsigned k;

	for (k = 0; k < sizeof(seen) / sizeof(seen[0]); k++)
		if (seen[k].inst == c->inst && seen[k].year == year && epoch_current(&seen[k].st))
			return seen[k].yes;
	epoch_stamp(&st, 0);
	s = db_plan_year_id(c->w->db, c->req->arena, c->inst, year, 0, &py);
	if (s != DB_OK && s != DB_NOTFOUND)
		return 0;
	k = next++ % (sizeof(seen) / sizeof(seen[0]));
	seen[k].inst = c->inst;
	seen[k].year = year;
	seen[k].yes = s == DB_OK;
	seen[k].st = st;
	return seen[k].yes;
}

/*
 * A reason the officer typed (a correction's or a return's), shown again in
 * its field with err beside it when the form was refused: nothing typed is
 * lost. for: 'c' the correction's field, 'd' the return's.
 */
#define REASON_INVALID	"El motivo admite hasta 2000 caracteres, sin caracteres de control."

struct reason_in {
	int		 for_;
	const char	*text, *err;
};

/* The reason's textarea (id f-<id>, name motivo), with what r holds for it. */
static void
reason_field(struct buf *b, const char *id, const char *label, const char *hint,
    const struct reason_in *r, int which)
{
	const char *text = r && r->for_ == which ? r->text : NULL;
	const char *err = r && r->for_ == which ? r->err : NULL;

	buf_printf(b, "<div class=\"field%s\"><label for=\"f-%s\">", err ? " has-error" : "", id);
	html_text(b, label);
	html_raw(b, "</label>");
	if (hint != NULL) {
		buf_printf(b, "<p class=\"hint\" id=\"h-%s\">", id);
		html_text(b, hint);
		html_raw(b, "</p>");
	}
	buf_printf(b, "<textarea id=\"f-%s\" name=\"motivo\" rows=\"2\"", id);
	if (hint != NULL || err != NULL)
		buf_printf(b, " aria-describedby=\"%s%s%s%s\"", hint ? "h-" : "", hint ? id : "",
		    hint && err ? " e-" : err ? "e-" : "", err ? id : "");
	if (err != NULL)
		html_raw(b, " aria-invalid=\"true\"");
	html_raw(b, ">");
	html_text(b, text ? text : "");
	html_raw(b, "</textarea>");
	if (err != NULL) {
		buf_printf(b, "<p class=\"error\" id=\"e-%s\">", id);
		html_text(b, err);
		html_raw(b, "</p>");
	}
	html_raw(b, "</div>");
}

static void
render_month_r(struct ctx *c, const struct unit_month *um, const struct typed *typed,
    const char *error, const struct reason_in *reason)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	/* a deactivated unit's month is read-only for everyone (MONTHLY_UNIT_INACTIVE) */
	int jefe_edit = um->unit_active && (um->state == PS_BORRADOR || um->state == PS_DEVUELTO) &&
	    (!um->date_locked || is_officer(c));
	int correcting = um->unit_active && um->state == PS_APROBADO && is_officer(c);
	int editable = jefe_edit || correcting;
	int prev = next_period(um->period, -1), next = next_period(um->period, 1);
	struct ymd today = today_ec(c->w->conf->today);

	buf_clear(b);
	page_begin(c, arena_printf(a, "%d. %s — %s", um->unit_number, um->unit_name,
	    period_label(a, um->period)));
	html_raw(b, "<nav class=\"months-nav\" aria-label=\"Meses\">");
	/* across a year: only to a year that has a plan (another would answer 404) */
	if (prev / 100 == um->period / 100 || has_plan(c, prev / 100)) {
		buf_printf(b, "<a href=\"/unidades/%lld/%04d-%02d\">← ", um->unit_id, prev / 100,
		    prev % 100);
		html_text(b, period_label(a, prev));
		html_raw(b, "</a>");
	}
	if (next <= today.y * 100 + today.m &&
	    (next / 100 == um->period / 100 || has_plan(c, next / 100))) {
		buf_printf(b, " <a href=\"/unidades/%lld/%04d-%02d\">", um->unit_id, next / 100, next % 100);
		html_text(b, period_label(a, next));
		html_raw(b, " →</a>");
	}
	html_raw(b, "</nav>\n<p class=\"status\">");
	page_state_badge(b, um->state);
	html_raw(b, " ");
	if (!um->unit_active)
		html_raw(b, "<strong>Unidad desactivada: sin plazo</strong>");
	else if (um->state == PS_BORRADOR || um->state == PS_DEVUELTO) {
		html_raw(b, um->days_left < 0 ? "<strong class=\"late\">" : "<strong>");
		html_text(b, deadline_text(a, um));
		html_raw(b, "</strong>");
		/* late but not closed: until when, as the dashboard says (after a reopening too) */
		if (um->days_left < 0 && c->w->conf->lock_days > 0 && !um->date_locked)
			buf_printf(b, " Abierto para la unidad hasta el %02d/%02d/%04d.", um->lock_day.d,
			    um->lock_day.m, um->lock_day.y);
	}
	html_raw(b, "</p>\n");
	if (!um->unit_active)
		page_message(b, "info", MONTHLY_UNIT_INACTIVE);
	else if (um->date_locked && !is_officer(c))
		page_message(b, "info", lock_message(a, um));
	else if (um->date_locked) {
		/* the officer may still enter it, and reopen it for the unit */
		struct ymd until = ymd_add_days(today_ec(c->w->conf->today), c->w->conf->lock_days);

		buf_printf(b, "<div class=\"msg msg-info\"><p>Este mes se cerró para la unidad el "
		    "%02d/%02d/%04d.</p><form method=\"post\" action=\"/unidades/%lld/%04d-%02d/reabrir\">",
		    um->lock_day.d, um->lock_day.m, um->lock_day.y, um->unit_id, um->period / 100,
		    um->period % 100);
		page_csrf(c);
		buf_printf(b, "<button type=\"submit\" class=\"secondary\">Reabrir el mes para la unidad "
		    "hasta el %02d/%02d/%04d</button></form></div>\n", until.d, until.m, until.y);
	}
	if (um->state == PS_DEVUELTO && um->return_reason) {
		html_raw(b, "<div class=\"msg msg-info\"><strong>Devuelto por transparencia:</strong> "
		    "<span class=\"reason\">");
		html_text(b, um->return_reason);
		html_raw(b, "</span></div>\n");
	}
	if (error != NULL)
		page_message(b, "error", error);
	if (um->nind == 0) {
		html_raw(b, "<p>Esta unidad no tiene indicadores en el plan anual de ");
		html_int(b, um->period / 100);
		html_raw(b, ": no tiene nada que enviar este mes.</p>\n");
		page_end(c);
		return;
	}
	if (editable)
		buf_printf(b, "<form class=\"month\" method=\"post\" enctype=\"multipart/form-data\" "
		    "action=\"/unidades/%lld/%04d-%02d\">\n",
		    um->unit_id, um->period / 100, um->period % 100);
	if (editable)
		page_csrf(c);
	for (size_t i = 0; i < um->nind; i++)
		render_indicator(c, um, &um->ind[i], typed ? &typed[i] : NULL,
		    editable && um->ind[i].active);
	if (correcting) {
		reason_field(b, "motivo", "Motivo de la corrección (obligatorio)", "El mes está "
		    "aprobado: el valor anterior, el nuevo y este motivo quedan en el historial.",
		    reason, 'c');
		html_raw(b, "\n<div class=\"actions\"><button type=\"submit\" name=\"accion\" "
		    "value=\"corregir\">Guardar corrección</button></div>\n</form>\n");
	} else if (editable) {
		html_raw(b, "<div class=\"actions\"><button type=\"submit\" name=\"accion\" value=\"guardar\" "
		    "class=\"secondary\">Guardar borrador</button> <button type=\"submit\" name=\"accion\" "
		    "value=\"enviar\">Guardar y enviar el mes</button></div>\n"
		    "<p class=\"hint\">Puede guardar el borrador cuantas veces quiera. Al enviar, el "
		    "responsable de transparencia revisa el mes y lo aprueba o se lo devuelve.");
		buf_printf(b, " Cada vez que guarde puede adjuntar hasta %d archivo%s de evidencia.</p>\n</form>\n",
		    c->w->conf->evidence_max_files, c->w->conf->evidence_max_files == 1 ? "" : "s");
	}
	if (!um->unit_active)
		;	/* no workflow for a deactivated unit: the message above says why */
	else if (um->state == PS_ENVIADO && is_officer(c)) {
		buf_printf(b, "<div class=\"review\"><form method=\"post\" "
		    "action=\"/unidades/%lld/%04d-%02d/aprobar\">", um->unit_id, um->period / 100,
		    um->period % 100);
		page_csrf(c);
		buf_printf(b, "<button type=\"submit\">Aprobar el mes</button></form>\n"
		    "<form class=\"stack\" method=\"post\" action=\"/unidades/%lld/%04d-%02d/devolver\">",
		    um->unit_id, um->period / 100, um->period % 100);
		page_csrf(c);
		reason_field(b, "motivo", "Motivo de la devolución (obligatorio)", "La unidad lo ve "
		    "arriba de su formulario, para saber qué corregir.", reason, 'd');
		html_raw(b, "<button type=\"submit\" class=\"secondary\">Devolver a la unidad</button>"
		    "</form></div>\n");
	} else if (um->state == PS_ENVIADO)
		html_raw(b, "<p class=\"msg msg-info\">Mes enviado: espera la revisión del responsable de transparencia.</p>\n");
	else if (um->state == PS_APROBADO && !correcting)
		html_raw(b, "<p class=\"msg msg-info\">Mes aprobado: sus valores ya no se modifican aquí. "
		    "Si hace falta un cambio, pídalo al responsable de transparencia, que lo registra como "
		    "corrección con su motivo.</p>\n");
	else if (correcting) {
		/* besides correcting it: a published month says so; one not published can go back */
		int published = 0;

		if (db_period_published(c->w->db, a, c->inst, um->period, &published) != DB_OK)
			published = 1;	/* unknown: offer nothing the server might refuse */
		if (published)
			html_raw(b, "<p class=\"msg msg-info\">Este mes ya está publicado: solo cambia con "
			    "una corrección con su motivo, y después se publica una nueva versión del "
			    "informe.</p>\n");
		else {
			buf_printf(b, "<div class=\"review\"><p>O devuélvalo a la unidad para que ella lo "
			    "corrija y lo envíe de nuevo:</p><form class=\"stack\" method=\"post\" "
			    "action=\"/unidades/%lld/%04d-%02d/devolver\">", um->unit_id, um->period / 100,
			    um->period % 100);
			page_csrf(c);
			reason_field(b, "motivo-dev", "Motivo de la devolución (obligatorio)", "La "
			    "unidad lo ve arriba de su formulario, para saber qué corregir.", reason, 'd');
			html_raw(b, "<button type=\"submit\" class=\"secondary\">Devolver a la "
			    "unidad</button></form></div>\n");
		}
	}
	page_end(c);
}

static void
render_month(struct ctx *c, const struct unit_month *um, const struct typed *typed,
    const char *error)
{
	render_month_r(c, um, typed, error, NULL);
}

/*
 * Build the field table for this unit's indicators: v<id>, c<id>, e<id>,
 * n<id>; then q<id> for each of the month's files (its «Quitar» box); then
 * accion, motivo and csrf, the last three.
 */
static struct field *
month_fields(struct arena *a, const struct unit_month *um, size_t *n)
{
	struct field *f = arena_calloc(a, um->nind * 4 + um->nfiles + 3, sizeof(*f));
	size_t k = 0;

	for (size_t i = 0; i < um->nind; i++) {
		long long id = um->ind[i].id;

		f[k++] = (struct field){ arena_printf(a, "v%lld", id), valid_text, 0, 40, 0 };
		f[k++] = (struct field){ arena_printf(a, "c%lld", id), valid_lines, 0, 2000, 0 };
		f[k++] = (struct field){ arena_printf(a, "e%lld", id), valid_url, 0, 500, 0 };
		f[k++] = (struct field){ arena_printf(a, "n%lld", id), valid_int, 0, 2147483647LL, 0 };
	}
	for (size_t i = 0; i < um->nfiles; i++)
		f[k++] = (struct field){ arena_printf(a, "q%lld", um->files[i].id), valid_int, 0, 1, 0 };
	f[k++] = (struct field){ "accion", valid_token, 1, 16, 0 };
	f[k++] = (struct field){ "motivo", valid_lines, 0, 2000, 0 };
	f[k++] = (struct field){ "csrf", valid_token, 1, 128, 0 };
	*n = k;
	return f;
}

/*
 * The one-off message after a redirect (?ok=...). On a month's page (state
 * >= 0) only a message true of its state now: a stale or hand-made address
 * does not say «Mes enviado» over a draft.
 */
#define IN(s)	(1u << (s))
static void
take_notice(struct ctx *c, int state)
{
	static const struct field f[] = { { "ok", valid_token, 1, 16, 0 } };
	static const struct { const char *key, *text; unsigned states; } notes[] = {
		{ "guardado", "Borrador guardado.", IN(PS_BORRADOR) | IN(PS_DEVUELTO) },
		{ "quitado", "Borrador guardado; los archivos marcados se quitaron del mes.",
		    IN(PS_BORRADOR) | IN(PS_DEVUELTO) },
		{ "enviado", "Mes enviado. El responsable de transparencia lo revisará.", IN(PS_ENVIADO) },
		{ "corregido", "Corrección guardada; queda en el historial con su motivo.", IN(PS_APROBADO) },
		{ "aprobado", "Mes aprobado.", IN(PS_APROBADO) },
		{ "devuelto", "Mes devuelto a la unidad con su motivo.", IN(PS_DEVUELTO) },
		{ "reabierto", "Mes reabierto: la unidad puede completarlo y enviarlo.",
		    IN(PS_BORRADOR) | IN(PS_DEVUELTO) },
	};
	struct param p[1];
	int bad;

	(void)form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), f, 1, p, &bad);
	if (!p[0].present || p[0].invalid)
		return;
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		if (strcmp(p[0].s, notes[i].key) == 0 && (state < 0 || (notes[i].states & IN(state))))
			c->notice = notes[i].text;
}
#undef IN

/*
 * The file sent for indicator id, if any: NULL when fine (t->file set when
 * there is one to store), else a Spanish message for next to the field.
 */
static const char *
check_upload(struct ctx *c, const struct mpart *parts, size_t n, long long id, struct typed *t)
{
	char name[32];
	const struct mpart *f = NULL;

	snprintf(name, sizeof(name), "f%lld", id);
	for (size_t k = 0; k < n; k++)
		if (parts[k].filename != NULL && strcmp(parts[k].name, name) == 0) {
			if (f != NULL)
				return "Envíe un solo archivo por indicador.";
			f = &parts[k];
		}
	if (f == NULL || (f->filename[0] == '\0' && f->len == 0))
		return NULL;	/* no file chosen */
	if ((t->file_name = multipart_safe_filename(c->req->arena, f->filename)) == NULL)
		return "El nombre del archivo no es válido: use un nombre sin rutas ni caracteres especiales.";
	if (f->len == 0)
		return "El archivo está vacío.";
	if (f->len > c->w->conf->evidence_max_size)
		return arena_printf(c->req->arena, "El archivo pesa más de %zu MB.",
		    c->w->conf->evidence_max_size / (1024 * 1024));
	if ((t->file_type = evidence_kind(t->file_name, (const unsigned char *)f->data, f->len)) == NULL)
		return "Tipo de archivo no permitido (o su contenido no corresponde a su extensión): "
		    "use PDF, PNG, JPG o un documento de oficina.";
	t->file = f;
	return NULL;
}

/* GET /evidencias/{id}: the file, to those who may see its unit. */
/*
 * A file name for the ASCII filename= of Content-Disposition: Spanish letters
 * lose their accent ("gestión" → "gestion"), any other character that is not
 * printable ASCII, and '"' and '\\', become one '_'.
 */
static void
ascii_fallback(struct buf *d, const char *name)
{
	/* U+00C0..U+00FF without their marks ('_' where there is no plain letter) */
	static const char latin1[] = "AAAAAA_CEEEEIIII_NOOOOO__UUUUY__aaaaaa_ceeeeiiii_nooooo__uuuuy_y";

	for (const unsigned char *p = (const unsigned char *)name; *p; ) {
		if (*p < 0x80) {
			buf_putc(d, (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? (char)*p : '_');
			p++;
			continue;
		}
		if ((p[0] == 0xc3) && (p[1] & 0xc0) == 0x80) {
			buf_putc(d, latin1[p[1] & 0x3f]);	/* U+00C0 + (p[1] & 0x3f) */
			p += 2;
			continue;
		}
		buf_putc(d, '_');
		for (p++; (*p & 0xc0) == 0x80; p++)
			;
	}
}

/*
 * The evidence file {id} for this person: 0 with *e and *unit, or -1 with
 * the answer given (404 for none or another unit's, which reads as none;
 * 410 once taken off its month).
 */
static int
find_file(struct ctx *c, struct evidence_row *e, long long *unit)
{
	enum db_status s = db_evidence_get(c->w->db, c->req->arena, c->inst, c->args.id[0], e, unit);

	if (s == DB_ERROR) {
		answer_unavailable(c);
		return -1;
	}
	if (s == DB_NOTFOUND || !may_use_unit(c, *unit)) {
		response_error(c, 404, "not_found", "El archivo no existe.");
		return -1;
	}
	if (e->removed_on != NULL) {
		response_error(c, 410, "removed", arena_printf(c->req->arena, "Este archivo se quitó "
		    "del mes el %s: ya no se descarga. El registro de auditoría guarda quién lo quitó.",
		    e->removed_on));
		return -1;
	}
	return 0;
}

void
h_evidence(struct ctx *c)
{
	struct arena *a = c->req->arena;
	struct evidence_row e;
	struct buf d;
	long long unit;
	struct stat st;
	int fd;

	if (find_file(c, &e, &unit) != 0)
		return;
	if ((fd = evidence_open(e.sha256)) < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		response_error(c, 404, "not_found", "El archivo ya no está disponible en el servidor.");
		return;
	}
	/* attachment: an ASCII fallback name, and the real one (RFC 6266 / 8187) */
	buf_init(&d, a);
	buf_puts(&d, "attachment; filename=\"");
	ascii_fallback(&d, e.filename);
	buf_puts(&d, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)e.filename; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_')
			buf_putc(&d, (char)*p);
		else
			buf_printf(&d, "%%%02X", *p);
	c->res->content_type = e.content_type;
	c->res->disposition = d.data;
	c->res->file_fd = fd;
	c->res->file_size = (size_t)st.st_size;
}

void
h_month(struct ctx *c)
{
	struct unit_month um;

	if (load_month(c, c->args.id[0], c->args.period, &um) != 0)
		return;
	take_notice(c, (int)um.state);
	render_month(c, &um, NULL, NULL);
}

/*
 * After one step of a form's save (values, a file added or removed): 0 when
 * it went through; else 1, with the form shown again with msg (423 for a
 * month this person cannot change, 422 otherwise) or 503.
 */
static int
refused(struct ctx *c, enum month_result r, const struct unit_month *um, const struct typed *t,
    const char *msg, const struct reason_in *why)
{
	if (r == MONTH_OK)
		return 0;
	if (r == MONTH_ERROR)
		answer_unavailable(c);
	else {
		c->res->status = r == MONTH_LOCKED ? 423 : 422;
		render_month_r(c, um, t, msg, why);
	}
	return 1;
}

void
h_month_post(struct ctx *c)
{
	struct arena *a = c->req->arena;
	struct unit_month um;
	struct field *f;
	struct param *p;
	struct typed *t;
	struct value_input *in;
	struct value_conflict *conf;
	struct actor who;
	const struct mpart *parts = NULL;
	const char *action, *msg;
	unsigned char *remove;
	size_t nf, nconf, nparts = 0, nin = 0, nremove = 0;
	int bad_any = 0, correct;
	enum month_result r;
	struct reason_in why = { 'c', NULL, NULL };

	if (load_month(c, c->args.id[0], c->args.period, &um) != 0)
		return;
	if (!um.unit_active || (um.date_locked && !is_officer(c))) {
		c->res->status = 423;
		render_month(c, &um, NULL, "No se guardó nada.");
		return;
	}
	f = month_fields(a, &um, &nf);
	p = arena_calloc(a, nf, sizeof(*p));
	{
		const struct param *ct = &c->req->env[ENV_CONTENT_TYPE];

		if (ct->present && strncasecmp(ct->s, "multipart/form-data", 19) == 0) {
			enum form_err e = request_parts(c, &parts, &nparts);
			int bad;

			if (e == FORM_OK)
				e = multipart_fields(a, parts, nparts, f, nf, p, &bad);
			if (e != FORM_OK && e != FORM_ERR_INVALID) {
				response_error(c, 400, "bad_request", "El formulario llegó incompleto o "
				    "dañado y no se guardó nada. Vuelva a cargar la página e intente de nuevo.");
				return;
			}
		} else if (form_body(c, f, nf, p) != 0)
			return;
	}
	action = p[nf - 3].present && !p[nf - 3].invalid ? p[nf - 3].s : "guardar";
	correct = strcmp(action, "corregir") == 0;
	if (correct && !is_officer(c)) {
		response_error(c, 403, "forbidden", "Solo el responsable de transparencia corrige meses aprobados.");
		return;
	}
	/* a correction's reason: checked with the fields, kept when the form is refused */
	why.text = p[nf - 2].present ? p[nf - 2].s : NULL;
	if (correct && p[nf - 2].invalid) {
		why.err = REASON_INVALID;
		bad_any = 1;
	} else if (correct && text_blank(why.text)) {
		why.err = "Escriba el motivo de la corrección: queda en el historial con el valor "
		    "anterior y el nuevo.";
		bad_any = 1;
	}
	t = arena_calloc(a, um.nind ? um.nind : 1, sizeof(*t));
	in = arena_calloc(a, um.nind ? um.nind : 1, sizeof(*in));
	remove = arena_calloc(a, um.nfiles ? um.nfiles : 1, 1);
	for (size_t k = 0; k < um.nfiles; k++) {
		const struct param *pq = &p[um.nind * 4 + k];

		remove[k] = pq->present && !pq->invalid && pq->i == 1;
		nremove += remove[k];
	}
	for (size_t i = 0; i < um.nind; i++) {
		const struct month_indicator *m = &um.ind[i];
		struct param *pv = &p[i * 4], *pc = &p[i * 4 + 1], *pe = &p[i * 4 + 2], *pn = &p[i * 4 + 3];
		char canon[40];

		t[i].value = pv->present ? pv->s : "";
		t[i].comment = pc->present ? pc->s : "";
		t[i].evidence = pe->present ? pe->s : "";
		t[i].version = pn->present && !pn->invalid ? pn->i : m->cur.version;
		t[i].remove = remove;
		memset(&in[i], 0, sizeof(in[i]));
		in[i].indicator_id = m->id;
		/* A field the form did not send keeps what is stored (a browser sends them all). */
		in[i].comment = pc->present ? (pc->invalid ? "" : pc->s) :
		    m->cur.comment ? m->cur.comment : "";
		in[i].evidence_url = pe->present ? (pe->invalid ? "" : pe->s) :
		    m->cur.evidence_url ? m->cur.evidence_url : "";
		if (!pv->present)
			in[i].value = m->cur.value;
		in[i].version = t[i].version;
		if (pc->invalid) {
			t[i].err_comment = "El comentario es demasiado largo o tiene caracteres no válidos.";
			bad_any = 1;
		}
		if (pe->invalid) {
			t[i].err_evidence = "Escriba un enlace completo, que empiece por https:// o http:// (o déjelo vacío).";
			bad_any = 1;
		}
		if (pv->invalid) {
			t[i].err_value = "El número es demasiado largo.";
			bad_any = 1;
		} else if (pv->present && pv->len > 0 && m->cur.value != NULL &&
		    strcmp(pv->s, input_amount(a, m->cur.value)) == 0) {
			/*
			 * The field as the form filled it: the stored value, unchanged.
			 * It is kept as stored, not checked again against a rule the
			 * officer tightened after it was saved (that would block every
			 * other field of the form).
			 */
			in[i].value = m->cur.value;
		} else if (pv->present && pv->len > 0) {
			const char *err = parse_amount(a, pv->s, m->decimals, m->min, m->max, canon);

			if (err != NULL) {
				t[i].err_value = err;
				bad_any = 1;
			} else
				in[i].value = arena_strdup(a, canon);
		}
		if ((t[i].err_file = check_upload(c, parts, nparts, m->id, &t[i])) != NULL)
			bad_any = 1;
		/*
		 * A field sent without the version it was read at cannot be checked
		 * against a save made meanwhile: refused, never dropped in silence.
		 */
		if ((!pn->present || pn->invalid) && t[i].err_value == NULL &&
		    ((pv->present && pv->len > 0) || pc->present || pe->present)) {
			t[i].err_value = "Este campo llegó sin la versión que se leyó; recargue la "
			    "página y vuelva a escribirlo.";
			bad_any = 1;
		}
		/*
		 * Only indicators the form actually sent (their version field) take
		 * part; a blank indicator that never had a value creates nothing.
		 */
		if (pn->present && !pn->invalid && (m->cur.present || in[i].value != NULL ||
		    in[i].comment[0] != '\0' || in[i].evidence_url[0] != '\0'))
			in[nin++] = in[i];
	}
	if (bad_any) {
		c->res->status = 422;
		render_month_r(c, &um, t, "Revise los campos marcados; nada se guardó.", &why);
		return;
	}
	ctx_actor(c, &who);
	r = monthly_save(c->w->db, a, c->inst, &who, um.unit_id, um.period, correct,
	    p[nf - 2].present ? p[nf - 2].s : NULL, in, nin, &conf, &nconf, &msg);
	if (r == MONTH_CONFLICT) {
		for (size_t k = 0; k < nconf; k++)
			for (size_t i = 0; i < um.nind; i++)
				if (um.ind[i].id == conf[k].indicator_id) {
					t[i].theirs = &conf[k].theirs;
					/* the next save, with this version, is a deliberate choice */
					t[i].version = conf[k].theirs.present ? conf[k].theirs.version : 0;
				}
		c->res->status = 409;
		render_month_r(c, &um, t, msg, &why);
		return;
	}
	if (refused(c, r, &um, t, msg, &why))
		return;
	for (size_t i = 0; i < um.nind; i++) {
		char sha[65];
		int lock;

		if (t[i].file == NULL)
			continue;
		evidence_sha256(t[i].file->data, t[i].file->len, sha);
		/* shared with other uploads; a purge waits until the row names the bytes */
		if ((lock = evidence_lock(0)) < 0 ||
		    evidence_store(t[i].file->data, t[i].file->len, sha) != 0) {
			evidence_unlock(lock);
			answer_unavailable(c);
			return;
		}
		r = monthly_attach(c->w->db, a, c->inst, &who, um.unit_id, um.period, correct,
		    um.ind[i].id, sha, t[i].file_name, t[i].file_type, t[i].file->len, &msg);
		evidence_unlock(lock);
		if (refused(c, r, &um, t, msg, &why))
			return;
	}
	for (size_t k = 0; k < um.nfiles; k++) {
		struct evidence_row e;
		long long unit;
		enum db_status s;

		if (!remove[k])
			continue;
		/* as stored now, with its hash for the audit row */
		s = db_evidence_get(c->w->db, a, c->inst, um.files[k].id, &e, &unit);
		if (s == DB_NOTFOUND || (s == DB_OK && (unit != um.unit_id || e.period != um.period)))
			continue;
		r = s == DB_OK ? monthly_detach(c->w->db, a, c->inst, &who, um.unit_id, correct,
		    p[nf - 2].present ? p[nf - 2].s : NULL, &e, &msg) : MONTH_ERROR;
		if (refused(c, r, &um, t, msg, &why))
			return;
	}
	if (strcmp(action, "enviar") == 0) {
		r = monthly_transition(c->w->db, a, c->inst, &who, um.unit_id, um.period, TR_SUBMIT,
		    NULL, &msg);
		if (r != MONTH_OK) {
			if (r == MONTH_ERROR) {
				answer_unavailable(c);
				return;
			}
			if (load_month(c, um.unit_id, um.period, &um) != 0)
				return;
			/* the fields still empty are marked where they are */
			t = arena_calloc(a, um.nind ? um.nind : 1, sizeof(*t));
			for (size_t i = 0; i < um.nind; i++) {
				t[i].version = um.ind[i].cur.version;
				if (um.ind[i].cur.value == NULL)
					t[i].err_value = "Falta el valor de este mes: sin él no se puede enviar.";
			}
			c->res->status = 422;
			render_month(c, &um, t, arena_printf(a, "Se guardó el borrador, pero el mes "
			    "no se envió. %s", msg));
			return;
		}
	}
	response_redirect(c, arena_printf(a, "/unidades/%lld/%04d-%02d?ok=%s", um.unit_id,
	    um.period / 100, um.period % 100, strcmp(action, "enviar") == 0 ? "enviado" :
	    correct ? "corregido" : nremove > 0 ? "quitado" : "guardado"));
}

/* A page's answer to a workflow action on um: to `then`, or the month with the message. */
static void
page_after(struct ctx *c, enum month_result r, const struct unit_month *um, const char *msg,
    const char *then, const struct reason_in *why)
{
	if (r == MONTH_ERROR) {
		answer_unavailable(c);
		return;
	}
	if (r != MONTH_OK) {
		c->res->status = r == MONTH_STATE ? 409 : r == MONTH_LOCKED ? 423 : 422;
		render_month_r(c, um, NULL, msg, why);
		return;
	}
	response_redirect(c, then);
}

static void
transition_page(struct ctx *c, enum transition tr)
{
	static const struct field fields[] = {
		{ "motivo", valid_lines, 0, 2000, 0 },
		{ "csrf", valid_token, 1, 128, 0 },
	};
	struct param p[2];
	struct unit_month um;
	struct actor who;
	struct reason_in why = { 'd', NULL, NULL };
	const char *msg;
	enum month_result r;

	if (load_month(c, c->args.id[0], c->args.period, &um) != 0)
		return;
	if (form_body(c, fields, 2, p) != 0)
		return;
	why.text = p[0].present ? p[0].s : NULL;
	/* a return's reason is said wrong at its field, and what was typed stays there */
	if (tr == TR_RETURN && (p[0].invalid || text_blank(why.text))) {
		why.err = p[0].invalid ? REASON_INVALID : "Escriba el motivo de la devolución para "
		    "que la unidad sepa qué corregir.";
		c->res->status = 422;
		render_month_r(c, &um, NULL, "El mes no se devolvió: falta el motivo de la devolución "
		    "o no es válido (vea el campo, al final de la página).", &why);
		return;
	}
	ctx_actor(c, &who);
	r = monthly_transition(c->w->db, c->req->arena, c->inst, &who, um.unit_id, um.period, tr,
	    p[0].present ? p[0].s : NULL, &msg);
	/* back to the dashboard, which names the unit and points at its row */
	page_after(c, r, &um, msg, arena_printf(c->req->arena, "/meses/%04d-%02d?ok=%s&unidad=%lld#u%lld",
	    um.period / 100, um.period % 100, tr == TR_APPROVE ? "aprobado" : "devuelto", um.unit_id,
	    um.unit_id), &why);
}

/*
 * The officer reopens a month past its lock date for its unit, for lock_days
 * from today. *until receives that day ("YYYY-MM-DD"); the result as
 * monthly_reopen, MONTH_INVALID when months do not lock by date here.
 */
static enum month_result
reopen(struct ctx *c, const struct unit_month *um, const char **until, const char **msg)
{
	struct ymd d = ymd_add_days(today_ec(c->w->conf->today), c->w->conf->lock_days);
	struct actor who;

	*until = arena_printf(c->req->arena, "%04d-%02d-%02d", d.y, d.m, d.d);
	if (c->w->conf->lock_days == 0) {
		*msg = "En esta instalación los meses no se cierran por fecha (lock_days = 0): no hay "
		    "nada que reabrir.";
		return MONTH_INVALID;
	}
	ctx_actor(c, &who);
	return monthly_reopen(c->w->db, c->req->arena, c->inst, &who, um->unit_id, um->period, *until,
	    msg);
}

/* The API's answer to a workflow action on um: the month again, or the error. */
static void
answer_month(struct ctx *c, enum month_result r, struct unit_month *um, const char *msg)
{
	if (r == MONTH_OK) {
		if (load_month(c, um->unit_id, um->period, um) == 0)
			response_json(c, 200, month_json(c, um));
		return;
	}
	if (r == MONTH_STATE)
		response_error(c, 409, "state", msg);
	else if (r == MONTH_LOCKED)
		response_error(c, 423, "locked", msg);
	else if (r == MONTH_INVALID)
		response_error(c, 422, "invalid", msg);
	else
		answer_unavailable(c);
}

void
h_month_reopen(struct ctx *c)
{
	static const struct field fields[] = { { "csrf", valid_token, 1, 128, 0 } };
	struct param p[1];
	struct unit_month um;
	const char *until, *msg;
	enum month_result r;

	if (load_month(c, c->args.id[0], c->args.period, &um) != 0)
		return;
	if (form_body(c, fields, 1, p) != 0)
		return;
	r = reopen(c, &um, &until, &msg);
	page_after(c, r, &um, msg, arena_printf(c->req->arena, "/unidades/%lld/%04d-%02d?ok=reabierto",
	    um.unit_id, um.period / 100, um.period % 100), NULL);
}

void
h_api_reopen(struct ctx *c)
{
	struct unit_month um;
	const char *until, *msg;
	enum month_result r;

	if (load_month(c, c->args.id[0], c->args.period, &um) != 0)
		return;
	r = reopen(c, &um, &until, &msg);
	answer_month(c, r, &um, msg);
}

/*
 * DELETE /api/v1/evidence/{id} [{"reason"}]: take a file off its month,
 * under the rules of the form's «Quitar al guardar» (monthly_detach); 200
 * with the month as GET …/periods/{period} gives it.
 */
void
h_api_evidence_delete(struct ctx *c)
{
	static const struct field fields[] = { { "reason", valid_lines, 0, 2000, 0 } };
	struct param p[1] = { { 0, NULL, 0, 0, 0 } };
	struct arena *a = c->req->arena;
	struct evidence_row e;
	struct unit_month um;
	struct actor who;
	long long unit;
	const char *msg = NULL;
	enum month_result r;

	if (c->req->content_length > 0 && json_body(c, fields, 1, p) != 0)
		return;
	if (find_file(c, &e, &unit) != 0)
		return;
	if (load_month(c, unit, e.period, &um) != 0)
		return;
	if (um.date_locked && !is_officer(c)) {
		response_error(c, 423, "locked", lock_message(a, &um));
		return;
	}
	ctx_actor(c, &who);
	/* msg is set by monthly_detach: read it only after the call (not as a sibling argument) */
	r = monthly_detach(c->w->db, a, c->inst, &who, unit, um.state == PS_APROBADO && is_officer(c),
	    p[0].present ? p[0].s : NULL, &e, &msg);
	answer_month(c, r, &um, msg);
}

void
h_month_approve(struct ctx *c)
{
	transition_page(c, TR_APPROVE);
}

void
h_month_return(struct ctx *c)
{
	transition_page(c, TR_RETURN);
}

/* ---- officer's dashboard ------------------------------------------------------------ */

/*
 * The dashboard's "Plazo" cell: a month still open is late once its deadline
 * has passed; a month sent is late when it was sent after the deadline.
 */
static const char *
dash_deadline(struct ctx *c, const struct dash_row *r, int period, struct ymd dl, long left)
{
	struct arena *a = c->req->arena;
	const struct conf *cf = c->w->conf;
	struct ymd sent;

	if (r->indicators == 0)
		return "Sin indicadores en el plan: no tiene nada que enviar";
	if (!r->active && (r->state == PS_BORRADOR || r->state == PS_DEVUELTO))
		return "Unidad desactivada: no recibe valores nuevos";
	if (r->state == PS_BORRADOR || r->state == PS_DEVUELTO) {
		struct ymd lk = lock_date(period, cf->entry_deadline_day, cf->lock_days, r->reopened_until);

		if (left < 0 && cf->lock_days > 0 && locked_by_date(today_ec(cf->today), period,
		    cf->entry_deadline_day, cf->lock_days, r->reopened_until))
			return arena_printf(a, "<strong class=\"late\">Atrasada, cerrada el %02d/%02d/%04d"
			    "</strong>", lk.d, lk.m, lk.y);
		if (left < 0 && cf->lock_days > 0)
			return arena_printf(a, "<strong class=\"late\">Atrasada</strong>, abierta hasta el "
			    "%02d/%02d/%04d", lk.d, lk.m, lk.y);
		if (left < 0)
			return "<strong class=\"late\">Atrasada</strong>";
		return left == 0 ? "Vence hoy" : left == 1 ? "Vence mañana" :
		    arena_printf(a, "Vence en %ld días", left);
	}
	if (r->submitted_on == NULL || parse_ymd(r->submitted_on, &sent) != 0)
		return "—";
	if (ymd_diff(dl, sent) > 0)
		return arena_printf(a, "<strong class=\"late\">Enviada con %ld día%s de retraso</strong> "
		    "(%02d/%02d/%04d)", ymd_diff(dl, sent), ymd_diff(dl, sent) == 1 ? "" : "s",
		    sent.d, sent.m, sent.y);
	return arena_printf(a, "A tiempo (enviada el %02d/%02d/%04d)", sent.d, sent.m, sent.y);
}

void
h_dashboard(struct ctx *c)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	struct dash_row *rows;
	size_t n;
	struct ymd today = today_ec(c->w->conf->today);
	struct ymd dl = entry_deadline(c->args.period, c->w->conf->entry_deadline_day);
	long left = ymd_diff(today, dl);
	int counts[4] = { 0, 0, 0, 0 };
	struct ymd pub;

	if (monthly_dashboard(c->w->db, a, c->inst, c->args.period, &rows, &n) != MONTH_OK) {
		answer_unavailable(c);
		return;
	}
	take_notice(c, -1);
	if (c->notice != NULL) {
		/* after an approval or a return: which unit («Mes aprobado.» alone names none) */
		static const struct field f[] = { { "unidad", valid_int, 1, LLONG_MAX, 0 } };
		struct param p[1];
		int bad;

		(void)form_parse_urlencoded(a, c->req->query, strlen(c->req->query), f, 1, p, &bad);
		for (size_t i = 0; p[0].present && !p[0].invalid && i < n; i++)
			if (rows[i].unit_id == p[0].i) {
				size_t ln = strlen(c->notice), lu = strlen(rows[i].name);

				c->notice = arena_printf(a, "%.*s: %d. %s%s", (int)(ln - 1), c->notice,
				    rows[i].number, rows[i].name, lu && rows[i].name[lu - 1] == '.' ?
				    "" : ".");
				break;
			}
	}
	/* only units expected to report count (UNIT_EXPECTED in db.c) */
	for (size_t i = 0; i < n; i++)
		if (rows[i].expected)
			counts[rows[i].state]++;
	{
		struct ymd first = entry_deadline(c->args.period, 10);
		const char **hol;
		size_t nh;

		if (db_holidays(c->w->db, a, arena_printf(a, "%04d-%02d-01", first.y, first.m),
		    arena_printf(a, "%04d-%02d-28", first.y, first.m), &hol, &nh) != DB_OK) {
			answer_unavailable(c);
			return;
		}
		pub = publication_deadline(c->args.period, hol, nh);
	}
	page_begin(c, arena_printf(a, "Revisión de %s", period_label(a, c->args.period)));
	{
		int prev = c->args.period % 100 == 1 ? c->args.period - 89 : c->args.period - 1;
		int next = c->args.period % 100 == 12 ? c->args.period + 89 : c->args.period + 1;

		buf_printf(b, "<nav class=\"months\" aria-label=\"Otros meses\"><a href=\"/meses/%04d-%02d\">← ",
		    prev / 100, prev % 100);
		html_text(b, period_label(a, prev));
		html_raw(b, "</a>");
		if (next <= today.y * 100 + today.m) {
			buf_printf(b, " <a href=\"/meses/%04d-%02d\">", next / 100, next % 100);
			html_text(b, period_label(a, next));
			html_raw(b, " →</a>");
		}
		html_raw(b, "</nav>\n");
	}
	if (c->args.period > today.y * 100 + today.m) {
		page_message(b, "info", "Este mes todavía no empieza: las unidades aún no pueden "
		    "registrar sus valores.");
		page_end(c);
		return;
	}
	buf_printf(b, "<p>Plazo de las unidades: %02d/%02d/%04d. Publicación de la matriz: hasta el "
	    "%02d/%02d/%04d (el día 10 o el siguiente día hábil; vea los <a href=\"/feriados?anio=%d\">"
	    "feriados de %d</a>).</p>\n", dl.d, dl.m, dl.y, pub.d, pub.m, pub.y, pub.y, pub.y);
	{
		/* a published month says so, with its latest version and where its reports are */
		struct publication_row *pubs;
		size_t np;
		const char *pt = arena_printf(a, "%04d-%02d", c->args.period / 100, c->args.period % 100);

		if (db_publication_list(c->w->db, a, c->inst, pt, &pubs, &np) == DB_OK && np > 0) {
			const struct publication_row *last = &pubs[0];

			for (size_t i = 1; i < np; i++)
				if (pubs[i].version > last->version)
					last = &pubs[i];
			buf_printf(b, "<p class=\"msg msg-info\" role=\"status\">Publicado: versión %d, "
			    "el ", last->version);
			html_text(b, last->published_at);
			buf_printf(b, ". Sus valores cambian solo con una corrección, con su motivo. "
			    "<a href=\"/informes?mes=%s\">Ver los informes del mes</a></p>\n", pt);
		}
	}
	/* no plan, or none with indicators: no counts of units that have nothing to do */
	{
		size_t with = 0;

		for (size_t i = 0; i < n; i++)
			with += rows[i].indicators > 0;
		if (with == 0) {
			page_message(b, "info", arena_printf(a, "El plan anual de %d no tiene indicadores: "
			    "no hay nada que revisar en este mes.", c->args.period / 100));
			page_end(c);
			return;
		}
	}
	buf_printf(b, "<p>Aprobadas: %d · por revisar: %d · en borrador: %d · devueltas: %d",
	    counts[PS_APROBADO], counts[PS_ENVIADO], counts[PS_BORRADOR], counts[PS_DEVUELTO]);
	{
		/* the rows the counts leave out, said, so the table and the line agree */
		size_t off = 0, none = 0;

		for (size_t i = 0; i < n; i++) {
			off += !rows[i].active;
			none += rows[i].active && !rows[i].expected;
		}
		if (off > 0)
			buf_printf(b, " (no se cuenta%s %zu unidad%s desactivada%s)", off == 1 ? "" : "n",
			    off, off == 1 ? "" : "es", off == 1 ? "" : "s");
		if (none > 0)
			buf_printf(b, " (no se cuenta%s %zu unidad%s sin indicadores en el plan)",
			    none == 1 ? "" : "n", none, none == 1 ? "" : "es");
	}
	html_raw(b, ".</p>\n");
	html_raw(b, "<table class=\"list dash\"><thead><tr><th scope=\"col\">No.</th><th scope=\"col\">Unidad</th>"
	    "<th scope=\"col\">Estado</th><th scope=\"col\">Valores</th><th scope=\"col\">Plazo</th>"
	    "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct dash_row *r = &rows[i];

		buf_printf(b, "<tr id=\"u%lld\"><td>", r->unit_id);
		html_int(b, r->number);
		buf_printf(b, "</td><td><a href=\"/unidades/%lld/%04d-%02d\">", r->unit_id,
		    c->args.period / 100, c->args.period % 100);
		html_text(b, r->name);
		html_raw(b, "</a></td><td>");
		/* nothing to send, nothing sent: no state to show */
		if (r->active && !r->expected && r->state == PS_BORRADOR)
			html_raw(b, "—");
		else
			page_state_badge(b, r->state);
		if (!r->active)
			html_raw(b, " <span class=\"badge\">desactivada</span>");
		buf_printf(b, "</td><td>%d de %d</td><td>", r->filled, r->indicators);
		html_raw(b, dash_deadline(c, r, c->args.period, dl, left));
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	page_end(c);
}

/* ---- API ------------------------------------------------------------------------------ */

static cJSON *
month_json(struct ctx *c, const struct unit_month *um)
{
	struct arena *a = c->req->arena;
	cJSON *o = cJSON_CreateObject(), *arr;

	if (o == NULL)
		oom();
	cJSON_AddNumberToObject(o, "unit_id", (double)um->unit_id);
	cJSON_AddStringToObject(o, "period", arena_printf(a, "%04d-%02d", um->period / 100, um->period % 100));
	cJSON_AddStringToObject(o, "status", period_state_name(um->state));
	if (um->return_reason)
		cJSON_AddStringToObject(o, "return_reason", um->return_reason);
	cJSON_AddStringToObject(o, "deadline", arena_printf(a, "%04d-%02d-%02d", um->deadline.y,
	    um->deadline.m, um->deadline.d));
	cJSON_AddNumberToObject(o, "days_left", (double)um->days_left);
	cJSON_AddBoolToObject(o, "locked", !um->unit_active ||
	    !(um->state == PS_BORRADOR || um->state == PS_DEVUELTO) ||
	    (um->date_locked && !is_officer(c)));
	cJSON_AddBoolToObject(o, "unit_active", um->unit_active);
	if (c->w->conf->lock_days > 0)
		cJSON_AddStringToObject(o, "lock_date", arena_printf(a, "%04d-%02d-%02d",
		    um->lock_day.y, um->lock_day.m, um->lock_day.d));
	arr = cJSON_AddArrayToObject(o, "indicators");
	for (size_t i = 0; i < um->nind; i++) {
		const struct month_indicator *m = &um->ind[i];
		cJSON *e = cJSON_CreateObject();

		if (e == NULL)
			oom();
		cJSON_AddNumberToObject(e, "id", (double)m->id);
		cJSON_AddStringToObject(e, "code", m->code);
		cJSON_AddStringToObject(e, "name", m->name);
		cJSON_AddNumberToObject(e, "decimals", m->decimals);
		if (!m->active)
			cJSON_AddFalseToObject(e, "active");
		if (m->goal_text)
			cJSON_AddStringToObject(e, "goal", m->goal_text);
		if (m->target)
			cJSON_AddStringToObject(e, "target", m->target);
		if (m->cur.value)
			cJSON_AddStringToObject(e, "value", m->cur.value);
		else
			cJSON_AddNullToObject(e, "value");
		cJSON_AddStringToObject(e, "comment", m->cur.comment ? m->cur.comment : "");
		cJSON_AddStringToObject(e, "evidence_url", m->cur.evidence_url ? m->cur.evidence_url : "");
		cJSON_AddNumberToObject(e, "version", (double)m->cur.version);
		{
			cJSON *files = cJSON_AddArrayToObject(e, "files");

			for (size_t k = 0; k < um->nfiles; k++) {
				const struct evidence_row *f = &um->files[k];
				cJSON *fo;

				if (f->indicator_id != m->id)
					continue;
				if ((fo = cJSON_CreateObject()) == NULL)
					oom();
				cJSON_AddNumberToObject(fo, "id", (double)f->id);
				cJSON_AddStringToObject(fo, "filename", f->filename);
				cJSON_AddNumberToObject(fo, "size", (double)f->size);
				cJSON_AddStringToObject(fo, "url", arena_printf(c->req->arena,
				    "/evidencias/%lld", f->id));
				cJSON_AddItemToArray(files, fo);
			}
		}
		if (m->has_cumulative)
			cJSON_AddStringToObject(e, "cumulative", trim_number(c->req->arena, m->cumulative,
			    m->aggregation == 'a' ? 4 : m->cum_decimals));
		cJSON_AddItemToArray(arr, e);
	}
	return o;
}

void
h_api_month(struct ctx *c)
{
	struct unit_month um;

	if (load_month(c, c->args.id[0], c->args.period, &um) != 0)
		return;
	response_json(c, 200, month_json(c, &um));
}

enum { JV_VALUE, JV_COMMENT, JV_EVIDENCE, JV_VERSION, JV_REASON, JV__MAX };
static const struct field api_value_fields[JV__MAX] = {
	[JV_VALUE] = { "value", valid_text, 0, 40, 0 },
	[JV_COMMENT] = { "comment", valid_lines, 0, 2000, 0 },
	[JV_EVIDENCE] = { "evidence_url", valid_url, 0, 500, 0 },
	[JV_VERSION] = { "version", valid_int, 0, 2147483647LL, 0 },
	[JV_REASON] = { "reason", valid_lines, 0, 2000, 0 },
};

/*
 * PUT a value. One unlocked read (db_value_head) answers the checks that
 * load_month and the month's indicators answered before, in the same order
 * and with the same answers; monthly_save_value() then writes with one
 * UPDATE that checks the version and the month's state again, under lock.
 */
void
h_api_value_put(struct ctx *c)
{
	struct arena *a = c->req->arena;
	struct param p[JV__MAX];
	struct value_head h;
	struct value_input in;
	struct value_conflict *conf;
	struct actor who;
	const char *msg;
	long long version;
	size_t nconf;
	char canon[40];
	enum db_status st;
	enum month_result r;
	struct ymd today = today_ec(c->w->conf->today);
	int correct, period = c->args.period;

	if (json_body(c, api_value_fields, JV__MAX, p) != 0)
		return;
	st = db_value_head(c->w->db, a, c->inst, c->args.id[0], period, &h);
	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El indicador no existe.");
		return;
	}
	if (st != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if (!may_use_unit(c, h.unit_id)) {
		response_error(c, 403, "forbidden", "Esta unidad no está a su cargo.");
		return;
	}
	if (period > today.y * 100 + today.m) {
		response_error(c, 422, "future_period",
		    "Ese mes todavía no empieza: no se pueden registrar valores de meses futuros.");
		return;
	}
	if (h.year != period / 100 || !h.active) {
		long long py;

		st = db_plan_year_id(c->w->db, a, c->inst, period / 100, 0, &py);
		if (st == DB_NOTFOUND)
			response_error(c, 404, "not_found",
			    "No hay un plan anual para ese año: no se registran valores de ese mes.");
		else if (st != DB_OK)
			answer_unavailable(c);
		else
			response_error(c, 404, "not_found", "El indicador no está activo en el plan de ese año.");
		return;
	}
	if (!h.unit_active) {
		response_error(c, 423, "locked", MONTHLY_UNIT_INACTIVE);
		return;
	}
	if (!p[JV_VERSION].present) {
		response_error(c, 422, "invalid", "Envíe «version»: 0 si no había valor, o la versión que leyó.");
		return;
	}
	if (!is_officer(c)) {
		struct unit_month lm;
		int locked;

		memset(&lm, 0, sizeof(lm));
		if ((locked = past_lock(c, h.unit_id, period, h.period_found ? h.state : PS_BORRADOR,
		    &lm.lock_day)) < 0) {
			answer_unavailable(c);
			return;
		}
		if (locked) {
			lm.deadline = entry_deadline(period, c->w->conf->entry_deadline_day);
			response_error(c, 423, "locked", lock_message(a, &lm));
			return;
		}
	}
	memset(&in, 0, sizeof(in));
	in.indicator_id = c->args.id[0];
	in.version = p[JV_VERSION].i;
	in.comment = p[JV_COMMENT].present ? p[JV_COMMENT].s : (h.cur.comment ? h.cur.comment : "");
	in.evidence_url = p[JV_EVIDENCE].present ? p[JV_EVIDENCE].s :
	    (h.cur.evidence_url ? h.cur.evidence_url : "");
	in.value = h.cur.value;	/* an omitted "value" keeps the stored number */
	if (p[JV_VALUE].present && p[JV_VALUE].len == 0)
		in.value = NULL;	/* "" clears it */
	if (p[JV_VALUE].present && p[JV_VALUE].len > 0) {
		const char *err = parse_amount(a, p[JV_VALUE].s, h.decimals, h.min, h.max, canon);

		if (err == NULL)
			in.value = canon;
		/* the stored value sent back is not refused for a rule tightened since */
		else if (amount_is_stored(p[JV_VALUE].s, h.cur.value))
			in.value = h.cur.value;
		else {
			response_error(c, 422, "invalid", err);
			return;
		}
	}
	correct = h.state == PS_APROBADO && is_officer(c);
	ctx_actor(c, &who);
	r = monthly_save_value(c->w->db, a, c->inst, &who, period, correct,
	    p[JV_REASON].present ? p[JV_REASON].s : NULL, &h, &in, &version, &conf, &nconf, &msg);
	switch (r) {
	case MONTH_OK:
		break;
	case MONTH_CONFLICT: {
		cJSON *o = cJSON_CreateObject(), *e;

		if (o == NULL)
			oom();
		e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "code", "conflict");
		cJSON_AddStringToObject(e, "message", msg);
		if (conf[0].theirs.value)
			cJSON_AddStringToObject(o, "current_value", conf[0].theirs.value);
		else
			cJSON_AddNullToObject(o, "current_value");
		cJSON_AddNumberToObject(o, "current_version", (double)conf[0].theirs.version);
		response_json(c, 409, o);
		return;
	}
	case MONTH_LOCKED:
		response_error(c, 423, "locked", msg);
		return;
	case MONTH_STATE:
		response_error(c, 409, "state", msg);
		return;
	case MONTH_INVALID:
		response_error(c, 422, "invalid", msg);
		return;
	default:
		answer_unavailable(c);
		return;
	}
	{
		cJSON *o = cJSON_CreateObject();

		if (o == NULL)
			oom();
		cJSON_AddNumberToObject(o, "indicator_id", (double)in.indicator_id);
		if (in.value)
			cJSON_AddStringToObject(o, "value", in.value);
		else
			cJSON_AddNullToObject(o, "value");
		cJSON_AddNumberToObject(o, "version", (double)version);
		response_json(c, 200, o);
	}
}

static void
transition_api(struct ctx *c, enum transition tr)
{
	static const struct field fields[] = { { "reason", valid_lines, 0, 2000, 0 } };
	struct param p[1] = { { 0, NULL, 0, 0, 0 } };
	struct unit_month um;
	struct actor who;
	const char *msg;
	enum month_result r;

	if (tr != TR_SUBMIT && !is_officer(c)) {
		response_error(c, 403, "forbidden", "Solo el responsable de transparencia aprueba o devuelve meses.");
		return;
	}
	if (c->req->content_length > 0 && json_body(c, fields, 1, p) != 0)
		return;
	if (load_month(c, c->args.id[0], c->args.period, &um) != 0)
		return;
	if (tr == TR_SUBMIT && um.date_locked && !is_officer(c)) {
		response_error(c, 423, "locked", lock_message(c->req->arena, &um));
		return;
	}
	ctx_actor(c, &who);
	r = monthly_transition(c->w->db, c->req->arena, c->inst, &who, um.unit_id, um.period, tr,
	    p[0].present ? p[0].s : NULL, &msg);
	answer_month(c, r, &um, msg);
}

void
h_api_submit(struct ctx *c)
{
	transition_api(c, TR_SUBMIT);
}

void
h_api_approve(struct ctx *c)
{
	transition_api(c, TR_APPROVE);
}

void
h_api_return(struct ctx *c)
{
	transition_api(c, TR_RETURN);
}

/* ---- one indicator: the year's values, chart and history ---------------------------- */

/* The least round figure (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) >= v > 0. */
static double
nice_ceiling(double v)
{
	static const double steps[] = { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
	double p = 1;

	while (p * 10 < v)
		p *= 10;
	while (p > v)
		p /= 10;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] * p >= v)
			return steps[i] * p;
	return 10 * p;
}

/* A bar chart of the monthly values with the cumulative line and the target, as SVG. */
static void
render_chart(struct buf *b, struct arena *a, const struct month_indicator *m, int last_month,
    const char *desc)
{
	const int W = 640, H = 240, L = 56, R = 12, T = 14, B = 28;
	double vals[12], cum[12], top = 0, target = m->target ? strtod(m->target, NULL) : 0;
	int has[12];
	double sum = 0, last = 0;
	int count = 0;

	for (int k = 0; k < 12; k++) {
		has[k] = k < last_month && m->months[k] != NULL;
		vals[k] = has[k] ? strtod(m->months[k], NULL) : 0;
		if (has[k]) {
			sum += vals[k];
			last = vals[k];
			count++;
		}
		cum[k] = count == 0 ? 0 : m->aggregation == 'l' ? last :
		    m->aggregation == 'a' ? sum / count : sum;
		if (vals[k] > top)
			top = vals[k];
		if (k < last_month && cum[k] > top)
			top = cum[k];
	}
	if (target > top)
		top = target;
	if (top <= 0)
		top = 1;
	top = nice_ceiling(top * 1.05);
	if (m->decimals == 0)
		top = ceil(top);	/* a whole-number indicator's axis has no decimals */
	buf_printf(b, "<div class=\"chart-wrap\"><svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"chart-t chart-d\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title id=\"chart-t\">Valores mensuales y avance acumulado</title><desc id=\"chart-d\">", W, H);
	html_text(b, desc);
	html_raw(b, "</desc>");
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8a96a3\"/>",
	    L, H - B, W - R, H - B);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" fill=\"#55606e\">0</text>",
	    L - 6, H - B + 4);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" fill=\"#55606e\">", L - 6, T + 4);
	html_text(b, format_amount(a, trim_number(a, top, 2), 0));
	html_raw(b, "</text>");
	for (int k = 0; k < 12; k++) {
		double slot = (double)(W - L - R) / 12, x = L + slot * k;
		double h = vals[k] / top * (H - T - B);

		if (has[k])
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#0b4f8a\"/>",
			    x + slot * 0.2, H - B - h, slot * 0.6, h);
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" fill=\"#55606e\">%s</text>",
		    x + slot / 2, H - 10, month_short[k]);
	}
	if (count > 0) {
		html_raw(b, "<polyline fill=\"none\" stroke=\"#d9822b\" stroke-width=\"2.5\" points=\"");
		for (int k = 0; k < last_month; k++) {
			double slot = (double)(W - L - R) / 12;

			buf_printf(b, "%.1f,%.1f ", L + slot * k + slot / 2,
			    H - B - cum[k] / top * (H - T - B));
		}
		html_raw(b, "\"/>");
	}
	if (target > 0) {
		double y = H - B - target / top * (H - T - B);

		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#1e7b34\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>", L, y, W - R, y);
		/* the goal's figure on the axis, at its height */
		buf_printf(b, "<text x=\"%d\" y=\"%.1f\" font-size=\"13\" text-anchor=\"end\" "
		    "fill=\"#1e7b34\">", L - 6, y + 4);
		html_text(b, format_amount(a, m->target, 0));
		html_raw(b, "</text>");
	}
	html_raw(b, "</svg></div>\n<p class=\"legend\"><span class=\"k k-bar\"></span> valor del mes "
	    "<span class=\"k k-line\"></span> acumulado <span class=\"k k-target\"></span> meta</p>\n");
}

/* The "Historial de cambios" table of an indicator: every save and correction. */
static void
render_changes(struct buf *b, struct arena *a, const struct history_row *hist, size_t nh,
    int decimals)
{
	html_raw(b, "<h2>Historial de cambios</h2>\n");
	if (nh == 0)
		html_raw(b, "<p>Sin cambios registrados.</p>\n");
	else {
		html_raw(b, "<table class=\"list changes\"><thead><tr><th scope=\"col\">Fecha</th><th scope=\"col\">Mes</th>"
		    "<th scope=\"col\">Quién</th><th scope=\"col\">Antes</th><th scope=\"col\">Después</th>"
		    "<th scope=\"col\">Comentario, enlace o archivo</th>"
		    "<th scope=\"col\">Tipo y motivo</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < nh; i++) {
			html_raw(b, "<tr><td>");
			html_text(b, hist[i].at);
			html_raw(b, "</td><td>");
			html_text(b, period_label(a, hist[i].period));
			html_raw(b, "</td><td>");
			html_text(b, hist[i].actor);
			html_raw(b, "</td><td>");
			html_text(b, hist[i].before ? format_amount(a, hist[i].before, decimals) : "—");
			html_raw(b, "</td><td>");
			html_text(b, hist[i].after ? format_amount(a, hist[i].after, decimals) : "—");
			html_raw(b, "</td><td>");
			if (hist[i].file_event) {
				html_raw(b, "Archivo «");
				html_text(b, hist[i].file ? hist[i].file : "");
				html_raw(b, hist[i].file_event == 1 ? "»</td><td>Archivo añadido" :
				    "»</td><td>Archivo quitado");
				if (hist[i].reason && hist[i].reason[0]) {
					html_raw(b, " en una corrección: ");
					html_text(b, hist[i].reason);
				}
				html_raw(b, "</td></tr>\n");
				continue;
			}
			/* what the change left: a comment or a link change shows here */
			html_text(b, hist[i].comment && hist[i].comment[0] ? hist[i].comment : "—");
			if (hist[i].evidence && hist[i].evidence[0]) {
				html_raw(b, " · <a rel=\"noopener noreferrer\" href=\"");
				html_text(b, hist[i].evidence);
				html_raw(b, "\">enlace</a>");
			}
			html_raw(b, "</td><td>");
			if (hist[i].correction) {
				html_raw(b, "Corrección: ");
				html_text(b, hist[i].reason ? hist[i].reason : "");
			} else
				html_raw(b, "Registro");
			html_raw(b, "</td></tr>\n");
		}
		html_raw(b, "</tbody></table>\n");
	}
}

/*
 * A deactivated indicator keeps its page, read-only: what was recorded for
 * it and every change, with a line saying it left the plan.
 */
static void
render_inactive_indicator(struct ctx *c, const struct unit_month *um, long long id, int period)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	struct indicator_input ind;
	struct history_row *hist;
	struct value_row *vals;
	size_t nh, nv;
	enum db_status st;

	st = db_indicator_row(c->w->db, a, c->inst, id, &ind);
	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El indicador no existe.");
		return;
	}
	if (st != DB_OK || db_value_history(c->w->db, a, c->inst, id, &hist, &nh) != DB_OK ||
	    db_month_values(c->w->db, a, c->inst, um->unit_id, (period / 100) * 100 + 1, period,
	    &vals, &nv) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	page_begin(c, arena_printf(a, "%s%s%s", ind.code, ind.code[0] ? " " : "", ind.name));
	buf_printf(b, "<p><a href=\"/unidades/%lld/%04d-%02d\">← %d. ", um->unit_id, period / 100,
	    period % 100, um->unit_number);
	html_text(b, um->unit_name);
	html_raw(b, "</a></p>\n");
	buf_printf(b, "<p class=\"msg msg-info\">Este indicador fue desactivado en el plan %d: ya no "
	    "se registran valores, pero se conserva todo lo que se registró.</p>\n", ind.year);
	html_raw(b, "<h2>Valores por mes</h2>\n<table class=\"list\"><thead><tr><th scope=\"col\">Mes</th>"
	    "<th scope=\"col\">Valor</th></tr></thead><tbody>\n");
	for (int k = 1; k <= period % 100; k++) {
		const char *v = NULL;

		for (size_t i = 0; i < nv; i++)
			if (vals[i].indicator_id == id && vals[i].period == (period / 100) * 100 + k)
				v = vals[i].v.value;
		html_raw(b, "<tr><td>");
		html_text(b, month_name(k));
		html_raw(b, "</td><td>");
		html_text(b, v ? format_amount(a, v, ind.decimals) : "—");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	render_changes(b, a, hist, nh, ind.decimals);
	page_end(c);
}

void
h_indicator(struct ctx *c)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	struct ymd today = today_ec(c->w->conf->today);
	struct unit_month um;
	struct history_row *hist;
	const struct month_indicator *m = NULL;
	long long unit;
	int year, period, last_month;
	size_t nh;
	enum db_status st;

	st = db_indicator_head(c->w->db, a, c->inst, c->args.id[0], &unit, &year);
	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El indicador no existe.");
		return;
	}
	if (st != DB_OK) {
		answer_unavailable(c);
		return;
	}
	period = year * 100 + 12;
	if (period > today.y * 100 + today.m)
		period = today.y * 100 + today.m;
	if (period < year * 100 + 1) {
		response_error(c, 422, "future_period", "El plan anual de este indicador todavía no empieza.");
		return;
	}
	if (load_month(c, unit, period, &um) != 0)
		return;
	for (size_t i = 0; i < um.nind; i++)
		if (um.ind[i].id == c->args.id[0])
			m = &um.ind[i];
	if (m == NULL) {
		render_inactive_indicator(c, &um, c->args.id[0], period);
		return;
	}
	if (db_value_history(c->w->db, a, c->inst, m->id, &hist, &nh) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	last_month = period % 100;
	page_begin(c, arena_printf(a, "%s%s%s", m->code, m->code[0] ? " " : "", m->name));
	{
		/* back to the month it was opened from (?mes=), if of this plan and begun */
		static const struct field f[] = { { "mes", valid_period, 0, 0, 0 } };
		struct param p[1];
		int bad, back = period;

		(void)form_parse_urlencoded(a, c->req->query, strlen(c->req->query), f, 1, p, &bad);
		if (p[0].present && !p[0].invalid && p[0].i / 100 == year && p[0].i <= period)
			back = (int)p[0].i;
		buf_printf(b, "<p><a href=\"/unidades/%lld/%04d-%02d\">← %d. ", um.unit_id, back / 100,
		    back % 100, um.unit_number);
		html_text(b, um.unit_name);
		html_raw(b, " — ");
		html_text(b, period_label(a, back));
		html_raw(b, "</a></p>\n");
	}
	if (!m->active)
		buf_printf(b, "<p class=\"msg msg-info\">Este indicador fue desactivado en el plan %d: ya "
		    "no se registran valores, pero se conserva todo lo que se registró.</p>\n", year);
	if (m->goal_text) {
		html_raw(b, "<p class=\"goal\"><strong>Meta:</strong> ");
		html_text(b, m->goal_text);
		html_raw(b, "</p>\n");
	}
	{
		const char *desc = m->has_cumulative ? arena_printf(a,
		    "Plan %d. Acumulado hasta %s: %s%s%s.", year, month_name(last_month),
		    format_amount(a, trim_number(a, m->cumulative, m->aggregation != 'a' &&
		    m->cum_decimals > 2 ? m->cum_decimals : 2), 0),
		    m->target ? arena_printf(a, " de una meta de %s", format_amount(a, m->target, 0)) : "",
		    m->target && m->progress > 0 ? arena_printf(a, " (%.0f %%)", m->progress) : "") :
		    arena_printf(a, "Plan %d: todavía no hay valores registrados.", year);

		/* the chart's text alternative, shown too: what the chart says, in words */
		html_raw(b, "<p class=\"summary\">");
		html_text(b, desc);
		if (!m->has_cumulative)
			html_raw(b, " El gráfico aparece con el primer valor.");
		html_raw(b, "</p>\n");
		if (m->has_cumulative)
			render_chart(b, a, m, last_month, desc);
	}
	buf_printf(b, "<h2>Valores por mes de %d</h2>\n<table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Mes</th><th scope=\"col\">Valor</th></tr></thead><tbody>\n", year);
	for (int k = 0; k < last_month; k++) {
		html_raw(b, "<tr><td>");
		html_text(b, month_name(k + 1));
		html_raw(b, "</td><td>");
		html_text(b, m->months[k] ? format_amount(a, m->months[k], m->decimals) : "—");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	render_changes(b, a, hist, nh, m->decimals);
	page_end(c);
}
