/*
 * Route table checks and matching.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "route.h"

#define ALL_ROLES (ROLE_PUBLIC | ROLE_USER | ROLE_ADMIN | ROLE_TRANSPARENCIA | ROLE_JEFE | \
	ROLE_SUPERADMIN)

int
route_table_check(const struct route *t, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].roles == ROLE_UNDECLARED || (t[i].roles & ~ALL_ROLES) != 0) {
			snprintf(err, errlen, "route %s %s declares no valid role",
			    http_method_name(t[i].method), t[i].pattern);
			return -1;
		}
		if ((t[i].roles & ROLE_PUBLIC) && t[i].roles != ROLE_PUBLIC) {
			snprintf(err, errlen, "route %s %s mixes public with other roles",
			    http_method_name(t[i].method), t[i].pattern);
			return -1;
		}
		if (t[i].handler == NULL || t[i].pattern == NULL || t[i].pattern[0] != '/' ||
		    t[i].method >= METHOD__MAX || t[i].method == METHOD_HEAD) {
			snprintf(err, errlen, "route %zu is malformed", i);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (t[j].method == t[i].method &&
			    strcmp(t[j].pattern, t[i].pattern) == 0) {
				snprintf(err, errlen, "route %s %s declared twice",
				    http_method_name(t[i].method), t[i].pattern);
				return -1;
			}
	}
	return 0;
}

static int
match_id(const char *s, size_t n, long long *out)
{
	long long v = 0;

	if (n == 0 || n > 10 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 2147483647LL)
		return 0;
	*out = v;
	return 1;
}

static int
match_period(const char *s, size_t n, int *out)
{
	int y = 0, m;

	if (n != 7 || s[4] != '-')
		return 0;
	for (size_t i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return 0;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (y < 2000 || y > 2100 || m < 1 || m > 12)
		return 0;
	*out = y * 100 + m;
	return 1;
}

static int
match_sha(const char *s, size_t n, char out[65])
{
	if (n != 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	memcpy(out, s, 64);
	out[64] = '\0';
	return 1;
}

/* 1 when path matches pattern; captured values go to args. */
static int
match(const char *pattern, const char *path, struct route_args *args)
{
	const char *p = pattern, *s = path;

	memset(args, 0, sizeof(*args));
	while (*p != '\0' && *s != '\0') {
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t sl = se ? (size_t)(se - s) : strlen(s);

		if (pl == 4 && memcmp(p, "{id}", 4) == 0) {
			if (args->nid == ROUTE_MAX_IDS ||
			    !match_id(s, sl, &args->id[args->nid]))
				return 0;
			args->nid++;
		} else if (pl == 8 && memcmp(p, "{period}", 8) == 0) {
			if (!match_period(s, sl, &args->period))
				return 0;
		} else if (pl == 8 && memcmp(p, "{sha256}", 8) == 0) {
			if (!match_sha(s, sl, args->sha256))
				return 0;
		} else if (pl != sl || memcmp(p, s, pl) != 0)
			return 0;
		p += pl;
		s += sl;
		if ((*p == '/') != (*s == '/'))
			return 0;
		if (*p == '/') {
			p++;
			s++;
		}
	}
	return *p == '\0' && *s == '\0';
}

enum route_match
route_find(const struct route *t, size_t n, enum http_method m, const char *path,
    const struct route **found, struct route_args *args, char *allow, size_t allowlen)
{
	enum http_method want = m == METHOD_HEAD ? METHOD_GET : m;
	unsigned methods = 0;
	struct route_args tmp;

	*found = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!match(t[i].pattern, path, &tmp))
			continue;
		if (t[i].method == want) {
			*found = &t[i];
			*args = tmp;
			return ROUTE_FOUND;
		}
		methods |= 1u << t[i].method;
	}
	if (methods == 0)
		return ROUTE_NOT_FOUND;
	if (methods & (1u << METHOD_GET))
		methods |= 1u << METHOD_HEAD;
	if (allowlen == 0)
		return ROUTE_BAD_METHOD;
	allow[0] = '\0';
	for (int k = 0; k < METHOD__MAX; k++) {
		size_t len = strlen(allow);

		if (methods & (1u << k))
			snprintf(allow + len, allowlen - len, "%s%s",
			    len ? ", " : "", http_method_name((enum http_method)k));
	}
	return ROUTE_BAD_METHOD;
}
