/*
 * Which institution a request is for (see tenant.h): the path prefix, the
 * host name, or the default of metas.conf; and keeping links and redirects
 * under the prefix.
 *
 * The maps live in this worker process for its whole life (like the
 * public page cache): heap copies of the slug and host tables, re-read on
 * a miss. Slugs and host names are never changed or removed, so a hit
 * needs no check.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "tenant.h"
#include "worker.h"

struct entry {
	char		*name;
	long long	 id;
};

struct map {
	struct entry	*e;
	size_t		 n;
};

static struct map slugs, hosts;
static int loaded;
static double loaded_at;	/* monotonic ms of the last read */

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
map_free(struct map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->e[i].name);
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static void
map_fill(struct map *m, const struct tenant_name *t, size_t n)
{
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (size_t i = 0; i < n; i++) {
		m->e[i].name = xstrdup(t[i].name);
		m->e[i].id = t[i].id;
	}
	m->n = n;
}

static const struct entry *
map_find(const struct map *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->e[i].name, name) == 0)
			return &m->e[i];
	return NULL;
}

void
tenant_forget(void)
{
	loaded = 0;
}

/* Re-read both tables; on failure the old maps stay. -1 on a database error. */
static int
reload(struct ctx *c)
{
	struct tenant_name *s, *h;
	size_t ns, nh;

	if (db_tenant_names(c->w->db, c->req->arena, 0, &s, &ns) != DB_OK ||
	    db_tenant_names(c->w->db, c->req->arena, 1, &h, &nh) != DB_OK)
		return -1;
	map_free(&slugs);
	map_free(&hosts);
	map_fill(&slugs, s, ns);
	map_fill(&hosts, h, nh);
	loaded = 1;
	loaded_at = mono_ms();
	return 0;
}

/* The institution of slug: its entry, NULL when unknown (*dberr on a database error). */
static const struct entry *
by_slug(struct ctx *c, const char *slug, int *dberr)
{
	const struct entry *e;

	*dberr = 0;
	if (loaded && (e = map_find(&slugs, slug)) != NULL)
		return e;
	/* Unknown here: perhaps created since; one indexed query says. */
	if (loaded) {
		long long id = 0;
		enum db_status st = db_institution_id(c->w->db, c->req->arena, slug, &id);

		if (st == DB_NOTFOUND || (st == DB_OK && id == 0))
			return NULL;
		if (st != DB_OK) {
			*dberr = 1;
			return NULL;
		}
	}
	if (reload(c) != 0) {
		*dberr = 1;
		return NULL;
	}
	return map_find(&slugs, slug);
}

long long
tenant_default_id(struct ctx *c)
{
	const struct entry *e;
	int dberr;

	if (c->w->institution_id != 0)
		return c->w->institution_id;
	if ((e = by_slug(c, c->w->conf->institution, &dberr)) != NULL)
		c->w->institution_id = e->id;
	return c->w->institution_id;
}

int
tenant_valid_slug(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > TENANT_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

int
tenant_host_normalise(const char *in, size_t len, char *out)
{
	size_t n = 0;

	if (len > 0 && in[0] == '[')
		return -1;
	for (size_t i = 0; i < len && in[i] != ':'; i++) {
		char ch = in[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.'))
			return -1;
		if (n == TENANT_HOST_MAX)
			return -1;
		out[n++] = ch;
	}
	if (n > 0 && out[n - 1] == '.')
		n--;
	out[n] = '\0';
	if (n == 0 || out[0] == '.' || out[0] == '-' || out[n - 1] == '-' || strstr(out, "..") != NULL)
		return -1;
	return 0;
}

/* The institution of the request's host name; 0 when none is mapped. */
static long long
by_host(struct ctx *c, const char **slug)
{
	const struct param *h = &c->req->env[ENV_HOST];
	char name[TENANT_HOST_MAX + 1];
	const struct entry *e;

	if (!h->present || tenant_host_normalise(h->s, h->len, name) != 0)
		return 0;
	if (!loaded || (map_find(&hosts, name) == NULL &&
	    mono_ms() - loaded_at >= TENANT_HOST_RECHECK_MS))
		(void)reload(c);	/* on failure: the default, as before */
	if ((e = map_find(&hosts, name)) == NULL)
		return 0;
	for (size_t i = 0; i < slugs.n; i++)
		if (slugs.e[i].id == e->id) {
			*slug = arena_strdup(c->req->arena, slugs.e[i].name);
			return e->id;
		}
	return 0;
}

int
tenant_resolve(struct ctx *c)
{
	struct request *r = c->req;
	const char *slug = NULL;
	long long id;

	r->base = "";
	r->base_slug = "";
	if (strncmp(r->path, TENANT_PREFIX, sizeof(TENANT_PREFIX) - 1) == 0) {
		const char *s = r->path + sizeof(TENANT_PREFIX) - 1;
		size_t n = strcspn(s, "/");
		const struct entry *e;
		char *want;
		int dberr;

		want = arena_strndup(r->arena, s, n);
		r->is_api = strncmp(s + n, "/api/", 5) == 0;	/* how to answer a 404 */
		if (!tenant_valid_slug(want) || (e = by_slug(c, want, &dberr)) == NULL) {
			if (tenant_valid_slug(want) && dberr) {
				response_error(c, 503, "unavailable", "El servicio no está disponible "
				    "en este momento. Intente de nuevo en unos minutos.");
				return 503;
			}
			response_error(c, 404, "not_found",
			    "No existe una institución con esa dirección.");
			return 404;
		}
		c->inst = e->id;
		c->slug = arena_strdup(r->arena, e->name);
		r->base = arena_printf(r->arena, "%s%s", TENANT_PREFIX, c->slug);
		r->base_slug = c->slug;
		r->path = s[n] == '\0' ? "/" : s + n;
		r->is_api = strncmp(r->path, "/api/", 5) == 0;
		(void)tenant_default_id(c);
		return 0;
	}
	if ((id = by_host(c, &slug)) != 0) {
		c->inst = id;
		c->slug = slug;
		(void)tenant_default_id(c);
		return 0;
	}
	c->inst = tenant_default_id(c);
	c->slug = c->w->conf->institution;
	return 0;
}

/* Length of the attribute-value start at p that takes the base, else 0. */
static size_t
link_start(const char *p, size_t left)
{
	static const char *const attrs[] = { "href=\"/", "src=\"/", "action=\"/",
		"formaction=\"/" };

	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		size_t n = strlen(attrs[i]);

		if (left >= n && memcmp(p, attrs[i], n) == 0) {
			/* protocol-relative (//host) and static assets stay as they are */
			if (left > n && p[n] == '/')
				return 0;
			if (left >= n + 7 && memcmp(p + n, "static/", 7) == 0)
				return 0;
			if (left >= n + 2 && memcmp(p + n, "i/", 2) == 0)
				return 0;
			/* published files: plain files served by nginx, by slug */
			if (left >= n + 23 && memcmp(p + n, "transparencia/archivos/", 23) == 0)
				return 0;
			return n - 1;	/* up to and including the quote */
		}
	}
	return 0;
}

void
tenant_rebase(struct ctx *c)
{
	struct response *res = c->res;
	const char *base = c->req->base;
	struct buf out;
	const char *p;
	size_t n, i, from = 0;

	if (base == NULL || base[0] == '\0')
		return;
	/* a path that already names an institution (/i/...) is left as it is */
	if (res->location != NULL && res->location[0] == '/' && res->location[1] != '/' &&
	    strncmp(res->location, TENANT_PREFIX, sizeof(TENANT_PREFIX) - 1) != 0)
		res->location = arena_printf(c->req->arena, "%s%s", base, res->location);
	if (res->file_fd >= 0 || res->body.len == 0 || res->content_type == NULL ||
	    strncmp(res->content_type, "text/html", 9) != 0)
		return;
	p = res->body.data;
	n = res->body.len;
	buf_init(&out, c->req->arena);
	for (i = 0; i < n; i++) {
		size_t k;

		/* an attribute name starts after a space */
		if ((i > 0 && p[i - 1] != ' ') || (k = link_start(p + i, n - i)) == 0)
			continue;
		buf_put(&out, p + from, i + k - from);
		buf_puts(&out, base);
		from = i + k;
		i += k;
	}
	if (from == 0)
		return;
	buf_put(&out, p + from, n - from);
	res->body = out;
}
