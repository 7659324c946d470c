/*
 * Counters for GET /metrics (Prometheus text exposition format 0.0.4).
 *
 * The master maps one shared anonymous area before it forks the workers
 * (metrics_init); every worker adds to its own slot (slot = worker id), so
 * a replaced worker keeps adding to the same totals and a reader sums the
 * slots. Every add is an atomic relaxed add: during a graceful restart the
 * old and the new worker of one id share a slot for a moment. No locks.
 *
 * Every function is a no-op until metrics_init() has run, so metasctl (which
 * shares report.c and db.c) records nothing and needs no setup.
 */
#ifndef METAS_METRICS_H
#define METAS_METRICS_H

#include <stddef.h>

struct buf;
struct route;

/* Requests that matched no route (404, 405, bad request line). */
#define METRICS_ROUTE_OTHER	(-1)

/*
 * Map the shared area for the route table t (labels are its patterns; two
 * routes with the same pattern share a label) and nworkers workers. Call
 * once, in the master, before forking. 0, or -1 when mmap fails.
 */
int	metrics_init(const struct route *t, size_t n, int nworkers);
/* The slot this process writes to: its worker id (1..nworkers); 0 = master. */
void	metrics_set_slot(int worker_id);

/* One answered request: index into the route table (or METRICS_ROUTE_OTHER). */
void	metrics_request(int route_index, int status, double seconds);
void	metrics_db_error(void);
void	metrics_report_generated(void);
void	metrics_report_signed(void);
/* The master: a worker died unexpectedly and is restarted. */
void	metrics_worker_restart(void);
/* The master: worker processes running now. */
void	metrics_set_workers(int n);

/* Append the exposition text (HELP, TYPE, samples) of all slots to out. */
void	metrics_render(struct buf *out);

/*
 * 1 when addr (REMOTE_ADDR) is a loopback address: 127.0.0.0/8, ::1 or
 * ::ffff:127.x.y.z. NULL or anything else: 0.
 */
int	metrics_loopback(const char *addr);

#endif
