/*
 * Shared counters and their Prometheus text rendering (metrics.h).
 *
 * Layout of the shared area, all uint64_t words:
 *   header:  magic, worker restarts, workers running
 *   slot k (0 = master, 1..N = workers):
 *     db errors, reports generated, reports signed,
 *     then for every route index r (the table's routes, then "other"):
 *       requests by status (STATUSES + 1 for "other"),
 *       duration histogram counts, not cumulative (BOUNDS + 1 for +Inf),
 *       duration sum in microseconds.
 * The histogram's _count is the sum of its buckets, so +Inf always equals
 * _count whatever a concurrent writer does.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"
#include "metrics.h"
#include "route.h"

static const int statuses[] = {
	200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409, 410, 413, 415,
	422, 423, 429, 500, 502, 503, 504,
};
#define NSTATUS		(sizeof(statuses) / sizeof(statuses[0]) + 1)

static const double bounds[] = { .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5 };
static const char *const bound_text[] = {
	"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
};
#define NBUCKET		(sizeof(bounds) / sizeof(bounds[0]) + 1)

#define MAGIC		0x6d65746173UL	/* "metas" */
#define H_MAGIC		0
#define H_RESTARTS	1
#define H_WORKERS	2
#define H_WORDS		3

#define S_DB_ERRORS	0
#define S_REPORTS	1
#define S_SIGNED	2
#define S_WORDS		3
#define R_WORDS		(NSTATUS + NBUCKET + 1)

static uint64_t *area;
static const struct route *table;
static size_t nroutes_m;	/* routes in table; index nroutes_m is "other" */
static size_t nslots;
static size_t slot_words;
static size_t slot_no;

static inline void
add(uint64_t *p, uint64_t v)
{
	__atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}

static inline uint64_t
get(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static uint64_t *
slot(size_t k)
{
	return area + H_WORDS + k * slot_words;
}

static uint64_t *
route_words(size_t k, size_t r)
{
	return slot(k) + S_WORDS + r * R_WORDS;
}

int
metrics_init(const struct route *t, size_t n, int nworkers)
{
	size_t bytes;
	void *p;

	if (nworkers < 0)
		nworkers = 0;
	table = t;
	nroutes_m = n;
	nslots = (size_t)nworkers + 1;
	slot_words = S_WORDS + (n + 1) * R_WORDS;
	bytes = (H_WORDS + nslots * slot_words) * sizeof(uint64_t);
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	area = p;	/* zero-filled by the kernel */
	area[H_MAGIC] = MAGIC;
	slot_no = 0;
	return 0;
}

void
metrics_set_slot(int worker_id)
{
	slot_no = worker_id > 0 && (size_t)worker_id < nslots ? (size_t)worker_id : 0;
}

void
metrics_request(int route_index, int status, double seconds)
{
	size_t r = route_index >= 0 && (size_t)route_index < nroutes_m ? (size_t)route_index :
	    nroutes_m;
	size_t s = NSTATUS - 1, b = NBUCKET - 1;
	uint64_t *w;

	if (area == NULL)
		return;
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status) {
			s = i;
			break;
		}
	if (seconds < 0)
		seconds = 0;
	for (size_t i = 0; i < NBUCKET - 1; i++)
		if (seconds <= bounds[i]) {
			b = i;
			break;
		}
	w = route_words(slot_no, r);
	add(&w[s], 1);
	add(&w[NSTATUS + b], 1);
	add(&w[NSTATUS + NBUCKET], (uint64_t)(seconds * 1e6 + 0.5));
}

static void
slot_add(size_t word)
{
	if (area != NULL)
		add(&slot(slot_no)[word], 1);
}

void
metrics_db_error(void)
{
	slot_add(S_DB_ERRORS);
}

void
metrics_report_generated(void)
{
	slot_add(S_REPORTS);
}

void
metrics_report_signed(void)
{
	slot_add(S_SIGNED);
}

void
metrics_worker_restart(void)
{
	if (area != NULL)
		add(&area[H_RESTARTS], 1);
}

void
metrics_set_workers(int n)
{
	if (area != NULL)
		__atomic_store_n(&area[H_WORKERS], (uint64_t)(n < 0 ? 0 : n), __ATOMIC_RELAXED);
}

/* Sum word w of route r over every slot. */
static uint64_t
route_sum(size_t r, size_t w)
{
	uint64_t v = 0;

	for (size_t k = 0; k < nslots; k++)
		v += get(&route_words(k, r)[w]);
	return v;
}

/* Sum word w over every route sharing route r's pattern (r is the first of them). */
static uint64_t
label_sum(size_t r, size_t w)
{
	uint64_t v = route_sum(r, w);

	if (r == nroutes_m)
		return v;
	for (size_t j = r + 1; j < nroutes_m; j++)
		if (strcmp(table[j].pattern, table[r].pattern) == 0)
			v += route_sum(j, w);
	return v;
}

/* 1 when an earlier route has the same pattern (its label is printed there). */
static int
repeated(size_t r)
{
	for (size_t j = 0; j < r && r < nroutes_m; j++)
		if (strcmp(table[j].pattern, table[r].pattern) == 0)
			return 1;
	return 0;
}

/* A label value with \, " and newline escaped (exposition format). */
static void
put_label(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(out, '\\');
		if (*s == '\n') {
			buf_puts(out, "\\n");
			continue;
		}
		buf_putc(out, *s);
	}
}

static void
route_label(struct buf *out, size_t r)
{
	buf_puts(out, "route=\"");
	put_label(out, r == nroutes_m ? "other" : table[r].pattern);
	buf_putc(out, '"');
}

static uint64_t
slots_sum(size_t word)
{
	uint64_t v = 0;

	for (size_t k = 0; k < nslots; k++)
		v += get(&slot(k)[word]);
	return v;
}

static void
counter(struct buf *out, const char *name, const char *help, uint64_t v)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", name, help, name, name,
	    (unsigned long long)v);
}

void
metrics_render(struct buf *out)
{
	if (area == NULL)
		return;
	buf_puts(out, "# HELP metas_http_requests_total HTTP requests answered by metasd, "
	    "by route pattern and status.\n# TYPE metas_http_requests_total counter\n");
	for (size_t r = 0; r <= nroutes_m; r++) {
		if (repeated(r))
			continue;
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t v = label_sum(r, s);

			if (v == 0)
				continue;
			buf_puts(out, "metas_http_requests_total{");
			route_label(out, r);
			if (s == NSTATUS - 1)
				buf_puts(out, ",status=\"other\"}");
			else
				buf_printf(out, ",status=\"%d\"}", statuses[s]);
			buf_printf(out, " %llu\n", (unsigned long long)v);
		}
	}
	buf_puts(out, "# HELP metas_http_request_duration_seconds Time from the request's "
	    "arrival in the worker to the end of its response.\n"
	    "# TYPE metas_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r <= nroutes_m; r++) {
		uint64_t cum = 0, total = 0, sum_us;

		if (repeated(r))
			continue;
		for (size_t b = 0; b < NBUCKET; b++)
			total += label_sum(r, NSTATUS + b);
		if (total == 0)
			continue;
		for (size_t b = 0; b < NBUCKET; b++) {
			cum += label_sum(r, NSTATUS + b);
			buf_puts(out, "metas_http_request_duration_seconds_bucket{");
			route_label(out, r);
			buf_printf(out, ",le=\"%s\"} %llu\n", b < NBUCKET - 1 ? bound_text[b] : "+Inf",
			    (unsigned long long)cum);
		}
		sum_us = label_sum(r, NSTATUS + NBUCKET);
		buf_puts(out, "metas_http_request_duration_seconds_sum{");
		route_label(out, r);
		buf_printf(out, "} %llu.%06llu\n", (unsigned long long)(sum_us / 1000000),
		    (unsigned long long)(sum_us % 1000000));
		buf_puts(out, "metas_http_request_duration_seconds_count{");
		route_label(out, r);
		buf_printf(out, "} %llu\n", (unsigned long long)cum);
	}
	counter(out, "metas_worker_restarts_total",
	    "Workers that died unexpectedly and were restarted by the master.",
	    get(&area[H_RESTARTS]));
	buf_printf(out, "# HELP metas_workers Worker processes running.\n"
	    "# TYPE metas_workers gauge\nmetas_workers %llu\n",
	    (unsigned long long)get(&area[H_WORKERS]));
	counter(out, "metas_db_errors_total",
	    "Database calls that failed (connection lost or refused, statement error).",
	    slots_sum(S_DB_ERRORS));
	counter(out, "metas_reports_generated_total", "a4 reports generated and stored.",
	    slots_sum(S_REPORTS));
	counter(out, "metas_reports_signed_total", "Signed revisions of reports stored.",
	    slots_sum(S_SIGNED));
}

int
metrics_loopback(const char *addr)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (addr == NULL)
		return 0;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, addr, &a6) != 1)
		return 0;
	if (IN6_IS_ADDR_LOOPBACK(&a6))
		return 1;
	return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
}
