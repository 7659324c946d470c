/*
 * Catalogue management pages and API (administrators and the transparency
 * officer): units with their objective per plan year, indicators, goals,
 * and copying a plan year to the next.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "arena.h"
#include "catalogue.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "handlers.h"
#include "html.h"
#include "http.h"
#include "json.h"
#include "matrix.h"
#include "monthly.h"
#include "page.h"
#include "route.h"
#include "worker.h"

/* A decimal field: empty -> NULL; else canonical, or *err set. */
static const char *
amount_or_null(struct arena *a, const struct param *p, const char **err)
{
	char canon[40];
	const char *e;

	if (!p->present || p->len == 0)
		return NULL;
	if ((e = parse_amount(NULL, p->s, 4, NULL, NULL, canon)) != NULL) {
		*err = e;
		return NULL;
	}
	return arena_strdup(a, canon);
}

static const char *
str_or(const struct param *p, const char *dflt)
{
	return p->present && !p->invalid ? p->s : dflt;
}

/*
 * The first field of a page's form sent with a value its validator refused,
 * said with its label («Código» admite hasta 20 caracteres…); NULL when all
 * are valid. A field without a label (csrf) is the dispatcher's business.
 */
static const char *
refused_field(struct arena *a, const struct field *f, const struct param *p, size_t n,
    const char *const *labels)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].present && p[i].invalid && labels[i] != NULL)
			return arena_printf(a, "«%s» %s. Nada se guardó: corrija ese campo.", labels[i],
			    form_field_rule(a, &f[i]));
	return NULL;
}

static int
year_param(struct ctx *c)
{
	static const struct field f[] = { { "anio", valid_int, 2000, 2100, 0 } };
	struct param p[1];
	struct ymd today = today_ec(c->w->conf->today);
	int bad, year;

	(void)form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), f, 1, p, &bad);
	if (p[0].present && !p[0].invalid)
		return (int)p[0].i;
	/* the plan running today (or the last one before it): a year prepared ahead, or
	 * one named by mistake, is reached with ?anio=, never by default */
	if (db_latest_year(c->w->db, c->req->arena, c->inst, today.y, &year) == DB_OK)
		return year;
	return today.y;
}

static void
answer_change_page(struct ctx *c, enum change_result r, const char *msg, const char *back)
{
	switch (r) {
	case CHANGE_OK:
		response_redirect(c, back);
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", msg);
		return;
	case CHANGE_INVALID:
		response_error(c, 422, "invalid", msg);
		return;
	case CHANGE_CONFLICT:
		response_error(c, 409, "conflict", msg);
		return;
	default:
		answer_unavailable(c);
	}
}

/*
 * After an indicator's save: the notice on values stored before its rule was
 * tightened, which the new rule does not admit (catalogue_indicator_notice),
 * or NULL. The save stands either way; a failed read only loses the notice.
 * Its reads run here, on the catalogue's pages, never on a monthly one.
 */
static const char *
rule_notice(struct ctx *c, long long id)
{
	const char *notice = NULL;

	if (catalogue_indicator_notice(c->w->db, c->req->arena, c->inst, id, &notice) != CHANGE_OK)
		return NULL;
	return notice;
}

/* ---- the catalogue page -------------------------------------------------------- */

/* The ↑ and ↓ of an item (kind u, i or m) that has a neighbour on that side. */
static void
move_buttons(struct buf *b, char kind, long long id, const char *what, int up, int down)
{
	if (!up && !down)
		return;
	html_raw(b, " <span class=\"moves\">");	/* the pair never breaks apart */
	if (up) {
		buf_printf(b, " <button type=\"submit\" class=\"move\" name=\"mover\" "
		    "value=\"%c-%lld-subir\" aria-label=\"Subir ", kind, id);
		html_text(b, what);
		html_raw(b, "\" title=\"Subir\">↑</button>");
	}
	if (down) {
		buf_printf(b, " <button type=\"submit\" class=\"move\" name=\"mover\" "
		    "value=\"%c-%lld-bajar\" aria-label=\"Bajar ", kind, id);
		html_text(b, what);
		html_raw(b, "\" title=\"Bajar\">↓</button>");
	}
	html_raw(b, "</span>");
}

/* The catalogue of a plan year, with a message (a refused copy) or none. */
static void
render_catalogue(struct ctx *c, int year, const char *err)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	struct unit_row *units;
	size_t n;

	buf_clear(b);
	if (db_units_list(c->w->db, a, c->inst, year, &units, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	page_begin(c, arena_printf(a, "Catálogo del plan anual %d", year));
	if (err != NULL)
		page_message(b, "error", err);
	{
		/* ?aviso=ID: an indicator just saved keeps values its new rule does not admit */
		static const struct field f[] = {
			{ "aviso", valid_int, 1, 2147483647LL, 0 },
			{ "ok", valid_token, 1, 16, 0 },
		};
		struct param p[2];
		const char *notice;
		int bad;

		(void)form_parse_urlencoded(a, c->req->query, strlen(c->req->query), f, 2, p, &bad);
		if (err == NULL && p[1].present && !p[1].invalid && strcmp(p[1].s, "guardado") == 0)
			page_message(b, "ok", "Cambios guardados.");
		if (p[0].present && !p[0].invalid && (notice = rule_notice(c, p[0].i)) != NULL)
			page_message(b, "info", notice);
	}
	buf_printf(b, "<nav class=\"months-nav\"><a href=\"/catalogo?anio=%d\">← Plan %d</a>"
	    "<a href=\"/catalogo?anio=%d\">Plan %d →</a></nav>\n", year - 1, year - 1, year + 1, year + 1);
	buf_printf(b, "<p><a class=\"button\" href=\"/catalogo/unidades/nueva?anio=%d\">Nueva unidad</a></p>\n", year);
	/* one form for every ↑/↓ button of the page: each button names what it moves */
	buf_printf(b, "<form method=\"post\" action=\"/catalogo/mover\" class=\"reorder\">"
	    "<input type=\"hidden\" name=\"anio\" value=\"%d\">", year);
	page_csrf(c);
	html_raw(b, "\n");
	for (size_t i = 0; i < n; i++) {
		struct item_row *items;
		size_t ni;

		if (db_unit_items(c->w->db, a, c->inst, units[i].id, year, &items, &ni) != DB_OK) {
			answer_unavailable(c);
			return;
		}
		buf_printf(b, "<section class=\"ind\" id=\"u%lld\"><h2>%d. <a href=\"/catalogo/unidades/%lld?anio=%d\">",
		    units[i].id, units[i].number, units[i].id, year);
		html_text(b, units[i].name);
		html_raw(b, "</a>");
		if (!units[i].active)
			html_raw(b, " <span class=\"badge badge-borrador\">Desactivada</span>");
		move_buttons(b, 'u', units[i].id, arena_printf(a, "la unidad %d", units[i].number),
		    i > 0, i + 1 < n);
		html_raw(b, "</h2>\n");
		/* indicators, then goals (db_unit_items' order): each under its heading, as ↑↓ move within one */
		for (int goal = 0; goal <= 1; goal++) {
			int open = 0;

			for (size_t k = 0; k < ni; k++) {
				int before = k > 0 && items[k - 1].goal == items[k].goal;
				int after = k + 1 < ni && items[k + 1].goal == items[k].goal;
				char kind = items[k].goal ? 'm' : 'i';

				if (items[k].goal != goal)
					continue;
				if (!open++)
					html_raw(b, goal ? "<h3 class=\"kind\">Metas</h3>\n<ul>" :
					    "<h3 class=\"kind\">Indicadores</h3>\n<ul>");
				buf_printf(b, "<li id=\"%c%lld\"><a href=\"/catalogo/%s/%lld\">", kind,
				    items[k].id, items[k].goal ? "metas" : "indicadores", items[k].id);
				if (items[k].code[0]) {
					html_text(b, items[k].code);
					html_raw(b, " ");
				}
				html_text(b, items[k].text);
				html_raw(b, "</a>");
				if (!items[k].active)
					html_raw(b, items[k].goal ? " (desactivada)" : " (desactivado)");
				move_buttons(b, kind, items[k].id, arena_printf(a, "%s %s",
				    items[k].goal ? "la meta" : "el indicador", items[k].code[0] ?
				    items[k].code : arena_printf(a, "de la posición %d", items[k].position)),
				    before, after);
				html_raw(b, "</li>");
			}
			if (open)
				html_raw(b, "</ul>\n");
		}
		buf_printf(b, "<p><a href=\"/catalogo/indicadores/nuevo?unidad=%lld&amp;anio=%d\">Nuevo indicador</a> · "
		    "<a href=\"/catalogo/metas/nueva?unidad=%lld&amp;anio=%d\">Nueva meta</a></p></section>\n",
		    units[i].id, year, units[i].id, year);
	}
	html_raw(b, "</form>\n");
	buf_printf(b, "<h2>Plan del año siguiente</h2>\n<form method=\"post\" action=\"/catalogo/copiar\">"
	    "<input type=\"hidden\" name=\"anio\" value=\"%d\">", year);
	page_csrf(c);
	buf_printf(b, "<button type=\"submit\" class=\"secondary\">Copiar el plan %d al plan %d</button>"
	    "<p class=\"hint\">Copia objetivos, indicadores, metas y sus vínculos; luego puede ajustarlos.</p></form>\n",
	    year, year + 1);
	buf_printf(b, "<p>El plazo de publicación de cada mes (el día 10 o el siguiente día hábil) "
	    "depende de los <a href=\"/feriados?anio=%d\">feriados nacionales de %d</a>.</p>\n", year, year);
	page_end(c);
}

void
h_catalogue(struct ctx *c)
{
	render_catalogue(c, year_param(c), NULL);
}

/* ---- units ---------------------------------------------------------------------------- */

enum { UF_NUMBER, UF_NAME, UF_LEVEL, UF_ACTIVE, UF_YEAR, UF_OBJ, UF_CSRF, UF__MAX };
static const struct field unit_fields[UF__MAX] = {
	[UF_NUMBER] = { "numero", valid_int, 1, 999, 0 },
	[UF_NAME] = { "nombre", valid_line, 1, 255, 0 },
	[UF_LEVEL] = { "nivel", valid_int, 1, 2147483647LL, 0 },
	[UF_ACTIVE] = { "activa", valid_int, 1, 1, 0 },
	[UF_YEAR] = { "anio", valid_int, 2000, 2100, 0 },
	[UF_OBJ] = { "objetivo", valid_lines, 0, 20000, 0 },
	[UF_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};
static const char *const unit_labels[UF__MAX] = {
	[UF_NUMBER] = "Número (columna No.)", [UF_NAME] = "Descripción de la unidad",
	[UF_LEVEL] = "Nivel de procesos", [UF_ACTIVE] = "Unidad activa", [UF_YEAR] = "Plan anual",
	[UF_OBJ] = "Objetivo de la unidad",
};

static void
render_unit_form(struct ctx *c, long long id, const struct unit_input *u, const char *err)
{
	struct buf *b = &c->res->body;
	struct level_row *levels;
	size_t nl;

	buf_clear(b);
	if (db_levels(c->w->db, c->req->arena, c->inst, &levels, &nl) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	page_begin(c, id ? "Editar unidad" : "Nueva unidad");
	buf_printf(b, "<p><a href=\"/catalogo?anio=%d\">← Catálogo %d</a></p>\n", u->year, u->year);
	if (err)
		page_message(b, "error", err);
	if (id)
		buf_printf(b, "<form class=\"stack\" method=\"post\" action=\"/catalogo/unidades/%lld\">", id);
	else
		html_raw(b, "<form class=\"stack\" method=\"post\" action=\"/catalogo/unidades\">");
	page_csrf(c);
	buf_printf(b, "<input type=\"hidden\" name=\"anio\" value=\"%d\">", u->year);
	page_input(b, "numero", "Número (columna No.)", "number", u->number ?
	    arena_printf(c->req->arena, "%d", u->number) : "", NULL, NULL, "off");
	page_input(b, "nombre", "Descripción de la unidad", "text", u->name, NULL, NULL, "off");
	html_raw(b, "<div class=\"field\"><label for=\"f-nivel\">Nivel de procesos</label><select id=\"f-nivel\" name=\"nivel\">");
	for (size_t i = 0; i < nl; i++) {
		buf_printf(b, "<option value=\"%lld\"%s>", levels[i].id,
		    levels[i].id == u->level_id ? " selected" : "");
		html_text(b, levels[i].name);
		html_raw(b, "</option>");
	}
	buf_printf(b, "</select></div>\n<div class=\"field\"><label for=\"f-objetivo\">Objetivo de la unidad "
	    "(plan %d)</label><textarea id=\"f-objetivo\" name=\"objetivo\" rows=\"4\">", u->year);
	html_text(b, u->objective ? u->objective : "");
	buf_printf(b, "</textarea></div>\n<label class=\"check\"><input type=\"checkbox\" name=\"activa\" "
	    "value=\"1\"%s> Unidad activa (desactivarla la quita de la matriz y conserva su historial)</label>\n"
	    "<button type=\"submit\">Guardar</button></form>\n", u->active ? " checked" : "");
	page_end(c);
}

void
h_unit_new(struct ctx *c)
{
	struct unit_input u = { 0, "", 0, 1, year_param(c), "", 0, 1 };

	render_unit_form(c, 0, &u, NULL);
}

void
h_unit_edit(struct ctx *c)
{
	struct unit_input u;
	long long py;
	int year = year_param(c);
	enum db_status st = db_unit_row(c->w->db, c->req->arena, c->inst, c->args.id[0], year, &u);

	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "La unidad no existe.");
		return;
	}
	u.year = year;
	if (st != DB_OK || (db_plan_year_id(c->w->db, c->req->arena, c->inst, u.year, 0, &py) == DB_OK &&
	    db_objective(c->w->db, c->req->arena, c->inst, c->args.id[0], py, NULL, &u.objective) != DB_OK)) {
		answer_unavailable(c);
		return;
	}
	render_unit_form(c, c->args.id[0], &u, NULL);
}

static void
unit_post(struct ctx *c, long long id)
{
	struct param p[UF__MAX];
	struct unit_input u;
	struct actor who;
	const char *msg, *bad;

	if (form_body(c, unit_fields, UF__MAX, p) != 0)
		return;
	bad = refused_field(c->req->arena, unit_fields, p, UF__MAX, unit_labels);
	memset(&u, 0, sizeof(u));
	u.number = p[UF_NUMBER].present && !p[UF_NUMBER].invalid ? (int)p[UF_NUMBER].i : 0;
	u.name = p[UF_NAME].present ? p[UF_NAME].s : "";	/* shown again as typed */
	u.level_id = p[UF_LEVEL].present && !p[UF_LEVEL].invalid ? p[UF_LEVEL].i : 0;
	u.active = p[UF_ACTIVE].present;
	u.year = p[UF_YEAR].present && !p[UF_YEAR].invalid ? (int)p[UF_YEAR].i : year_param(c);
	u.objective = p[UF_OBJ].present ? p[UF_OBJ].s : NULL;
	if (bad != NULL) {
		c->res->status = 422;
		render_unit_form(c, id, &u, bad);
		return;
	}
	ctx_actor(c, &who);
	switch (catalogue_unit_save(c->w->db, c->req->arena, c->inst, &who, &id, &u, &msg)) {
	case CHANGE_OK:
		/* back to the unit's place on the catalogue, which says it was saved */
		response_redirect(c, arena_printf(c->req->arena, "/catalogo?anio=%d&ok=guardado#u%lld",
		    u.year, id));
		return;
	case CHANGE_INVALID:
	case CHANGE_CONFLICT:
		c->res->status = 422;
		render_unit_form(c, id, &u, msg);
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", msg);
		return;
	default:
		answer_unavailable(c);
	}
}

void
h_unit_create(struct ctx *c)
{
	unit_post(c, 0);
}

void
h_unit_update(struct ctx *c)
{
	unit_post(c, c->args.id[0]);
}

/* ---- indicators and goals: one form each --------------------------------------------- */

enum {
	IF_UNIT, IF_YEAR, IF_POS, IF_CODE, IF_NAME, IF_MEASURE, IF_AGG, IF_BASE, IF_DEC, IF_MIN,
	IF_MAX, IF_ACTIVE, IF_TARGET, IF_DATE, IF_LINKS, IF_CSRF, IF__MAX
};
static const struct field item_fields[IF__MAX] = {
	[IF_UNIT] = { "unidad", valid_int, 1, 2147483647LL, 0 },
	[IF_YEAR] = { "anio", valid_int, 2000, 2100, 0 },
	[IF_POS] = { "posicion", valid_int, 1, 999, 0 },
	[IF_CODE] = { "codigo", valid_line, 0, 20, 0 },
	[IF_NAME] = { "texto", valid_lines, 1, 5000, 0 },
	[IF_MEASURE] = { "medida", valid_line, 0, 60, 0 },
	[IF_AGG] = { "agregacion", valid_token, 1, 4, 0 },
	[IF_BASE] = { "linea_base", valid_text, 0, 40, 0 },
	[IF_DEC] = { "decimales", valid_int, 0, 4, 0 },
	[IF_MIN] = { "minimo", valid_text, 0, 40, 0 },
	[IF_MAX] = { "maximo", valid_text, 0, 40, 0 },
	[IF_ACTIVE] = { "activo", valid_int, 1, 1, 0 },
	[IF_TARGET] = { "objetivo_numerico", valid_text, 0, 40, 0 },
	[IF_DATE] = { "fecha", valid_text, 0, 10, 0 },
	[IF_LINKS] = { "indicador", valid_id_list, 0, 2147483647LL, FIELD_MULTI },
	[IF_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};
static const char *const item_labels[IF__MAX] = {
	[IF_UNIT] = "Unidad", [IF_YEAR] = "Plan anual", [IF_POS] = "Posición en la unidad",
	[IF_CODE] = "Código", [IF_NAME] = "Texto", [IF_MEASURE] = "Unidad de medida",
	[IF_AGG] = "Cómo se obtiene el valor del año", [IF_BASE] = "Línea base",
	[IF_DEC] = "Decimales admitidos", [IF_MIN] = "Valor mínimo", [IF_MAX] = "Valor máximo",
	[IF_ACTIVE] = "Activo", [IF_TARGET] = "Meta numérica", [IF_DATE] = "Fecha de la meta",
	[IF_LINKS] = "Indicadores que la miden",
};

static void
textarea(struct buf *b, const char *name, const char *label, const char *v)
{
	html_raw(b, "<div class=\"field\"><label for=\"f-");
	html_text(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label><textarea id=\"f-");
	html_text(b, name);
	html_raw(b, "\" name=\"");
	html_text(b, name);
	html_raw(b, "\" rows=\"3\">");
	html_text(b, v ? v : "");
	html_raw(b, "</textarea></div>\n");
}

/* Which unit and plan year an indicator or goal form is about. */
static void
item_context(struct ctx *c, long long unit, int year)
{
	struct unit_row u;

	if (db_unit_get(c->w->db, c->req->arena, c->inst, unit, year, &u) != DB_OK)
		return;
	buf_printf(&c->res->body, "<p class=\"context\">Unidad %d. ", u.number);
	html_text(&c->res->body, u.name);
	buf_printf(&c->res->body, " · plan anual %d</p>\n", year);
}

static void
render_indicator_form(struct ctx *c, long long id, const struct indicator_input *m, const char *err)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;

	buf_clear(b);
	page_begin(c, id ? "Editar indicador" : "Nuevo indicador");
	buf_printf(b, "<p><a href=\"/catalogo?anio=%d\">← Catálogo %d</a></p>\n", m->year, m->year);
	item_context(c, m->unit_id, m->year);
	if (err)
		page_message(b, "error", err);
	if (id)
		buf_printf(b, "<form class=\"stack\" method=\"post\" action=\"/catalogo/indicadores/%lld\">", id);
	else
		html_raw(b, "<form class=\"stack\" method=\"post\" action=\"/catalogo/indicadores\">");
	page_csrf(c);
	buf_printf(b, "<input type=\"hidden\" name=\"unidad\" value=\"%lld\"><input type=\"hidden\" "
	    "name=\"anio\" value=\"%d\">", m->unit_id, m->year);
	page_input(b, "codigo", "Código (por ejemplo I1)", "text", m->code, NULL, NULL, "off");
	textarea(b, "texto", "Indicador", m->name);
	page_input(b, "medida", "Unidad de medida", "text", m->measure_unit, NULL, NULL, "off");
	html_raw(b, "<div class=\"field\"><label for=\"f-agregacion\">Cómo se obtiene el valor del año</label>"
	    "<select id=\"f-agregacion\" name=\"agregacion\">");
	buf_printf(b, "<option value=\"sum\"%s>Suma de los meses</option><option value=\"last\"%s>Último valor"
	    "</option><option value=\"avg\"%s>Promedio</option></select></div>\n",
	    m->aggregation == 's' ? " selected" : "", m->aggregation == 'l' ? " selected" : "",
	    m->aggregation == 'a' ? " selected" : "");
	page_input(b, "linea_base", "Línea base (opcional)", "text",
	    m->baseline ? format_amount(a, m->baseline, 0) : "", NULL, NULL, "off");
	page_input(b, "decimales", "Decimales admitidos (0 a 4)", "number",
	    m->decimals >= 0 ? arena_printf(a, "%d", m->decimals) : "", NULL, NULL, "off");
	page_input(b, "minimo", "Valor mínimo (vacío: sin mínimo)", "text",
	    m->min ? format_amount(a, m->min, 0) : "", NULL, NULL, "off");
	page_input(b, "maximo", "Valor máximo (vacío: sin máximo)", "text",
	    m->max ? format_amount(a, m->max, 0) : "", NULL, NULL, "off");
	page_input(b, "posicion", "Posición en la unidad", "number",
	    arena_printf(a, "%d", m->position), NULL, NULL, "off");
	buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"activo\" value=\"1\"%s> "
	    "Indicador activo</label>\n<button type=\"submit\">Guardar</button></form>\n",
	    m->active ? " checked" : "");
	page_end(c);
}

static void
render_goal_form(struct ctx *c, long long id, const struct goal_input *g, const char *err)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	struct item_row *items;
	size_t ni = 0;
	/* a refused date is said next to its field */
	const char *de = err != NULL ? catalogue_goal_date_problem(a, g->target_date, g->year) : NULL;

	if (de != NULL && strcmp(de, err) != 0)
		de = NULL;
	buf_clear(b);
	(void)db_unit_items(c->w->db, a, c->inst, g->unit_id, g->year, &items, &ni);
	page_begin(c, id ? "Editar meta" : "Nueva meta");
	buf_printf(b, "<p><a href=\"/catalogo?anio=%d\">← Catálogo %d</a></p>\n", g->year, g->year);
	item_context(c, g->unit_id, g->year);
	if (err)
		page_message(b, "error", err);
	if (id)
		buf_printf(b, "<form class=\"stack\" method=\"post\" action=\"/catalogo/metas/%lld\">", id);
	else
		html_raw(b, "<form class=\"stack\" method=\"post\" action=\"/catalogo/metas\">");
	page_csrf(c);
	buf_printf(b, "<input type=\"hidden\" name=\"unidad\" value=\"%lld\"><input type=\"hidden\" "
	    "name=\"anio\" value=\"%d\">", g->unit_id, g->year);
	page_input(b, "codigo", "Código (por ejemplo M1)", "text", g->code, NULL, NULL, "off");
	textarea(b, "texto", "Meta cuantificable", g->text);
	page_input(b, "objetivo_numerico", "Meta numérica (opcional)", "text",
	    g->target ? format_amount(a, g->target, 0) : "", NULL, NULL, "off");
	page_input(b, "fecha", "Fecha de la meta (opcional)", "date",
	    g->target_date ? g->target_date : "", de, arena_printf(a, "Dentro del plan anual: del "
	    "01/01/%d al 31/12/%d.", g->year, g->year), "off");
	html_raw(b, "<fieldset><legend>Indicadores que la miden</legend>");
	for (size_t i = 0; i < ni; i++) {
		int on = 0;

		if (items[i].goal)
			continue;
		for (size_t k = 0; k < g->nindicators; k++)
			on |= g->indicators[k] == items[i].id;
		buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"indicador\" value=\"%lld\"%s> ",
		    items[i].id, on ? " checked" : "");
		html_text(b, items[i].code);
		html_raw(b, " ");
		html_text(b, items[i].text);
		html_raw(b, "</label>");
	}
	html_raw(b, "</fieldset>\n");
	page_input(b, "posicion", "Posición en la unidad", "number",
	    arena_printf(a, "%d", g->position), NULL, NULL, "off");
	buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"activo\" value=\"1\"%s> "
	    "Meta activa</label>\n<button type=\"submit\">Guardar</button></form>\n", g->active ? " checked" : "");
	page_end(c);
}

/* The unit and year of a new indicator or goal, from the query. */
static int
new_item_target(struct ctx *c, long long *unit, int *year)
{
	static const struct field f[] = {
		{ "unidad", valid_int, 1, 2147483647LL, 0 },
		{ "anio", valid_int, 2000, 2100, 0 },
	};
	struct param p[2];
	int bad;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), f, 2, p, &bad)
	    != FORM_OK || !p[0].present) {
		response_error(c, 400, "bad_request", "Falta la unidad.");
		return -1;
	}
	*unit = p[0].i;
	*year = p[1].present ? (int)p[1].i : year_param(c);
	return 0;
}

/* The position after the last indicator (or goal) of the unit's plan year. */
static int
next_position(struct ctx *c, long long unit, int year, int goal)
{
	struct item_row *items;
	size_t n;
	int max = 0;

	if (db_unit_items(c->w->db, c->req->arena, c->inst, unit, year, &items, &n) == DB_OK)
		for (size_t i = 0; i < n; i++)
			if (items[i].goal == goal && items[i].position > max)
				max = items[i].position;
	return max < 999 ? max + 1 : 999;
}

void
h_indicator_new(struct ctx *c)
{
	struct indicator_input m;

	memset(&m, 0, sizeof(m));
	if (new_item_target(c, &m.unit_id, &m.year) != 0)
		return;
	m.code = "";
	m.name = "";
	m.measure_unit = "número";
	m.aggregation = 's';
	m.min = "0";
	m.position = next_position(c, m.unit_id, m.year, 0);
	m.active = 1;
	render_indicator_form(c, 0, &m, NULL);
}

void
h_goal_new(struct ctx *c)
{
	struct goal_input g;

	memset(&g, 0, sizeof(g));
	if (new_item_target(c, &g.unit_id, &g.year) != 0)
		return;
	g.code = "";
	g.text = "";
	g.position = next_position(c, g.unit_id, g.year, 1);
	g.active = 1;
	render_goal_form(c, 0, &g, NULL);
}

void
h_catalogue_indicator(struct ctx *c)
{
	struct indicator_input m;
	enum db_status st = db_indicator_row(c->w->db, c->req->arena, c->inst, c->args.id[0], &m);

	if (st == DB_NOTFOUND)
		response_error(c, 404, "not_found", "El indicador no existe.");
	else if (st != DB_OK)
		answer_unavailable(c);
	else
		render_indicator_form(c, c->args.id[0], &m, NULL);
}

void
h_catalogue_goal(struct ctx *c)
{
	struct goal_input g;
	enum db_status st = db_goal_row(c->w->db, c->req->arena, c->inst, c->args.id[0], &g);

	if (st == DB_NOTFOUND)
		response_error(c, 404, "not_found", "La meta no existe.");
	else if (st != DB_OK)
		answer_unavailable(c);
	else
		render_goal_form(c, c->args.id[0], &g, NULL);
}

static void
item_post(struct ctx *c, long long id, int goal)
{
	struct arena *a = c->req->arena;
	struct param p[IF__MAX];
	struct indicator_input m;
	struct goal_input g;
	struct actor who;
	const char *msg = NULL, *err = NULL, *bad;
	enum change_result r;

	if (form_body(c, item_fields, IF__MAX, p) != 0)
		return;
	bad = refused_field(a, item_fields, p, IF__MAX, item_labels);
	memset(&m, 0, sizeof(m));
	memset(&g, 0, sizeof(g));
	m.unit_id = g.unit_id = p[IF_UNIT].present && !p[IF_UNIT].invalid ? p[IF_UNIT].i : 0;
	m.year = g.year = p[IF_YEAR].present && !p[IF_YEAR].invalid ? (int)p[IF_YEAR].i : 0;
	m.position = g.position = p[IF_POS].present && !p[IF_POS].invalid ? (int)p[IF_POS].i : 0;
	/* texts as typed, even refused ones, so the form shows them again */
	m.code = g.code = p[IF_CODE].present ? p[IF_CODE].s : "";
	m.name = g.text = p[IF_NAME].present ? p[IF_NAME].s : "";
	m.active = g.active = p[IF_ACTIVE].present;
	ctx_actor(c, &who);
	if (goal) {
		g.target = amount_or_null(a, &p[IF_TARGET], &err);
		g.target_date = p[IF_DATE].present && p[IF_DATE].len ? p[IF_DATE].s : NULL;
		if (p[IF_LINKS].present && !p[IF_LINKS].invalid)
			g.indicators = parse_id_list(a, p[IF_LINKS].s, &g.nindicators);
		r = bad || err ? CHANGE_INVALID :
		    catalogue_goal_save(c->w->db, a, c->inst, &who, &id, &g, &msg);
	} else {
		const char *agg = str_or(&p[IF_AGG], "sum");

		m.measure_unit = p[IF_MEASURE].present ? p[IF_MEASURE].s : "número";
		m.aggregation = strcmp(agg, "last") == 0 ? 'l' : strcmp(agg, "avg") == 0 ? 'a' : 's';
		if (bad == NULL && strcmp(agg, "sum") != 0 && strcmp(agg, "last") != 0 &&
		    strcmp(agg, "avg") != 0)
			bad = "«Cómo se obtiene el valor del año» debe ser suma, último valor o promedio. "
			    "Nada se guardó.";
		m.decimals = p[IF_DEC].present && !p[IF_DEC].invalid ? (int)p[IF_DEC].i : -1;
		m.baseline = amount_or_null(a, &p[IF_BASE], &err);
		m.min = amount_or_null(a, &p[IF_MIN], &err);
		m.max = amount_or_null(a, &p[IF_MAX], &err);
		r = bad || err ? CHANGE_INVALID :
		    catalogue_indicator_save(c->w->db, a, c->inst, &who, &id, &m, &msg);
	}
	if (bad != NULL)
		msg = bad;
	else if (err != NULL)
		msg = arena_printf(a, "Un valor numérico no es válido: %s", err);
	if (r == CHANGE_INVALID || r == CHANGE_CONFLICT) {
		c->res->status = 422;
		if (goal)
			render_goal_form(c, id, &g, msg);
		else
			render_indicator_form(c, id, &m, msg);
		return;
	}
	answer_change_page(c, r, msg, arena_printf(a, "/catalogo?anio=%d&ok=guardado%s#%c%lld", m.year,
	    r == CHANGE_OK && !goal && rule_notice(c, id) != NULL ?
	    arena_printf(a, "&aviso=%lld", id) : "", goal ? 'm' : 'i', id));
}

void
h_indicator_create(struct ctx *c)
{
	item_post(c, 0, 0);
}

void
h_indicator_update(struct ctx *c)
{
	item_post(c, c->args.id[0], 0);
}

void
h_goal_create(struct ctx *c)
{
	item_post(c, 0, 1);
}

void
h_goal_update(struct ctx *c)
{
	item_post(c, c->args.id[0], 1);
}

void
h_copy_year(struct ctx *c)
{
	static const struct field f[] = {
		{ "anio", valid_int, 2000, 2099, 0 },
		{ "csrf", valid_token, 1, 128, 0 },
	};
	struct param p[2];
	struct actor who;
	const char *msg;
	enum change_result r;
	int year;

	if (form_body(c, f, 2, p) != 0)
		return;
	if (!p[0].present || p[0].invalid) {
		response_error(c, 422, "invalid", "Falta el año del plan de origen.");
		return;
	}
	year = (int)p[0].i;
	ctx_actor(c, &who);
	r = catalogue_copy_year(c->w->db, c->req->arena, c->inst, &who, year, year + 1, &msg);
	if (r == CHANGE_INVALID || r == CHANGE_CONFLICT || r == CHANGE_NOTFOUND) {
		/* said on the catalogue it was asked from, not on a bare error page */
		c->res->status = r == CHANGE_NOTFOUND ? 404 : r == CHANGE_CONFLICT ? 409 : 422;
		render_catalogue(c, year, msg);
		return;
	}
	answer_change_page(c, r, msg, arena_printf(c->req->arena, "/catalogo?anio=%d", year + 1));
}

/* ---- API -------------------------------------------------------------------------------- */

static void
answer_change_json(struct ctx *c, enum change_result r, const char *msg, int status, long long id)
{
	cJSON *o;

	switch (r) {
	case CHANGE_OK:
		if ((o = cJSON_CreateObject()) == NULL)
			oom();
		cJSON_AddNumberToObject(o, "id", (double)id);
		response_json(c, status, o);
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", msg);
		return;
	case CHANGE_INVALID:
		response_error(c, 422, "invalid", msg);
		return;
	case CHANGE_CONFLICT:
		response_error(c, 409, "conflict", msg);
		return;
	default:
		answer_unavailable(c);
	}
}

enum { JU_NUMBER, JU_NAME, JU_LEVEL, JU_ACTIVE, JU_YEAR, JU_OBJ, JU__MAX };
static const struct field api_unit_fields[JU__MAX] = {
	[JU_NUMBER] = { "number", valid_int, 1, 999, 0 },
	[JU_NAME] = { "name", valid_line, 1, 255, 0 },
	[JU_LEVEL] = { "process_level_id", valid_int, 1, 2147483647LL, 0 },
	[JU_ACTIVE] = { "active", valid_int, 0, 1, 0 },
	[JU_YEAR] = { "year", valid_int, 2000, 2100, 0 },
	[JU_OBJ] = { "objective", valid_lines, 0, 20000, FIELD_NULLABLE },
};

static void
api_unit_save(struct ctx *c, long long id)
{
	struct param p[JU__MAX];
	struct unit_input u;
	struct actor who;
	const char *msg;
	long long newid = id;
	enum change_result r;

	if (json_body(c, api_unit_fields, JU__MAX, p) != 0)
		return;
	memset(&u, 0, sizeof(u));
	if (id != 0) {
		enum db_status st = db_unit_row(c->w->db, c->req->arena, c->inst, id,
		    p[JU_YEAR].present ? (int)p[JU_YEAR].i : year_param(c), &u);

		if (st == DB_NOTFOUND) {
			response_error(c, 404, "not_found", "La unidad no existe.");
			return;
		}
		if (st != DB_OK) {
			answer_unavailable(c);
			return;
		}
	} else
		u.active = 1;
	if (p[JU_NUMBER].present)
		u.number = (int)p[JU_NUMBER].i;
	if (p[JU_NAME].present)
		u.name = p[JU_NAME].s;
	if (p[JU_LEVEL].present)
		u.level_id = p[JU_LEVEL].i;
	if (p[JU_ACTIVE].present)
		u.active = (int)p[JU_ACTIVE].i;
	u.year = p[JU_YEAR].present ? (int)p[JU_YEAR].i : year_param(c);
	u.objective = p[JU_OBJ].present ? p[JU_OBJ].s : NULL;
	ctx_actor(c, &who);
	r = catalogue_unit_save(c->w->db, c->req->arena, c->inst, &who, &newid, &u, &msg);
	answer_change_json(c, r, msg, id ? 200 : 201, newid);
}

void
h_api_unit_create(struct ctx *c)
{
	api_unit_save(c, 0);
}

void
h_api_unit_update(struct ctx *c)
{
	api_unit_save(c, c->args.id[0]);
}

enum {
	JI_UNIT, JI_YEAR, JI_POS, JI_CODE, JI_TEXT, JI_MEASURE, JI_AGG, JI_BASE, JI_DEC, JI_MIN, JI_MAX,
	JI_ACTIVE, JI_TARGET, JI_DATE, JI_LINKS, JI__MAX
};
static const struct field api_item_fields[JI__MAX] = {
	[JI_UNIT] = { "unit_id", valid_int, 1, 2147483647LL, 0 },
	[JI_YEAR] = { "year", valid_int, 2000, 2100, 0 },
	[JI_POS] = { "position", valid_int, 1, 999, 0 },
	[JI_CODE] = { "code", valid_line, 0, 20, FIELD_NULLABLE },
	[JI_TEXT] = { "text", valid_lines, 1, 5000, 0 },
	[JI_MEASURE] = { "measure_unit", valid_line, 0, 60, 0 },
	[JI_AGG] = { "aggregation", valid_token, 1, 4, 0 },
	[JI_BASE] = { "baseline", valid_text, 0, 40, FIELD_NULLABLE },
	[JI_DEC] = { "decimals", valid_int, 0, 4, 0 },
	[JI_MIN] = { "min", valid_text, 0, 40, FIELD_NULLABLE },
	[JI_MAX] = { "max", valid_text, 0, 40, FIELD_NULLABLE },
	[JI_ACTIVE] = { "active", valid_int, 0, 1, 0 },
	[JI_TARGET] = { "target", valid_text, 0, 40, FIELD_NULLABLE },
	[JI_DATE] = { "target_date", valid_text, 0, 10, FIELD_NULLABLE },
	[JI_LINKS] = { "indicators", valid_id_list, 0, 2147483647LL, 0 },
};

static void
api_item_save(struct ctx *c, long long id, int goal)
{
	struct arena *a = c->req->arena;
	struct param p[JI__MAX];
	struct indicator_input m;
	struct goal_input g;
	struct actor who;
	const char *msg = NULL, *err = NULL;
	long long newid = id;
	enum change_result r;
	enum db_status st = DB_OK;

	if (json_body(c, api_item_fields, JI__MAX, p) != 0)
		return;
	memset(&m, 0, sizeof(m));
	memset(&g, 0, sizeof(g));
	if (id != 0)
		st = goal ? db_goal_row(c->w->db, a, c->inst, id, &g) :
		    db_indicator_row(c->w->db, a, c->inst, id, &m);
	else {
		m.active = g.active = 1;
		m.aggregation = 's';
		m.measure_unit = "número";
		m.min = "0";
		m.code = g.code = "";
		m.position = g.position = 1;
	}
	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", goal ? "La meta no existe." : "El indicador no existe.");
		return;
	}
	if (st != DB_OK) {
		answer_unavailable(c);
		return;
	}
#define SETI(field, idx) if (p[idx].present) field = p[idx].i
	if (goal) {
		SETI(g.unit_id, JI_UNIT);
		SETI(g.year, JI_YEAR);
		SETI(g.position, JI_POS);
		SETI(g.active, JI_ACTIVE);
		if (p[JI_CODE].present)
			g.code = p[JI_CODE].s;
		if (p[JI_TEXT].present)
			g.text = p[JI_TEXT].s;
		if (p[JI_TARGET].present)
			g.target = amount_or_null(a, &p[JI_TARGET], &err);
		if (p[JI_DATE].present)
			g.target_date = p[JI_DATE].len ? p[JI_DATE].s : NULL;
		if (p[JI_LINKS].present)
			g.indicators = parse_id_list(a, p[JI_LINKS].s, &g.nindicators);
	} else {
		SETI(m.unit_id, JI_UNIT);
		SETI(m.year, JI_YEAR);
		SETI(m.position, JI_POS);
		SETI(m.active, JI_ACTIVE);
		SETI(m.decimals, JI_DEC);
		if (p[JI_CODE].present)
			m.code = p[JI_CODE].s;
		if (p[JI_TEXT].present)
			m.name = p[JI_TEXT].s;
		if (p[JI_MEASURE].present)
			m.measure_unit = p[JI_MEASURE].s;
		if (p[JI_AGG].present)
			m.aggregation = strcmp(p[JI_AGG].s, "last") == 0 ? 'l' :
			    strcmp(p[JI_AGG].s, "avg") == 0 ? 'a' : strcmp(p[JI_AGG].s, "sum") == 0 ? 's' : 0;
		if (p[JI_BASE].present)
			m.baseline = amount_or_null(a, &p[JI_BASE], &err);
		if (p[JI_MIN].present)
			m.min = amount_or_null(a, &p[JI_MIN], &err);
		if (p[JI_MAX].present)
			m.max = amount_or_null(a, &p[JI_MAX], &err);
		if (m.aggregation == 0)
			err = "aggregation debe ser sum, last o avg";
	}
#undef SETI
	if (err != NULL) {
		response_error(c, 422, "invalid", arena_printf(a, "Un valor no es válido: %s", err));
		return;
	}
	if (id == 0 && ((goal ? g.unit_id : m.unit_id) == 0 || (goal ? g.year : m.year) == 0)) {
		response_error(c, 422, "invalid", "Envíe unit_id y year.");
		return;
	}
	if (id == 0 && !p[JI_POS].present)	/* after the last one, as the page proposes */
		m.position = g.position = next_position(c, goal ? g.unit_id : m.unit_id,
		    goal ? g.year : m.year, goal);
	ctx_actor(c, &who);
	r = goal ? catalogue_goal_save(c->w->db, a, c->inst, &who, &newid, &g, &msg) :
	    catalogue_indicator_save(c->w->db, a, c->inst, &who, &newid, &m, &msg);
	if (r == CHANGE_OK && !goal && (msg = rule_notice(c, newid)) != NULL) {
		cJSON *o = cJSON_CreateObject();

		if (o == NULL)
			oom();
		cJSON_AddNumberToObject(o, "id", (double)newid);
		cJSON_AddStringToObject(o, "warning", msg);
		response_json(c, id ? 200 : 201, o);
		return;
	}
	answer_change_json(c, r, msg, id ? 200 : 201, newid);
}

void
h_api_indicator_create(struct ctx *c)
{
	api_item_save(c, 0, 0);
}

void
h_api_indicator_update(struct ctx *c)
{
	api_item_save(c, c->args.id[0], 0);
}

void
h_api_goal_create(struct ctx *c)
{
	api_item_save(c, 0, 1);
}

void
h_api_goal_update(struct ctx *c)
{
	api_item_save(c, c->args.id[0], 1);
}

void
h_api_copy_year(struct ctx *c)
{
	struct actor who;
	const char *msg;
	int year = (int)c->args.id[0];

	enum change_result r;

	ctx_actor(c, &who);
	r = catalogue_copy_year(c->w->db, c->req->arena, c->inst, &who, year, year + 1, &msg);
	if (r == CHANGE_OK) {
		/* "id" was the year itself; "year" says so, "id" stays for old clients */
		cJSON *o = json_object();

		cJSON_AddNumberToObject(o, "year", year + 1);
		cJSON_AddNumberToObject(o, "id", year + 1);
		response_json(c, 201, o);
		return;
	}
	answer_change_json(c, r, msg, 201, year + 1);
}

/* ---- the contact block (settings) ---------------------------------------------------- */

enum { CF_GPR, CF_FREQ, CF_UNIT, CF_NAME, CF_EMAIL, CF_PHONE, CF_EMPTY, CF_LOGO, CF_CSRF, CF__MAX };
static const struct field contact_fields[CF__MAX] = {
	[CF_GPR] = { "gpr_url", valid_text, 0, 500, 0 },
	[CF_FREQ] = { "periodicidad", valid_text, 0, 60, 0 },
	[CF_UNIT] = { "unidad", valid_text, 0, 255, 0 },
	[CF_NAME] = { "responsable", valid_text, 0, 255, 0 },
	[CF_EMAIL] = { "correo", valid_text, 0, 254, 0 },
	[CF_PHONE] = { "telefono", valid_text, 0, 100, 0 },
	[CF_EMPTY] = { "vacio", valid_text, 1, 40, 0 },
	[CF_LOGO] = { "logo", valid_text, 0, 255, 0 },
	[CF_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};
static const struct field api_contact_fields[CF__MAX - 1] = {
	[CF_GPR] = { "gpr_url", valid_text, 0, 500, 0 },
	[CF_FREQ] = { "update_frequency", valid_text, 0, 60, 0 },
	[CF_UNIT] = { "info_unit", valid_text, 0, 255, 0 },
	[CF_NAME] = { "responsible_name", valid_text, 0, 255, 0 },
	[CF_EMAIL] = { "responsible_email", valid_text, 0, 254, 0 },
	[CF_PHONE] = { "responsible_phone", valid_text, 0, 100, 0 },
	[CF_EMPTY] = { "empty_text", valid_text, 1, 40, 0 },
	[CF_LOGO] = { "logo_path", valid_text, 0, 255, 0 },
};

static void
render_contact(struct ctx *c, const struct contact_input *in, const char *field, const char *err)
{
	struct buf *b = &c->res->body;
#define ERR(f) (field != NULL && strcmp(field, f) == 0 ? err : NULL)

	buf_clear(b);
	page_begin(c, "Información de contacto de la matriz");
	html_raw(b, "<p>Estos datos se publican al pie de la matriz literal a4 y de su informe PDF. "
	    "Un campo vacío se publica con el texto que elija abajo, nunca en blanco.</p>\n"
	    "<form class=\"stack\" method=\"post\" action=\"/ajustes\">");
	page_csrf(c);
	page_input(b, "gpr_url", LABEL_GPR, "url", in->gpr_url, ERR("gpr_url"), NULL, "off");
	page_input(b, "periodicidad", LABEL_FREQ, "text", in->update_frequency, ERR("periodicidad"),
	    NULL, "off");
	page_input(b, "unidad", LABEL_UNIT, "text", in->info_unit, ERR("unidad"), NULL, "off");
	page_input(b, "responsable", LABEL_RESP, "text", in->responsible_name, ERR("responsable"),
	    NULL, "name");
	page_input(b, "correo", LABEL_EMAIL, "email", in->responsible_email, ERR("correo"), NULL, "email");
	page_input(b, "telefono", LABEL_PHONE, "tel", in->responsible_phone, ERR("telefono"), NULL, "tel");
	html_raw(b, "<fieldset><legend>Texto para un campo vacío</legend>");
	for (int i = 0; i < 2; i++) {
		const char *v = i == 0 ? "NO APLICA" : "INFORMACIÓN NO DISPONIBLE";

		html_raw(b, "<label class=\"check\"><input type=\"radio\" name=\"vacio\" value=\"");
		html_text(b, v);
		html_raw(b, "\"");
		if (strcmp(in->empty_text, v) == 0)
			html_raw(b, " checked");
		html_raw(b, "> ");
		html_text(b, v);
		html_raw(b, "</label>");
	}
	if (ERR("vacio")) {
		html_raw(b, "<p class=\"error\">");
		html_text(b, err);
		html_raw(b, "</p>");
	}
	html_raw(b, "</fieldset>\n");
	page_input(b, "logo", "Logotipo para el encabezado del informe PDF (opcional)", "text",
	    in->logo_path ? in->logo_path : "", ERR("logo"),
	    "Ruta completa de un archivo PNG o JPEG en el servidor, legible por metasd; vacío: sin logotipo.",
	    "off");
	html_raw(b, "<button type=\"submit\">Guardar</button></form>\n");
	page_end(c);
#undef ERR
}

void
h_contact(struct ctx *c)
{
	struct contact_input in;

	if (db_contact(c->w->db, c->req->arena, c->inst, NULL, &in) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if (strstr(c->req->query, "ok=1") != NULL)
		c->notice = "Información de contacto guardada; la matriz pública ya la muestra.";
	render_contact(c, &in, NULL, NULL);
}

/* Fill a contact_input from parsed params (missing: current values). */
static void
contact_from(const struct param *p, const struct contact_input *cur, struct contact_input *in)
{
	in->gpr_url = p[CF_GPR].present ? p[CF_GPR].s : cur->gpr_url;
	in->update_frequency = p[CF_FREQ].present ? p[CF_FREQ].s : cur->update_frequency;
	in->info_unit = p[CF_UNIT].present ? p[CF_UNIT].s : cur->info_unit;
	in->responsible_name = p[CF_NAME].present ? p[CF_NAME].s : cur->responsible_name;
	in->responsible_email = p[CF_EMAIL].present ? p[CF_EMAIL].s : cur->responsible_email;
	in->responsible_phone = p[CF_PHONE].present ? p[CF_PHONE].s : cur->responsible_phone;
	in->empty_text = p[CF_EMPTY].present ? p[CF_EMPTY].s : cur->empty_text;
	in->logo_path = p[CF_LOGO].present ? p[CF_LOGO].s : cur->logo_path;
}

void
h_contact_post(struct ctx *c)
{
	struct param p[CF__MAX];
	struct contact_input cur, in;
	struct actor who;
	const char *field, *msg;
	enum change_result r;

	if (form_body(c, contact_fields, CF__MAX, p) != 0)
		return;
	if (db_contact(c->w->db, c->req->arena, c->inst, NULL, &cur) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	for (int i = 0; i < CF_CSRF; i++)
		if (p[i].invalid) {
			c->res->status = 422;
			contact_from(p, &cur, &in);
			render_contact(c, &in, contact_fields[i].name,
			    "El texto es demasiado largo o tiene caracteres no permitidos.");
			return;
		}
	contact_from(p, &cur, &in);
	ctx_actor(c, &who);
	r = catalogue_contact_save(c->w->db, c->req->arena, c->inst, &who, &in, &field, &msg);
	if (r == CHANGE_INVALID) {
		c->res->status = 422;
		render_contact(c, &in, field, msg);
		return;
	}
	answer_change_page(c, r, msg, "/ajustes?ok=1");
}

static void
contact_json(struct ctx *c, const struct contact_input *in)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		oom();
	cJSON_AddStringToObject(o, "gpr_url", in->gpr_url);
	cJSON_AddStringToObject(o, "update_frequency", in->update_frequency);
	cJSON_AddStringToObject(o, "info_unit", in->info_unit);
	cJSON_AddStringToObject(o, "responsible_name", in->responsible_name);
	cJSON_AddStringToObject(o, "responsible_email", in->responsible_email);
	cJSON_AddStringToObject(o, "responsible_phone", in->responsible_phone);
	cJSON_AddStringToObject(o, "empty_text", in->empty_text);
	cJSON_AddStringToObject(o, "logo_path", in->logo_path ? in->logo_path : "");
	response_json(c, 200, o);
}

void
h_api_contact(struct ctx *c)
{
	struct contact_input in;

	if (db_contact(c->w->db, c->req->arena, c->inst, NULL, &in) != DB_OK)
		answer_unavailable(c);
	else
		contact_json(c, &in);
}

void
h_api_contact_put(struct ctx *c)
{
	struct param p[CF__MAX];
	struct contact_input cur, in;
	struct actor who;
	const char *field, *msg;
	enum change_result r;

	memset(p, 0, sizeof(p));
	if (json_body(c, api_contact_fields, CF__MAX - 1, p) != 0)
		return;
	if (db_contact(c->w->db, c->req->arena, c->inst, NULL, &cur) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	contact_from(p, &cur, &in);
	ctx_actor(c, &who);
	r = catalogue_contact_save(c->w->db, c->req->arena, c->inst, &who, &in, &field, &msg);
	if (r == CHANGE_OK)
		contact_json(c, &in);
	else if (r == CHANGE_INVALID)
		response_error(c, 422, "invalid", msg);
	else
		answer_unavailable(c);
}

/* ---- reordering ----------------------------------------------------------------------- */

/* "u-5-subir": what moves and where; 0, or -1 when the text is not one of those. */
static int
parse_move(const char *s, enum catalogue_kind *kind, long long *id, int *up)
{
	const char *dash;

	if (s == NULL || (s[0] != 'u' && s[0] != 'i' && s[0] != 'm') || s[1] != '-')
		return -1;
	*kind = s[0] == 'u' ? KIND_UNIT : s[0] == 'i' ? KIND_INDICATOR : KIND_GOAL;
	if ((dash = strchr(s + 2, '-')) == NULL ||
	    !parse_ll(s + 2, (size_t)(dash - s - 2), 1, 2147483647LL, id))
		return -1;
	if (strcmp(dash + 1, "subir") == 0)
		*up = 1;
	else if (strcmp(dash + 1, "bajar") == 0)
		*up = 0;
	else
		return -1;
	return 0;
}

void
h_catalogue_move(struct ctx *c)
{
	static const struct field f[] = {
		{ "mover", valid_token, 1, 40, 0 },
		{ "anio", valid_int, 2000, 2100, 0 },
		{ "csrf", valid_token, 1, 128, 0 },
	};
	struct param p[3];
	enum catalogue_kind kind;
	long long id;
	int up, year;
	struct actor who;
	const char *msg;
	enum change_result r;

	if (form_body(c, f, 3, p) != 0)
		return;
	year = p[1].present && !p[1].invalid ? (int)p[1].i : year_param(c);
	if (!p[0].present || p[0].invalid || parse_move(p[0].s, &kind, &id, &up) != 0) {
		c->res->status = 422;
		render_catalogue(c, year, "No se entendió qué mover; use los botones ↑ y ↓ del catálogo.");
		return;
	}
	ctx_actor(c, &who);
	r = catalogue_move(c->w->db, c->req->arena, c->inst, &who, kind, id, year, up, &msg);
	if (r == CHANGE_INVALID) {
		c->res->status = 422;
		render_catalogue(c, year, msg);
		return;
	}
	answer_change_page(c, r, msg, arena_printf(c->req->arena, "/catalogo?anio=%d#%c%lld", year,
	    kind == KIND_UNIT ? 'u' : kind == KIND_INDICATOR ? 'i' : 'm', id));
}

/* POST /api/v1/{units,indicators,goals}/{id}/move {"direction": "up" | "down"} */
static void
api_move(struct ctx *c, enum catalogue_kind kind)
{
	static const struct field f[] = {
		{ "direction", valid_token, 1, 8, 0 },
		{ "year", valid_int, 2000, 2100, 0 },
	};
	struct param p[2];
	struct actor who;
	const char *msg;
	enum change_result r;

	if (json_body(c, f, 2, p) != 0)
		return;
	if (!p[0].present || (strcmp(p[0].s, "up") != 0 && strcmp(p[0].s, "down") != 0)) {
		response_error(c, 422, "invalid", "Envíe «direction»: \"up\" o \"down\".");
		return;
	}
	ctx_actor(c, &who);
	r = catalogue_move(c->w->db, c->req->arena, c->inst, &who, kind, c->args.id[0],
	    p[1].present ? (int)p[1].i : year_param(c), strcmp(p[0].s, "up") == 0, &msg);
	answer_change_json(c, r, msg, 200, c->args.id[0]);
}

void
h_api_unit_move(struct ctx *c)
{
	api_move(c, KIND_UNIT);
}

void
h_api_indicator_move(struct ctx *c)
{
	api_move(c, KIND_INDICATOR);
}

void
h_api_goal_move(struct ctx *c)
{
	api_move(c, KIND_GOAL);
}
