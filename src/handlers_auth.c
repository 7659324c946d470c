/*
 * Login, logout and the user's own account, as pages and as API routes.
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
#include "monthly.h"
#include "html.h"
#include "http.h"
#include "page.h"
#include "route.h"
#include "worker.h"

static const char generic_login_error[] = "Usuario o contraseña incorrectos.";

void
ctx_actor(struct ctx *c, struct actor *a)
{
	const struct param *ip = &c->req->env[ENV_REMOTE_ADDR];

	a->id = c->sess ? c->sess->user->id : 0;
	a->name = c->sess ? c->sess->user->username : "";
	a->ip = ip->present ? ip->s : "";
}

void
answer_unavailable(struct ctx *c)
{
	response_error(c, 503, "unavailable",
	    "El servicio no está disponible en este momento. Intente de nuevo en unos minutos.");
}

static const char *
client_ip(struct ctx *c)
{
	const struct param *ip = &c->req->env[ENV_REMOTE_ADDR];

	return ip->present ? ip->s : "";
}

/* The User-Agent, cut to what the session table keeps (at a UTF-8 boundary). */
static const char *
user_agent(struct ctx *c)
{
	const struct param *ua = &c->req->env[ENV_USER_AGENT];
	size_t n;

	if (!ua->present)
		return "";
	if ((n = ua->len) <= 255)
		return ua->s;
	n = 255;
	while (n > 0 && ((unsigned char)ua->s[n] & 0xc0) == 0x80)
		n--;
	return arena_strndup(c->req->arena, ua->s, n);
}

static struct login_policy
policy(struct ctx *c)
{
	struct login_policy p = { c->w->conf->login_window, c->w->conf->login_max_user_failures,
	    c->w->conf->login_max_ip_failures };

	return p;
}

static void
set_session_cookie(struct ctx *c, const char *token)
{
	response_cookie(c, cookie_session_name(c->req), token, -1);
}

/* A login replaces the session the browser already had: it ends server-side. */
static void
forget_old_session(struct ctx *c)
{
	if (c->sess != NULL) {
		(void)db_session_delete(c->w->db, c->sess->session_id);
		c->sess = NULL;
	}
}

/* "5 minutos" style rounding of a wait, for people. */
static const char *
wait_text(struct arena *a, int seconds)
{
	int min = (seconds + 59) / 60;

	return min <= 1 ? "1 minuto" : arena_printf(a, "%d minutos", min);
}

/* ---- login page ------------------------------------------------------------ */

enum { LF_USER, LF_PASS, LF_CSRF, LF__MAX };
static const struct field login_fields[LF__MAX] = {
	[LF_USER] = { "usuario", valid_text, 1, 64, 0 },
	[LF_PASS] = { "clave", valid_text, 1, 512, 0 },
	[LF_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};

enum { LQ_SALIDA, LQ__MAX };
static const struct field login_query[LQ__MAX] = {
	[LQ_SALIDA] = { "salida", valid_int, 1, 1, 0 },
};

static void
render_login(struct ctx *c, const char *pre, const char *username, const char *error)
{
	struct buf *b = &c->res->body;

	buf_clear(b);
	page_begin(c, "Acceso para funcionarios");
	html_raw(b, "<p>Ingrese con el usuario y la contraseña que le entregó el administrador.</p>\n");
	if (error != NULL)
		page_message(b, "error", error);
	html_raw(b, "<form class=\"stack narrow\" method=\"post\" action=\"/login\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_text(b, pre);
	html_raw(b, "\">\n");
	page_input(b, "usuario", "Usuario", "text", username, NULL, NULL, "username");
	page_input(b, "clave", "Contraseña", "password", NULL, NULL, NULL, "current-password");
	html_raw(b, "<button type=\"submit\">Ingresar</button>\n</form>\n"
	    "<p class=\"hint\">¿Olvidó su contraseña? Pida al administrador del sistema que le asigne una temporal.</p>\n");
	page_end(c);
}

/* The pre-login token (double-submit cookie) against login CSRF. */
static const char *
prelogin_token(struct ctx *c)
{
	const char *pre = request_cookie(c, cookie_prelogin_name(c->req));
	char fresh[AUTH_CSRF_LEN + 1];

	if (pre != NULL && strlen(pre) == AUTH_CSRF_LEN)
		return pre;
	auth_new_csrf(fresh);
	response_cookie(c, cookie_prelogin_name(c->req), fresh, 3600);
	return arena_strdup(c->req->arena, fresh);
}

void
h_login_form(struct ctx *c)
{
	struct param q[LQ__MAX];
	int bad;

	if (c->sess != NULL) {
		response_redirect(c, "/panel");
		return;
	}
	(void)form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query),
	    login_query, LQ__MAX, q, &bad);
	if (q[LQ_SALIDA].present && !q[LQ_SALIDA].invalid)
		c->notice = "Cerró su sesión.";
	render_login(c, prelogin_token(c), NULL, NULL);
}

void
h_login_post(struct ctx *c)
{
	struct param p[LF__MAX];
	struct login_out out;
	struct login_policy pol;
	const char *pre = request_cookie(c, cookie_prelogin_name(c->req));
	int bad;

	if (form_parse_urlencoded(c->req->arena, c->req->body ? c->req->body : "",
	    c->req->content_length, login_fields, LF__MAX, p, &bad) != FORM_OK &&
	    (bad < 0 || bad == LF_CSRF)) {
		c->res->status = 400;
		render_login(c, prelogin_token(c), NULL, "El formulario no se pudo leer. Intente de nuevo.");
		return;
	}
	if (pre == NULL || !p[LF_CSRF].present || p[LF_CSRF].invalid ||
	    !auth_equal(pre, p[LF_CSRF].s)) {
		c->res->status = 403;
		render_login(c, prelogin_token(c), NULL,
		    "El formulario caducó. Escriba de nuevo su usuario y contraseña.");
		return;
	}
	if (!p[LF_USER].present || p[LF_USER].invalid || !p[LF_PASS].present || p[LF_PASS].invalid) {
		c->res->status = 401;
		render_login(c, pre, p[LF_USER].present ? p[LF_USER].s : NULL, generic_login_error);
		return;
	}
	if (c->inst == 0) {
		answer_unavailable(c);
		return;
	}
	forget_old_session(c);
	pol = policy(c);
	switch (account_login(c->w->db, c->req->arena, c->inst, p[LF_USER].s, p[LF_PASS].s,
	    client_ip(c), user_agent(c), &pol, &out)) {
	case LOGIN_OK:
		set_session_cookie(c, out.token);
		response_cookie(c, cookie_prelogin_name(c->req), "", 0);
		response_redirect(c, out.must_change ? "/cuenta/clave" : "/panel");
		return;
	case LOGIN_FAILED:
		c->res->status = 401;
		render_login(c, pre, p[LF_USER].s, generic_login_error);
		return;
	case LOGIN_THROTTLED:
		c->res->status = 429;
		c->res->retry_after = arena_printf(c->req->arena, "%d", out.retry_after);
		render_login(c, pre, p[LF_USER].s, arena_printf(c->req->arena,
		    "Demasiados intentos fallidos. Por seguridad, espere %s e intente de nuevo.",
		    wait_text(c->req->arena, out.retry_after)));
		return;
	case LOGIN_ERROR:
		answer_unavailable(c);
		return;
	}
}

void
h_logout(struct ctx *c)
{
	if (account_logout(c->w->db, c->inst, c->sess, client_ip(c)) != 0) {
		answer_unavailable(c);
		return;
	}
	response_cookie(c, cookie_session_name(c->req), "", 0);
	response_redirect(c, "/login?salida=1");
}

/* ---- panel and own account ---------------------------------------------------- */

/*
 * A unit on the unit head's panel: a link to the first month of the plan year
 * it has not sent yet (up to the current month), with that month's deadline.
 */
static void
panel_unit(struct ctx *c, const struct unit_row *unit, struct ymd today, int due, int current)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	int open = 0, from = (due / 100) * 100 + 1;
	enum period_state st = PS_BORRADOR;

	/* a deactivated unit is not expected to report: no month to prompt, its history stays */
	if (!unit->active) {
		buf_printf(b, "<li><a href=\"/unidades/%lld/%04d-%02d\">", unit->id, due / 100,
		    due % 100);
		html_int(b, unit->number);
		html_raw(b, ". ");
		html_text(b, unit->name);
		html_raw(b, "</a> — unidad desactivada en el catálogo: no recibe valores nuevos</li>");
		return;
	}
	if (db_first_open_period(c->w->db, a, unit->id, from, current, &open, &st) != DB_OK ||
	    open == 0)
		open = 0;
	buf_printf(b, "<li><a href=\"/unidades/%lld/%04d-%02d\">", unit->id,
	    (open ? open : due) / 100, (open ? open : due) % 100);
	html_int(b, unit->number);
	html_raw(b, ". ");
	html_text(b, unit->name);
	html_raw(b, "</a> — ");
	if (open == 0) {
		buf_printf(b, "%s de %d enviado; no tiene meses pendientes</li>", month_name(due % 100),
		    due / 100);
		return;
	}
	if (st == PS_DEVUELTO)
		buf_printf(b, "<strong>%s de %d, devuelto por transparencia:</strong> corregir y enviar "
		    "de nuevo", month_name(open % 100), open / 100);
	else
		buf_printf(b, "registrar %s de %d", month_name(open % 100), open / 100);
	if (open < current || open == due) {
		const struct conf *cf = c->w->conf;
		long left = ymd_diff(today, entry_deadline(open, cf->entry_deadline_day));
		const char *until = NULL;

		if (left < 0 && cf->lock_days > 0 &&
		    locked_by_date(today, open, cf->entry_deadline_day, cf->lock_days, NULL) &&
		    db_period_reopened(c->w->db, a, unit->id, open, &until) == DB_OK &&
		    locked_by_date(today, open, cf->entry_deadline_day, cf->lock_days, until))
			html_raw(b, " <strong class=\"late\">(cerrado: pida al responsable de "
			    "transparencia que lo reabra)</strong>");
		else if (left < 0)
			buf_printf(b, " <strong class=\"late\">(venció hace %ld día%s)</strong>", -left,
			    left == -1 ? "" : "s");
		else if (left <= 1)
			html_raw(b, left == 0 ? " (vence hoy)" : " (vence mañana)");
		else
			buf_printf(b, " (vence en %ld días)", left);
	} else
		html_raw(b, " (mes en curso)");
	html_raw(b, "</li>");
}

/*
 * The officer's entry into the monthly review: the oldest month with units
 * waiting for review; else the first month of the plan year, up to the month
 * due, that not every unit has had approved; else the month due.
 */
static void
panel_review(struct ctx *c, int due)
{
	struct buf *b = &c->res->body;
	struct arena *a = c->req->arena;
	int *periods, *counts, first = due, nunits;
	size_t n = 0, na = 0;

	if (db_periods_in_state(c->w->db, a, c->inst, PS_ENVIADO, 190001, 299912, &periods, &counts,
	    &n) == DB_OK && n > 0)
		first = periods[0];
	else if (db_units_expected(c->w->db, a, c->inst, due / 100, &nunits) == DB_OK &&
	    db_periods_in_state(c->w->db, a, c->inst, PS_APROBADO, (due / 100) * 100 + 1, due,
	    &periods, &counts, &na) == DB_OK) {
		size_t k = 0;

		for (first = (due / 100) * 100 + 1; first < due; first++) {
			while (k < na && periods[k] < first)
				k++;
			if (!(k < na && periods[k] == first && counts[k] >= nunits))
				break;	/* some unit has not had this month approved */
		}
		n = 0;
	}
	buf_printf(b, "<h2>Revisión mensual</h2>\n<p><a class=\"button\" href=\"/meses/%04d-%02d\">"
	    "Ver el estado de las unidades en %s de %d</a></p>\n", first / 100, first % 100,
	    month_name(first % 100), first / 100);
	if (n == 0) {
		html_raw(b, "<p>No hay meses enviados esperando su revisión.</p>\n");
		return;
	}
	html_raw(b, "<p>Por revisar:</p>\n<ul class=\"to-review\">");
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "<li><a href=\"/meses/%04d-%02d\">%s de %d</a>: %d unidad%s</li>",
		    periods[i] / 100, periods[i] % 100, month_name(periods[i] % 100), periods[i] / 100,
		    counts[i], counts[i] == 1 ? "" : "es");
	html_raw(b, "</ul>\n");
}

void
h_panel(struct ctx *c)
{
	struct buf *b = &c->res->body;
	const struct user *u = c->sess->user;
	struct unit_row *units;
	size_t n;

	page_begin(c, "Inicio");
	html_raw(b, "<p>Hola, ");
	html_text(b, u->display_name);
	html_raw(b, ". Sus funciones:</p>\n<ul class=\"roles\">");
	for (unsigned bit = ROLE_ADMIN; bit <= ROLE_JEFE; bit <<= 1)
		if (u->roles & bit) {
			html_raw(b, "<li>");
			html_text(b, role_label(bit));
			html_raw(b, "</li>");
		}
	/* the operator's flag is no institution role, but it is what this account does */
	if (u->roles & ROLE_SUPERADMIN)
		html_raw(b, "<li>Operación del servidor: instituciones y feriados nacionales</li>");
	if ((u->roles & (ROLE_ADMIN | ROLE_TRANSPARENCIA | ROLE_JEFE | ROLE_SUPERADMIN)) == 0)
		html_raw(b, "<li>Sin funciones asignadas: pida al administrador que le asigne una.</li>");
	html_raw(b, "</ul>\n");
	{
		/*
		 * The month due is the one that just ended (its deadline is in this
		 * month); for data of a past plan year, that year's December.
		 */
		struct ymd today = today_ec(c->w->conf->today);
		int year, current = today.y * 100 + today.m;
		int due = today.m == 1 ? (today.y - 1) * 100 + 12 : current - 1;

		if (db_latest_year(c->w->db, c->req->arena, c->inst, today.y, &year) == DB_OK &&
		    year < today.y) {
			current = year * 100 + 12;
			if (due > current)
				due = current;
		}
		/* the first year of a plan (January, no plan for last year): its January */
		if (db_latest_year(c->w->db, c->req->arena, c->inst, due / 100, &year) == DB_OK &&
		    year > due / 100 && year * 100 + 1 <= current)
			due = year * 100 + 1;
		if (u->roles & (ROLE_TRANSPARENCIA | ROLE_ADMIN))
			panel_review(c, due);
		if ((u->roles & ROLE_JEFE) && u->nunits > 0 &&
		    db_units_list(c->w->db, c->req->arena, c->inst, due / 100, &units, &n) == DB_OK) {
			html_raw(b, "<h2>Sus unidades</h2>\n<ul class=\"units-list\">");
			for (size_t i = 0; i < n; i++)
				for (size_t k = 0; k < u->nunits; k++)
					if (units[i].id == u->units[k])
						panel_unit(c, &units[i], today, due, current);
			html_raw(b, "</ul>\n");
		}
	}
	if (u->roles & ROLE_ADMIN)
		html_raw(b, "<h2>Administración</h2>\n<ul><li><a href=\"/admin/usuarios\">Usuarios y funciones</a></li>"
		    "<li><a href=\"/admin/auditoria\">Registro de auditoría</a></li></ul>\n");
	page_end(c);
}

enum { AQ_OK, AQ__MAX };
static const struct field account_query[AQ__MAX] = {
	[AQ_OK] = { "ok", valid_token, 1, 16, 0 },
};

void
h_account(struct ctx *c)
{
	struct buf *b = &c->res->body;
	const struct user *u = c->sess->user;
	struct session_row *rows;
	struct param q[AQ__MAX];
	size_t n;
	int bad;

	(void)form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query),
	    account_query, AQ__MAX, q, &bad);
	if (q[AQ_OK].present && !q[AQ_OK].invalid)
		c->notice = strcmp(q[AQ_OK].s, "clave") == 0 ? "Su contraseña fue cambiada." :
		    strcmp(q[AQ_OK].s, "sesion") == 0 ? "La sesión fue cerrada." : NULL;
	if (db_sessions_list(c->w->db, c->req->arena, u->id, c->sess->session_id, &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	page_begin(c, "Mi cuenta");
	html_raw(b, "<dl class=\"facts\"><dt>Usuario</dt><dd>");
	html_text(b, u->username);
	html_raw(b, "</dd><dt>Nombre</dt><dd>");
	html_text(b, u->display_name);
	html_raw(b, "</dd><dt>Correo electrónico</dt><dd>");
	html_text(b, u->email[0] ? u->email : "—");
	html_raw(b, "</dd></dl>\n<p><a class=\"button\" href=\"/cuenta/clave\">Cambiar mi contraseña</a></p>\n"
	    "<h2>Sesiones abiertas</h2>\n<table class=\"list\"><thead><tr><th scope=\"col\">Inicio</th>"
	    "<th scope=\"col\">Último uso</th><th scope=\"col\">Dirección</th><th scope=\"col\"></th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, rows[i].created_at);
		html_raw(b, "</td><td>");
		html_text(b, rows[i].last_seen);
		html_raw(b, "</td><td>");
		html_text(b, rows[i].ip);
		html_raw(b, "</td><td>");
		if (rows[i].current)
			html_raw(b, "Esta sesión");
		else {
			buf_printf(b, "<form method=\"post\" action=\"/cuenta/sesiones/%lld/cerrar\">",
			    rows[i].id);
			page_csrf(c);
			html_raw(b, "<button type=\"submit\" class=\"secondary\">Cerrar</button></form>");
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	page_end(c);
}

enum { PW_CURRENT, PW_NEW, PW_REPEAT, PW_CSRF, PW__MAX };
static const struct field password_fields[PW__MAX] = {
	[PW_CURRENT] = { "actual", valid_text, 1, 512, 0 },
	[PW_NEW] = { "nueva", valid_text, 0, 512, 0 },
	[PW_REPEAT] = { "repetir", valid_text, 0, 512, 0 },
	[PW_CSRF] = { "csrf", valid_token, 1, 128, 0 },
};

static void
render_password(struct ctx *c, const char *err_current, const char *err_new, const char *err_repeat)
{
	struct buf *b = &c->res->body;

	buf_clear(b);
	page_begin(c, "Cambiar mi contraseña");
	if (c->sess->user->must_change)
		page_message(b, "info", "Antes de continuar, cambie la contraseña temporal que recibió.");
	html_raw(b, "<form class=\"stack narrow\" method=\"post\" action=\"/cuenta/clave\">\n");
	page_csrf(c);
	page_input(b, "actual", "Contraseña actual", "password", NULL, err_current, NULL,
	    "current-password");
	page_input(b, "nueva", "Contraseña nueva", "password", NULL, err_new,
	    "Al menos 12 caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar.",
	    "new-password");
	page_input(b, "repetir", "Repita la contraseña nueva", "password", NULL, err_repeat, NULL,
	    "new-password");
	html_raw(b, "<button type=\"submit\">Cambiar contraseña</button>\n</form>\n"
	    "<p class=\"hint\">Al cambiarla se cierran todas sus sesiones en otros equipos.</p>\n");
	page_end(c);
}

void
h_password_form(struct ctx *c)
{
	render_password(c, NULL, NULL, NULL);
}

void
h_password_post(struct ctx *c)
{
	struct param p[PW__MAX];
	struct login_out out;
	struct actor who;
	const char *msg;

	if (form_body(c, password_fields, PW__MAX, p) != 0)
		return;
	if (!p[PW_CURRENT].present || p[PW_CURRENT].invalid) {
		c->res->status = 422;
		render_password(c, "Escriba su contraseña actual.", NULL, NULL);
		return;
	}
	if (!p[PW_NEW].present || p[PW_NEW].invalid || !p[PW_REPEAT].present ||
	    strcmp(p[PW_NEW].s, p[PW_REPEAT].s) != 0) {
		c->res->status = 422;
		render_password(c, NULL, NULL, "Las dos contraseñas nuevas no coinciden.");
		return;
	}
	ctx_actor(c, &who);
	switch (account_password_change(c->w->db, c->req->arena, c->inst, &who, c->sess,
	    p[PW_CURRENT].s, p[PW_NEW].s, client_ip(c), user_agent(c), &out, &msg)) {
	case CHANGE_OK:
		set_session_cookie(c, out.token);
		response_redirect(c, "/cuenta?ok=clave");
		return;
	case CHANGE_INVALID:
		c->res->status = 422;
		if (strstr(msg, "actual") != NULL && strstr(msg, "distinta") == NULL)
			render_password(c, msg, NULL, NULL);
		else
			render_password(c, NULL, msg, NULL);
		return;
	default:
		answer_unavailable(c);
		return;
	}
}

void
h_session_close(struct ctx *c)
{
	struct actor who;

	ctx_actor(c, &who);
	switch (account_session_close(c->w->db, c->inst, &who, c->sess, c->args.id[0])) {
	case CHANGE_OK:
		response_redirect(c, "/cuenta?ok=sesion");
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", "Esa sesión no existe o ya fue cerrada.");
		return;
	default:
		answer_unavailable(c);
	}
}

/* ---- API --------------------------------------------------------------------- */

/* The JSON image of a user for the API (never the hash). */
cJSON *
user_to_json(const struct user *u)
{
	cJSON *o = cJSON_CreateObject(), *roles, *units;

	if (o == NULL)
		oom();
	cJSON_AddNumberToObject(o, "id", (double)u->id);
	cJSON_AddStringToObject(o, "username", u->username);
	cJSON_AddStringToObject(o, "display_name", u->display_name);
	cJSON_AddStringToObject(o, "email", u->email);
	roles = cJSON_AddArrayToObject(o, "roles");
	if (u->roles & ROLE_ADMIN)
		cJSON_AddItemToArray(roles, cJSON_CreateString("admin"));
	if (u->roles & ROLE_TRANSPARENCIA)
		cJSON_AddItemToArray(roles, cJSON_CreateString("transparencia"));
	if (u->roles & ROLE_JEFE)
		cJSON_AddItemToArray(roles, cJSON_CreateString("jefe"));
	units = cJSON_AddArrayToObject(o, "units");
	for (size_t i = 0; i < u->nunits; i++)
		cJSON_AddItemToArray(units, cJSON_CreateNumber((double)u->units[i]));
	cJSON_AddBoolToObject(o, "active", u->active);
	cJSON_AddBoolToObject(o, "must_change_password", u->must_change);
	cJSON_AddNumberToObject(o, "version", (double)u->version);
	return o;
}

enum { AL_USER, AL_PASS, AL__MAX };
static const struct field api_login_fields[AL__MAX] = {
	[AL_USER] = { "username", valid_text, 0, 64, 0 },
	[AL_PASS] = { "password", valid_text, 0, 512, 0 },
};

void
h_api_login(struct ctx *c)
{
	struct param p[AL__MAX];
	struct login_out out;
	struct login_policy pol = policy(c);
	struct user u;
	cJSON *o;

	if (json_body(c, api_login_fields, AL__MAX, p) != 0)
		return;
	if (!p[AL_USER].present || !p[AL_PASS].present || p[AL_USER].len == 0 ||
	    p[AL_PASS].len == 0) {
		response_error(c, 401, "invalid_credentials", generic_login_error);
		return;
	}
	if (c->inst == 0) {
		answer_unavailable(c);
		return;
	}
	forget_old_session(c);
	switch (account_login(c->w->db, c->req->arena, c->inst, p[AL_USER].s, p[AL_PASS].s,
	    client_ip(c), user_agent(c), &pol, &out)) {
	case LOGIN_OK:
		break;
	case LOGIN_FAILED:
		response_error(c, 401, "invalid_credentials", generic_login_error);
		return;
	case LOGIN_THROTTLED:
		response_error(c, 429, "too_many_attempts", arena_printf(c->req->arena,
		    "Demasiados intentos fallidos. Espere %s e intente de nuevo.",
		    wait_text(c->req->arena, out.retry_after)));
		c->res->retry_after = arena_printf(c->req->arena, "%d", out.retry_after);
		return;
	case LOGIN_ERROR:
		answer_unavailable(c);
		return;
	}
	if (db_user_get(c->w->db, c->req->arena, c->inst, out.user_id, &u) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	set_session_cookie(c, out.token);
	o = cJSON_CreateObject();
	if (o == NULL)
		oom();
	cJSON_AddItemToObject(o, "user", user_to_json(&u));
	cJSON_AddStringToObject(o, "csrf_token", out.csrf);
	response_json(c, 200, o);
}

void
h_api_logout(struct ctx *c)
{
	if (account_logout(c->w->db, c->inst, c->sess, client_ip(c)) != 0) {
		answer_unavailable(c);
		return;
	}
	response_cookie(c, cookie_session_name(c->req), "", 0);
	c->res->status = 204;
	buf_clear(&c->res->body);
}

void
h_api_me(struct ctx *c)
{
	cJSON *o = user_to_json(c->sess->user);

	cJSON_AddStringToObject(o, "csrf_token", c->sess->csrf);
	response_json(c, 200, o);
}

enum { AP_CURRENT, AP_NEW, AP__MAX };
static const struct field api_password_fields[AP__MAX] = {
	[AP_CURRENT] = { "current_password", valid_text, 1, 512, 0 },
	[AP_NEW] = { "new_password", valid_text, 1, 512, 0 },
};

void
h_api_me_password(struct ctx *c)
{
	struct param p[AP__MAX];
	struct login_out out;
	struct actor who;
	const char *msg;
	cJSON *o;

	if (json_body(c, api_password_fields, AP__MAX, p) != 0)
		return;
	if (!p[AP_CURRENT].present || !p[AP_NEW].present) {
		response_error(c, 422, "invalid", "Envíe current_password y new_password.");
		return;
	}
	ctx_actor(c, &who);
	switch (account_password_change(c->w->db, c->req->arena, c->inst, &who, c->sess,
	    p[AP_CURRENT].s, p[AP_NEW].s, client_ip(c), user_agent(c), &out, &msg)) {
	case CHANGE_OK:
		set_session_cookie(c, out.token);
		if ((o = cJSON_CreateObject()) == NULL)
			oom();
		cJSON_AddStringToObject(o, "csrf_token", out.csrf);
		response_json(c, 200, o);
		return;
	case CHANGE_INVALID:
		response_error(c, 422, "invalid", msg);
		return;
	default:
		answer_unavailable(c);
	}
}

void
h_api_me_sessions(struct ctx *c)
{
	struct session_row *rows;
	size_t n;
	cJSON *arr;

	if (db_sessions_list(c->w->db, c->req->arena, c->sess->user->id, c->sess->session_id,
	    &rows, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((arr = cJSON_CreateArray()) == NULL)
		oom();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		if (o == NULL)
			oom();
		cJSON_AddNumberToObject(o, "id", (double)rows[i].id);
		cJSON_AddStringToObject(o, "created_at", rows[i].created_at);
		cJSON_AddStringToObject(o, "last_seen", rows[i].last_seen);
		cJSON_AddStringToObject(o, "ip", rows[i].ip);
		cJSON_AddBoolToObject(o, "current", rows[i].current);
		cJSON_AddItemToArray(arr, o);
	}
	response_json(c, 200, arr);
}

void
h_api_me_session_close(struct ctx *c)
{
	struct actor who;

	ctx_actor(c, &who);
	switch (account_session_close(c->w->db, c->inst, &who, c->sess, c->args.id[0])) {
	case CHANGE_OK:
		c->res->status = 204;
		buf_clear(&c->res->body);
		return;
	case CHANGE_NOTFOUND:
		response_error(c, 404, "not_found", "Esa sesión no existe o ya fue cerrada.");
		return;
	default:
		answer_unavailable(c);
	}
}

/* Units the caller may see: all for admin and transparencia, their own for a unit head. */
void
h_api_units(struct ctx *c)
{
	const struct user *u = c->sess->user;
	int all = (u->roles & (ROLE_ADMIN | ROLE_TRANSPARENCIA)) != 0;
	struct unit_row *units;
	size_t n;
	cJSON *arr;

	if (db_units_list(c->w->db, c->req->arena, c->inst, 0, &units, &n) != DB_OK) {
		answer_unavailable(c);
		return;
	}
	if ((arr = cJSON_CreateArray()) == NULL)
		oom();
	for (size_t i = 0; i < n; i++) {
		int mine = all;
		cJSON *o;

		for (size_t k = 0; !mine && k < u->nunits; k++)
			mine = u->units[k] == units[i].id;
		if (!mine)
			continue;
		if ((o = cJSON_CreateObject()) == NULL)
			oom();
		cJSON_AddNumberToObject(o, "id", (double)units[i].id);
		cJSON_AddNumberToObject(o, "number", units[i].number);
		cJSON_AddStringToObject(o, "name", units[i].name);
		cJSON_AddBoolToObject(o, "active", units[i].active);
		cJSON_AddItemToArray(arr, o);
	}
	response_json(c, 200, arr);
}
