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
	[MQ_ANIO] = { "anio", valid_int, 2000, 2100, 0 },
};

/*
 * Rendered matrix pages, kept per worker process (each worker is its own
 * process, so this static is never shared), keyed by institution and
 * requested year (0 = latest); the least recently used slot goes first. Each is
 * revalidated against the institution's catalogue_version at most every
 * page_cache_ms, so a catalogue change shows within that interval and the
 * page costs no database round trip in between. While the database is
 * unreachable, a cached page is served as it is.
 */
#define CACHE_SLOTS	8

struct cached_page {
	int			 valid;
	long long		 inst;		/* the institution it shows */
	int			 year;		/* requested year (0 = latest) */
	unsigned long long	 version;
	double			 checked;	/* monotonic ms */
	double			 used;
	struct buf		 body;		/* heap memory */
	char			 etag[64];
};

static struct cached_page cache[CACHE_SLOTS];

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The slot for (inst, year): its own, else the least recently used. */
static struct cached_page *
slot_for(long long inst, int year, int *found)
{
	struct cached_page *lru = NULL;

	*found = 0;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].valid && cache[i].inst == inst && cache[i].year == year) {
			*found = 1;
			return &cache[i];
		}
		if (lru == NULL || !cache[i].valid || (lru->valid && cache[i].used < lru->used))
			lru = &cache[i];
	}
	return lru;
}

/* Serve a cached page, or 304 when the client's ETag matches. */
static void
serve_cached(struct ctx *c, struct cached_page *p, double now)
{
	const struct param *inm = &c->req->env[ENV_IF_NONE_MATCH];

	p->used = now;
	c->res->cache = CACHE_REVALIDATE;
	c->res->etag = p->etag;
	if (inm->present && strstr(inm->s, p->etag) != NULL) {
		c->res->status = 304;
		return;
	}
	buf_put(&c->res->body, p->body.data, p->body.len);
}

void
h_matrix(struct ctx *c)
{
	struct param q[MQ__MAX];
	struct cached_page *p;
	struct matrix m;
	unsigned long long version;
	enum db_status st;
	double now = mono_ms();
	int bad, year, found;

	if (form_parse_urlencoded(c->req->arena, c->req->query, strlen(c->req->query),
	    matrix_fields, MQ__MAX, q, &bad) != FORM_OK) {
		response_error(c, 400, "bad_request",
		    "El parámetro «anio» debe ser un año entre 2000 y 2100, escrito una sola vez.");
		return;
	}
	year = q[MQ_ANIO].present ? (int)q[MQ_ANIO].i : 0;
	p = slot_for(c->inst, year, &found);
	if (found) {
		if (now - p->checked < c->w->conf->page_cache_ms) {
			serve_cached(c, p, now);
			return;
		}
		st = db_catalogue_version(c->w->db, c->slug, &version);
		if (st == DB_OK && version == p->version) {
			p->checked = now;
			serve_cached(c, p, now);
			return;
		}
		if (st == DB_ERROR) {
			/* The published matrix stays readable while the database is away. */
			serve_cached(c, p, now);
			return;
		}
	}
	if (c->slug == NULL) {	/* the database was never reachable: nothing cached either */
		response_error(c, 503, "unavailable",
		    "El servicio no está disponible en este momento. Intente de nuevo en unos minutos.");
		return;
	}
	st = db_matrix_load(c->w->db, c->req->arena, c->slug, year, &m);
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
	p->valid = 0;
	buf_clear(&p->body);
	matrix_render_html(&p->body, &m);
	p->year = year;
	p->inst = c->inst;
	p->version = m.catalogue_version;
	p->checked = now;
	snprintf(p->etag, sizeof(p->etag), "\"m%lld-%d-%llu\"", c->inst, m.year,
	    m.catalogue_version);
	p->valid = 1;
	serve_cached(c, p, now);
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
