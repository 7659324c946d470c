/*
 * Which institution a request is for. One deployment serves several
 * institutions; each request picks one (docs/architecture.md):
 *
 *   1. a path prefix /i/<slug>/...: the slug names the institution and the
 *      rest of the path is routed as usual (unknown slug: 404 page);
 *   2. else the request's host name, mapped by the institution_host table;
 *   3. else the default institution, "institution" in metas.conf.
 *
 * Each worker caches the slug and host maps. Slugs and host names are
 * never changed or removed, so a cached hit is always right; a miss
 * re-reads the tables (an unknown prefix at once, an unknown host at most
 * every TENANT_HOST_RECHECK_MS), so a new institution is served without a
 * restart.
 */
#ifndef METAS_TENANT_H
#define METAS_TENANT_H

#include <stddef.h>

struct ctx;
struct buf;

#define TENANT_PREFIX		"/i/"
#define TENANT_SLUG_MAX		40
#define TENANT_HOST_MAX		253
#define TENANT_HOST_RECHECK_MS	2000

/*
 * Choose the institution of c's request: sets c->inst and c->slug, and for
 * a path prefix sets c->req->base ("/i/<slug>") and routes the rest of the
 * path. Returns 0, or an HTTP status after answering it (404: unknown
 * prefix; 503: the maps cannot be read and the prefix cannot be resolved).
 * c->inst stays 0 when only the default was asked for and the database
 * has never been reachable (public pages may still answer from cache).
 */
int	tenant_resolve(struct ctx *);
/*
 * For a request under a path prefix: prefix the Location header and the
 * local links of an HTML body (href, src, action and formaction values
 * that start with one "/", but not /static/, /transparencia/archivos/ or
 * /i/...) with the request's base, so
 * pages and redirects stay inside the institution. Safe because data
 * written through html_text() cannot contain a raw '"'.
 */
void	tenant_rebase(struct ctx *);
/* The default (operator) institution's id, 0 when not known yet. */
long long	tenant_default_id(struct ctx *);
/* Forget the maps (after this worker created an institution). */
void	tenant_forget(void);

/* 1 when s is a valid slug: 2..40 of [a-z0-9-], no leading/trailing '-'. */
int	tenant_valid_slug(const char *s);
/*
 * Normalise a host name into out (size TENANT_HOST_MAX + 1): lower case,
 * port and one trailing dot removed. 0 when it is a valid DNS name, -1
 * otherwise (IP literals in brackets are not host names).
 */
int	tenant_host_normalise(const char *in, size_t len, char *out);

#endif
