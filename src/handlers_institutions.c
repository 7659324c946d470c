/*
 * The institutions of the deployment (super-administrator only): the page
 * /instituciones with its creation form, and /api/v1/institutions. Only
 * listing and creation: no route here reads an institution's data.
 */
#include "config.h"

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
#include "institution.h"
#include "monthly.h"
#include "page.h"
#include "tenant.h"
#include "worker.h"

enum { IF_SLUG, IF_NAME, IF_SHORT, IF_HOSTS, IF_ADMIN, IF_ADMIN_NAME, IF_PASSWORD, IF_CSRF, IF__MAX };
static const struct field form_fields[IF__MAX] = {
	[IF_SLUG] = { "identificador", valid_text, 0, 64, 0 },
	[IF_NAME] = { "nombre", valid_text, 0, 255, 0 },
	[IF_SHORT] = { "sigla", valid_text, 0, 40, 0 },
	[IF_HOSTS] = { "hosts", valid_text, 0, 2048, 0 },
	[IF_ADMIN] = { "usuario", valid_text, 0, 64, 0 },
	[IF_ADMIN_NAME] = { "nombre_admin", valid_text, 0, 255, 0 },
	[IF_PASSWORD] = { "clave", valid_text, 0, 512, 0 },
	[IF_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};

/* The same fields in the API (no csrf field: the X-CSRF-Token header carries it). */
static const struct field api_fields[IF_CSRF] = {
	[IF_SLUG] = { "slug", valid_text, 1, 64, 0 },
	[IF_NAME] = { "name", valid_text, 1, 255, 0 },
	[IF_SHORT] = { "short_name", valid_text, 0, 40, 0 },
	[IF_HOSTS] = { "hosts", valid_text, 0, 2048, 0 },
	[IF_ADMIN] = { "admin_username", valid_text, 1, 64, 0 },
	[IF_ADMIN_NAME] = { "admin_display_name", valid_text, 0, 255, 0 },
	[IF_PASSWORD] = { "admin_password", valid_text, 1, 512, 0 },
};

static const char *
val(const struct param *p)
{
	return p->present && !p->invalid ? p->s : "";
}

static void
input_from(const struct param *p, struct institution_input *in)
{
	memset(in, 0, sizeof(*in));
	in->slug = val(&p[IF_SLUG]);
	in->name = val(&p[IF_NAME]);
	in->short_name = val(&p[IF_SHORT]);
	in->hosts = val(&p[IF_HOSTS]);
	in->admin_username = val(&p[IF_ADMIN]);
	in->admin_name = val(&p[IF_ADMIN_NAME]);
	in->admin_password = val(&p[IF_PASSWORD]);
}

/* Which form field a service message is about. */
static const char *
field_of(const char *msg)
{
	if (strstr(msg, "identificador") != NULL)
		return "identificador";
	if (strstr(msg, "host") != NULL)
		return "hosts";
	if (strstr(msg, "sigla") != NULL)
		return "sigla";
	if (strstr(msg, "nombre de la institución") != NULL)
		return "nombre";
	if (strstr(msg, "usuario") != NULL)
		return "usuario";
	if (strstr(msg, "nombre del administrador") != NULL)
		return "nombre_admin";
	return "clave";
}

static const char *
err_for(const char *field, const char *err_field, const char *err)
{
	return err_field != NULL && strcmp(field, err_field) == 0 ? err : NULL;
}

/* The page: every institution, then the creation form (in holds what was typed). */
static void
render(struct ctx *c, const struct institution_input *in, const char *err)
{
	struct buf *b = &c->res->body;
	struct institution_row *rows;
	const char *ef = err ? field_of(err) : NULL;
	size_t n;

	if (db_institutions_list(c->w->db, c->req->arena, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	buf_clear(b);
	page_begin(c, "Instituciones");
	html_raw(b, "<p>Instituciones que atiende este servidor. Cada una tiene sus propios "
	    "usuarios, catálogo, informes y portal público; como operador usted puede crearlas, "
	    "pero no ve sus datos.</p>\n<table>\n<caption>Instituciones</caption>\n"
	    "<thead><tr><th scope=\"col\">Nombre</th><th scope=\"col\">Sigla</th>"
	    "<th scope=\"col\">Dirección</th><th scope=\"col\">Nombres de dominio</th>"
	    "<th scope=\"col\">Usuarios</th><th scope=\"col\">Creada</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, rows[i].name);
		if (rows[i].is_demo)
			html_raw(b, " <small>(demostración)</small>");
		html_raw(b, "</td><td>");
		html_text(b, rows[i].short_name);
		/* /i/... links are left as they are by tenant_rebase() */
		html_raw(b, "</td><td><a href=\"/i/");
		html_text(b, rows[i].slug);
		html_raw(b, "/\">/i/");
		html_text(b, rows[i].slug);
		html_raw(b, "/</a></td><td>");
		html_text(b, rows[i].hosts[0] ? rows[i].hosts : "—");
		html_raw(b, "</td><td>");
		html_int(b, rows[i].users);
		html_raw(b, "</td><td>");
		html_text(b, rows[i].created_at);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n<h2>Crear una institución</h2>\n");
	if (err != NULL)
		page_message(b, "error", err);
	html_raw(b, "<form class=\"stack\" method=\"post\" action=\"/instituciones\">\n");
	page_csrf(c);
	page_input(b, "identificador", "Identificador", "text", in ? in->slug : NULL,
	    err_for("identificador", ef, err), "Letras minúsculas, números y guiones; la "
	    "institución se abre en /i/identificador/.", "off");
	page_input(b, "nombre", "Nombre de la institución", "text", in ? in->name : NULL,
	    err_for("nombre", ef, err), NULL, "organization");
	page_input(b, "sigla", "Sigla", "text", in ? in->short_name : NULL,
	    err_for("sigla", ef, err), "Opcional; por omisión, el identificador en mayúsculas.", "off");
	page_input(b, "hosts", "Nombres de dominio", "text", in ? in->hosts : NULL,
	    err_for("hosts", ef, err), "Opcional, separados por comas: por ejemplo "
	    "transparencia.ejemplo.gob.ec. Deben apuntar a este servidor.", "off");
	page_input(b, "usuario", "Usuario del primer administrador", "text",
	    in ? in->admin_username : NULL, err_for("usuario", ef, err), NULL, "off");
	page_input(b, "nombre_admin", "Nombre del primer administrador", "text",
	    in ? in->admin_name : NULL, err_for("nombre_admin", ef, err), NULL, "off");
	page_input(b, "clave", "Contraseña temporal del administrador", "text", NULL,
	    err_for("clave", ef, err), "Al menos 12 caracteres. Entréguela a la persona; deberá "
	    "cambiarla al ingresar.", "new-password");
	html_raw(b, "<button type=\"submit\">Crear institución</button>\n</form>\n");
	page_end(c);
}

enum { IQ_OK, IQ__MAX };
static const struct field page_query[IQ__MAX] = {
	[IQ_OK] = { "ok", valid_token, 1, 16, 0 },
};

void
h_institutions(struct ctx *c)
{
	struct param q[IQ__MAX];
	int bad;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), page_query,
	    IQ__MAX, q, &bad) == FORM_OK && q[IQ_OK].present && strcmp(q[IQ_OK].s, "creada") == 0)
		c->notice = "Institución creada. Entregue al administrador su usuario y su "
		    "contraseña temporal.";
	render(c, NULL, NULL);
}

/* Create from in; answers nothing, returns the result for the caller to answer. */
static enum change_result
create(struct ctx *c, const struct institution_input *in, struct institution_made *made,
    const char **msg)
{
	struct actor who;
	enum change_result r;

	ctx_actor(c, &who);
	r = institution_create(c->w->db, c->req->arena, c->inst, &who, in,
	    today_ec(c->w->conf->today).y, made, msg);
	if (r == CHANGE_OK)
		tenant_forget();
	return r;
}

void
h_institution_create(struct ctx *c)
{
	struct param p[IF__MAX];
	struct institution_input in;
	struct institution_made made;
	const char *msg;

	if (form_body(c, form_fields, IF__MAX, p) != 0)
		return;
	input_from(p, &in);
	switch (create(c, &in, &made, &msg)) {
	case CHANGE_OK:
		response_redirect(c, "/instituciones?ok=creada");
		return;
	case CHANGE_INVALID:
	case CHANGE_CONFLICT:
		c->res->status = 422;
		render(c, &in, msg);
		if (c->res->status == 200)
			c->res->status = 422;
		return;
	default:
		answer_unavailable(c);
	}
}

static cJSON *
row_json(const struct institution_row *r)
{
	cJSON *o = cJSON_CreateObject(), *h;
	const char *s = r->hosts;

	if (o == NULL)
		oom();
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "slug", r->slug);
	cJSON_AddStringToObject(o, "name", r->name);
	cJSON_AddStringToObject(o, "short_name", r->short_name);
	cJSON_AddBoolToObject(o, "demo", r->is_demo);
	h = cJSON_AddArrayToObject(o, "hosts");
	while (h != NULL && *s != '\0') {
		size_t n = strcspn(s, ",");
		char name[TENANT_HOST_MAX + 1];

		if (n <= TENANT_HOST_MAX) {
			memcpy(name, s, n);
			name[n] = '\0';
			cJSON_AddItemToArray(h, cJSON_CreateString(name));
		}
		s += n;
		if (*s == ',')
			s++;
	}
	cJSON_AddNumberToObject(o, "users", (double)r->users);
	cJSON_AddStringToObject(o, "created_at", r->created_at);
	return o;
}

static void
set_path(cJSON *o, struct arena *a, const char *slug)
{
	cJSON_AddStringToObject(o, "path", arena_printf(a, "%s%s/", TENANT_PREFIX, slug));
}

void
h_api_institutions(struct ctx *c)
{
	struct institution_row *rows;
	size_t n;
	cJSON *o, *arr;

	if (db_institutions_list(c->w->db, c->req->arena, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL)
		oom();
	arr = cJSON_AddArrayToObject(o, "institutions");
	for (size_t i = 0; arr != NULL && i < n; i++) {
		cJSON *r = row_json(&rows[i]);

		set_path(r, c->req->arena, rows[i].slug);
		cJSON_AddItemToArray(arr, r);
	}
	response_json(c, 200, o);
}

void
h_api_institution_create(struct ctx *c)
{
	struct param p[IF__MAX];
	struct institution_input in;
	struct institution_made made;
	struct institution_row *rows;
	const char *msg;
	size_t n;

	memset(p, 0, sizeof(p));
	if (json_body(c, api_fields, IF_CSRF, p) != 0)
		return;
	input_from(p, &in);
	switch (create(c, &in, &made, &msg)) {
	case CHANGE_OK:
		break;
	case CHANGE_INVALID:
		response_error(c, 422, "invalid", msg);
		return;
	case CHANGE_CONFLICT:
		response_error(c, 409, "conflict", msg);
		return;
	default:
		answer_unavailable(c);
		return;
	}
	if (db_institutions_list(c->w->db, c->req->arena, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == made.id) {
			cJSON *o = row_json(&rows[i]), *adm;

			set_path(o, c->req->arena, rows[i].slug);
			adm = cJSON_AddObjectToObject(o, "admin");
			if (adm != NULL) {
				cJSON_AddNumberToObject(adm, "id", (double)made.admin_id);
				cJSON_AddStringToObject(adm, "username", in.admin_username);
				cJSON_AddBoolToObject(adm, "must_change_password", 1);
			}
			c->res->location = arena_printf(c->req->arena, "%s%s/", TENANT_PREFIX,
			    rows[i].slug);
			response_json(c, 201, o);
			return;
		}
	answer_unavailable(c);
}
