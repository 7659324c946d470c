/*
 * Operations endpoints: GET /metrics (Prometheus text format).
 */
#include "config.h"

#include "arena.h"
#include "handlers.h"
#include "http.h"
#include "metrics.h"

/*
 * GET /metrics: only for loopback clients. nginx already allows only
 * 127.0.0.1 and ::1 on this location; metasd checks REMOTE_ADDR again so
 * that a missing or changed nginx rule does not publish the counters.
 */
void
h_metrics(struct ctx *c)
{
	const struct param *ra = &c->req->env[ENV_REMOTE_ADDR];

	if (!ra->present || !metrics_loopback(ra->s)) {
		response_error(c, 403, "forbidden",
		    "Las métricas solo se sirven a clientes de esta misma máquina.");
		return;
	}
	c->res->content_type = "text/plain; version=0.0.4; charset=utf-8";
	metrics_render(&c->res->body);
}
