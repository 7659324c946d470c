/*
 * Unit tests of route.c: route_table_check, route_find, and the server's own
 * table in routes.c.
 */
#include "config.h"

#include <string.h>

#include "handlers.h"
#include "route.h"
#include "tap.h"

static void
h(struct ctx *c)
{
	(void)c;
}

/* Designated, so that new members of struct route default to zero. */
#define R(m, p, r, c) { .method = (m), .pattern = (p), .handler = h, .roles = (r), .class = (c) }

static const struct route t[] = {
	R(METHOD_GET,		"/",			ROLE_PUBLIC,		"root"),
	R(METHOD_GET,		"/items",		ROLE_PUBLIC,		"items"),
	R(METHOD_POST,		"/items",		ROLE_USER,		"items"),
	R(METHOD_GET,		"/items/{id}",		ROLE_USER | ROLE_ADMIN,	"item"),
	R(METHOD_DELETE,	"/items/{id}",		ROLE_ADMIN,		"item"),
	R(METHOD_GET,		"/units/{id}/goals/{id}", ROLE_JEFE,		"goal"),
	R(METHOD_GET,		"/a/{id}/b/{id}/c/{id}", ROLE_USER,		"abc"),
	R(METHOD_GET,		"/reports/{period}",	ROLE_TRANSPARENCIA,	"report"),
	R(METHOD_GET,		"/files/{sha256}",	ROLE_PUBLIC,		"file"),
	R(METHOD_PUT,		"/only-put",		ROLE_ADMIN,		"put"),
	R(METHOD_GET,		"/healthz",		ROLE_PUBLIC,		"health"),
};
#define NT (sizeof(t) / sizeof(t[0]))

static const struct route *found;
static struct route_args args;
static char allow[64];

static enum route_match
find(enum http_method m, const char *path)
{
	memset(allow, 'X', sizeof(allow) - 1);
	allow[sizeof(allow) - 1] = '\0';
	return route_find(t, NT, m, path, &found, &args, allow, sizeof(allow));
}

static int
found_is(enum http_method m, const char *path, const char *pattern)
{
	return find(m, path) == ROUTE_FOUND && found != NULL &&
	    strcmp(found->pattern, pattern) == 0;
}

static int
not_found(const char *path)
{
	return find(METHOD_GET, path) == ROUTE_NOT_FOUND && found == NULL;
}

/* Check a one-route table built from these fields. */
static int
check1(enum http_method m, const char *pattern, handler_fn fn, unsigned roles, char *err,
    size_t errlen)
{
	struct route r = { .method = m, .pattern = pattern, .handler = fn, .roles = roles,
		.class = "x" };

	err[0] = '\0';
	return route_table_check(&r, 1, err, errlen);
}

static void
test_table_check(void)
{
	char err[256];
	struct route dup[2] = {
		R(METHOD_GET, "/x", ROLE_PUBLIC, "x"),
		R(METHOD_GET, "/x", ROLE_USER, "x"),
	};
	struct route two[2] = {
		R(METHOD_GET, "/x", ROLE_PUBLIC, "x"),
		R(METHOD_POST, "/x", ROLE_USER, "x"),
	};

	CHECK(route_table_check(t, NT, err, sizeof(err)) == 0,
	    "route: the test table is accepted");
	CHECK(check1(METHOD_GET, "/x", h, ROLE_UNDECLARED, err, sizeof(err)) == -1 &&
	    strstr(err, "/x") != NULL,
	    "route: an undeclared role is refused and the error names the route");
	CHECK(check1(METHOD_GET, "/x", h, 1u << 10, err, sizeof(err)) == -1,
	    "route: an unknown role bit is refused");
	CHECK(check1(METHOD_GET, "/x", h, ROLE_PUBLIC | ROLE_USER, err, sizeof(err)) == -1 &&
	    strstr(err, "public") != NULL,
	    "route: public mixed with another role is refused");
	CHECK(check1(METHOD_HEAD, "/x", h, ROLE_PUBLIC, err, sizeof(err)) == -1,
	    "route: a HEAD route is refused (HEAD follows GET)");
	CHECK(check1(METHOD_OTHER, "/x", h, ROLE_PUBLIC, err, sizeof(err)) == -1,
	    "route: a route with no real method is refused");
	CHECK(check1(METHOD_GET, "/x", NULL, ROLE_PUBLIC, err, sizeof(err)) == -1,
	    "route: a route without handler is refused");
	CHECK(check1(METHOD_GET, "x", h, ROLE_PUBLIC, err, sizeof(err)) == -1,
	    "route: a pattern not starting with '/' is refused");
	CHECK(check1(METHOD_GET, NULL, h, ROLE_PUBLIC, err, sizeof(err)) == -1,
	    "route: a route without pattern is refused");
	err[0] = '\0';
	CHECK(route_table_check(dup, 2, err, sizeof(err)) == -1 && strstr(err, "twice") != NULL,
	    "route: the same method and pattern twice is refused");
	CHECK(route_table_check(two, 2, err, sizeof(err)) == 0,
	    "route: one pattern under two methods is accepted");
	CHECK(check1(METHOD_POST, "/x", h, ROLE_USER | ROLE_ADMIN | ROLE_TRANSPARENCIA | ROLE_JEFE,
	    err, sizeof(err)) == 0,
	    "route: several non-public roles are accepted");
}

static void
test_find(void)
{
	static const char sha[] =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char path[160];

	CHECK(found_is(METHOD_GET, "/", "/") && args.nid == 0, "route: \"/\" matches literally");
	CHECK(found_is(METHOD_GET, "/items", "/items"), "route: a literal path matches");
	CHECK(found_is(METHOD_POST, "/items", "/items") && found->method == METHOD_POST,
	    "route: the method selects among routes of one path");
	CHECK(not_found("/item"), "route: a prefix of a literal does not match");
	CHECK(not_found("/itemsx"), "route: a literal with extra bytes does not match");
	CHECK(not_found("/nowhere"), "route: an unknown path is not found");
	CHECK(not_found(""), "route: an empty path is not found");
	CHECK(find(METHOD_POST, "/nowhere") == ROUTE_NOT_FOUND,
	    "route: an unknown path is 404 whatever the method");

	CHECK(found_is(METHOD_GET, "/items/42", "/items/{id}") && args.nid == 1 &&
	    args.id[0] == 42, "route: {id} captures a number");
	CHECK(found_is(METHOD_GET, "/items/2147483647", "/items/{id}") &&
	    args.id[0] == 2147483647LL, "route: {id} accepts 2147483647");
	CHECK(found_is(METHOD_GET, "/items/1", "/items/{id}") && args.id[0] == 1,
	    "route: {id} accepts 1");
	CHECK(not_found("/items/0"), "route: {id} rejects 0");
	CHECK(not_found("/items/007"), "route: {id} rejects leading zeros");
	CHECK(not_found("/items/2147483648"), "route: {id} rejects 2147483648");
	CHECK(not_found("/items/99999999999"), "route: {id} rejects 11 digits");
	CHECK(not_found("/items/12a"), "route: {id} rejects trailing letters");
	CHECK(not_found("/items/-1"), "route: {id} rejects a sign");
	CHECK(not_found("/items/+1"), "route: {id} rejects a plus sign");
	CHECK(not_found("/items/abc"), "route: {id} rejects letters");
	CHECK(not_found("/items/"), "route: {id} rejects an empty segment");
	CHECK(not_found("/items/1/"), "route: a trailing slash after {id} does not match");

	CHECK(found_is(METHOD_GET, "/units/3/goals/17", "/units/{id}/goals/{id}") &&
	    args.nid == 2 && args.id[0] == 3 && args.id[1] == 17,
	    "route: two {id}s are captured in order");
	CHECK(found_is(METHOD_GET, "/a/5/b/1/c/9", "/a/{id}/b/{id}/c/{id}") &&
	    args.nid == 3 && args.id[0] == 5 && args.id[1] == 1 && args.id[2] == 9,
	    "route: three {id}s are captured in order");
	CHECK(not_found("/units/3/goals/0"), "route: a bad second {id} rejects the path");

	CHECK(found_is(METHOD_GET, "/reports/2023-01", "/reports/{period}") &&
	    args.period == 202301, "route: {period} captures year*100+month");
	CHECK(found_is(METHOD_GET, "/reports/2100-12", "/reports/{period}") &&
	    args.period == 210012, "route: {period} accepts 2100-12");
	CHECK(not_found("/reports/2023-13"), "route: {period} rejects month 13");
	CHECK(not_found("/reports/2023-00"), "route: {period} rejects month 00");
	CHECK(not_found("/reports/2023-1"), "route: {period} rejects a one-digit month");
	CHECK(not_found("/reports/1999-12"), "route: {period} rejects a year before 2000");
	CHECK(not_found("/reports/2023+01"), "route: {period} rejects '+' as separator");
	CHECK(not_found("/reports/2023-0a"), "route: {period} rejects letters");
	CHECK(not_found("/reports/"), "route: {period} rejects an empty segment");

	snprintf(path, sizeof(path), "/files/%s", sha);
	CHECK(found_is(METHOD_GET, path, "/files/{sha256}") && strcmp(args.sha256, sha) == 0,
	    "route: {sha256} captures 64 lowercase hex digits");
	path[7] = 'A';
	CHECK(not_found(path), "route: {sha256} rejects uppercase hex");
	path[7] = 'g';
	CHECK(not_found(path), "route: {sha256} rejects a non-hex letter");
	snprintf(path, sizeof(path), "/files/%.63s", sha);
	CHECK(not_found(path), "route: {sha256} rejects 63 digits");
	snprintf(path, sizeof(path), "/files/%s0", sha);
	CHECK(not_found(path), "route: {sha256} rejects 65 digits");

	CHECK(find(METHOD_PUT, "/only-put/") == ROUTE_NOT_FOUND,
	    "route: a trailing slash on a literal does not match");
	CHECK(not_found("/healthz/"), "route: \"/healthz/\" does not match \"/healthz\"");
	CHECK(not_found("//items"), "route: a doubled leading slash does not match");
	CHECK(not_found("/items//"), "route: a doubled trailing slash does not match");
	CHECK(not_found("items"), "route: a path without leading slash does not match");

	CHECK(find(METHOD_PUT, "/items") == ROUTE_BAD_METHOD && found == NULL &&
	    strcmp(allow, "GET, HEAD, POST") == 0,
	    "route: a known path with another method is 405 with Allow (GET implies HEAD)");
	CHECK(find(METHOD_POST, "/items/42") == ROUTE_BAD_METHOD &&
	    strcmp(allow, "GET, HEAD, DELETE") == 0,
	    "route: Allow lists the methods of the pattern the path matches");
	CHECK(find(METHOD_GET, "/only-put") == ROUTE_BAD_METHOD && strcmp(allow, "PUT") == 0,
	    "route: Allow has no HEAD when there is no GET");
	CHECK(find(METHOD_HEAD, "/only-put") == ROUTE_BAD_METHOD && strcmp(allow, "PUT") == 0,
	    "route: HEAD on a path without GET is 405");
	CHECK(find(METHOD_OTHER, "/items") == ROUTE_BAD_METHOD,
	    "route: an unknown method on a known path is 405");
	CHECK(find(METHOD_DELETE, "/items/0") == ROUTE_NOT_FOUND,
	    "route: a path whose {id} is invalid is 404, not 405");
	CHECK(found_is(METHOD_HEAD, "/items", "/items") && found->method == METHOD_GET,
	    "route: HEAD matches the GET route");
	CHECK(found_is(METHOD_HEAD, "/items/9", "/items/{id}") && args.id[0] == 9,
	    "route: HEAD captures arguments like GET");
	CHECK(route_find(t, NT, METHOD_PUT, "/items", &found, &args, allow, 5) ==
	    ROUTE_BAD_METHOD && strlen(allow) < 5,
	    "route: a short Allow buffer is truncated, not overrun");
	CHECK(route_find(t, NT, METHOD_PUT, "/items", &found, &args, NULL, 0) ==
	    ROUTE_BAD_METHOD,
	    "route: a zero-size Allow buffer is never written");
}

static void
test_real_table(void)
{
	char err[256] = "";

	CHECK(route_table_check(routes, nroutes, err, sizeof(err)) == 0,
	    "routes: the server's table passes route_table_check");
	CHECK(route_find(routes, nroutes, METHOD_GET, "/", &found, &args, allow,
	    sizeof(allow)) == ROUTE_FOUND && found->handler == h_matrix &&
	    found->roles == ROLE_PUBLIC,
	    "routes: GET / is the public matrix");
	CHECK(route_find(routes, nroutes, METHOD_HEAD, "/healthz", &found, &args, allow,
	    sizeof(allow)) == ROUTE_FOUND && found->handler == h_healthz,
	    "routes: HEAD /healthz reaches the health check");
	CHECK(route_find(routes, nroutes, METHOD_POST, "/", &found, &args, allow,
	    sizeof(allow)) == ROUTE_BAD_METHOD && strcmp(allow, "GET, HEAD") == 0,
	    "routes: POST / is 405 with Allow: GET, HEAD");
	CHECK(route_find(routes, nroutes, METHOD_GET, "/index.html", &found, &args, allow,
	    sizeof(allow)) == ROUTE_NOT_FOUND,
	    "routes: an unknown path is 404");
}

int
main(void)
{
	test_table_check();
	test_find();
	test_real_table();
	return TAP_DONE();
}
