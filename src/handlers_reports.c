/*
 * The a4 report: the officer's page (choose the month, see which units
 * have not approved it, generate, preview, download) and the API. Only
 * officers and administrators reach these routes (routes.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "handlers.h"
#include "html.h"
#include "http.h"
#include "monthly.h"
#include "opendata.h"
#include "page.h"
#include "report.h"
#include "worker.h"

#define LIST_LIMIT	100

static const char *
period_text(struct arena *a, int period)
{
	return arena_printf(a, "%04d-%02d", period / 100, period % 100);
}

/* The month an officer most likely reports: the one before today's. */
static int
default_period(const struct ctx *c)
{
	struct ymd t = today_ec(c->w->conf->today);

	return t.m == 1 ? (t.y - 1) * 100 + 12 : t.y * 100 + t.m - 1;
}

static cJSON *
report_json(struct arena *a, const struct report_row *r)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		oom();
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "period", r->period);
	cJSON_AddStringToObject(o, "status", r->draft ? "borrador" : "definitivo");
	cJSON_AddStringToObject(o, "sha256", r->sha256);
	cJSON_AddNumberToObject(o, "size", (double)r->size);
	cJSON_AddNumberToObject(o, "pages", r->pages);
	cJSON_AddStringToObject(o, "created_by", r->created_by ? r->created_by : "");
	if (r->created_at != NULL)
		cJSON_AddStringToObject(o, "created_at", r->created_at);
	cJSON_AddStringToObject(o, "pdf", arena_printf(a, "/api/v1/reports/%lld/pdf", r->id));
	return o;
}

/*
 * Generate for the caller (annex: with the progress annex); answers the
 * errors itself. 0 when *made is stored.
 */
static int
generate(struct ctx *c, int period, int annex, struct report_made *made)
{
	struct actor who;
	char err[256];

	ctx_actor(c, &who);
	switch (report_generate(c->w->db, c->req->arena, c->slug, c->inst, &who,
	    period, annex, NULL, made, err, sizeof(err))) {
	case REPORT_OK:
		return 0;
	case REPORT_NOPLAN:
		response_error(c, 422, "no_plan", err);
		return -1;
	case REPORT_RENDER:
		response_error(c, 500, "render", err);
		return -1;
	default:
		answer_unavailable(c);
		return -1;
	}
}

/* ---- API ------------------------------------------------------------------------ */

enum { AR_PERIOD, AR_ANNEX, AR__MAX };
static const struct field api_fields[AR__MAX] = {
	[AR_PERIOD] = { "period", valid_period, 0, 0, 0 },
	[AR_ANNEX] = { "annex", valid_int, 0, 1, 0 },	/* JSON true/false arrive as 1/0 */
};

void
h_api_report_create(struct ctx *c)
{
	struct param p[AR__MAX];
	struct report_made made;
	struct report_row r;
	cJSON *o, *files;

	if (json_body(c, api_fields, AR__MAX, p) != 0)
		return;
	if (!p[AR_PERIOD].present) {
		response_error(c, 422, "invalid", "Envíe «period» como AAAA-MM, por ejemplo 2023-01.");
		return;
	}
	if (generate(c, (int)p[AR_PERIOD].i, p[AR_ANNEX].present && p[AR_ANNEX].i == 1, &made) != 0)
		return;
	memset(&r, 0, sizeof(r));
	r.id = made.id;
	r.period = period_text(c->req->arena, (int)p[AR_PERIOD].i);
	r.draft = made.draft;
	r.sha256 = made.sha256;
	r.size = (long long)made.len;
	r.pages = made.pages;
	r.created_by = c->sess->user->username;
	c->res->location = arena_printf(c->req->arena, "/api/v1/reports/%lld/pdf", made.id);
	o = report_json(c->req->arena, &r);
	/* only here: the report table has no column for it (the audit row keeps it) */
	if (cJSON_AddBoolToObject(o, "annex", made.annex) == NULL ||
	    cJSON_AddStringToObject(o, "dataset_sha256", made.files[OD_DATOS].sha256) == NULL ||
	    (files = cJSON_AddArrayToObject(o, "files")) == NULL)
		oom();
	for (int i = 0; i < REPORT_NFILES; i++) {
		const struct report_made_file *f = &made.files[i];
		cJSON *fo = cJSON_CreateObject();

		if (fo == NULL || !cJSON_AddItemToArray(files, fo) ||
		    cJSON_AddStringToObject(fo, "name", f->name) == NULL ||
		    cJSON_AddStringToObject(fo, "content_type", f->content_type) == NULL ||
		    cJSON_AddStringToObject(fo, "sha256", f->sha256) == NULL ||
		    cJSON_AddNumberToObject(fo, "size", (double)f->len) == NULL ||
		    cJSON_AddStringToObject(fo, "url", arena_printf(c->req->arena,
		    "/api/v1/reports/%lld/files/%s", made.id, f->name)) == NULL)
			oom();
	}
	response_json(c, 201, o);
}

void
h_api_reports(struct ctx *c)
{
	static const struct field f[] = { { "period", valid_period, 0, 0, 0 } };
	struct param p[1];
	struct report_row *rows;
	size_t n;
	int bad;
	cJSON *o, *arr;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), f, 1, p,
	    &bad) != FORM_OK) {
		response_error(c, 400, "bad_request", "«period» debe ser AAAA-MM.");
		return;
	}
	if (db_report_list(c->w->db, c->req->arena, c->inst, p[0].present ? p[0].s : "",
	    LIST_LIMIT, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL || (arr = cJSON_AddArrayToObject(o, "reports")) == NULL)
		oom();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, report_json(c->req->arena, &rows[i]));
	response_json(c, 200, o);
}

/* Send the stored PDF: attachment (download) or inline (preview). */
static void
send_pdf(struct ctx *c, int inline_view)
{
	struct arena *a = c->req->arena;
	struct report_row r;
	enum db_status st = db_report_get(c->w->db, a, c->inst, c->args.id[0], &r);

	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El informe no existe.");
		return;
	}
	if (st != DB_OK) {
		answer_unavailable(c);
		return;
	}
	c->res->content_type = "application/pdf";
	/* the file name is ours: slug and period only, no quoting needed */
	c->res->disposition = arena_printf(a, "%s; filename=\"%s\"", inline_view ? "inline" :
	    "attachment", report_filename(a, c->slug, r.period));
	buf_clear(&c->res->body);
	buf_put(&c->res->body, r.pdf, (size_t)r.size);
}

void
h_api_report_pdf(struct ctx *c)
{
	send_pdf(c, 0);
}

void
h_report_view(struct ctx *c)
{
	send_pdf(c, 1);
}

/*
 * GET /api/v1/reports/{id}/files/NAME: an open-data file of the report, as
 * stored with it. The route table names the four files; the name is the
 * path's last segment.
 */
void
h_api_report_file(struct ctx *c)
{
	struct arena *a = c->req->arena;
	const char *name = strrchr(c->req->path, '/');
	struct report_file_row f;
	enum db_status st;

	name = name != NULL ? name + 1 : "";
	if (opendata_kind(name) < 0) {
		response_error(c, 404, "not_found", "El informe no tiene ese archivo.");
		return;
	}
	st = db_report_file_get(c->w->db, a, c->inst, c->args.id[0], name, &f);
	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El informe no existe o no tiene ese archivo.");
		return;
	}
	if (st != DB_OK) {
		answer_unavailable(c);
		return;
	}
	c->res->content_type = f.content_type;
	/* slug, period and one of our four names: no quoting needed */
	c->res->disposition = arena_printf(a, "attachment; filename=\"%s\"",
	    report_data_filename(a, c->slug, f.period, f.name));
	buf_clear(&c->res->body);
	buf_put(&c->res->body, f.content, (size_t)f.size);
}

/* ---- the officer's page --------------------------------------------------------- */

enum { RQ_MES, RQ_OK, RQ__MAX };
static const struct field page_query[RQ__MAX] = {
	[RQ_MES] = { "mes", valid_period, 0, 0, 0 },
	[RQ_OK] = { "ok", valid_token, 1, 16, 0 },
};

/*
 * What is published for the month, and the "sin cambios" action when the
 * month has no publication yet and the month before has one.
 */
static void
publication_status(struct ctx *c, int period, const char *label)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	int prev = period % 100 == 1 ? (period / 100 - 1) * 100 + 12 : period - 1;
	struct publication_row *pubs, *before;
	size_t n, nbefore;

	if (db_publication_list(c->w->db, a, c->inst, period_text(a, period), &pubs, &n) != DB_OK ||
	    db_publication_list(c->w->db, a, c->inst, period_text(a, prev), &before, &nbefore) != DB_OK)
		return;
	html_raw(b, "<h2>Publicación</h2>\n");
	if (n > 0) {
		html_raw(b, "<p>");
		html_text(b, label);
		html_raw(b, " está publicado: versión ");
		html_int(b, pubs[0].version);
		html_raw(b, " del ");
		html_text(b, pubs[0].published_at);
		html_raw(b, ", firmada por ");
		html_text(b, pubs[0].signer_name);
		html_raw(b, ". <a href=\"");
		html_text(b, arena_printf(a, "%s/transparencia/", c->req->base));
		html_raw(b, "\">Ver en el portal</a></p>\n");
		return;
	}
	html_raw(b, "<p>");
	html_text(b, label);
	html_raw(b, " no está publicado. Genere el informe definitivo, ábralo con «Firmar y "
	    "publicar», fírmelo y publíquelo.</p>\n");
	if (nbefore == 0)
		return;
	html_raw(b, "<form method=\"post\" action=\"");
	html_text(b, arena_printf(a, "%s/informes/sin-cambios", c->req->base));
	html_raw(b, "\">");
	page_csrf(c);
	html_raw(b, "<input type=\"hidden\" name=\"mes\" value=\"");
	html_text(b, period_text(a, period));
	html_raw(b, "\"><p class=\"hint\">Si nada cambió desde ");
	html_text(b, arena_printf(a, "%s de %d", month_name(prev % 100), prev / 100));
	html_raw(b, ", puede volver a publicar ese contenido con la fecha de hoy: se genera, se firma "
	    "con el certificado institucional y se publica en un solo paso, marcado «Sin "
	    "cambios».</p><button type=\"submit\" class=\"secondary\">Publicar ");
	html_text(b, label);
	html_raw(b, " sin cambios</button></form>\n");
}

static void
render_page(struct ctx *c, int period, const char *error)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	const char *label = arena_printf(a, "%s de %d", month_name(period % 100), period / 100);
	struct dash_row *units;
	struct report_row *rows;
	size_t nunits, nrows, pending = 0, nactive = 0;

	if (monthly_dashboard(c->w->db, a, c->inst, period, &units, &nunits) != MONTH_OK ||
	    db_report_list(c->w->db, a, c->inst, "", LIST_LIMIT, &rows, &nrows) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	/* a unit with nothing to send (dash_row.expected) is never pending */
	for (size_t i = 0; i < nunits; i++) {
		pending += units[i].expected && units[i].state != PS_APROBADO;
		nactive += units[i].active;
	}
	buf_clear(b);
	page_begin(c, "Informes LOTAIP literal a4");
	if (error != NULL)
		page_message(b, "error", error);
	html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/informes\">"
	    "<div class=\"field\"><label for=\"f-mes\">Mes del informe</label>"
	    "<input id=\"f-mes\" name=\"mes\" type=\"month\" value=\"");
	html_text(b, period_text(a, period));
	html_raw(b, "\" required></div> <button type=\"submit\" class=\"secondary\">Ver el mes</button>"
	    "</form>\n<h2>");
	html_text(b, label);
	html_raw(b, "</h2>\n");
	if (pending > 0) {
		html_raw(b, "<div class=\"msg msg-error\" role=\"alert\"><p><strong>");
		html_int(b, (long long)pending);
		html_raw(b, pending == 1 ? " unidad no ha aprobado " : " unidades no han aprobado ");
		html_text(b, label);
		html_raw(b, ".</strong> Puede generar el informe, pero saldrá marcado como "
		    "<strong>BORRADOR</strong> en cada página hasta que todas lo aprueben.</p>\n<ul>");
		for (size_t i = 0; i < nunits; i++) {
			if (!units[i].expected || units[i].state == PS_APROBADO)
				continue;
			buf_printf(b, "<li><a href=\"/unidades/%lld/%s\">", units[i].unit_id,
			    period_text(a, period));
			html_int(b, units[i].number);
			html_raw(b, ". ");
			html_text(b, units[i].name);
			html_raw(b, "</a> ");
			page_state_badge(b, units[i].state);
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul></div>\n");
	} else
		page_message(b, "ok", nactive > 0 ? "Todas las unidades aprobaron el mes: el informe "
		    "será definitivo." : "No hay unidades activas: el informe dirá que la matriz no "
		    "tiene filas.");
	html_raw(b, "<form method=\"post\" action=\"/informes\">");
	page_csrf(c);
	html_raw(b, "<input type=\"hidden\" name=\"mes\" value=\"");
	html_text(b, period_text(a, period));
	html_raw(b, "\"><label class=\"check\"><input type=\"checkbox\" name=\"anexo\" "
	    "value=\"1\"> Incluir anexo de avance</label>\n<p class=\"hint\">Después del bloque de "
	    "contacto: los valores mensuales de cada indicador hasta el mes, el acumulado, la meta y "
	    "el porcentaje de avance, con un gráfico; los indicadores rezagados quedan marcados.</p>\n"
	    "<button type=\"submit\">Generar el informe de ");
	html_text(b, label);
	html_raw(b, pending > 0 ? " (borrador)" : "");
	html_raw(b, "</button></form>\n");
	publication_status(c, period, label);
	html_raw(b, "<h2>Informes generados</h2>\n");
	if (nrows == 0) {
		html_raw(b, "<p>Todavía no se ha generado ningún informe.</p>\n");
		page_end(c);
		return;
	}
	html_raw(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Generado</th>"
	    "<th scope=\"col\">Mes</th><th scope=\"col\">Estado</th><th scope=\"col\">Páginas</th>"
	    "<th scope=\"col\">Tamaño</th><th scope=\"col\">SHA-256</th><th scope=\"col\">Por</th>"
	    "<th scope=\"col\">Archivo</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < nrows; i++) {
		const struct report_row *r = &rows[i];
		long long y = 0, m = 0;

		(void)parse_ll(r->period, 4, 2000, 2100, &y);
		(void)parse_ll(r->period + 5, 2, 1, 12, &m);
		html_raw(b, "<tr><td>");
		html_text(b, r->created_at);
		html_raw(b, "</td><td>");
		html_text(b, arena_printf(a, "%s de %lld", month_name((int)m), y));
		html_raw(b, r->draft ? "</td><td><span class=\"badge badge-borrador\">Borrador</span>" :
		    "</td><td><span class=\"badge badge-aprobado\">Definitivo</span>");
		html_raw(b, "</td><td>");
		html_int(b, r->pages);
		html_raw(b, "</td><td>");
		html_text(b, arena_printf(a, "%.0f KB", (double)r->size / 1024.0));
		html_raw(b, "</td><td><code title=\"");
		html_text(b, r->sha256);
		html_raw(b, "\">");
		html_textn(b, r->sha256, 12);
		html_raw(b, "…</code></td><td>");
		html_text(b, r->created_by);
		html_raw(b, "</td><td>");
		if (!r->draft)
			buf_printf(b, "<a href=\"%s/informes/%lld\"><strong>Firmar y publicar</strong></a>"
			    "<br>", c->req->base, r->id);
		buf_printf(b, "<a href=\"/informes/%lld/pdf\">Ver</a> · "
		    "<a href=\"/api/v1/reports/%lld/pdf\" download>Descargar</a><br>"
		    "Datos abiertos: <a href=\"/api/v1/reports/%lld/files/datos.csv\" download>CSV</a> · "
		    "<a href=\"/api/v1/reports/%lld/files/metadatos.csv\" download>metadatos</a> · "
		    "<a href=\"/api/v1/reports/%lld/files/diccionario.csv\" download>diccionario</a> · "
		    "<a href=\"/api/v1/reports/%lld/files/datos.json\" download>JSON</a></td></tr>\n",
		    r->id, r->id, r->id, r->id, r->id, r->id);
	}
	html_raw(b, "</tbody></table>\n");
	page_end(c);
}

void
h_reports(struct ctx *c)
{
	struct param q[RQ__MAX];
	int bad;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), page_query,
	    RQ__MAX, q, &bad) != FORM_OK) {
		response_error(c, 400, "bad_request", "El mes debe escribirse AAAA-MM.");
		return;
	}
	if (q[RQ_OK].present && strcmp(q[RQ_OK].s, "generado") == 0)
		c->notice = "Informe generado y guardado con su SHA-256.";
	if (q[RQ_OK].present && strcmp(q[RQ_OK].s, "sincambios") == 0)
		c->notice = "Mes publicado sin cambios: firmado con el certificado institucional.";
	render_page(c, q[RQ_MES].present ? (int)q[RQ_MES].i : default_period(c), NULL);
}

void
h_report_create(struct ctx *c)
{
	static const struct field f[] = {
		{ "mes", valid_period, 0, 0, 0 },
		{ "csrf", valid_token, 1, 128, 0 },
		{ "anexo", valid_int, 0, 1, 0 },	/* the checkbox: "1" when ticked */
	};
	struct param p[3];
	struct report_made made;

	if (form_body(c, f, 3, p) != 0)
		return;
	if (!p[0].present || p[0].invalid) {
		c->res->status = 422;
		render_page(c, default_period(c), "Elija el mes del informe.");
		return;
	}
	if (generate(c, (int)p[0].i, p[2].present && !p[2].invalid && p[2].i == 1, &made) != 0)
		return;
	response_redirect(c, arena_printf(c->req->arena, "/informes?mes=%s&ok=generado",
	    period_text(c->req->arena, (int)p[0].i)));
}
