/*
 * Signing and publication (officers and administrators) and the public
 * transparency portal: the list of published months, the verification
 * page a report's QR code points to, and the form that checks a PDF.
 * Glue only: the work is publish.c and pdf_sign.c.
 *
 * A .p12 uploaded for one signing, and its password, live only in this
 * request's memory: they are wiped (OPENSSL_cleanse over the request body
 * the multipart parts point into) as soon as the signer is loaded, and
 * the signer itself is freed (wiping the key) after the signature.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "evidence.h"
#include "db.h"
#include "form.h"
#include "handlers.h"
#include "html.h"
#include "http.h"
#include "json.h"
#include "monthly.h"
#include "multipart.h"
#include "page.h"
#include "pdf_sign.h"
#include "publish.h"
#include "report.h"
#include "worker.h"

/* The slug of the request's institution (tenant.c), which names its published files. */
static const char *
inst_slug(struct ctx *c)
{
	return c->slug != NULL && c->slug[0] != '\0' ? c->slug : c->w->conf->institution;
}

static void
env_for(struct ctx *c, struct publish_env *e)
{
	memset(e, 0, sizeof(*e));
	e->conf = c->w->conf;
	e->slug = inst_slug(c);
	e->trust = publish_trust();
	e->pub_dir = publish_dir();
}

/* "enero de 2023" for "2023-01". */
static const char *
period_label(struct arena *a, const char *period)
{
	long long y = 0, m = 0;

	if (period == NULL || strlen(period) != 7 || !parse_ll(period, 4, 2000, 2100, &y) ||
	    !parse_ll(period + 5, 2, 1, 12, &m))
		return period ? period : "";
	return arena_printf(a, "%s de %lld", month_name((int)m), y);
}

static const char *
kind_label(const char *kind)
{
	if (strcmp(kind, "correccion") == 0)
		return "Corrección";
	if (strcmp(kind, "sin_cambios") == 0)
		return "Sin cambios";
	return "Publicación mensual";
}

static const char *
method_label(const char *m)
{
	if (strcmp(m, "institucional") == 0)
		return "certificado institucional";
	if (strcmp(m, "p12") == 0)
		return "certificado personal (.p12)";
	return "firmado fuera del sistema";
}

/* Answer a publish.c result other than PUBLISH_OK, in JSON. */
static void
api_answer(struct ctx *c, enum publish_result r, const char *err)
{
	switch (r) {
	case PUBLISH_NOTFOUND:
		response_error(c, 404, "not_found", err[0] ? err : "El informe no existe.");
		break;
	case PUBLISH_INVALID:
		response_error(c, 422, "invalid", err);
		break;
	case PUBLISH_CONFLICT:
		response_error(c, 409, "conflict", err);
		break;
	default:
		answer_unavailable(c);
		break;
	}
}

static const struct mpart *
find_part(const struct mpart *parts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(parts[i].name, name) == 0)
			return &parts[i];
	return NULL;
}

static int
is_multipart(struct ctx *c)
{
	const struct param *ct = &c->req->env[ENV_CONTENT_TYPE];

	return ct->present && strncasecmp(ct->s, "multipart/form-data", 19) == 0;
}

/* Wipe the request body (the .p12 and its password live in it). */
static void
wipe_body(struct ctx *c)
{
	if (c->req->body != NULL && c->req->content_length > 0)
		OPENSSL_cleanse((void *)c->req->body, c->req->content_length);
}

/* Count a refused .p12 in the audit trail (wrong password, expired, ...). */
static void
audit_refused(struct ctx *c, long long report_id, const char *why)
{
	struct actor who;
	cJSON *o = cJSON_CreateObject();

	if (o == NULL || cJSON_AddStringToObject(o, "reason", why) == NULL)
		oom();
	ctx_actor(c, &who);
	if (db_begin(c->w->db) != DB_OK)
		return;
	if (db_audit_insert(c->w->db, c->inst, &who, "sign_refused", "report",
	    arena_printf(c->req->arena, "%lld", report_id), NULL,
	    json_to_arena(c->req->arena, o)) != DB_OK || db_commit(c->w->db) != DB_OK)
		db_rollback(c->w->db);
}

/*
 * Sign report id: with the uploaded .p12 when the request carries one
 * (multipart "p12" + "password"), else with the institution's
 * certificate. Returns the publish result; err is filled for people.
 */
static enum publish_result
do_sign(struct ctx *c, long long id, struct signed_made *made, char *err, size_t errlen)
{
	struct publish_env e;
	struct actor who;
	struct pdf_signer *own = NULL;
	const struct pdf_signer *signer;
	const char *why, *method = "institucional";
	enum publish_result r;
	enum db_status st;

	env_for(c, &e);
	ctx_actor(c, &who);
	err[0] = '\0';
	/* Another institution's report is not found, whatever the request carries. */
	if ((st = db_report_exists(c->w->db, c->req->arena, c->inst, id)) != DB_OK) {
		wipe_body(c);
		snprintf(err, errlen, "El informe no existe.");
		return st == DB_NOTFOUND ? PUBLISH_NOTFOUND : PUBLISH_ERROR;
	}
	if (is_multipart(c)) {
		const struct mpart *parts, *p12, *pw;
		size_t n;
		char password[512];
		enum pdf_load_result lr;

		if (request_parts(c, &parts, &n) != FORM_OK) {
			wipe_body(c);
			snprintf(err, errlen, "El formulario llegó incompleto o dañado.");
			return PUBLISH_INVALID;
		}
		p12 = find_part(parts, n, "p12");
		pw = find_part(parts, n, "password");
		if (pw == NULL)
			pw = find_part(parts, n, "clave");
		if (p12 != NULL && p12->len > 0) {
			if (pw == NULL || pw->len >= sizeof(password)) {
				wipe_body(c);
				snprintf(err, errlen, "Escriba la contraseña del archivo .p12.");
				return PUBLISH_INVALID;
			}
			memcpy(password, pw->data, pw->len);
			password[pw->len] = '\0';
			lr = pdf_signer_load_p12((const unsigned char *)p12->data, p12->len, password,
			    e.now ? e.now : time(NULL), &own, err, errlen);
			OPENSSL_cleanse(password, sizeof(password));
			wipe_body(c);
			if (lr != PDF_LOAD_OK) {
				audit_refused(c, id, lr == PDF_LOAD_PASSWORD ? "wrong_password" :
				    lr == PDF_LOAD_EXPIRED ? "expired" : lr == PDF_LOAD_NOTYET ?
				    "not_yet_valid" : lr == PDF_LOAD_NOKEY ? "no_signing_key" : "bad_file");
				return PUBLISH_INVALID;
			}
			method = "p12";
		} else
			wipe_body(c);
	}
	if (own != NULL)
		signer = own;
	else if ((signer = publish_signer_for(&e, &why)) == NULL) {
		snprintf(err, errlen, "%s Firme con su propio archivo .p12 o suba un PDF firmado "
		    "fuera del sistema.", why);
		return PUBLISH_INVALID;
	}
	r = publish_sign(c->w->db, c->req->arena, &e, c->inst, &who, id, signer, method, made,
	    err, errlen);
	pdf_signer_free(own);
	return r;
}

/* The uploaded signed PDF: multipart "pdf", or a raw application/pdf body. */
static enum publish_result
do_accept(struct ctx *c, long long id, struct signed_made *made, char *err, size_t errlen)
{
	struct publish_env e;
	struct actor who;
	const unsigned char *pdf = NULL;
	size_t len = 0;

	env_for(c, &e);
	ctx_actor(c, &who);
	err[0] = '\0';
	if (is_multipart(c)) {
		const struct mpart *parts, *f;
		size_t n;

		if (request_parts(c, &parts, &n) == FORM_OK && (f = find_part(parts, n, "pdf")) != NULL) {
			pdf = (const unsigned char *)f->data;
			len = f->len;
		}
	} else if (c->req->body != NULL) {
		pdf = (const unsigned char *)c->req->body;
		len = c->req->content_length;
	}
	if (pdf == NULL || len == 0) {
		snprintf(err, errlen, "Elija el PDF firmado que va a subir.");
		return PUBLISH_INVALID;
	}
	return publish_accept_signed(c->w->db, c->req->arena, &e, c->inst, &who, id, pdf, len,
	    made, err, errlen);
}

/* ---- API ------------------------------------------------------------------------ */

static cJSON *
signed_json(struct arena *a, const struct signed_made *m)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL ||
	    cJSON_AddNumberToObject(o, "id", (double)m->id) == NULL ||
	    cJSON_AddNumberToObject(o, "revision", m->seq) == NULL ||
	    cJSON_AddNumberToObject(o, "signatures", m->signatures) == NULL ||
	    cJSON_AddStringToObject(o, "signer", m->signer) == NULL ||
	    cJSON_AddStringToObject(o, "signed_at", m->signed_at) == NULL ||
	    cJSON_AddStringToObject(o, "sha256", m->sha256) == NULL ||
	    cJSON_AddNumberToObject(o, "size", (double)m->size) == NULL ||
	    cJSON_AddStringToObject(o, "pdf", arena_printf(a, "/api/v1/signatures/%lld/pdf",
	    m->id)) == NULL)
		oom();
	return o;
}

void
h_api_report_sign(struct ctx *c)
{
	struct signed_made made;
	char err[512];
	enum publish_result r = do_sign(c, c->args.id[0], &made, err, sizeof(err));

	if (r != PUBLISH_OK) {
		api_answer(c, r, err);
		return;
	}
	response_json(c, 201, signed_json(c->req->arena, &made));
}

void
h_api_report_signed(struct ctx *c)
{
	struct signed_made made;
	char err[512];
	enum publish_result r = do_accept(c, c->args.id[0], &made, err, sizeof(err));

	if (r != PUBLISH_OK) {
		api_answer(c, r, err);
		return;
	}
	response_json(c, 201, signed_json(c->req->arena, &made));
}

static cJSON *
publication_json(struct ctx *c, const struct publication_row *p)
{
	struct arena *a = c->req->arena;
	const char *slug = inst_slug(c);
	cJSON *o = cJSON_CreateObject(), *files;
	static const char *const names[] = { "datos.csv", "metadatos.csv", "diccionario.csv",
	    "datos.json" };

	if (o == NULL ||
	    cJSON_AddNumberToObject(o, "id", (double)p->id) == NULL ||
	    cJSON_AddStringToObject(o, "period", p->period) == NULL ||
	    cJSON_AddNumberToObject(o, "version", p->version) == NULL ||
	    cJSON_AddStringToObject(o, "kind", p->kind) == NULL ||
	    cJSON_AddStringToObject(o, "reason", p->reason ? p->reason : "") == NULL ||
	    cJSON_AddNumberToObject(o, "report_id", (double)p->report_id) == NULL ||
	    cJSON_AddStringToObject(o, "sha256", p->sha256) == NULL ||
	    cJSON_AddStringToObject(o, "report_sha256", p->report_sha256 ? p->report_sha256 : "") == NULL ||
	    cJSON_AddStringToObject(o, "dataset_sha256", p->dataset_sha256) == NULL ||
	    cJSON_AddStringToObject(o, "signer", p->signer_name) == NULL ||
	    cJSON_AddStringToObject(o, "signed_at", p->signed_at ? p->signed_at : "") == NULL ||
	    cJSON_AddNumberToObject(o, "signatures", p->signatures) == NULL ||
	    cJSON_AddStringToObject(o, "published_at", p->published_at ? p->published_at : "") == NULL ||
	    cJSON_AddStringToObject(o, "pdf", publish_file_url(a, slug, p->period, p->version,
	    "pdf")) == NULL ||
	    cJSON_AddStringToObject(o, "verify", arena_printf(a, "%s/transparencia/verificar/%s",
	    c->req->base, p->sha256)) == NULL ||
	    (files = cJSON_AddObjectToObject(o, "files")) == NULL)
		oom();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (cJSON_AddStringToObject(files, names[i], publish_file_url(a, slug, p->period,
		    p->version, names[i])) == NULL)
			oom();
	return o;
}

void
h_api_report_publish(struct ctx *c)
{
	static const struct field f[] = {
		{ "signature_id", valid_int, 1, 2147483647, 0 },
		{ "reason", valid_text, 0, 1000, 0 },
	};
	struct param p[2];
	struct publish_env e;
	struct actor who;
	struct publication_row out;
	char err[512];
	enum publish_result r;

	if (json_body(c, f, 2, p) != 0)
		return;
	if (p[1].present && p[1].invalid) {
		response_error(c, 422, "invalid", "El motivo debe ser una línea de texto de hasta "
		    "1000 caracteres.");
		return;
	}
	env_for(c, &e);
	ctx_actor(c, &who);
	r = publish_report(c->w->db, c->req->arena, &e, c->inst, &who, c->args.id[0],
	    p[0].present ? p[0].i : 0, p[1].present ? p[1].s : NULL, NULL, &out, err, sizeof(err));
	if (r != PUBLISH_OK) {
		api_answer(c, r, err);
		return;
	}
	response_json(c, 201, publication_json(c, &out));
}

void
h_api_publish_unchanged(struct ctx *c)
{
	static const struct field f[] = { { "period", valid_period, 0, 0, 0 } };
	struct param p[1];
	struct publish_env e;
	struct actor who;
	struct publication_row out;
	char err[512];
	enum publish_result r;

	if (json_body(c, f, 1, p) != 0)
		return;
	if (!p[0].present || p[0].invalid) {
		response_error(c, 422, "invalid", "Envíe «period» como AAAA-MM, por ejemplo 2023-02.");
		return;
	}
	env_for(c, &e);
	ctx_actor(c, &who);
	r = publish_unchanged(c->w->db, c->req->arena, &e, c->inst, &who, (int)p[0].i, &out, err,
	    sizeof(err));
	if (r != PUBLISH_OK) {
		api_answer(c, r, err);
		return;
	}
	response_json(c, 201, publication_json(c, &out));
}

void
h_api_publications(struct ctx *c)
{
	struct publication_row *rows;
	size_t n;
	cJSON *o, *arr;

	if (db_publication_list(c->w->db, c->req->arena, c->inst, "", &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "publications")) == NULL)
		oom();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, publication_json(c, &rows[i]));
	response_json(c, 200, o);
}

static cJSON *
signature_json(struct arena *a, const struct signature_row *s)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL ||
	    cJSON_AddNumberToObject(o, "id", (double)s->id) == NULL ||
	    cJSON_AddNumberToObject(o, "report_id", (double)s->report_id) == NULL ||
	    cJSON_AddNumberToObject(o, "revision", s->seq) == NULL ||
	    cJSON_AddNumberToObject(o, "signatures", s->signatures) == NULL ||
	    cJSON_AddStringToObject(o, "method", s->method) == NULL ||
	    cJSON_AddStringToObject(o, "signer", s->signer_name) == NULL ||
	    cJSON_AddStringToObject(o, "issuer", s->signer_issuer) == NULL ||
	    cJSON_AddStringToObject(o, "serial", s->signer_serial) == NULL ||
	    cJSON_AddStringToObject(o, "signed_at", s->signed_at) == NULL ||
	    cJSON_AddStringToObject(o, "sha256", s->sha256) == NULL ||
	    cJSON_AddNumberToObject(o, "size", (double)s->size) == NULL ||
	    cJSON_AddStringToObject(o, "created_by", s->created_by) == NULL ||
	    cJSON_AddStringToObject(o, "pdf", arena_printf(a, "/api/v1/signatures/%lld/pdf",
	    s->id)) == NULL)
		oom();
	return o;
}

void
h_api_report_signatures(struct ctx *c)
{
	struct report_row r;
	struct signature_row *rows;
	size_t n;
	cJSON *o, *arr;
	enum db_status st = db_report_get(c->w->db, c->req->arena, c->inst, c->args.id[0], &r);

	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El informe no existe.");
		return;
	}
	if (st != DB_OK || db_signature_list(c->w->db, c->req->arena, c->inst, c->args.id[0], 100,
	    &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "signatures")) == NULL)
		oom();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, signature_json(c->req->arena, &rows[i]));
	response_json(c, 200, o);
}

/* A signed revision's PDF (officers: before and after publication). */
static void
send_signed(struct ctx *c, long long id, int inline_view)
{
	struct arena *a = c->req->arena;
	struct signature_row s;
	struct report_row r;
	enum db_status st = db_signature_get(c->w->db, a, c->inst, id, &s);

	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "Esa revisión firmada no existe.");
		return;
	}
	if (st != DB_OK || db_report_get(c->w->db, a, c->inst, s.report_id, &r) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	c->res->content_type = "application/pdf";
	c->res->disposition = arena_printf(a, "%s; filename=\"%.*s-firmado-%d.pdf\"",
	    inline_view ? "inline" : "attachment",
	    (int)strlen(report_filename(a, inst_slug(c), r.period)) - 4,
	    report_filename(a, inst_slug(c), r.period), s.seq);
	buf_clear(&c->res->body);
	buf_put(&c->res->body, s.pdf, (size_t)s.size);
}

void
h_api_signature_pdf(struct ctx *c)
{
	send_signed(c, c->args.id[0], 0);
}

/* ---- the officer's page of one report ------------------------------------------- */

static void
render_report_page(struct ctx *c, long long id, const char *error)
{
	struct arena *a = c->req->arena;
	struct buf *b = &c->res->body;
	struct report_row r;
	struct signature_row *sigs;
	struct publication_row *pubs;
	size_t nsigs, npubs;
	const struct publication_row *live = NULL;	/* the newest revision, published */
	const char *why;
	int next_sigs;
	enum db_status st = db_report_get(c->w->db, a, c->inst, id, &r);

	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El informe no existe.");
		return;
	}
	if (st != DB_OK || db_signature_list(c->w->db, a, c->inst, id, 100, &sigs, &nsigs) != DB_OK ||
	    db_publication_list(c->w->db, a, c->inst, r.period, &pubs, &npubs) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	for (size_t i = 0; i < npubs && nsigs > 0 && live == NULL; i++)
		if (pubs[i].signature_id == sigs[0].id)
			live = &pubs[i];
	next_sigs = nsigs > 0 ? sigs[0].signatures : 0;
	buf_clear(b);
	page_begin(c, arena_printf(a, "Informe de %s", period_label(a, r.period)));
	if (error != NULL)
		page_message(b, "error", error);
	html_raw(b, "<p><a href=\"");
	html_text(b, arena_printf(a, "%s/informes?mes=%s", c->req->base, r.period));
	html_raw(b, "\">← Informes del mes</a></p>\n<dl class=\"facts\"><dt>Generado</dt><dd>");
	html_text(b, r.created_at);
	html_raw(b, " por ");
	html_text(b, r.created_by);
	html_raw(b, "</dd><dt>Estado</dt><dd>");
	html_raw(b, r.draft ? "<span class=\"badge badge-borrador\">Borrador</span>" :
	    "<span class=\"badge badge-aprobado\">Definitivo</span>");
	html_raw(b, "</dd><dt>SHA-256 del informe sin firmar</dt><dd><code>");
	html_text(b, r.sha256);
	html_raw(b, "</code></dd></dl>\n<p><a href=\"");
	html_text(b, arena_printf(a, "%s/api/v1/reports/%lld/pdf", c->req->base, id));
	html_raw(b, "\" download>Descargar el PDF sin firmar</a></p>\n");
	if (r.draft) {
		page_message(b, "info", "Un borrador no se firma ni se publica. Cuando todas las "
		    "unidades aprueben el mes, genere el informe de nuevo.");
		page_end(c);
		return;
	}

	html_raw(b, "<h2>Firmas</h2>\n");
	if (nsigs == 0)
		html_raw(b, "<p>El informe todavía no está firmado.</p>\n");
	else {
		html_raw(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Revisión</th>"
		    "<th scope=\"col\">Firmas</th><th scope=\"col\">Firmante</th>"
		    "<th scope=\"col\">Fecha de firma</th><th scope=\"col\">Cómo</th>"
		    "<th scope=\"col\">SHA-256</th><th scope=\"col\">Archivo</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < nsigs; i++) {
			html_raw(b, "<tr><td>");
			html_int(b, sigs[i].seq);
			html_raw(b, "</td><td>");
			html_int(b, sigs[i].signatures);
			html_raw(b, "</td><td>");
			html_text(b, sigs[i].signer_name);
			html_raw(b, "</td><td>");
			html_text(b, sigs[i].signed_at);
			html_raw(b, "</td><td>");
			html_text(b, method_label(sigs[i].method));
			html_raw(b, "</td><td><code title=\"");
			html_text(b, sigs[i].sha256);
			html_raw(b, "\">");
			html_textn(b, sigs[i].sha256, 12);
			html_raw(b, "…</code></td><td><a href=\"");
			html_text(b, arena_printf(a, "%s/api/v1/signatures/%lld/pdf", c->req->base,
			    sigs[i].id));
			html_raw(b, "\" download>Descargar</a></td></tr>\n");
		}
		html_raw(b, "</tbody></table>\n");
	}
	if (next_sigs < 2 && live == NULL) {
		const char *action = arena_printf(a, "%s/informes/%lld/firmar", c->req->base, id);
		struct publish_env e;

		env_for(c, &e);
		html_raw(b, next_sigs == 0 ? "<h3>Firmar el informe</h3>\n" :
		    "<h3>Añadir una segunda firma (por ejemplo, la del director)</h3>\n");
		if (publish_signer_for(&e, &why) != NULL) {
			html_raw(b, "<form class=\"sign\" method=\"post\" action=\"");
			html_text(b, action);
			html_raw(b, "\">");
			page_csrf(c);
			html_raw(b, "<fieldset><legend>Con el certificado de la institución</legend>"
			    "<p class=\"hint\">El que el área de TI instaló en el servidor.</p>"
			    "<button type=\"submit\">Firmar con el certificado institucional"
			    "</button></fieldset></form>\n");
		}
		html_raw(b, "<form class=\"sign\" method=\"post\" enctype=\"multipart/form-data\" "
		    "action=\"");
		html_text(b, action);
		html_raw(b, "\">");
		page_csrf(c);
		html_raw(b, "<fieldset><legend>Con su propia firma electrónica (.p12)</legend>"
		    "<div class=\"field\"><label for=\"f-p12\">Archivo de firma (.p12 o .pfx)</label>"
		    "<input id=\"f-p12\" name=\"p12\" type=\"file\" accept=\".p12,.pfx\" required></div>"
		    "<div class=\"field\"><label for=\"f-clave\">Contraseña de la firma</label>"
		    "<input id=\"f-clave\" name=\"password\" type=\"password\" autocomplete=\"off\" "
		    "required></div><p class=\"hint\">El archivo y la contraseña se usan solo para esta "
		    "firma: no se guardan en el servidor ni en ningún registro.</p>"
		    "<button type=\"submit\">Firmar con mi archivo .p12</button></fieldset></form>\n");
		html_raw(b, "<form class=\"sign\" method=\"post\" enctype=\"multipart/form-data\" "
		    "action=\"");
		html_text(b, arena_printf(a, "%s/informes/%lld/firmado", c->req->base, id));
		html_raw(b, "\">");
		page_csrf(c);
		html_raw(b, "<fieldset><legend>Firmado fuera del sistema (FirmaEC u otro)</legend>"
		    "<p class=\"hint\">Descargue el PDF sin firmar (o la última revisión firmada), "
		    "fírmelo sin modificarlo y súbalo aquí. Se acepta solo si el contenido original es "
		    "idéntico y todas las firmas son válidas.</p><div class=\"field\">"
		    "<label for=\"f-pdf\">PDF firmado</label><input id=\"f-pdf\" name=\"pdf\" "
		    "type=\"file\" accept=\".pdf,application/pdf\" required></div>"
		    "<button type=\"submit\" class=\"secondary\">Subir el PDF firmado</button>"
		    "</fieldset></form>\n");
	}
	html_raw(b, "<h2>Publicación</h2>\n");
	if (npubs > 0) {
		html_raw(b, "<p>Publicaciones de ");
		html_text(b, period_label(a, r.period));
		buf_printf(b, ": %zu versión%s; la última es la versión ", npubs,
		    npubs == 1 ? "" : "es");
		html_int(b, pubs[0].version);
		html_raw(b, ".</p>\n");
	}
	if (live != NULL) {
		html_raw(b, "<p><span class=\"badge badge-aprobado\">Publicado</span> La última "
		    "revisión firmada de este informe es la versión ");
		html_int(b, live->version);
		html_raw(b, ", publicada el ");
		html_text(b, live->published_at);
		html_raw(b, " (UTC-05:00). <a href=\"");
		html_text(b, arena_printf(a, "%s/transparencia/verificar/%s", c->req->base,
		    live->sha256));
		html_raw(b, "\">Ver en el portal</a></p>\n<p class=\"hint\">Lo publicado no se "
		    "cambia. Para corregir el mes, corrija los valores, genere un informe nuevo, "
		    "fírmelo y publíquelo como corrección, con su motivo.</p>\n");
	} else if (nsigs > 0) {
		html_raw(b, "<form method=\"post\" action=\"");
		html_text(b, arena_printf(a, "%s/informes/%lld/publicar", c->req->base, id));
		html_raw(b, "\">");
		page_csrf(c);
		if (npubs > 0)
			html_raw(b, "<div class=\"field\"><label for=\"f-motivo\">Motivo de la corrección "
			    "(se publica)</label><input id=\"f-motivo\" name=\"motivo\" type=\"text\" "
			    "maxlength=\"1000\" required></div>");
		html_raw(b, "<p class=\"hint\">Se publica la última revisión firmada. Una vez "
		    "publicada, no se puede cambiar ni borrar; una corrección se publica como versión "
		    "nueva y ambas quedan a la vista.</p><button type=\"submit\">");
		html_raw(b, npubs > 0 ? "Publicar como corrección" : "Publicar");
		html_raw(b, "</button></form>\n");
	} else
		html_raw(b, "<p>Firme el informe para poder publicarlo.</p>\n");
	page_end(c);
}

void
h_report_page(struct ctx *c)
{
	static const struct field f[] = { { "ok", valid_token, 1, 16, 0 } };
	struct param q[1];
	int bad;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), f, 1, q,
	    &bad) == FORM_OK && q[0].present) {
		if (strcmp(q[0].s, "firmado") == 0)
			c->notice = "Informe firmado. Sus firmas se verificaron (contenido íntegro, "
			    "certificado de confianza): ya puede publicarlo.";
		else if (strcmp(q[0].s, "subido") == 0)
			c->notice = "PDF firmado verificado (contenido idéntico al informe, firmas "
			    "válidas) y guardado: ya puede publicarlo.";
		else if (strcmp(q[0].s, "publicado") == 0)
			c->notice = "Informe publicado en el portal de transparencia.";
	}
	render_report_page(c, c->args.id[0], NULL);
}

static void
page_result(struct ctx *c, long long id, enum publish_result r, const char *err, const char *ok)
{
	if (r == PUBLISH_OK) {
		response_redirect(c, arena_printf(c->req->arena, "%s/informes/%lld?ok=%s",
		    c->req->base, id, ok));
		return;
	}
	if (r == PUBLISH_NOTFOUND || r == PUBLISH_ERROR) {
		api_answer(c, r, err);
		return;
	}
	c->res->status = r == PUBLISH_CONFLICT ? 409 : 422;
	render_report_page(c, id, err);
}

void
h_report_sign(struct ctx *c)
{
	struct signed_made made;
	char err[512];

	page_result(c, c->args.id[0], do_sign(c, c->args.id[0], &made, err, sizeof(err)), err,
	    "firmado");
}

void
h_report_signed(struct ctx *c)
{
	struct signed_made made;
	char err[512];

	page_result(c, c->args.id[0], do_accept(c, c->args.id[0], &made, err, sizeof(err)), err,
	    "subido");
}

void
h_report_publish(struct ctx *c)
{
	static const struct field f[] = {
		{ "csrf", valid_token, 1, 128, 0 },
		{ "motivo", valid_text, 0, 1000, 0 },
	};
	struct param p[2];
	struct publish_env e;
	struct actor who;
	char err[512];

	if (form_body(c, f, 2, p) != 0)
		return;
	if (p[1].present && p[1].invalid) {
		c->res->status = 422;
		render_report_page(c, c->args.id[0], "El motivo debe ser una línea de texto de hasta "
		    "1000 caracteres.");
		return;
	}
	env_for(c, &e);
	ctx_actor(c, &who);
	page_result(c, c->args.id[0], publish_report(c->w->db, c->req->arena, &e, c->inst, &who,
	    c->args.id[0], 0, p[1].present ? p[1].s : NULL, NULL, NULL, err, sizeof(err)), err,
	    "publicado");
}

void
h_publish_unchanged(struct ctx *c)
{
	static const struct field f[] = {
		{ "csrf", valid_token, 1, 128, 0 },
		{ "mes", valid_period, 0, 0, 0 },
	};
	struct param p[2];
	struct publish_env e;
	struct actor who;
	struct publication_row out;
	char err[512];
	enum publish_result r;

	if (form_body(c, f, 2, p) != 0)
		return;
	if (!p[1].present || p[1].invalid) {
		response_error(c, 422, "invalid", "Elija el mes que se publica sin cambios.");
		return;
	}
	env_for(c, &e);
	ctx_actor(c, &who);
	r = publish_unchanged(c->w->db, c->req->arena, &e, c->inst, &who, (int)p[1].i, &out, err,
	    sizeof(err));
	if (r == PUBLISH_OK) {
		response_redirect(c, arena_printf(c->req->arena, "%s/informes?mes=%04d-%02d&ok=sincambios",
		    c->req->base, (int)p[1].i / 100, (int)p[1].i % 100));
		return;
	}
	if (r == PUBLISH_NOTFOUND || r == PUBLISH_ERROR) {
		api_answer(c, r, err);
		return;
	}
	response_error(c, r == PUBLISH_CONFLICT ? 409 : 422, "invalid", err);
}

/* ---- the public portal ---------------------------------------------------------- */

static void
public_begin(struct ctx *c, const char *title, const char *inst_name)
{
	struct buf *b = &c->res->body;

	buf_clear(b);
	html_page_begin(b, title, "es-EC");
	html_raw(b, "<header class=\"site\">\n<p class=\"inst\">");
	html_text(b, inst_name ? inst_name : "");
	html_raw(b, "</p>\n<nav><a href=\"");
	html_text(b, c->req->base[0] ? c->req->base : "/");
	html_raw(b, "\">Matriz vigente</a><a href=\"");
	html_text(b, arena_printf(c->req->arena, "%s/transparencia/", c->req->base));
	html_raw(b, "\">Publicaciones</a><a href=\"");
	html_text(b, arena_printf(c->req->arena, "%s/transparencia/verificar", c->req->base));
	html_raw(b, "\">Verificar un PDF</a></nav>\n</header>\n<main id=\"contenido\">\n");
}

static void
public_end(struct ctx *c)
{
	struct buf *b = &c->res->body;

	html_raw(b, "</main>\n<footer class=\"site\"><p>Publicado con metas · LOTAIP Art. 7, "
	    "literal a4</p></footer>\n");
	html_page_end(b);
}

static const char *
inst_name(struct ctx *c)
{
	const char *n = NULL;

	(void)db_institution_name(c->w->db, c->req->arena, c->inst, &n);
	return n;
}

/* The published files; with verify_link, the link to the verification page too. */
static void
file_links(struct ctx *c, const struct publication_row *p, int verify_link)
{
	struct arena *a = c->req->arena;
	struct buf *b = &c->res->body;
	const char *slug = inst_slug(c);
	static const struct { const char *file, *label; } links[] = {
		{ "pdf", "PDF firmado" },
		{ "datos.csv", "Datos (CSV)" },
		{ "metadatos.csv", "Metadatos (CSV)" },
		{ "diccionario.csv", "Diccionario (CSV)" },
		{ "datos.json", "Datos (JSON)" },
	};

	html_raw(b, "<ul class=\"files\">");
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		html_raw(b, "<li><a href=\"");
		html_text(b, publish_file_url(a, slug, p->period, p->version, links[i].file));
		html_raw(b, "\">");
		html_text(b, links[i].label);
		html_raw(b, "</a></li>");
	}
	if (verify_link) {
		html_raw(b, "<li><a href=\"");
		html_text(b, arena_printf(a, "%s/transparencia/verificar/%s", c->req->base,
		    p->sha256));
		html_raw(b, "\">Verificar la firma</a></li>");
	}
	html_raw(b, "</ul>");
}

void
h_transparency(struct ctx *c)
{
	struct arena *a = c->req->arena;
	struct buf *b = &c->res->body;
	struct publication_row *rows;
	size_t n;
	char year[5] = "";

	if (db_publication_list(c->w->db, a, c->inst, "", &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	c->res->cache = CACHE_REVALIDATE;
	public_begin(c, "Transparencia — informes publicados del literal a4", inst_name(c));
	html_raw(b, "<hgroup class=\"title\"><p class=\"law\">Art. 7 LOTAIP · literal a4</p>"
	    "<h1>Informes publicados</h1><p class=\"year\">Metas y objetivos de las unidades "
	    "administrativas, firmados electrónicamente, con sus datos abiertos.</p></hgroup>\n");
	if (n == 0)
		html_raw(b, "<p>Todavía no hay informes publicados.</p>\n");
	for (size_t i = 0; i < n; i++) {
		const struct publication_row *p = &rows[i];

		if (strncmp(year, p->period, 4) != 0) {
			if (year[0])
				html_raw(b, "</ol></section>\n");
			memcpy(year, p->period, 4);
			html_raw(b, "<section class=\"pub-year\"><h2>");
			html_text(b, year);
			html_raw(b, "</h2><ol class=\"pubs\">\n");
		}
		html_raw(b, "<li class=\"pub\"><h3>");
		html_text(b, period_label(a, p->period));
		html_raw(b, " · versión ");
		html_int(b, p->version);
		html_raw(b, "</h3><p><span class=\"badge\">");
		html_text(b, kind_label(p->kind));
		html_raw(b, "</span> Publicado el ");
		html_text(b, p->published_at);
		html_raw(b, " · firmado por ");
		html_text(b, p->signer_name);
		if (p->signatures > 1) {
			html_raw(b, " y ");
			html_int(b, p->signatures - 1);
			html_raw(b, p->signatures == 2 ? " firma más" : " firmas más");
		}
		html_raw(b, "</p>");
		if (p->reason != NULL && p->reason[0] != '\0') {
			html_raw(b, "<p class=\"reason\"><strong>Motivo:</strong> ");
			html_text(b, p->reason);
			html_raw(b, "</p>");
		}
		file_links(c, p, 1);
		html_raw(b, "</li>\n");
	}
	if (year[0])
		html_raw(b, "</ol></section>\n");
	public_end(c);
}

void
h_transparency_redirect(struct ctx *c)
{
	response_redirect(c, arena_printf(c->req->arena, "%s/transparencia/", c->req->base));
}

/*
 * Verification results of stored PDFs, per worker: a published file never
 * changes, so its parse and CMS check are kept (by SHA-256) and only the
 * chain is judged again when the trust store changes (it does not during
 * a process's life).
 */
#define VCACHE	8
static struct {
	char		sha[65];
	int		valid;
	size_t		n;
	struct pdf_sig	sigs[2];
	unsigned long	used;
} vcache[VCACHE];
static unsigned long vclock;

static int
verify_stored(struct ctx *c, const struct publication_row *p, struct pdf_sig *sigs, size_t *n)
{
	struct signature_row s;
	char err[256];
	int slot = 0;

	for (int i = 0; i < VCACHE; i++) {
		if (vcache[i].valid && strcmp(vcache[i].sha, p->sha256) == 0) {
			vcache[i].used = ++vclock;
			*n = vcache[i].n;
			memcpy(sigs, vcache[i].sigs, sizeof(vcache[i].sigs));
			return 0;
		}
		if (vcache[i].used < vcache[slot].used)
			slot = i;
	}
	if (db_signature_get(c->w->db, c->req->arena, c->inst, p->signature_id, &s) != DB_OK)
		return -1;
	if (pdf_verify((const unsigned char *)s.pdf, (size_t)s.size, publish_trust(), sigs, 2, n,
	    err, sizeof(err)) != 0)
		*n = 0;
	vcache[slot].valid = 1;
	snprintf(vcache[slot].sha, sizeof(vcache[slot].sha), "%s", p->sha256);
	vcache[slot].n = *n;
	memcpy(vcache[slot].sigs, sigs, sizeof(vcache[slot].sigs));
	vcache[slot].used = ++vclock;
	return 0;
}

/*
 * The CN of a distinguished name as pdf_sign.c prints it ("CN=Name,O=Org,
 * C=EC", RFC 2253 escapes): what a person reads as the issuer. The whole
 * name when it has no CN. Allocated in a.
 */
static const char *
dn_common_name(struct arena *a, const char *dn)
{
	const char *p = dn;
	struct buf v;

	while (p != NULL && *p != '\0' && strncmp(p, "CN=", 3) != 0) {
		/* the next unescaped comma */
		while (*p != '\0' && *p != ',')
			p += p[0] == '\\' && p[1] != '\0' ? 2 : 1;
		p = *p == ',' ? p + 1 : NULL;
	}
	if (p == NULL || *p == '\0')
		return dn;
	buf_init(&v, a);
	for (p += 3; *p != '\0' && *p != ','; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		buf_putc(&v, *p);
	}
	return v.len > 0 ? v.data : dn;
}

static void
render_sig_checks(struct arena *a, struct buf *b, const struct pdf_sig *sigs, size_t n)
{
	if (n == 0) {
		html_raw(b, "<p class=\"bad\">No se encontró ninguna firma en el archivo.</p>");
		return;
	}
	html_raw(b, "<ol class=\"sigs\">");
	for (size_t i = 0; i < n && i < 2; i++) {
		const struct pdf_sig *s = &sigs[i];
		int good = s->digest_ok && s->signature_ok && s->chain_ok;
		char when[32] = "";

		if (s->signed_at) {
			time_t local = s->signed_at - 5 * 3600;
			struct tm tm;

			gmtime_r(&local, &tm);
			strftime(when, sizeof(when), "%d/%m/%Y %H:%M:%S", &tm);
		}
		html_raw(b, good ? "<li class=\"sig good\">" : "<li class=\"sig bad\">");
		html_raw(b, "<p><strong>");
		html_text(b, s->cert.name[0] ? s->cert.name : "(firmante sin nombre)");
		html_raw(b, "</strong></p><dl class=\"facts\"><dt>Fecha y hora de la firma</dt><dd>");
		html_text(b, when[0] ? when : "no indicada");
		html_raw(b, " (UTC-05:00)</dd><dt>Emisor del certificado</dt><dd title=\"");
		html_text(b, s->cert.issuer);
		html_raw(b, "\">");
		html_text(b, dn_common_name(a, s->cert.issuer));
		html_raw(b, "</dd><dt>Resultado</dt><dd>");
		if (good)
			html_raw(b, "✔ La firma es válida: el contenido no cambió desde que se firmó y el "
			    "certificado es de confianza.");
		else {
			html_raw(b, "✘ La firma no es válida. ");
			html_text(b, s->problem[0] ? s->problem : "no se pudo verificar.");
		}
		html_raw(b, "</dd></dl></li>");
	}
	html_raw(b, "</ol>");
}

static void
render_publication_facts(struct ctx *c, const struct publication_row *p)
{
	struct arena *a = c->req->arena;
	struct buf *b = &c->res->body;

	html_raw(b, "<dl class=\"facts\"><dt>Informe</dt><dd>");
	html_text(b, period_label(a, p->period));
	html_raw(b, ", versión ");
	html_int(b, p->version);
	html_raw(b, " (");
	html_text(b, kind_label(p->kind));
	html_raw(b, ")</dd><dt>Publicado</dt><dd>");
	html_text(b, p->published_at);
	html_raw(b, "</dd><dt>Firmado por</dt><dd>");
	html_text(b, p->signer_name);
	html_raw(b, "</dd><dt>Fecha de la firma</dt><dd>");
	html_text(b, p->signed_at);
	html_raw(b, " (UTC-05:00)</dd><dt>SHA-256 del PDF publicado</dt><dd><code class=\"hash\">");
	html_text(b, p->sha256);
	html_raw(b, "</code></dd><dt>SHA-256 del informe antes de firmar</dt><dd><code class=\"hash\">");
	html_text(b, p->report_sha256);
	html_raw(b, "</code></dd><dt>SHA-256 de los datos abiertos (CSV)</dt><dd><code class=\"hash\">");
	html_text(b, p->dataset_sha256);
	html_raw(b, "</code></dd>");
	if (p->reason != NULL && p->reason[0] != '\0') {
		html_raw(b, "<dt>Motivo de la corrección</dt><dd>");
		html_text(b, p->reason);
		html_raw(b, "</dd>");
	}
	html_raw(b, "</dl>");
	file_links(c, p, 0);
}

void
h_verify_sha(struct ctx *c)
{
	struct arena *a = c->req->arena;
	struct buf *b = &c->res->body;
	struct publication_row *rows;
	size_t n;

	if (db_publication_find(c->w->db, a, c->inst, c->args.sha256, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	public_begin(c, "Verificación de un informe publicado", inst_name(c));
	html_raw(b, "<h1>Verificación de un informe publicado</h1>\n");
	if (n == 0) {
		c->res->status = 404;
		html_raw(b, "<div class=\"msg msg-error\" role=\"alert\"><p>Ningún informe publicado "
		    "por esta institución tiene el SHA-256 <code class=\"hash\">");
		html_text(b, c->args.sha256);
		html_raw(b, "</code>.</p></div>\n");
		public_end(c);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct pdf_sig sigs[2];
		size_t ns = 0;

		if (verify_stored(c, &rows[i], sigs, &ns) != 0) {
			answer_unavailable(c);
			return;
		}
		html_raw(b, "<section class=\"verify\">");
		render_publication_facts(c, &rows[i]);
		html_raw(b, "<h2>Firmas (verificadas ahora)</h2>");
		render_sig_checks(a, b, sigs, ns);
		html_raw(b, "</section>\n");
	}
	html_raw(b, "<p class=\"hint\">Para comprobar su copia, calcule su SHA-256 (por ejemplo, "
	    "<code>sha256sum archivo.pdf</code>) y compárelo con el de arriba, o súbala en "
	    "<a href=\"");
	html_text(b, arena_printf(a, "%s/transparencia/verificar", c->req->base));
	html_raw(b, "\">Verificar un PDF</a>.</p>\n");
	public_end(c);
}

static void
render_verify_form(struct ctx *c)
{
	struct buf *b = &c->res->body;

	html_raw(b, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
	html_text(b, arena_printf(c->req->arena, "%s/transparencia/verificar", c->req->base));
	html_raw(b, "\"><div class=\"field\"><label for=\"f-pdf\">PDF que quiere comprobar</label>"
	    "<input id=\"f-pdf\" name=\"pdf\" type=\"file\" accept=\".pdf,application/pdf\" required>"
	    "</div><button type=\"submit\">Verificar</button></form>\n");
}

void
h_verify_form(struct ctx *c)
{
	public_begin(c, "Verificar un PDF", inst_name(c));
	html_raw(&c->res->body, "<h1>Verificar un PDF</h1>\n<p>Suba un informe que haya descargado "
	    "para saber si es, sin ninguna modificación, un informe publicado por esta institución, "
	    "y si sus firmas son válidas. El archivo no se guarda.</p>\n");
	render_verify_form(c);
	public_end(c);
}

void
h_verify_upload(struct ctx *c)
{
	struct arena *a = c->req->arena;
	struct buf *b = &c->res->body;
	const struct mpart *parts, *f = NULL;
	struct publication_row *rows;
	struct pdf_sig sigs[2];
	size_t nparts, n, ns = 0;
	char sha[65], err[256];
	const char *name = inst_name(c);

	if (is_multipart(c) && request_parts(c, &parts, &nparts) == FORM_OK)
		f = find_part(parts, nparts, "pdf");
	public_begin(c, "Verificar un PDF", name);
	html_raw(b, "<h1>Verificar un PDF</h1>\n");
	if (f == NULL || f->len == 0) {
		c->res->status = 422;
		page_message(b, "error", "Elija el archivo PDF que quiere comprobar.");
		render_verify_form(c);
		public_end(c);
		return;
	}
	evidence_sha256(f->data, f->len, sha);
	if (db_publication_find(c->w->db, a, c->inst, sha, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].sha256, sha) == 0) {
			(void)pdf_verify((const unsigned char *)f->data, f->len, publish_trust(), sigs, 2,
			    &ns, err, sizeof(err));
			page_message(b, "ok", "El archivo es idéntico, byte a byte, a un informe "
			    "publicado por esta institución.");
			html_raw(b, "<section class=\"verify\">");
			render_publication_facts(c, &rows[i]);
			html_raw(b, "<h2>Firmas</h2>");
			render_sig_checks(a, b, sigs, ns);
			html_raw(b, "</section>\n<h2>Comprobar otro archivo</h2>\n");
			render_verify_form(c);
			public_end(c);
			return;
		}
	page_message(b, "error", "El archivo NO es un informe publicado por esta institución, o "
	    "fue modificado después de publicarse.");
	html_raw(b, "<dl class=\"facts\"><dt>SHA-256 del archivo subido</dt><dd><code class=\"hash\">");
	html_text(b, sha);
	html_raw(b, "</code></dd></dl>");
	if (pdf_verify((const unsigned char *)f->data, f->len, publish_trust(), sigs, 2, &ns, err,
	    sizeof(err)) != 0)
		html_raw(b, "<p>Además, el archivo no es un PDF que se pueda leer.</p>");
	else if (ns > 0) {
		html_raw(b, "<h2>Firmas que contiene</h2>");
		render_sig_checks(a, b, sigs, ns);
	}
	render_verify_form(c);
	public_end(c);
}
