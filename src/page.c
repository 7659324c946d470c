/*
 * The staff page layout and form pieces.
 */
#include "config.h"

#include "account.h"
#include "arena.h"
#include "html.h"
#include "http.h"
#include "monthly.h"
#include "page.h"
#include "route.h"

void
page_begin(struct ctx *c, const char *title)
{
	page_open(c, title, NULL);
}

void
page_open(struct ctx *c, const char *title, const char *main_class)
{
	struct buf *b = &c->res->body;
	const struct user *u = c->sess ? c->sess->user : NULL;

	c->res->content_type = "text/html; charset=utf-8";
	html_page_begin(b, title, "es-EC");
	html_raw(b, "<header class=\"site\">\n<p class=\"inst\"><a href=\"/\">Transparencia · LOTAIP a4</a></p>\n");
	if (u != NULL) {
		html_raw(b, "<nav aria-label=\"Secciones\"><a href=\"/panel\">Inicio</a>");
		if (u->roles & (ROLE_ADMIN | ROLE_TRANSPARENCIA))
			html_raw(b, " <a href=\"/catalogo\">Catálogo</a>"
			    " <a href=\"/informes\">Informes</a> <a href=\"/ajustes\">Contacto</a>");
		if (u->roles & ROLE_ADMIN)
			html_raw(b, " <a href=\"/admin/usuarios\">Usuarios</a>"
			    " <a href=\"/admin/auditoria\">Auditoría</a>");
		if (u->roles & ROLE_SUPERADMIN)
			html_raw(b, " <a href=\"/instituciones\">Instituciones</a>"
			    " <a href=\"/feriados\">Feriados</a>");
		html_raw(b, " <a href=\"/cuenta\">Mi cuenta</a></nav>\n"
		    "<form class=\"who\" method=\"post\" action=\"/logout\">"
		    "<span>Sesión de <strong>");
		html_text(b, u->display_name);
		html_raw(b, "</strong> (");
		html_text(b, u->username);
		html_raw(b, ")</span> ");
		page_csrf(c);
		html_raw(b, "<button type=\"submit\">Cerrar sesión</button></form>\n");
	} else
		html_raw(b, "<nav><a href=\"/login\">Acceso para funcionarios</a></nav>\n");
	html_raw(b, "</header>\n<main id=\"contenido\"");
	if (main_class != NULL) {
		html_raw(b, " class=\"");
		html_text(b, main_class);
		html_raw(b, "\"");
	}
	html_raw(b, ">\n<h1>");
	html_text(b, title);
	html_raw(b, "</h1>\n");
	if (c->notice != NULL)
		page_message(b, "ok", c->notice);
}

void
page_end(struct ctx *c)
{
	html_raw(&c->res->body, "</main>\n");
	html_page_end(&c->res->body);
}

void
page_csrf(struct ctx *c)
{
	if (c->sess == NULL)
		return;
	html_raw(&c->res->body, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_text(&c->res->body, c->sess->csrf);
	html_raw(&c->res->body, "\">");
}

void
page_input(struct buf *b, const char *name, const char *label, const char *type,
    const char *value, const char *error, const char *hint, const char *autocomplete)
{
	html_raw(b, "<div class=\"field");
	if (error != NULL)
		html_raw(b, " has-error");
	html_raw(b, "\"><label for=\"f-");
	html_text(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label>");
	if (hint != NULL) {
		html_raw(b, "<p class=\"hint\" id=\"h-");
		html_text(b, name);
		html_raw(b, "\">");
		html_text(b, hint);
		html_raw(b, "</p>");
	}
	html_raw(b, "<input id=\"f-");
	html_text(b, name);
	html_raw(b, "\" name=\"");
	html_text(b, name);
	html_raw(b, "\" type=\"");
	html_text(b, type);
	html_raw(b, "\"");
	if (value != NULL) {
		html_raw(b, " value=\"");
		html_text(b, value);
		html_raw(b, "\"");
	}
	if (autocomplete != NULL) {
		html_raw(b, " autocomplete=\"");
		html_text(b, autocomplete);
		html_raw(b, "\"");
	}
	if (error != NULL || hint != NULL) {
		html_raw(b, " aria-describedby=\"");
		if (hint != NULL) {
			html_raw(b, "h-");
			html_text(b, name);
		}
		if (error != NULL) {
			html_raw(b, hint != NULL ? " e-" : "e-");
			html_text(b, name);
		}
		html_raw(b, "\"");
	}
	if (error != NULL)
		html_raw(b, " aria-invalid=\"true\"");
	html_raw(b, ">");
	if (error != NULL) {
		html_raw(b, "<p class=\"error\" id=\"e-");
		html_text(b, name);
		html_raw(b, "\">");
		html_text(b, error);
		html_raw(b, "</p>");
	}
	html_raw(b, "</div>\n");
}

void
page_message(struct buf *b, const char *kind, const char *text)
{
	html_raw(b, "<p class=\"msg msg-");
	html_text(b, kind);
	html_raw(b, "\" role=\"");
	html_raw(b, kind[0] == 'e' ? "alert" : "status");
	html_raw(b, "\">");
	html_text(b, text);
	html_raw(b, "</p>\n");
}

void
page_state_badge(struct buf *b, enum period_state s)
{
	html_raw(b, "<span class=\"badge badge-");
	html_raw(b, period_state_name(s));
	html_raw(b, "\">");
	html_raw(b, period_state_label(s));
	html_raw(b, "</span>");
}
