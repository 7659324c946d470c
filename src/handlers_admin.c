/*
 * User administration and the audit trail (administrators), as pages and
 * as API routes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "arena.h"
#include "db.h"
#include "form.h"
#include "handlers.h"
#include "html.h"
#include "http.h"
#include "page.h"
#include "route.h"
#include "worker.h"

#define PAGE_SIZE	25

/* ---- the user form (new and edit share it) ----------------------------------- */

enum {
	UF_USERNAME, UF_NAME, UF_EMAIL, UF_ADMIN, UF_TRANSP, UF_JEFE, UF_UNITS, UF_ACTIVE,
	UF_PASSWORD, UF_VERSION, UF_CSRF, UF__MAX
};
static const struct field user_fields[UF__MAX] = {
	[UF_USERNAME] = { "usuario", valid_text, 0, 64, 0 },
	[UF_NAME] = { "nombre", valid_text, 0, 255, 0 },
	[UF_EMAIL] = { "correo", valid_text, 0, 254, 0 },
	[UF_ADMIN] = { "rol_admin", valid_int, 1, 1, 0 },
	[UF_TRANSP] = { "rol_transparencia", valid_int, 1, 1, 0 },
	[UF_JEFE] = { "rol_jefe", valid_int, 1, 1, 0 },
	[UF_UNITS] = { "unidad", valid_id_list, 0, 2147483647LL, FIELD_MULTI },
	[UF_ACTIVE] = { "activo", valid_int, 1, 1, 0 },
	[UF_PASSWORD] = { "clave", valid_text, 0, 512, 0 },
	[UF_VERSION] = { "version", valid_int, 1, 2147483647LL, 0 },
	[UF_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};

static const char *
pval(const struct param *p)
{
	return p->present ? p->s : NULL;
}

/* Render the new/edit form; u holds the values to show, err the message. */
static void
render_user_form(struct ctx *c, const struct user *u, int create, const char *err,
    const char *err_field)
{
	struct buf *b = &c->res->body;
	struct unit_row *units = NULL;
	size_t nunits = 0;

	buf_clear(b);
	(void)db_units_list(c->w->db, c->req->arena, c->inst, 0, &units, &nunits);
	page_begin(c, create ? "Nuevo usuario" : "Editar usuario");
	html_raw(b, "<p><a href=\"/admin/usuarios\">← Volver a la lista de usuarios</a></p>\n");
	if (err != NULL && err_field == NULL)
		page_message(b, "error", err);
	if (create)
		html_raw(b, "<form class=\"stack\" method=\"post\" action=\"/admin/usuarios\">\n");
	else
		buf_printf(b, "<form class=\"stack\" method=\"post\" action=\"/admin/usuarios/%lld\">\n"
		    "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", u->id, u->version);
	page_csrf(c);
	if (create)
		page_input(b, "usuario", "Usuario", "text", u->username,
		    err_field && strcmp(err_field, "usuario") == 0 ? err : NULL,
		    "Letras minúsculas, números, punto o guion; por ejemplo jperez.", "off");
	else {
		html_raw(b, "<p><strong>Usuario:</strong> ");
		html_text(b, u->username);
		html_raw(b, "</p>\n");
	}
	page_input(b, "nombre", "Nombre completo", "text", u->display_name,
	    err_field && strcmp(err_field, "nombre") == 0 ? err : NULL, NULL, "off");
	page_input(b, "correo", "Correo electrónico", "email", u->email,
	    err_field && strcmp(err_field, "correo") == 0 ? err : NULL, NULL, "off");
	html_raw(b, "<fieldset><legend>Funciones</legend>\n");
	for (unsigned bit = ROLE_ADMIN; bit <= ROLE_JEFE; bit <<= 1) {
		const char *name = bit == ROLE_ADMIN ? "rol_admin" :
		    bit == ROLE_TRANSPARENCIA ? "rol_transparencia" : "rol_jefe";

		html_raw(b, "<label class=\"check\"><input type=\"checkbox\" value=\"1\" name=\"");
		html_raw(b, name);
		html_raw(b, "\"");
		if (u->roles & bit)
			html_raw(b, " checked");
		html_raw(b, "> ");
		html_text(b, role_label(bit));
		html_raw(b, "</label>\n");
	}
	html_raw(b, "</fieldset>\n<fieldset><legend>Unidades a su cargo (jefe de unidad)</legend>\n"
	    "<div class=\"units\">");
	for (size_t i = 0; i < nunits; i++) {
		int on = 0;

		for (size_t k = 0; k < u->nunits; k++)
			on |= u->units[k] == units[i].id;
		buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"unidad\" value=\"%lld\"%s> ",
		    units[i].id, on ? " checked" : "");
		html_int(b, units[i].number);
		html_raw(b, ". ");
		html_text(b, units[i].name);
		html_raw(b, "</label>\n");
	}
	html_raw(b, "</div></fieldset>\n");
	html_raw(b, "<label class=\"check\"><input type=\"checkbox\" name=\"activo\" value=\"1\"");
	if (u->active)
		html_raw(b, " checked");
	html_raw(b, "> Cuenta activa</label>\n");
	if (create)
		page_input(b, "clave", "Contraseña temporal", "text", NULL,
		    err_field && strcmp(err_field, "clave") == 0 ? err : NULL,
		    "Al menos 12 caracteres. Entréguela a la persona; deberá cambiarla al ingresar.",
		    "new-password");
	html_raw(b, "<button type=\"submit\">");
	html_raw(b, create ? "Crear usuario" : "Guardar cambios");
	html_raw(b, "</button>\n</form>\n");
	if (!create) {
		buf_printf(b, "<h2>Contraseña temporal</h2>\n<form class=\"stack narrow\" method=\"post\" "
		    "action=\"/admin/usuarios/%lld/clave\">\n", u->id);
		page_csrf(c);
		page_input(b, "clave", "Nueva contraseña temporal", "text", NULL,
		    err_field && strcmp(err_field, "clave") == 0 ? err : NULL,
		    "La persona deberá cambiarla al ingresar; sus sesiones abiertas se cierran.",
		    "new-password");
		html_raw(b, "<button type=\"submit\" class=\"secondary\">Asignar contraseña temporal</button>\n</form>\n");
	}
	page_end(c);
}

/* Build a change from the form; a field shown unchecked means "no". */
static void
change_from_form(struct ctx *c, const struct param *p, struct user_change *ch, struct user *shown)
{
	memset(ch, 0, sizeof(*ch));
	ch->username = pval(&p[UF_USERNAME]);
	ch->display_name = pval(&p[UF_NAME]) ? pval(&p[UF_NAME]) : "";
	ch->email = pval(&p[UF_EMAIL]) ? pval(&p[UF_EMAIL]) : "";
	ch->roles = (p[UF_ADMIN].present ? ROLE_ADMIN : 0) |
	    (p[UF_TRANSP].present ? ROLE_TRANSPARENCIA : 0) | (p[UF_JEFE].present ? ROLE_JEFE : 0);
	ch->active = p[UF_ACTIVE].present ? 1 : 0;
	ch->units = p[UF_UNITS].present && !p[UF_UNITS].invalid ?
	    parse_id_list(c->req->arena, p[UF_UNITS].s, &ch->nunits) :
	    arena_calloc(c->req->arena, 1, sizeof(long long));
	ch->password = pval(&p[UF_PASSWORD]);
	ch->version = p[UF_VERSION].present && !p[UF_VERSION].invalid ? p[UF_VERSION].i : 0;
	shown->username = ch->username ? ch->username : "";
	shown->display_name = ch->display_name;
	shown->email = ch->email;
	shown->roles = (unsigned)ch->roles;
	shown->active = ch->active;
	shown->units = ch->units;
	shown->nunits = ch->nunits;
}

/* Which form field a service message is about (for showing it next to the field). */
static const char *
field_of(const char *msg)
{
	if (strstr(msg, "El usuario debe") != NULL || strstr(msg, "Ya existe un usuario") != NULL)
		return "usuario";
	if (strstr(msg, "Otra persona") != NULL)
		return NULL;
	if (strstr(msg, "nombre") != NULL)
		return "nombre";
	if (strstr(msg, "correo") != NULL)
		return "correo";
	if (strstr(msg, "contraseña") != NULL || strstr(msg, "Contraseña") != NULL)
		return "clave";
	return NULL;
}

/* ---- pages --------------------------------------------------------------------- */

enum { UQ_Q, UQ_PAGE, UQ_OK, UQ__MAX };
static const struct field users_query[UQ__MAX] = {
	[UQ_Q] = { "q", valid_text, 0, 64, 0 },
	[UQ_PAGE] = { "pagina", valid_int, 1, 100000, 0 },
	[UQ_OK] = { "ok", valid_token, 1, 16, 0 },
};

void
h_users(struct ctx *c)
{
	struct buf *b = &c->res->body;
	struct param q[UQ__MAX];
	struct user *users;
	size_t n;
	long long total;
	const char *needle;
	int bad, page;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), users_query,
	    UQ__MAX, q, &bad) != FORM_OK) {
		response_error(c, 400, "bad_request", "La búsqueda no es válida.");
		return;
	}
	needle = q[UQ_Q].present ? q[UQ_Q].s : "";
	page = q[UQ_PAGE].present ? (int)q[UQ_PAGE].i : 1;
	if (db_users_list(c->w->db, c->req->arena, c->inst, needle, PAGE_SIZE,
	    (page - 1) * PAGE_SIZE, &users, &n, &total) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if (q[UQ_OK].present)
		c->notice = strcmp(q[UQ_OK].s, "creado") == 0 ? "Usuario creado." :
		    strcmp(q[UQ_OK].s, "guardado") == 0 ? "Cambios guardados." :
		    strcmp(q[UQ_OK].s, "clave") == 0 ? "Contraseña temporal asignada." : NULL;
	page_begin(c, "Usuarios");
	html_raw(b, "<form class=\"search\" method=\"get\" action=\"/admin/usuarios\" role=\"search\">"
	    "<label for=\"f-q\">Buscar por usuario, nombre o correo</label> "
	    "<input id=\"f-q\" name=\"q\" type=\"search\" value=\"");
	html_text(b, needle);
	html_raw(b, "\"> <button type=\"submit\">Buscar</button></form>\n"
	    "<p><a class=\"button\" href=\"/admin/usuarios/nuevo\">Nuevo usuario</a></p>\n");
	buf_printf(b, "<p class=\"hint\">%lld usuario%s.</p>\n", total, total == 1 ? "" : "s");
	html_raw(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Usuario</th>"
	    "<th scope=\"col\">Nombre</th><th scope=\"col\">Funciones</th>"
	    "<th scope=\"col\">Estado</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &users[i];
		int first = 1;

		buf_printf(b, "<tr><td><a href=\"/admin/usuarios/%lld\">", u->id);
		html_text(b, u->username);
		html_raw(b, "</a></td><td>");
		html_text(b, u->display_name);
		html_raw(b, "</td><td>");
		for (unsigned bit = ROLE_ADMIN; bit <= ROLE_JEFE; bit <<= 1)
			if (u->roles & bit) {
				if (!first)
					html_raw(b, ", ");
				html_text(b, role_label(bit));
				first = 0;
			}
		if (u->nunits > 0)
			buf_printf(b, " (%zu unidad%s)", u->nunits, u->nunits == 1 ? "" : "es");
		html_raw(b, "</td><td>");
		html_raw(b, !u->active ? "Desactivado" : u->must_change ? "Debe cambiar la contraseña" : "Activo");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	if (page > 1 || (long long)page * PAGE_SIZE < total) {
		html_raw(b, "<nav class=\"pages\" aria-label=\"Páginas\">");
		if (page > 1) {
			buf_printf(b, "<a href=\"/admin/usuarios?pagina=%d&amp;q=", page - 1);
			html_text(b, needle);
			html_raw(b, "\">← Anterior</a> ");
		}
		if ((long long)page * PAGE_SIZE < total) {
			buf_printf(b, "<a href=\"/admin/usuarios?pagina=%d&amp;q=", page + 1);
			html_text(b, needle);
			html_raw(b, "\">Siguiente →</a>");
		}
		html_raw(b, "</nav>\n");
	}
	page_end(c);
}

void
h_user_new(struct ctx *c)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.username = "";
	u.display_name = "";
	u.email = "";
	u.active = 1;
	render_user_form(c, &u, 1, NULL, NULL);
}

void
h_user_create(struct ctx *c)
{
	struct param p[UF__MAX];
	struct user_change ch;
	struct user shown;
	struct actor who;
	const char *msg;
	long long id;

	if (form_body(c, user_fields, UF__MAX, p) != 0)
		return;
	memset(&shown, 0, sizeof(shown));
	change_from_form(c, p, &ch, &shown);
	if (ch.username == NULL)
		ch.username = "";
	ctx_actor(c, &who);
	switch (account_user_create(c->w->db, c->req->arena, c->inst, &who, &ch, &id, &msg)) {
	case CHANGE_OK:
		response_redirect(c, "/admin/usuarios?ok=creado");
		return;
	case CHANGE_INVALID:
	case CHANGE_CONFLICT:
		c->res->status = 422;
		render_user_form(c, &shown, 1, msg, field_of(msg));
		return;
	default:
		answer_unavailable(c);
	}
}

void
h_user_edit(struct ctx *c)
{
	struct user u;
	enum db_status st = db_user_get(c->w->db, c->req->arena, c->inst, c->args.id[0], &u);

	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El usuario no existe.");
		return;
	}
	if (st != DB_OK) {
		answer_unavailable(c);
		return;
	}
	render_user_form(c, &u, 0, NULL, NULL);
}

void
h_user_update(struct ctx *c)
{
	struct param p[UF__MAX];
	struct user_change ch;
	struct user current, shown;
	struct actor who;
	const char *msg;
	enum db_status st;

	if (form_body(c, user_fields, UF__MAX, p) != 0)
		return;
	st = db_user_get(c->w->db, c->req->arena, c->inst, c->args.id[0], &current);
	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", "El usuario no existe.");
		return;
	}
	if (st != DB_OK) {
		answer_unavailable(c);
		return;
	}
	shown = current;
	change_from_form(c, p, &ch, &shown);
	ch.username = NULL;
	shown.username = current.username;
	shown.id = current.id;
	shown.version = current.version;
	if (ch.version == 0) {
		response_error(c, 400, "bad_request", "Falta la versión del formulario; vuelva a cargar la página.");
		return;
	}
	ctx_actor(c, &who);
	switch (account_user_update(c->w->db, c->req->arena, c->inst, &who, c->args.id[0], &ch, &msg)) {
	case CHANGE_OK:
		response_redirect(c, "/admin/usuarios?ok=guardado");
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", msg);
		return;
	case CHANGE_CONFLICT:
		/*
		 * Someone saved first: show what is stored now (with its version),
		 * so saving again is a deliberate choice, never a silent overwrite.
		 */
		if (db_user_get(c->w->db, c->req->arena, c->inst, c->args.id[0], &current) != DB_OK) {
			answer_unavailable(c);
			return;
		}
		c->res->status = 409;
		render_user_form(c, &current, 0, msg, NULL);
		return;
	case CHANGE_INVALID:
	case CHANGE_LAST_ADMIN:
		c->res->status = 422;
		render_user_form(c, &shown, 0, msg, field_of(msg));
		return;
	default:
		answer_unavailable(c);
	}
}

void
h_user_password(struct ctx *c)
{
	struct param p[UF__MAX];
	struct actor who;
	struct user u;
	const char *msg;

	if (form_body(c, user_fields, UF__MAX, p) != 0)
		return;
	ctx_actor(c, &who);
	switch (account_password_reset(c->w->db, c->req->arena, c->inst, &who, c->args.id[0],
	    pval(&p[UF_PASSWORD]) ? pval(&p[UF_PASSWORD]) : "", &msg)) {
	case CHANGE_OK:
		response_redirect(c, "/admin/usuarios?ok=clave");
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", msg);
		return;
	case CHANGE_INVALID:
		if (db_user_get(c->w->db, c->req->arena, c->inst, c->args.id[0], &u) != DB_OK) {
			answer_unavailable(c);
			return;
		}
		c->res->status = 422;
		render_user_form(c, &u, 0, msg, "clave");
		return;
	default:
		answer_unavailable(c);
	}
}

/* ---- audit -------------------------------------------------------------------- */

static int
valid_date(const struct field *f, struct param *p)
{
	long long y, m, d;

	(void)f;
	if (p->len == 0)
		return 1;
	return p->len == 10 && p->s[4] == '-' && p->s[7] == '-' &&
	    parse_ll(p->s, 4, 2000, 2100, &y) && parse_ll(p->s + 5, 2, 1, 12, &m) &&
	    parse_ll(p->s + 8, 2, 1, 31, &d) && p->s[5] != '+' && p->s[8] != '+';
}

enum { AF_ENTITY, AF_ACTION, AF_ACTOR, AF_FROM, AF_TO, AF_BEFORE, AF_LIMIT, AF__MAX };
static const struct field audit_fields[AF__MAX] = {
	[AF_ENTITY] = { "entidad", valid_token, 0, 40, 0 },
	[AF_ACTION] = { "accion", valid_token, 0, 40, 0 },
	[AF_ACTOR] = { "usuario", valid_text, 0, 64, 0 },
	[AF_FROM] = { "desde", valid_date, 0, 10, 0 },
	[AF_TO] = { "hasta", valid_date, 0, 10, 0 },
	[AF_BEFORE] = { "antes_de", valid_int, 1, 9223372036854775807LL, 0 },
	[AF_LIMIT] = { "limite", valid_int, 1, 500, 0 },
};
/* The API spells the same filters in English. */
static const struct field api_audit_fields[AF__MAX] = {
	[AF_ENTITY] = { "entity", valid_token, 0, 40, 0 },
	[AF_ACTION] = { "action", valid_token, 0, 40, 0 },
	[AF_ACTOR] = { "user", valid_text, 0, 64, 0 },
	[AF_FROM] = { "from", valid_date, 0, 10, 0 },
	[AF_TO] = { "to", valid_date, 0, 10, 0 },
	[AF_BEFORE] = { "before", valid_int, 1, 9223372036854775807LL, 0 },
	[AF_LIMIT] = { "limit", valid_int, 1, 500, 0 },
};

static int
audit_filter_from(struct ctx *c, const struct field *fields, struct audit_filter *f)
{
	struct param q[AF__MAX];
	int bad;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query), fields,
	    AF__MAX, q, &bad) != FORM_OK) {
		response_error(c, 400, "bad_request", bad >= 0 ? arena_printf(c->req->arena,
		    "El filtro «%s» no es válido.", fields[bad].name) : "Los filtros no son válidos.");
		return -1;
	}
	f->entity = q[AF_ENTITY].present ? q[AF_ENTITY].s : "";
	f->action = q[AF_ACTION].present ? q[AF_ACTION].s : "";
	f->actor = q[AF_ACTOR].present ? q[AF_ACTOR].s : "";
	f->from = q[AF_FROM].present ? q[AF_FROM].s : "";
	f->to = q[AF_TO].present ? q[AF_TO].s : "";
	f->before_id = q[AF_BEFORE].present ? q[AF_BEFORE].i : 0;
	f->limit = q[AF_LIMIT].present ? (int)q[AF_LIMIT].i : 50;
	return 0;
}

static void
filter_input(struct buf *b, const char *name, const char *label, const char *type, const char *v)
{
	html_raw(b, "<div class=\"field inline\"><label for=\"f-");
	html_text(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label><input id=\"f-");
	html_text(b, name);
	html_raw(b, "\" name=\"");
	html_text(b, name);
	html_raw(b, "\" type=\"");
	html_text(b, type);
	html_raw(b, "\" value=\"");
	html_text(b, v);
	html_raw(b, "\"></div>");
}

void
h_audit(struct ctx *c)
{
	struct buf *b = &c->res->body;
	struct audit_filter f;
	struct audit_row *rows;
	size_t n;

	if (audit_filter_from(c, audit_fields, &f) != 0)
		return;
	if (db_audit_list(c->w->db, c->req->arena, c->inst, &f, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	page_begin(c, "Registro de auditoría");
	html_raw(b, "<form class=\"filters\" method=\"get\" action=\"/admin/auditoria\">");
	filter_input(b, "usuario", "Usuario", "text", f.actor);
	filter_input(b, "entidad", "Entidad", "text", f.entity);
	filter_input(b, "accion", "Acción", "text", f.action);
	filter_input(b, "desde", "Desde", "date", f.from);
	filter_input(b, "hasta", "Hasta", "date", f.to);
	html_raw(b, " <button type=\"submit\">Filtrar</button></form>\n"
	    "<table class=\"list audit\"><thead><tr><th scope=\"col\">Fecha y hora</th>"
	    "<th scope=\"col\">Usuario</th><th scope=\"col\">Dirección</th><th scope=\"col\">Acción</th>"
	    "<th scope=\"col\">Entidad</th><th scope=\"col\">Antes</th><th scope=\"col\">Después</th>"
	    "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct audit_row *r = &rows[i];

		html_raw(b, "<tr><td>");
		html_text(b, r->at);
		html_raw(b, "</td><td>");
		html_text(b, r->actor_name[0] ? r->actor_name : "—");
		html_raw(b, "</td><td>");
		html_text(b, r->ip);
		html_raw(b, "</td><td>");
		html_text(b, r->action);
		html_raw(b, "</td><td>");
		html_text(b, r->entity);
		if (r->entity_id[0]) {
			html_raw(b, " ");
			html_text(b, r->entity_id);
		}
		html_raw(b, "</td><td><code>");
		html_text(b, r->before_json ? r->before_json : "");
		html_raw(b, "</code></td><td><code>");
		html_text(b, r->after_json ? r->after_json : "");
		html_raw(b, "</code></td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	if (n > 0 && (int)n == f.limit) {
		buf_printf(b, "<p><a href=\"/admin/auditoria?antes_de=%lld&amp;usuario=", rows[n - 1].id);
		html_text(b, f.actor);
		html_raw(b, "&amp;entidad=");
		html_text(b, f.entity);
		html_raw(b, "&amp;accion=");
		html_text(b, f.action);
		html_raw(b, "&amp;desde=");
		html_text(b, f.from);
		html_raw(b, "&amp;hasta=");
		html_text(b, f.to);
		html_raw(b, "\">Registros anteriores →</a></p>\n");
	}
	if (n == 0)
		html_raw(b, "<p>No hay registros con esos filtros.</p>\n");
	page_end(c);
}

/* ---- API ------------------------------------------------------------------------ */

enum { AU_Q, AU_LIMIT, AU_OFFSET, AU__MAX };
static const struct field api_users_query[AU__MAX] = {
	[AU_Q] = { "q", valid_text, 0, 64, 0 },
	[AU_LIMIT] = { "limit", valid_int, 1, 200, 0 },
	[AU_OFFSET] = { "offset", valid_int, 0, 1000000, 0 },
};

void
h_api_users(struct ctx *c)
{
	struct param q[AU__MAX];
	struct user *users;
	size_t n;
	long long total;
	cJSON *o, *arr;
	int bad;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query),
	    api_users_query, AU__MAX, q, &bad) != FORM_OK) {
		response_error(c, 400, "bad_request", "Parámetros de búsqueda no válidos.");
		return;
	}
	if (db_users_list(c->w->db, c->req->arena, c->inst, q[AU_Q].present ? q[AU_Q].s : "",
	    q[AU_LIMIT].present ? (int)q[AU_LIMIT].i : 50,
	    q[AU_OFFSET].present ? (int)q[AU_OFFSET].i : 0, &users, &n, &total) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL)
		oom();
	cJSON_AddNumberToObject(o, "total", (double)total);
	arr = cJSON_AddArrayToObject(o, "users");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, user_to_json(&users[i]));
	response_json(c, 200, o);
}

static int
valid_roles(const struct field *f, struct param *p)
{
	(void)f;
	p->i = roles_from_names(p->s);
	/* every name must be known: rebuild and compare the count of names */
	{
		size_t names = p->len ? 1 : 0, bits = 0;

		for (size_t i = 0; i < p->len; i++)
			if (p->s[i] == ',')
				names++;
		for (unsigned b = ROLE_ADMIN; b <= ROLE_JEFE; b <<= 1)
			if ((unsigned)p->i & b)
				bits++;
		return names == bits;
	}
}

enum { JU_USERNAME, JU_NAME, JU_EMAIL, JU_ROLES, JU_UNITS, JU_ACTIVE, JU_PASSWORD, JU_VERSION, JU__MAX };
static const struct field api_user_fields[JU__MAX] = {
	[JU_USERNAME] = { "username", valid_text, 1, 64, 0 },
	[JU_NAME] = { "display_name", valid_text, 1, 255, 0 },
	[JU_EMAIL] = { "email", valid_text, 0, 254, 0 },
	[JU_ROLES] = { "roles", valid_roles, 0, 64, FIELD_MULTI },	/* a JSON array */
	[JU_UNITS] = { "units", valid_id_list, 0, 2147483647LL, 0 },
	[JU_ACTIVE] = { "active", valid_int, 0, 1, 0 },
	[JU_PASSWORD] = { "password", valid_text, 1, 512, 0 },
	[JU_VERSION] = { "version", valid_int, 1, 2147483647LL, 0 },
};

static void
change_from_json(struct ctx *c, const struct param *p, struct user_change *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->username = pval(&p[JU_USERNAME]);
	ch->display_name = pval(&p[JU_NAME]);
	ch->email = pval(&p[JU_EMAIL]);
	ch->roles = p[JU_ROLES].present ? (int)p[JU_ROLES].i : -1;
	ch->active = p[JU_ACTIVE].present ? (int)p[JU_ACTIVE].i : -1;
	if (p[JU_UNITS].present)
		ch->units = parse_id_list(c->req->arena, p[JU_UNITS].s, &ch->nunits);
	ch->password = pval(&p[JU_PASSWORD]);
	ch->version = p[JU_VERSION].present ? p[JU_VERSION].i : 0;
}

static void
answer_user(struct ctx *c, int status, long long id)
{
	struct user u;

	if (db_user_get(c->w->db, c->req->arena, c->inst, id, &u) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	response_json(c, status, user_to_json(&u));
}

static void
answer_change(struct ctx *c, enum change_result r, const char *msg)
{
	switch (r) {
	case CHANGE_INVALID:
		response_error(c, 422, "invalid", msg);
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", msg);
		return;
	case CHANGE_CONFLICT:
		response_error(c, 409, "conflict", msg);
		return;
	case CHANGE_LAST_ADMIN:
		response_error(c, 409, "last_admin", msg);
		return;
	default:
		answer_unavailable(c);
	}
}

void
h_api_user_create(struct ctx *c)
{
	struct param p[JU__MAX];
	struct user_change ch;
	struct actor who;
	const char *msg;
	long long id;
	enum change_result r;

	if (json_body(c, api_user_fields, JU__MAX, p) != 0)
		return;
	change_from_json(c, p, &ch);
	if (ch.roles < 0)
		ch.roles = 0;
	ctx_actor(c, &who);
	r = account_user_create(c->w->db, c->req->arena, c->inst, &who, &ch, &id, &msg);
	if (r == CHANGE_OK)
		answer_user(c, 201, id);
	else
		answer_change(c, r, msg);
}

void
h_api_user(struct ctx *c)
{
	struct user u;
	enum db_status st = db_user_get(c->w->db, c->req->arena, c->inst, c->args.id[0], &u);

	if (st == DB_NOTFOUND)
		response_error(c, 404, "not_found", "El usuario no existe.");
	else if (st != DB_OK)
		answer_unavailable(c);
	else
		response_json(c, 200, user_to_json(&u));
}

void
h_api_user_update(struct ctx *c)
{
	struct param p[JU__MAX];
	struct user_change ch;
	struct actor who;
	const char *msg;
	enum change_result r;

	if (json_body(c, api_user_fields, JU__MAX, p) != 0)
		return;
	if (p[JU_USERNAME].present || p[JU_PASSWORD].present) {
		response_error(c, 422, "invalid",
		    "El usuario no se puede cambiar y la contraseña se asigna con POST /api/v1/users/{id}/password.");
		return;
	}
	change_from_json(c, p, &ch);
	ctx_actor(c, &who);
	r = account_user_update(c->w->db, c->req->arena, c->inst, &who, c->args.id[0], &ch, &msg);
	if (r == CHANGE_OK)
		answer_user(c, 200, c->args.id[0]);
	else
		answer_change(c, r, msg);
}

enum { JP_PASSWORD, JP__MAX };
static const struct field api_reset_fields[JP__MAX] = {
	[JP_PASSWORD] = { "password", valid_text, 1, 512, 0 },
};

void
h_api_user_password(struct ctx *c)
{
	struct param p[JP__MAX];
	struct actor who;
	const char *msg;
	enum change_result r;

	if (json_body(c, api_reset_fields, JP__MAX, p) != 0)
		return;
	if (!p[JP_PASSWORD].present) {
		response_error(c, 422, "invalid", "Envíe la contraseña temporal en «password».");
		return;
	}
	ctx_actor(c, &who);
	r = account_password_reset(c->w->db, c->req->arena, c->inst, &who, c->args.id[0],
	    p[JP_PASSWORD].s, &msg);
	if (r == CHANGE_OK)
		answer_user(c, 200, c->args.id[0]);
	else
		answer_change(c, r, msg);
}

void
h_api_audit(struct ctx *c)
{
	struct audit_filter f;
	struct audit_row *rows;
	size_t n;
	cJSON *o, *arr;

	if (audit_filter_from(c, api_audit_fields, &f) != 0)
		return;
	if (db_audit_list(c->w->db, c->req->arena, c->inst, &f, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL)
		oom();
	arr = cJSON_AddArrayToObject(o, "entries");
	for (size_t i = 0; i < n; i++) {
		cJSON *e = cJSON_CreateObject();

		if (e == NULL)
			oom();
		cJSON_AddNumberToObject(e, "id", (double)rows[i].id);
		cJSON_AddStringToObject(e, "at", rows[i].at);
		if (rows[i].actor_id)
			cJSON_AddNumberToObject(e, "actor_id", (double)rows[i].actor_id);
		else
			cJSON_AddNullToObject(e, "actor_id");
		cJSON_AddStringToObject(e, "actor", rows[i].actor_name);
		cJSON_AddStringToObject(e, "ip", rows[i].ip);
		cJSON_AddStringToObject(e, "action", rows[i].action);
		cJSON_AddStringToObject(e, "entity", rows[i].entity);
		cJSON_AddStringToObject(e, "entity_id", rows[i].entity_id);
		cJSON_AddItemToObject(e, "before", rows[i].before_json ?
		    cJSON_Parse(rows[i].before_json) : cJSON_CreateNull());
		cJSON_AddItemToObject(e, "after", rows[i].after_json ?
		    cJSON_Parse(rows[i].after_json) : cJSON_CreateNull());
		cJSON_AddItemToArray(arr, e);
	}
	if (n > 0 && (int)n == f.limit)
		cJSON_AddNumberToObject(o, "next_before", (double)rows[n - 1].id);
	response_json(c, 200, o);
}
