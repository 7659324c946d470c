/*
 * /feriados: Ecuador's national holidays of a year, which move the
 * publication deadline (the 10th, or the next working day). Officers and
 * administrators of every institution read it; the table is shared by the
 * whole deployment, so only its operator (the super-admin flag, honoured at
 * the default institution) sees the forms and may add or remove a day.
 */
#include "config.h"

#include <string.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "handlers.h"
#include "holiday.h"
#include "html.h"
#include "http.h"
#include "monthly.h"
#include "page.h"
#include "route.h"
#include "worker.h"

enum { HQ_YEAR, HQ_OK, HQ__MAX };
static const struct field page_query[HQ__MAX] = {
	[HQ_YEAR] = { "anio", valid_int, 2000, 2100, 0 },
	[HQ_OK] = { "ok", valid_token, 1, 16, 0 },
};

enum { HF_DAY, HF_NAME, HF_YEAR, HF_CSRF, HF__MAX };
static const struct field form_fields[HF__MAX] = {
	[HF_DAY] = { "fecha", valid_text, 0, 10, 0 },
	[HF_NAME] = { "nombre", valid_text, 0, 480, 0 },	/* 120 characters of up to 4 bytes */
	[HF_YEAR] = { "anio", valid_int, 2000, 2100, 0 },
	[HF_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};

/* What the operator typed, and what is wrong with it, for the page. */
struct typed {
	const char	*day;
	const char	*name;
	const char	*field;		/* "day" or "name": the error goes next to it */
	const char	*error;		/* NULL: no error */
	const char	*remove_error;	/* a refused removal: at the top of the list */
};

static int
is_operator(const struct ctx *c)
{
	return c->sess != NULL && (c->sess->user->roles & ROLE_SUPERADMIN) != 0;
}

static const char *
err_for(const struct typed *t, const char *field)
{
	return t != NULL && t->error != NULL && t->field != NULL && strcmp(t->field, field) == 0 ?
	    t->error : NULL;
}

/* The page of year; t (may be NULL) holds a refused form. */
static void
render(struct ctx *c, int year, const struct typed *t)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	struct holiday_row *rows;
	struct holiday_year *years;
	size_t n, ny;
	int op = is_operator(c);

	if (db_holiday_list(c->w->db, a, year, &rows, &n) != DB_OK ||
	    db_holiday_years(c->w->db, a, &years, &ny) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	buf_clear(b);
	page_begin(c, arena_printf(a, "Feriados nacionales de %d", year));
	buf_printf(b, "<nav class=\"months-nav\" aria-label=\"Años\"><a href=\"/feriados?anio=%d\">← %d</a>"
	    "<a href=\"/feriados?anio=%d\">%d →</a></nav>\n", year - 1, year - 1, year + 1, year + 1);
	html_raw(b, "<p>La matriz de cada mes se publica hasta el día 10 del mes siguiente o, si ese "
	    "día es sábado, domingo o feriado, hasta el siguiente día hábil. Estos son los feriados "
	    "nacionales que metas toma en cuenta para ese plazo, en el día de descanso que rige: "
	    "con los traslados que dispone la Ley Orgánica del Servicio Público.</p>\n");
	if (t != NULL && t->remove_error != NULL)
		page_message(b, "error", t->remove_error);
	if (n == 0)
		page_message(b, "info", arena_printf(a, "No hay feriados registrados para %d. "
		    "Mientras no se registren, el plazo de publicación de sus meses solo salta "
		    "sábados y domingos.", year));
	else {
		buf_printf(b, "<table class=\"list\">\n<caption>Feriados nacionales de %d</caption>\n"
		    "<thead><tr><th scope=\"col\">Fecha</th><th scope=\"col\">Día</th>"
		    "<th scope=\"col\">Feriado</th>%s</tr></thead>\n<tbody>\n", year,
		    op ? "<th scope=\"col\">Quitar</th>" : "");
		for (size_t i = 0; i < n; i++) {
			html_raw(b, "<tr><td>");
			html_text(b, holiday_day_label(a, rows[i].day));
			html_raw(b, "</td><td>");
			html_text(b, holiday_weekday_name(rows[i].day));
			html_raw(b, "</td><td>");
			html_text(b, rows[i].name);
			html_raw(b, "</td>");
			if (op) {
				html_raw(b, "<td><form method=\"post\" action=\"/feriados/borrar\">");
				page_csrf(c);
				html_raw(b, "<input type=\"hidden\" name=\"fecha\" value=\"");
				html_text(b, rows[i].day);
				html_raw(b, "\"><button type=\"submit\" class=\"secondary\" aria-label=\"Quitar el feriado del ");
				html_text(b, holiday_day_label(a, rows[i].day));
				html_raw(b, "\">Quitar</button></form></td>");
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table>\n");
	}
	if (ny > 0) {
		html_raw(b, "<p>Años con feriados registrados: ");
		for (size_t i = 0; i < ny; i++)
			buf_printf(b, "%s<a href=\"/feriados?anio=%d\">%d</a> (%d)", i ? " · " : "",
			    years[i].year, years[i].year, years[i].days);
		html_raw(b, ".</p>\n");
	}
	if (!op) {
		html_raw(b, "<p>Esta lista es común a todas las instituciones de este servidor. La "
		    "mantiene el operador del servidor; si falta un feriado o un traslado decretado, "
		    "pídale que lo registre.</p>\n");
		page_end(c);
		return;
	}
	html_raw(b, "<h2>Agregar un feriado</h2>\n<p class=\"hint\">Registre el día de descanso "
	    "que rige (el trasladado, si la ley o un decreto lo mueve). El cambio vale para todas "
	    "las instituciones del servidor y queda en la auditoría.</p>\n");
	if (t != NULL && t->error != NULL && t->field == NULL)
		page_message(b, "error", t->error);
	html_raw(b, "<form class=\"stack narrow\" method=\"post\" action=\"/feriados\">\n");
	page_csrf(c);
	page_input(b, "fecha", "Fecha (AAAA-MM-DD)", "date", t != NULL ? t->day : NULL,
	    err_for(t, "day"), NULL, "off");
	page_input(b, "nombre", "Nombre del feriado", "text", t != NULL ? t->name : NULL,
	    err_for(t, "name"), "Por ejemplo «Batalla de Pichincha (traslado)».", "off");
	html_raw(b, "<button type=\"submit\">Agregar feriado</button>\n</form>\n");
	page_end(c);
}

/* The year of the query, else this year. */
static int
query_year(struct ctx *c, struct param *q)
{
	int bad;

	(void)form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), page_query,
	    HQ__MAX, q, &bad);
	if (q[HQ_YEAR].present && !q[HQ_YEAR].invalid)
		return (int)q[HQ_YEAR].i;
	return today_ec(c->w->conf->today).y;
}

void
h_holidays(struct ctx *c)
{
	struct param q[HQ__MAX];
	int year = query_year(c, q);

	if (q[HQ_OK].present && !q[HQ_OK].invalid) {
		if (strcmp(q[HQ_OK].s, "agregado") == 0)
			c->notice = "Feriado agregado. El plazo de publicación de los meses afectados ya "
			    "lo toma en cuenta.";
		else if (strcmp(q[HQ_OK].s, "quitado") == 0)
			c->notice = "Feriado quitado.";
	}
	render(c, year, NULL);
}

/* The year to show after a form: the day's, else the form's, else this year. */
static int
year_after(struct ctx *c, const struct param *p)
{
	struct ymd d;

	if (p[HF_DAY].present && !p[HF_DAY].invalid && parse_ymd(p[HF_DAY].s, &d) == 0)
		return d.y;
	if (p[HF_YEAR].present && !p[HF_YEAR].invalid)
		return (int)p[HF_YEAR].i;
	return today_ec(c->w->conf->today).y;
}

void
h_holiday_create(struct ctx *c)
{
	struct param p[HF__MAX];
	struct typed t;
	struct actor who;
	struct ymd d;

	if (form_body(c, form_fields, HF__MAX, p) != 0)
		return;
	memset(&t, 0, sizeof(t));
	t.day = p[HF_DAY].present ? p[HF_DAY].s : "";
	t.name = p[HF_NAME].present ? p[HF_NAME].s : "";
	if (p[HF_NAME].invalid) {
		t.field = "name";
		t.error = "El nombre del feriado debe ser una sola línea de texto de hasta 120 "
		    "caracteres.";
	} else {
		ctx_actor(c, &who);
		switch (holiday_add(c->w->db, c->req->arena, c->inst, &who, t.day, t.name, &t.field,
		    &t.error)) {
		case CHANGE_OK:
			(void)parse_ymd(t.day, &d);
			response_redirect(c, arena_printf(c->req->arena, "/feriados?anio=%d&ok=agregado",
			    d.y));
			return;
		case CHANGE_INVALID:
		case CHANGE_CONFLICT:
			break;
		default:
			answer_unavailable(c);
			return;
		}
	}
	render(c, year_after(c, p), &t);
	if (c->res->status == 200)
		c->res->status = 422;
}

void
h_holiday_delete(struct ctx *c)
{
	struct param p[HF__MAX];
	struct typed t;
	struct actor who;
	const char *day, *msg;
	enum change_result r;
	struct ymd d;

	if (form_body(c, form_fields, HF__MAX, p) != 0)
		return;
	memset(&t, 0, sizeof(t));
	day = p[HF_DAY].present && !p[HF_DAY].invalid ? p[HF_DAY].s : "";
	ctx_actor(c, &who);
	r = holiday_remove(c->w->db, c->req->arena, c->inst, &who, day, &msg);
	switch (r) {
	case CHANGE_OK:
		(void)parse_ymd(day, &d);
		response_redirect(c, arena_printf(c->req->arena, "/feriados?anio=%d&ok=quitado", d.y));
		return;
	case CHANGE_INVALID:
	case CHANGE_NOTFOUND:
		t.remove_error = msg;
		render(c, year_after(c, p), &t);
		if (c->res->status == 200)
			c->res->status = r == CHANGE_NOTFOUND ? 404 : 422;
		return;
	default:
		answer_unavailable(c);
	}
}
