/*
 * Public pages: the a4 matrix and the health check.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "handlers.h"
#include "html.h"
#include "http.h"
#include "matrix.h"
#include "worker.h"

/* Query string of GET /. */
enum matrix_q { MQ_ANIO, MQ__MAX };
static const struct field matrix_fields[MQ__MAX] = {
	[MQ_ANIO] = { "anio", valid_int, 2000, 2100 },
};

/*
 * The rendered matrix, kept per worker process (each worker is its own
 * process, so this static is never shared). It is revalidated against the
 * institution's catalogue_version at most every page_cache_ms, so a
 * catalogue change shows within that interval and the page costs no
 * database round trip in between.
 */
static struct {
	int			 year;		/* requested year (0 = latest) */
	unsigned long long	 version;
	double			 checked;	/* monotonic ms */
	struct buf		 body;		/* heap memory */
	char			 etag[64];
	int			 valid;
} cache = { .body = { NULL, (char *)"", 0, 0 } };

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Serve the cached page, or 304 when the client's ETag matches. */
static void
serve_cached(struct ctx *c)
{
	const struct param *inm = &c->req->env[ENV_IF_NONE_MATCH];

	c->res->cache = CACHE_REVALIDATE;
	c->res->etag = cache.etag;
	if (inm->present && strstr(inm->s, cache.etag) != NULL) {
		c->res->status = 304;
		return;
	}
	buf_put(&c->res->body, cache.body.data, cache.body.len);
}

void
h_matrix(struct ctx *c)
{
	struct param q[MQ__MAX];
	struct matrix m;
	unsigned long long version;
	enum db_status st;
	double now = mono_ms();
	int bad, year;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query),
	    matrix_fields, MQ__MAX, q, &bad) != FORM_OK) {
		response_error(c, 400, "bad_request",
		    "El parámetro «anio» debe ser un año entre 2000 y 2100, escrito una sola vez.");
		return;
	}
	year = q[MQ_ANIO].present ? (int)q[MQ_ANIO].i : 0;
	if (cache.valid && cache.year == year) {
		if (now - cache.checked < c->w->conf->page_cache_ms) {
			serve_cached(c);
			return;
		}
		st = db_catalogue_version(c->w->db, c->w->conf->institution, &version);
		if (st == DB_OK && version == cache.version) {
			cache.checked = now;
			serve_cached(c);
			return;
		}
		if (st == DB_ERROR) {
			/* The published matrix stays readable while the database is away. */
			serve_cached(c);
			return;
		}
	}
	st = db_matrix_load(c->w->db, c->req->arena, c->w->conf->institution, year, &m);
	if (st == DB_NOTFOUND) {
		response_error(c, 404, "not_found", year ?
		    "No existe un plan anual publicado para ese año." :
		    "Todavía no hay una matriz publicada.");
		return;
	}
	if (st != DB_OK) {
		response_error(c, 503, "unavailable",
		    "El servicio no está disponible en este momento. Intente de nuevo en unos minutos.");
		return;
	}
	cache.valid = 0;
	buf_clear(&cache.body);
	matrix_render_html(&cache.body, &m);
	cache.year = year;
	cache.version = m.catalogue_version;
	cache.checked = now;
	snprintf(cache.etag, sizeof(cache.etag), "\"m%d-%llu\"", m.year, m.catalogue_version);
	cache.valid = 1;
	serve_cached(c);
}

void
h_healthz(struct ctx *c)
{
	cJSON *o = cJSON_CreateObject();
	int ok = db_ping(c->w->db) == DB_OK;

	if (o == NULL ||
	    cJSON_AddStringToObject(o, "status", ok ? "ok" : "unavailable") == NULL ||
	    cJSON_AddStringToObject(o, "database", ok ? "ok" : "unreachable") == NULL ||
	    cJSON_AddNumberToObject(o, "worker", c->w->id) == NULL)
		oom();
	response_json(c, ok ? 200 : 503, o);
}
