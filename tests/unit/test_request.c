/*
 * Unit tests of request.c: request_parse_env on fake FastCGI parameter
 * arrays, and the method names.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "http.h"
#include "tap.h"

static struct arena *a;
static struct request r;
static const char *why;

/* Parse a NULL-terminated list of "KEY=VALUE" strings. */
static int
parse(const char *const *env)
{
	arena_reset(a);
	return request_parse_env(&r, a, (char **)(void *)env, &why);
}

/* A GET of "/" with one more parameter. */
static int
with(const char *extra)
{
	const char *env[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/", extra, NULL };

	return parse(env);
}

static int
content_length(const char *v)
{
	char kv[64];

	snprintf(kv, sizeof(kv), "CONTENT_LENGTH=%s", v);
	return with(kv);
}

static int
uri(const char *path)
{
	char kv[128];
	const char *env[] = { "REQUEST_METHOD=GET", kv, NULL };

	snprintf(kv, sizeof(kv), "DOCUMENT_URI=%s", path);
	return parse(env);
}

static void
test_parse(void)
{
	const char *basic[] = {
		"SCRIPT_NAME=", "REQUEST_METHOD=GET", "DOCUMENT_URI=/", "QUERY_STRING=anio=2024&x=1",
		"REMOTE_ADDR=127.0.0.1", "HTTP_HOST=metas.example", NULL,
	};
	const char *post[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/a", "CONTENT_LENGTH=17",
		"CONTENT_TYPE=application/x-www-form-urlencoded", NULL };
	const char *nouri[] = { "REQUEST_METHOD=GET", "QUERY_STRING=", NULL };
	const char *twocookies[] = { "DOCUMENT_URI=/", "HTTP_COOKIE=a=1", "HTTP_COOKIE=b=2", NULL };
	const char *twouris[] = { "DOCUMENT_URI=/", "DOCUMENT_URI=/x", NULL };
	const char *twounknown[] = { "DOCUMENT_URI=/", "HTTP_X_FOO=1", "HTTP_X_FOO=2", NULL };
	const char *noeq[] = { "GARBAGE", "DOCUMENT_URI=/", "=", NULL };
	const char *prefix[] = { "DOCUMENT_URIX=/", NULL };
	char big[400];

	CHECK(parse(basic) == 0 && why == NULL, "request: a plain GET parses");
	CHECK(r.method == METHOD_GET && strcmp(r.method_name, "GET") == 0,
	    "request: the method is parsed");
	CHECK(strcmp(r.path, "/") == 0, "request: the path is DOCUMENT_URI");
	CHECK(strcmp(r.query, "anio=2024&x=1") == 0, "request: the raw query is kept, '=' included");
	CHECK(r.content_length == 0 && r.body == NULL && r.https == 0 && r.is_api == 0,
	    "request: a plain GET has no body, no HTTPS, no API");
	CHECK(r.env[ENV_HOST].present && strcmp(r.env[ENV_HOST].s, "metas.example") == 0 &&
	    !r.env[ENV_COOKIE].present,
	    "request: headers land in env[] by field");
	CHECK(r.arena == a, "request: the arena is recorded");

	CHECK(parse(post) == 0 && r.method == METHOD_POST && r.content_length == 17,
	    "request: a POST with Content-Length parses");
	CHECK(with("QUERY_STRING=") == 0 && strcmp(r.query, "") == 0,
	    "request: an empty query is \"\"");
	CHECK(parse(nouri) == 400 && why != NULL, "request: a missing DOCUMENT_URI is 400");
	CHECK(uri("") == 400, "request: an empty DOCUMENT_URI is 400");
	CHECK(uri("index.html") == 400, "request: a DOCUMENT_URI without leading '/' is 400");
	CHECK(uri("/a\tb") == 400, "request: a control character in the path is 400");
	CHECK(parse(prefix) == 400, "request: a key that only starts with DOCUMENT_URI is not it");
	CHECK(parse(twocookies) == 400 && why != NULL, "request: a duplicate HTTP_COOKIE is 400");
	CHECK(parse(twouris) == 400, "request: a duplicate DOCUMENT_URI is 400");
	CHECK(parse(twounknown) == 0, "request: duplicate unknown parameters are ignored");
	CHECK(parse(noeq) == 0 && strcmp(r.path, "/") == 0,
	    "request: entries without a key and '=' are ignored");
	CHECK(request_parse_env(&r, a, NULL, &why) == 400, "request: a NULL envp is 400");

	CHECK(with("REQUEST_METHOD=GET") == 400, "request: a duplicate REQUEST_METHOD is 400");
	{
		const char *e[] = { "REQUEST_METHOD=BREW", "DOCUMENT_URI=/", NULL };
		CHECK(parse(e) == 0 && r.method == METHOD_OTHER &&
		    strcmp(r.method_name, "BREW") == 0,
		    "request: an unknown method is METHOD_OTHER with its name kept");
	}
	{
		const char *e[] = { "REQUEST_METHOD=GE T", "DOCUMENT_URI=/", NULL };
		CHECK(parse(e) == 400, "request: a method that is not a token is 400");
	}
	{
		const char *e[] = { "DOCUMENT_URI=/", NULL };
		CHECK(parse(e) == 0 && r.method == METHOD_OTHER,
		    "request: no REQUEST_METHOD is METHOD_OTHER");
	}

	CHECK(content_length("abc") == 400 && why != NULL, "request: Content-Length \"abc\" is 400");
	CHECK(content_length("-1") == 400, "request: Content-Length \"-1\" is 400");
	CHECK(content_length("-0") == 400, "request: Content-Length \"-0\" is 400");
	CHECK(content_length("+5") == 400, "request: Content-Length \"+5\" is 400");
	CHECK(content_length(" 5") == 400, "request: Content-Length \" 5\" is 400");
	CHECK(content_length("5 ") == 400, "request: Content-Length \"5 \" is 400");
	CHECK(content_length("99999999999999999999") == 400,
	    "request: a 20-digit Content-Length is 400");
	CHECK(content_length("1099511627777") == 400, "request: Content-Length over 2^40 is 400");
	CHECK(content_length("1099511627776") == 0 && r.content_length == 1099511627776ULL,
	    "request: Content-Length of 2^40 is accepted");
	CHECK(content_length("") == 0 && r.content_length == 0,
	    "request: an empty Content-Length is 0");
	CHECK(content_length("0") == 0 && r.content_length == 0, "request: Content-Length 0 is 0");

	CHECK(uri("/api/v1/units") == 0 && r.is_api == 1, "request: a path under /api/ is an API call");
	CHECK(uri("/api/") == 0 && r.is_api == 1, "request: \"/api/\" itself is an API call");
	CHECK(uri("/api") == 0 && r.is_api == 0, "request: \"/api\" without slash is not an API call");
	CHECK(uri("/apiary/") == 0 && r.is_api == 0, "request: \"/apiary/\" is not an API call");
	CHECK(uri("/x/api/") == 0 && r.is_api == 0, "request: /api/ deeper in the path is not an API call");

	CHECK(with("HTTP_HOST=caf\xc3") == 400, "request: a header with truncated UTF-8 is 400");
	CHECK(with("HTTP_ACCEPT=\xc0\xaf") == 400, "request: a header with overlong UTF-8 is 400");
	CHECK(with("QUERY_STRING=a=\xff") == 400, "request: a query with invalid UTF-8 is 400");
	CHECK(with("HTTP_ACCEPT=text/html,\xc3\xb1") == 0,
	    "request: a header with valid UTF-8 is accepted");
	CHECK(with("HTTP_ACCEPT=a\x01") == 400, "request: a header with a control byte is 400");
	CHECK(with("HTTP_SEC_FETCH_SITE=same origin") == 400,
	    "request: Sec-Fetch-Site that is not a token is 400");
	memset(big, 'h', sizeof(big));
	memcpy(big, "HTTP_HOST=", 10);
	big[10 + 257] = '\0';
	CHECK(with(big) == 400, "request: a Host over 256 bytes is 400");
	big[10 + 256] = '\0';
	CHECK(with(big) == 0, "request: a Host of 256 bytes is accepted");

	CHECK(with("HTTPS=on") == 0 && r.https == 1, "request: HTTPS=on sets https");
	CHECK(with("HTTPS=off") == 0 && r.https == 0, "request: HTTPS=off leaves https unset");
	CHECK(with("HTTPS=") == 0 && r.https == 0, "request: an empty HTTPS leaves https unset");
	CHECK(with("X=1") == 0 && r.https == 0, "request: no HTTPS leaves https unset");
}

static void
test_methods(void)
{
	int round = 1;

	for (int m = 0; m < METHOD__MAX; m++)
		if ((int)http_method_from(http_method_name((enum http_method)m)) != m)
			round = 0;
	CHECK(round, "request: every method name maps back to its method");
	CHECK(http_method_from("get") == METHOD_OTHER, "request: method names are case-sensitive");
	CHECK(http_method_from("") == METHOD_OTHER, "request: an empty method is METHOD_OTHER");
	CHECK(strcmp(http_method_name(METHOD_OTHER), "OTHER") == 0,
	    "request: METHOD_OTHER is named \"OTHER\"");
}

int
main(void)
{
	a = arena_new(4096);
	test_parse();
	test_methods();
	arena_free(a);
	return TAP_DONE();
}
