/*
 * The a4 matrix: grouping flat catalogue rows, and the public HTML page.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "html.h"
#include "matrix.h"

/* Does indicator id belong to unit u? */
static int
indicator_in_unit(const struct mx_flat *f, long long id, long long unit_id)
{
	for (size_t i = 0; i < f->nindicators; i++)
		if (f->indicators[i].id == id)
			return f->indicators[i].unit_id == unit_id;
	return 0;
}

/*
 * The first indicator of the goal's own unit that the goal is linked to
 * (links ordered by goal), or 0. A link to another unit's indicator is
 * ignored, never followed, so it does not hide a later link of its own.
 */
static long long
first_link(const struct mx_flat *f, const struct mx_flat_item *goal)
{
	for (size_t i = 0; i < f->nlinks; i++)
		if (f->links[i].goal_id == goal->id &&
		    indicator_in_unit(f, f->links[i].indicator_id, goal->unit_id))
			return f->links[i].indicator_id;
	return 0;
}

static void
build_unit(struct arena *a, const struct mx_flat *f, const struct mx_flat_unit *fu,
    struct mx_goal *goals, struct mx_unit *u)
{
	size_t nind = 0, nloose = 0, r = 0;

	u->id = fu->id;
	u->number = fu->number;
	u->name = fu->name;
	u->objective = fu->objective;
	for (size_t i = 0; i < f->nindicators; i++)
		if (f->indicators[i].unit_id == fu->id)
			nind++;
	for (size_t g = 0; g < f->ngoals; g++)
		if (f->goals[g].unit_id == fu->id && goals[g].first_indicator == 0)
			nloose++;
	u->nrows = nind + (nloose > 0 || nind == 0 ? 1 : 0);
	u->rows = arena_calloc(a, u->nrows, sizeof(*u->rows));
	for (size_t i = 0; i < f->nindicators; i++) {
		const struct mx_flat_item *ind = &f->indicators[i];
		struct mx_row *row;
		size_t k = 0;

		if (ind->unit_id != fu->id)
			continue;
		row = &u->rows[r++];
		row->ind_code = ind->code;
		row->ind_name = ind->text;
		for (size_t g = 0; g < f->ngoals; g++)
			if (goals[g].first_indicator == ind->id)
				row->ngoals++;
		row->goals = arena_calloc(a, row->ngoals ? row->ngoals : 1, sizeof(*row->goals));
		for (size_t g = 0; g < f->ngoals; g++)
			if (goals[g].first_indicator == ind->id)
				row->goals[k++] = &goals[g];
	}
	if (r < u->nrows) {
		struct mx_row *row = &u->rows[r];
		size_t k = 0;

		row->goals = arena_calloc(a, nloose ? nloose : 1, sizeof(*row->goals));
		for (size_t g = 0; g < f->ngoals; g++)
			if (f->goals[g].unit_id == fu->id && goals[g].first_indicator == 0)
				row->goals[k++] = &goals[g];
		row->ngoals = k;
	}
}

void
matrix_build(struct arena *a, const struct mx_flat *f, struct matrix *m)
{
	struct mx_goal *goals = arena_calloc(a, f->ngoals ? f->ngoals : 1, sizeof(*goals));
	size_t lv = 0;

	for (size_t g = 0; g < f->ngoals; g++) {
		goals[g].id = f->goals[g].id;
		goals[g].code = f->goals[g].code;
		goals[g].text = f->goals[g].text;
		goals[g].first_indicator = first_link(f, &f->goals[g]);
	}
	m->nlevels = 0;
	for (size_t i = 0; i < f->nunits; i++)
		if (i == 0 || f->units[i].level_id != f->units[i - 1].level_id)
			m->nlevels++;
	m->levels = arena_calloc(a, m->nlevels ? m->nlevels : 1, sizeof(*m->levels));
	m->nunits = f->nunits;
	for (size_t i = 0; i < f->nunits; ) {
		struct mx_level *l = &m->levels[lv++];
		size_t j = i;

		while (j < f->nunits && f->units[j].level_id == f->units[i].level_id)
			j++;
		l->name = f->units[i].level_name;
		l->nunits = j - i;
		l->units = arena_calloc(a, l->nunits, sizeof(*l->units));
		for (size_t k = i; k < j; k++)
			build_unit(a, f, &f->units[k], goals, &l->units[k - i]);
		i = j;
	}
}

/* "I1. text" or "text" when the code is empty. */
static void
coded(struct buf *b, const char *code, const char *text)
{
	if (code != NULL && code[0] != '\0') {
		html_raw(b, "<span class=\"code\">");
		html_text(b, code);
		html_raw(b, "</span> ");
	}
	html_text(b, text);
}

static void
render_unit(struct buf *b, const struct mx_unit *u)
{
	for (size_t r = 0; r < u->nrows; r++) {
		const struct mx_row *row = &u->rows[r];

		html_raw(b, r == 0 ? "<tr class=\"unit-first\">\n" : "<tr>\n");
		if (r == 0) {
			buf_printf(b, "<td class=\"no\" rowspan=\"%zu\" data-label=\"No.\">", u->nrows);
			html_int(b, u->number);
			buf_printf(b, "</td>\n<th scope=\"rowgroup\" class=\"unit\" rowspan=\"%zu\" "
			    "data-label=\"Descripción de la unidad\">", u->nrows);
			html_text(b, u->name);
			buf_printf(b, "</th>\n<td class=\"objective\" rowspan=\"%zu\" "
			    "data-label=\"Objetivo de la unidad\">", u->nrows);
			html_text(b, u->objective);
			html_raw(b, "</td>\n");
		}
		html_raw(b, "<td class=\"indicator\" data-label=\"Indicador\">");
		if (row->ind_name != NULL)
			coded(b, row->ind_code, row->ind_name);
		else
			html_raw(b, "<span class=\"none\" aria-hidden=\"true\">—</span>"
			    "<span class=\"sr\">Sin indicador registrado</span>");
		html_raw(b, "</td>\n<td class=\"goal\" data-label=\"Meta cuantificable\">");
		if (row->ngoals == 1) {
			coded(b, row->goals[0]->code, row->goals[0]->text);
		} else if (row->ngoals == 0) {
			html_raw(b, "<span class=\"none\" aria-hidden=\"true\">—</span>"
			    "<span class=\"sr\">Sin meta registrada</span>");
		} else if (row->ngoals > 1) {
			html_raw(b, "<ul>");
			for (size_t g = 0; g < row->ngoals; g++) {
				html_raw(b, "<li>");
				coded(b, row->goals[g]->code, row->goals[g]->text);
				html_raw(b, "</li>");
			}
			html_raw(b, "</ul>");
		}
		html_raw(b, "</td>\n</tr>\n");
	}
}

/* One line of the contact block; empty values print the chosen text. */
static void
contact(struct buf *b, const struct matrix *m, const char *label, const char *value,
    const char *href_prefix)
{
	int empty = value == NULL || value[0] == '\0';

	html_raw(b, "<div class=\"contact-row\"><dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd>");
	if (empty)
		html_text(b, m->empty_text != NULL ? m->empty_text : "NO APLICA");
	else if (href_prefix != NULL) {
		html_raw(b, "<a href=\"");
		html_text(b, href_prefix);
		html_text(b, value);
		html_raw(b, "\">");
		html_text(b, value);
		html_raw(b, "</a>");
	} else
		html_text(b, value);
	html_raw(b, "</dd></div>\n");
}

void
matrix_render_html(struct buf *b, const struct matrix *m)
{
	const char *gpr = m->gpr_url;

	/* Only http(s) links become clickable. */
	if (gpr != NULL && strncmp(gpr, "https://", 8) != 0 && strncmp(gpr, "http://", 7) != 0)
		gpr = NULL;
	html_page_begin(b, "Metas y objetivos de las unidades administrativas — LOTAIP a4", "es-EC");
	html_raw(b, "<header class=\"site\">\n<p class=\"inst\">");
	html_text(b, m->name);
	html_raw(b, "</p>\n<nav><a href=\"/transparencia/\">Informes publicados</a>"
	    "<a href=\"/transparencia/verificar\">Verificar un PDF</a>"
	    "<a href=\"/login\">Acceso para funcionarios</a></nav>\n</header>\n"
	    "<main id=\"contenido\">\n<hgroup class=\"title\">\n<p class=\"law\">");
	html_text(b, LOTAIP_ART7);
	html_raw(b, "</p>\n<h1>");
	html_text(b, LOTAIP_A4);
	html_raw(b, "</h1>\n<p class=\"year\">Plan anual ");
	html_int(b, m->year);
	if (m->data_date != NULL) {
		html_raw(b, " · información actualizada al ");
		html_text(b, m->data_date);
	}
	html_raw(b, "</p>\n</hgroup>\n<div class=\"table-wrap\">\n<table class=\"matrix\">\n"
	    "<caption>Matriz de metas y objetivos de las unidades administrativas (");
	html_int(b, (long long)m->nunits);
	html_raw(b, " unidades)</caption>\n<thead>\n<tr><th scope=\"col\">No.</th>"
	    "<th scope=\"col\">Descripción de la unidad</th>"
	    "<th scope=\"col\">Objetivo de la unidad</th>"
	    "<th scope=\"col\">Indicador</th>"
	    "<th scope=\"col\">Meta cuantificable</th></tr>\n</thead>\n");
	for (size_t l = 0; l < m->nlevels; l++) {
		html_raw(b, "<tbody>\n<tr class=\"level\"><th colspan=\"5\" scope=\"colgroup\">");
		html_text(b, m->levels[l].name);
		html_raw(b, "</th></tr>\n");
		for (size_t u = 0; u < m->levels[l].nunits; u++)
			render_unit(b, &m->levels[l].units[u]);
		html_raw(b, "</tbody>\n");
	}
	html_raw(b, "</table>\n</div>\n<section class=\"contact\" aria-labelledby=\"contacto\">\n"
	    "<h2 id=\"contacto\">Información de contacto</h2>\n<dl>\n");
	contact(b, m, LABEL_GPR, gpr, "");
	contact(b, m, LABEL_DATE, m->data_date, NULL);
	contact(b, m, LABEL_FREQ, m->update_frequency, NULL);
	contact(b, m, LABEL_UNIT, m->info_unit, NULL);
	contact(b, m, LABEL_RESP, m->responsible_name, NULL);
	contact(b, m, LABEL_EMAIL, m->responsible_email, "mailto:");
	contact(b, m, LABEL_PHONE, m->responsible_phone, NULL);
	html_raw(b, "</dl>\n</section>\n</main>\n<footer class=\"site\"><p>Publicado con metas · "
	    "LOTAIP Art. 7, literal a4</p></footer>\n");
	html_page_end(b);
}
