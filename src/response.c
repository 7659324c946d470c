/*
 * Responses: the one function that writes headers, and error bodies.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "html.h"
#include "page.h"
#include "http.h"

/*
 * Security headers sent on every response. The CSP allows no inline
 * script (there is no script at all yet) and only our own styles.
 */
static const char security_headers[] =
    "X-Content-Type-Options: nosniff\r\n"
    "Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 423: return "Locked";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Unknown";
	}
}

void
response_init(struct response *res, struct arena *a)
{
	res->status = 200;
	res->content_type = "text/html; charset=utf-8";
	res->cache = CACHE_NO_STORE;
	res->etag = NULL;
	res->allow = NULL;
	res->location = NULL;
	res->retry_after = NULL;
	for (int i = 0; i < RESPONSE_COOKIES; i++)
		res->set_cookie[i] = NULL;
	res->disposition = NULL;
	res->file_fd = -1;
	res->file_size = 0;
	buf_init(&res->body, a);
}

void
response_headers(struct buf *out, const struct response *res, int head_only)
{
	int bodyless = res->status == 204 || res->status == 304;

	buf_printf(out, "Status: %d %s\r\n", res->status, http_status_text(res->status));
	if (!bodyless) {
		buf_printf(out, "Content-Type: %s\r\n", res->content_type);
		buf_printf(out, "Content-Length: %zu\r\n",
		    res->file_fd >= 0 ? res->file_size : res->body.len);
	}
	buf_puts(out, security_headers);
	if (res->cache == CACHE_REVALIDATE)
		buf_puts(out, "Cache-Control: no-cache\r\n");
	else
		buf_puts(out, "Cache-Control: no-store\r\n");
	if (res->etag != NULL)
		buf_printf(out, "ETag: %s\r\n", res->etag);
	if (res->allow != NULL)
		buf_printf(out, "Allow: %s\r\n", res->allow);
	if (res->disposition != NULL)
		buf_printf(out, "Content-Disposition: %s\r\n", res->disposition);
	if (res->location != NULL)
		buf_printf(out, "Location: %s\r\n", res->location);
	if (res->retry_after != NULL)
		buf_printf(out, "Retry-After: %s\r\n", res->retry_after);
	for (int i = 0; i < RESPONSE_COOKIES; i++)
		if (res->set_cookie[i] != NULL)
			buf_printf(out, "Set-Cookie: %s\r\n", res->set_cookie[i]);
	buf_puts(out, "\r\n");
	(void)head_only;	/* the caller decides whether the body follows */
}

static const char *
error_title(int status)
{
	switch (status) {
	case 400: return "Solicitud no válida";
	case 401: return "Inicie sesión";
	case 403: return "Acceso denegado";
	case 409: return "Conflicto de edición";
	case 429: return "Demasiados intentos";
	case 404: return "Página no encontrada";
	case 410: return "Archivo quitado";
	case 405: return "Método no permitido";
	case 413: return "Solicitud demasiado grande";
	case 503: return "Servicio no disponible";
	default:  return status >= 500 ? "Error del servidor" : "Error";
	}
}

void
response_json(struct ctx *c, int status, cJSON *obj)
{
	char *s = cJSON_PrintUnformatted(obj);

	if (s == NULL)
		oom();
	c->res->status = status;
	c->res->content_type = "application/json; charset=utf-8";
	buf_clear(&c->res->body);
	buf_puts(&c->res->body, s);
	buf_putc(&c->res->body, '\n');
	cJSON_free(s);
	cJSON_Delete(obj);
}

/*
 * Where a "Volver" link leads: the path of the Referer when it names this
 * site (scheme and host as the request's; the port is not compared, as in
 * the dispatcher's Origin check), else /panel. Only a plain local path is
 * taken: "/" then printable ASCII without backslashes, quotes or angle
 * brackets, never "//" (another host). Points into the request's Referer.
 */
static const char *
back_target(const struct request *r)
{
	const struct param *ref = &r->env[ENV_REFERER], *host = &r->env[ENV_HOST];
	const char *scheme = r->https ? "https://" : "http://", *p, *path;
	size_t sl = strlen(scheme), hl;

	if (!ref->present || !host->present || ref->len > 2048 ||
	    strncasecmp(ref->s, scheme, sl) != 0)
		return "/panel";
	p = ref->s + sl;
	hl = host->s[0] == '[' ? strcspn(host->s, "]") + 1 : strcspn(host->s, ":/");
	if (hl == 0 || hl > host->len || strncasecmp(p, host->s, hl) != 0 ||
	    (p[hl] != '\0' && p[hl] != ':' && p[hl] != '/'))
		return "/panel";
	path = p + hl + strcspn(p + hl, "/");
	if (path[0] != '/' || path[1] == '/')
		return "/panel";
	for (const unsigned char *q = (const unsigned char *)path; *q != '\0'; q++)
		if (*q <= ' ' || *q >= 0x7f || *q == '\\' || *q == '"' || *q == '\'' ||
		    *q == '<' || *q == '>' || *q == '`')
			return "/panel";
	return path;
}

void
response_error(struct ctx *c, int status, const char *code, const char *message)
{
	struct response *res = c->res;

	/* a missing message is a bug of the caller, never a reason to abort the worker */
	if (message == NULL)
		message = "No se pudo completar la solicitud.";
	res->cache = CACHE_NO_STORE;
	res->etag = NULL;
	if (c->req->is_api) {
		cJSON *o = cJSON_CreateObject(), *e;

		if (o == NULL)
			oom();
		e = cJSON_AddObjectToObject(o, "error");
		if (e == NULL || cJSON_AddStringToObject(e, "code", code) == NULL ||
		    cJSON_AddStringToObject(e, "message", message) == NULL)
			oom();
		response_json(c, status, o);
		return;
	}
	res->status = status;
	res->content_type = "text/html; charset=utf-8";
	buf_clear(&res->body);
	/* the site's header, so a person who lands here can still go anywhere */
	c->notice = NULL;
	page_open(c, error_title(status), "error");
	html_raw(&res->body, "<p>");
	html_text(&res->body, message);
	if (status == 413) {
		/*
		 * Too big: the browser still holds the form as it was typed; the
		 * link reloads the page (empty), so the back button comes first.
		 */
		html_raw(&res->body, "</p>\n<p>Vuelva atrás con el botón del navegador: lo que "
		    "escribió sigue en el formulario.</p>\n<p><a href=\"");
		html_text(&res->body, back_target(c->req));
		html_raw(&res->body, "\">Volver</a></p>\n");
	} else
		html_raw(&res->body, c->sess != NULL ?
		    "</p>\n<p><a href=\"/panel\">Volver al inicio</a></p>\n" :
		    "</p>\n<p><a href=\"/\">Volver a la matriz de metas y objetivos</a></p>\n");
	page_end(c);
}

const char *
cookie_session_name(const struct request *r)
{
	if (r->base_slug != NULL && r->base_slug[0] != '\0')
		return arena_printf(r->arena, "%smetas_%s", r->https ? "__Secure-" : "", r->base_slug);
	return r->https ? "__Host-metas" : "metas";
}

const char *
cookie_prelogin_name(const struct request *r)
{
	if (r->base_slug != NULL && r->base_slug[0] != '\0')
		return arena_printf(r->arena, "%smetas_pre_%s", r->https ? "__Secure-" : "",
		    r->base_slug);
	return r->https ? "__Host-metas_pre" : "metas_pre";
}

void
response_cookie(struct ctx *c, const char *name, const char *value, int max_age)
{
	size_t nl = strlen(name);
	int i;
	struct buf b;

	/* A later cookie of the same name replaces the earlier one. */
	for (i = 0; i < RESPONSE_COOKIES; i++)
		if (c->res->set_cookie[i] == NULL ||
		    (strncmp(c->res->set_cookie[i], name, nl) == 0 && c->res->set_cookie[i][nl] == '='))
			break;
	if (i == RESPONSE_COOKIES)
		abort();	/* a handler sets more cookies than a response carries: a bug */

	buf_init(&b, c->req->arena);
	buf_printf(&b, "%s=%s; Path=%s; HttpOnly; SameSite=Lax", name, value,
	    c->req->base != NULL && c->req->base[0] != '\0' ? c->req->base : "/");
	if (c->req->https)
		buf_puts(&b, "; Secure");
	if (max_age >= 0)
		buf_printf(&b, "; Max-Age=%d", max_age);
	c->res->set_cookie[i] = b.data;
}

void
response_redirect(struct ctx *c, const char *path)
{
	c->res->status = 303;
	c->res->location = path;
	c->res->content_type = "text/html; charset=utf-8";
	buf_clear(&c->res->body);
}
