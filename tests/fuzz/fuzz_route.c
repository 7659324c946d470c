/*
 * libFuzzer target: route_find() with the input as the path (a C string:
 * an embedded NUL ends it), on the server's table and on a test table with
 * {id}, {period} and {sha256} segments, for several methods and Allow
 * buffer sizes. Aborts when a match breaks the documented ranges or the
 * Allow list leaves its buffer.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "route.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
h(struct ctx *c)
{
	(void)c;
}

#define R(m, p, r) { .method = (m), .pattern = (p), .handler = h, .roles = (r), .class = "t" }

static const struct route t[] = {
	R(METHOD_GET,		"/",				ROLE_PUBLIC),
	R(METHOD_GET,		"/units/{id}",			ROLE_USER),
	R(METHOD_PUT,		"/units/{id}",			ROLE_ADMIN),
	R(METHOD_DELETE,	"/units/{id}",			ROLE_ADMIN),
	R(METHOD_GET,		"/units/{id}/goals/{id}",	ROLE_USER),
	R(METHOD_POST,		"/a/{id}/b/{id}/c/{id}",	ROLE_JEFE),
	R(METHOD_GET,		"/a/{id}/b/{id}/c/{id}/d/{id}",	ROLE_JEFE),
	R(METHOD_GET,		"/reports/{period}",		ROLE_TRANSPARENCIA),
	R(METHOD_GET,		"/reports/{period}/{sha256}",	ROLE_TRANSPARENCIA),
	R(METHOD_GET,		"/files/{sha256}",		ROLE_PUBLIC),
	R(METHOD_PATCH,		"/{id}",			ROLE_USER),
};

static struct arena *a;

static int
is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (size_t i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void
one(const struct route *tab, size_t n, enum http_method m, const char *path, size_t allowlen)
{
	static const struct route sentinel;
	const struct route *found = &sentinel;
	struct route_args args;
	enum route_match rm;
	char *allow = NULL;

	if (allowlen > 0) {
		/* Room for the list plus a canary the call must not touch. */
		allow = arena_alloc(a, allowlen + 16);
		memset(allow, 0xa5, allowlen + 16);
	}
	rm = route_find(tab, n, m, path, &found, &args, allow, allowlen);
	switch (rm) {
	case ROUTE_FOUND:
		if (found < tab || found >= tab + n || args.nid < 0 || args.nid > ROUTE_MAX_IDS)
			abort();
		if (found->method != (m == METHOD_HEAD ? METHOD_GET : m))
			abort();
		for (int i = 0; i < args.nid; i++)
			if (args.id[i] < 1 || args.id[i] > 2147483647LL)
				abort();
		if (args.period != 0 && (args.period < 200001 || args.period > 210012 ||
		    args.period % 100 < 1 || args.period % 100 > 12))
			abort();
		if (args.sha256[0] != '\0' && !is_hex64(args.sha256))
			abort();
		break;
	case ROUTE_BAD_METHOD:
		if (found != NULL)
			abort();
		/* Terminated inside its buffer; whole names when there is room. */
		if (allowlen > 0 && memchr(allow, '\0', allowlen) == NULL)
			abort();
		if (allowlen >= sizeof("DELETE") && strlen(allow) == 0)
			abort();
		break;
	case ROUTE_NOT_FOUND:
		if (found != NULL)
			abort();
		break;
	default:
		abort();
	}
	for (size_t i = 0; allow != NULL && i < 16; i++)
		if ((unsigned char)allow[allowlen + i] != 0xa5)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum http_method methods[] = {
		METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_DELETE, METHOD_OTHER,
	};
	static const size_t allowlens[] = { 64, 0, 1, 7 };
	char *path = xmalloc(size + 1);	/* exact size, so ASan sees over-reads */

	if (a == NULL)
		a = arena_new(16 * 1024);
	memcpy(path, data, size);
	path[size] = '\0';
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		size_t al = allowlens[i % (sizeof(allowlens) / sizeof(allowlens[0]))];

		one(routes, nroutes, methods[i], path, al);
		one(t, sizeof(t) / sizeof(t[0]), methods[i], path, al);
	}
	free(path);
	arena_reset(a);
	return 0;
}
