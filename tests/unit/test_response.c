/*
 * Unit tests of response.c: the one header writer and the error bodies.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "http.h"
#include "tap.h"

static struct arena *a;
static struct response res;

/* The header block of res (head_only 0), in the arena. */
static const char *
headers(void)
{
	struct buf b;

	buf_init(&b, a);
	response_headers(&b, &res, 0);
	return b.data;
}

static int
has(const char *h, const char *line)
{
	return strstr(h, line) != NULL;
}

/* Every security header, each a whole CRLF-terminated line. */
static int
secure(const char *h)
{
	const char *csp = strstr(h, "\r\nContent-Security-Policy: ");
	const char *end = csp ? strstr(csp + 2, "\r\n") : NULL;
	const char *fa = csp ? strstr(csp, "frame-ancestors 'none'") : NULL;

	return has(h, "\r\nX-Content-Type-Options: nosniff\r\n") &&
	    csp != NULL && end != NULL && fa != NULL && fa < end &&
	    has(h, "\r\nReferrer-Policy: same-origin\r\n") &&
	    has(h, "\r\nX-Frame-Options: DENY\r\n");
}

/* Header lines end in CRLF, and the block ends with exactly one blank line. */
static int
well_formed(const char *h)
{
	size_t n = strlen(h);

	for (size_t i = 0; i < n; i++)
		if (h[i] == '\n' && (i == 0 || h[i - 1] != '\r'))
			return 0;
	return n >= 4 && strcmp(h + n - 4, "\r\n\r\n") == 0 &&
	    strstr(h, "\r\n\r\n") == h + n - 4;
}

static void
test_headers(void)
{
	const char *h;

	response_init(&res, a);
	CHECK(res.status == 200 && strcmp(res.content_type, "text/html; charset=utf-8") == 0 &&
	    res.cache == CACHE_NO_STORE && res.body.len == 0 && res.allow == NULL &&
	    res.etag == NULL,
	    "response: init is 200 text/html no-store with an empty body");
	h = headers();
	CHECK(strncmp(h, "Status: 200 OK\r\n", 16) == 0, "response: the status line comes first");
	CHECK(secure(h), "response: the security headers are present (CSP frame-ancestors 'none', nosniff, Referrer-Policy)");
	CHECK(has(h, "\r\nCache-Control: no-store\r\n") && !has(h, "no-cache"),
	    "response: Cache-Control is no-store by default");
	CHECK(has(h, "\r\nContent-Type: text/html; charset=utf-8\r\n") &&
	    has(h, "\r\nContent-Length: 0\r\n"),
	    "response: an empty body has Content-Length 0");
	CHECK(well_formed(h), "response: header lines end in CRLF and one blank line ends them");
	CHECK(!has(h, "Allow:") && !has(h, "ETag:") && !has(h, "Location:") &&
	    !has(h, "Retry-After:"),
	    "response: optional headers are absent when unset");

	buf_puts(&res.body, "<p>Año ñ</p>");
	h = headers();
	CHECK(res.body.len == 14 && has(h, "\r\nContent-Length: 14\r\n"),
	    "response: Content-Length is the body length in bytes");

	res.cache = CACHE_REVALIDATE;
	res.etag = "\"m2023-7\"";
	h = headers();
	CHECK(has(h, "\r\nCache-Control: no-cache\r\n") && !has(h, "no-store"),
	    "response: CACHE_REVALIDATE is Cache-Control no-cache");
	CHECK(has(h, "\r\nETag: \"m2023-7\"\r\n"), "response: the ETag is sent when set");
	CHECK(secure(h), "response: security headers stay on cacheable pages");

	res.status = 304;
	h = headers();
	CHECK(strncmp(h, "Status: 304 Not Modified\r\n", 26) == 0 &&
	    !has(h, "Content-Type:") && !has(h, "Content-Length:"),
	    "response: 304 has no Content-Type or Content-Length");
	CHECK(secure(h) && has(h, "ETag: "), "response: 304 keeps security headers and ETag");
	res.status = 204;
	h = headers();
	CHECK(strncmp(h, "Status: 204 No Content\r\n", 24) == 0 &&
	    !has(h, "Content-Type:") && !has(h, "Content-Length:") && secure(h),
	    "response: 204 has no Content-Type or Content-Length");

	response_init(&res, a);
	res.status = 405;
	res.allow = "GET, HEAD";
	h = headers();
	CHECK(strncmp(h, "Status: 405 Method Not Allowed\r\n", 32) == 0 &&
	    has(h, "\r\nAllow: GET, HEAD\r\n"),
	    "response: Allow is sent when set");
	CHECK(secure(h) && well_formed(h), "response: a 405 keeps the security headers");
	res.status = 303;
	res.allow = NULL;
	res.location = "/login";
	res.retry_after = "30";
	h = headers();
	CHECK(has(h, "\r\nLocation: /login\r\n") && has(h, "\r\nRetry-After: 30\r\n"),
	    "response: Location and Retry-After are sent when set");
	res.status = 500;
	res.content_type = "application/json; charset=utf-8";
	h = headers();
	CHECK(secure(h) && has(h, "\r\nContent-Type: application/json; charset=utf-8\r\n"),
	    "response: a 500 keeps the security headers and its content type");

	CHECK(strcmp(http_status_text(404), "Not Found") == 0 &&
	    strcmp(http_status_text(413), "Payload Too Large") == 0,
	    "response: status texts are the standard ones");
	CHECK(strcmp(http_status_text(299), "Unknown") == 0, "response: an unknown status is \"Unknown\"");
}

static void
test_errors(void)
{
	struct request req;
	struct ctx c;
	cJSON *j, *e;
	const char *h;

	memset(&req, 0, sizeof(req));
	memset(&c, 0, sizeof(c));
	req.arena = a;
	c.req = &req;
	c.res = &res;

	response_init(&res, a);
	res.cache = CACHE_REVALIDATE;
	res.etag = "\"x\"";
	buf_puts(&res.body, "old body");
	response_error(&c, 404, "not_found", "No existe <la> página «x».");
	CHECK(res.status == 404 && strncmp(res.content_type, "text/html", 9) == 0,
	    "response: an HTML error sets status and content type");
	CHECK(res.cache == CACHE_NO_STORE && res.etag == NULL,
	    "response: an error is never cached and drops the ETag");
	CHECK(strstr(res.body.data, "old body") == NULL, "response: an error replaces the body");
	CHECK(strstr(res.body.data, "No existe &lt;la&gt; página «x».") != NULL &&
	    strstr(res.body.data, "<la>") == NULL,
	    "response: the error message is escaped");
	CHECK(strstr(res.body.data, "<h1>Página no encontrada</h1>") != NULL &&
	    strstr(res.body.data, "lang=\"es-EC\"") != NULL,
	    "response: the HTML error page is in Spanish");
	CHECK(strstr(res.body.data, "<header class=\"site\">") != NULL &&
	    strstr(res.body.data, "href=\"/login\">Acceso para funcionarios</a>") != NULL &&
	    strstr(res.body.data, "<main id=\"contenido\" class=\"error\">") != NULL,
	    "response: the HTML error page has the site's header and a way in for staff");
	h = headers();
	CHECK(secure(h) && has(h, "no-store"), "response: an error page has the security headers");

	req.is_api = 1;
	response_init(&res, a);
	response_error(&c, 400, "bad_request", "Parámetro \"anio\" <mal>");
	j = cJSON_ParseWithLength(res.body.data, res.body.len);
	e = j ? cJSON_GetObjectItemCaseSensitive(j, "error") : NULL;
	CHECK(res.status == 400 && strncmp(res.content_type, "application/json", 16) == 0,
	    "response: an API error is JSON");
	CHECK(e != NULL &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "code")) &&
	    strcmp(cJSON_GetObjectItemCaseSensitive(e, "code")->valuestring, "bad_request") == 0 &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "message")) &&
	    strcmp(cJSON_GetObjectItemCaseSensitive(e, "message")->valuestring,
	    "Parámetro \"anio\" <mal>") == 0,
	    "response: an API error is {\"error\":{code,message}} with the exact message");
	cJSON_Delete(j);

	response_init(&res, a);
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "status", "ok");
	response_json(&c, 201, j);
	CHECK(res.status == 201 && strcmp(res.body.data, "{\"status\":\"ok\"}\n") == 0 &&
	    strncmp(res.content_type, "application/json", 16) == 0,
	    "response: response_json writes the object and its content type");
	h = headers();
	CHECK(has(h, "\r\nContent-Length: 16\r\n"), "response: a JSON body's length is counted");
}

/* The href of the page's "Volver" link, in the arena ("" when there is none). */
static const char *
back_href(void)
{
	const char *p = strstr(res.body.data, "\">Volver</a>"), *q;

	if (p == NULL)
		return "";
	for (q = p; q > res.body.data && q[-1] != '"'; q--)
		;
	return arena_strndup(a, q, (size_t)(p - q));
}

/* 413 as a page: what happened, the back button, a "Volver" link; as JSON for the API. */
static void
test_too_large(void)
{
	static const struct {
		const char *referer, *host, *want, *what;
	} cases[] = {
		{ "http://127.0.0.1:8080/unidades/6/2023-01", "127.0.0.1:8080", "/unidades/6/2023-01",
		  "a same-origin Referer" },
		{ "http://Metas.example:80/unidades/6/2023-01?ok=guardado", "metas.example",
		  "/unidades/6/2023-01?ok=guardado", "host case and port do not matter, the query stays" },
		{ "http://127.0.0.1:8080/i/demo-norte/unidades/3/2023-01", "127.0.0.1:8080",
		  "/i/demo-norte/unidades/3/2023-01", "a path under /i/<slug>/" },
		{ "http://evil.example/unidades/6/2023-01", "127.0.0.1:8080", "/panel", "another host" },
		{ "http://127.0.0.1.evil.example/x", "127.0.0.1", "/panel", "a host that only starts alike" },
		{ "https://127.0.0.1:8080/unidades/6/2023-01", "127.0.0.1:8080", "/panel",
		  "another scheme" },
		{ "http://127.0.0.1:8080//evil.example/x", "127.0.0.1:8080", "/panel",
		  "a path starting with // (another host)" },
		{ "http://127.0.0.1:8080/\\evil.example", "127.0.0.1:8080", "/panel",
		  "a backslash in the path" },
		{ "http://127.0.0.1:8080/x\"onclick=\"y", "127.0.0.1:8080", "/panel",
		  "a quote in the path" },
		{ "http://127.0.0.1:8080", "127.0.0.1:8080", "/panel", "no path" },
		{ "javascript:alert(1)", "127.0.0.1:8080", "/panel", "not a URL of this site" },
		{ NULL, "127.0.0.1:8080", "/panel", "no Referer" },
	};
	struct request req;
	struct ctx c;
	cJSON *j, *e;

	memset(&c, 0, sizeof(c));
	c.req = &req;
	c.res = &res;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&req, 0, sizeof(req));
		req.arena = a;
		req.env[ENV_HOST].present = 1;
		req.env[ENV_HOST].s = cases[i].host;
		req.env[ENV_HOST].len = strlen(cases[i].host);
		if (cases[i].referer != NULL) {
			req.env[ENV_REFERER].present = 1;
			req.env[ENV_REFERER].s = cases[i].referer;
			req.env[ENV_REFERER].len = strlen(cases[i].referer);
		}
		response_init(&res, a);
		response_error(&c, 413, "too_many_files", "Este envío trae 6 archivos.");
		CHECK(strcmp(back_href(), cases[i].want) == 0,
		    arena_printf(a, "response: 413 page, %s: «Volver» leads to %s (got %s)",
		    cases[i].what, cases[i].want, back_href()));
	}
	CHECK(res.status == 413 && strstr(res.body.data, "<h1>Solicitud demasiado grande</h1>") &&
	    strstr(res.body.data, "<p>Este envío trae 6 archivos.</p>") &&
	    strstr(res.body.data, "Vuelva atrás con el botón del navegador: lo que escribió sigue "
	    "en el formulario.") && !strstr(res.body.data, "Volver a la matriz"),
	    "response: the 413 page says what happened and that going back keeps what was typed");
	response_init(&res, a);
	response_error(&c, 404, "not_found", "No existe.");
	CHECK(strstr(res.body.data, "Vuelva atrás") == NULL &&
	    strstr(res.body.data, "Volver a la matriz") != NULL,
	    "response: other errors keep the link to the matrix");

	req.is_api = 1;
	response_init(&res, a);
	response_error(&c, 413, "payload_too_large", "Demasiado grande.");
	j = cJSON_ParseWithLength(res.body.data, res.body.len);
	e = j ? cJSON_GetObjectItemCaseSensitive(j, "error") : NULL;
	CHECK(res.status == 413 && strncmp(res.content_type, "application/json", 16) == 0 &&
	    e != NULL && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "code")) &&
	    strcmp(cJSON_GetObjectItemCaseSensitive(e, "code")->valuestring, "payload_too_large") == 0 &&
	    strstr(res.body.data, "Volver") == NULL,
	    "response: an API 413 stays JSON, without the page's link");
	cJSON_Delete(j);
}

int
main(void)
{
	a = arena_new(8192);
	test_headers();
	test_errors();
	test_too_large();
	arena_free(a);
	return TAP_DONE();
}
