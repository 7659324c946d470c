/*
 * Unit tests of metrics.c: counters summed over worker slots, the
 * Prometheus text (HELP/TYPE, labels by route pattern, cumulative
 * histogram buckets, +Inf equal to _count), and the loopback check.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "handlers.h"
#include "metrics.h"
#include "route.h"
#include "tap.h"

static void
h(struct ctx *c)
{
	(void)c;
}

#define R(m, p) { .method = (m), .pattern = (p), .handler = h, .roles = ROLE_PUBLIC, .class = "x" }

static const struct route t[] = {
	R(METHOD_GET,	"/"),
	R(METHOD_GET,	"/api/v1/units/{id}/periods/{period}"),
	R(METHOD_POST,	"/api/v1/units/{id}/periods/{period}"),
	R(METHOD_GET,	"/odd\"name\\"),
};
#define NT (sizeof(t) / sizeof(t[0]))

/* The value of the sample line starting with prefix (then a space), or -1. */
static double
sample(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, prefix, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	return -1;
}

static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

int
main(void)
{
	struct arena *a = arena_new(64 * 1024);
	struct buf out;
	pid_t pid;
	int st;
	const char *U = "metas_http_requests_total{route=\"/api/v1/units/{id}/periods/{period}\"";
	const char *HB = "metas_http_request_duration_seconds_bucket{route=\"/api/v1/units/{id}/periods/{period}\"";
	char key[256];
	double prev = 0;
	int cumulative = 1;

	/* Before init nothing is recorded and nothing crashes (metasctl's case). */
	metrics_request(0, 200, 0.1);
	metrics_db_error();
	buf_init(&out, a);
	metrics_render(&out);
	CHECK(out.len == 0, "metrics: before metrics_init the functions are no-ops");

	CHECK(metrics_init(t, NT, 3) == 0, "metrics: init maps the shared area");
	metrics_set_slot(1);
	metrics_request(1, 200, 0.0005);	/* GET pattern */
	metrics_request(1, 200, 0.003);
	metrics_request(2, 200, 0.2);		/* POST, same pattern: same label */
	metrics_request(2, 422, 3.0);		/* above every bound: +Inf only */
	metrics_request(METRICS_ROUTE_OTHER, 404, 0.001);
	metrics_request(99, 999, 0.001);	/* out of range: other route, other status */
	metrics_db_error();
	metrics_report_generated();
	/* A second worker, in another process: its slot adds to the same totals. */
	pid = fork();
	if (pid == 0) {
		metrics_set_slot(2);
		metrics_request(1, 200, 0.04);
		metrics_report_generated();
		metrics_report_signed();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	metrics_set_slot(7);	/* beyond the workers: the master's slot 0 */
	metrics_db_error();
	metrics_worker_restart();
	metrics_set_workers(3);
	metrics_render(&out);

	CHECK(has_line(out.data, "# TYPE metas_http_requests_total counter"),
	    "metrics: TYPE line of metas_http_requests_total");
	CHECK(has_line(out.data, "# TYPE metas_http_request_duration_seconds histogram"),
	    "metrics: TYPE line of the duration histogram");
	CHECK(strstr(out.data, "# HELP metas_http_requests_total ") != NULL, "metrics: HELP lines");
	snprintf(key, sizeof(key), "%s,status=\"200\"}", U);
	CHECK(sample(out.data, key) == 4, "metrics: GET and POST of one pattern share its label; a forked worker's requests are summed (4)");
	snprintf(key, sizeof(key), "%s,status=\"422\"}", U);
	CHECK(sample(out.data, key) == 1, "metrics: status 422 counted apart");
	CHECK(sample(out.data, "metas_http_requests_total{route=\"other\",status=\"404\"}") == 1,
	    "metrics: a request without a route is route=\"other\"");
	CHECK(sample(out.data, "metas_http_requests_total{route=\"other\",status=\"other\"}") == 1,
	    "metrics: an unknown route index and an unlisted status fall into other");
	CHECK(strstr(out.data, "route=\"/\"") == NULL, "metrics: routes never requested print no samples");
	CHECK(strstr(out.data, "/odd") == NULL, "metrics: … not even the histogram");

	for (int b = 0; b < 12; b++) {
		static const char *le[] = { "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
			"0.1", "0.25", "0.5", "1", "2.5", "+Inf" };
		double v;

		snprintf(key, sizeof(key), "%s,le=\"%s\"}", HB, le[b]);
		v = sample(out.data, key);
		if (v < prev)
			cumulative = 0;
		prev = v;
	}
	CHECK(cumulative, "metrics: histogram buckets are cumulative");
	snprintf(key, sizeof(key), "%s,le=\"0.001\"}", HB);
	CHECK(sample(out.data, key) == 1, "metrics: 0.5 ms falls in le=0.001");
	snprintf(key, sizeof(key), "%s,le=\"0.005\"}", HB);
	CHECK(sample(out.data, key) == 2, "metrics: 3 ms falls in le=0.005 (cumulative 2)");
	snprintf(key, sizeof(key), "%s,le=\"0.05\"}", HB);
	CHECK(sample(out.data, key) == 3, "metrics: 40 ms from the other worker falls in le=0.05");
	snprintf(key, sizeof(key), "%s,le=\"2.5\"}", HB);
	CHECK(sample(out.data, key) == 4, "metrics: 3 s is above le=2.5");
	snprintf(key, sizeof(key), "%s,le=\"+Inf\"}", HB);
	CHECK(sample(out.data, key) == 5, "metrics: +Inf counts every request of the pattern (5)");
	CHECK(sample(out.data, "metas_http_request_duration_seconds_count{route=\"/api/v1/units/{id}/periods/{period}\"}") == 5,
	    "metrics: _count equals +Inf");
	{
		double s = sample(out.data, "metas_http_request_duration_seconds_sum{route=\"/api/v1/units/{id}/periods/{period}\"}");

		CHECK(s > 3.2434 && s < 3.2436, "metrics: _sum is the seconds added up (3.2435)");
	}
	CHECK(sample(out.data, "metas_worker_restarts_total") == 1, "metrics: worker restarts");
	CHECK(sample(out.data, "metas_workers") == 3, "metrics: workers gauge");
	CHECK(has_line(out.data, "# TYPE metas_workers gauge"), "metrics: metas_workers is a gauge");
	CHECK(sample(out.data, "metas_db_errors_total") == 2, "metrics: db errors of a worker and of the master's slot");
	CHECK(sample(out.data, "metas_reports_generated_total") == 2, "metrics: reports generated, both workers");
	CHECK(sample(out.data, "metas_reports_signed_total") == 1, "metrics: reports signed");
	CHECK(out.data[out.len - 1] == '\n', "metrics: the text ends with a newline");

	/* Label escaping: \ and " inside a pattern. */
	metrics_request(3, 200, 0.001);
	buf_clear(&out);
	metrics_render(&out);
	CHECK(strstr(out.data, "route=\"/odd\\\"name\\\\\",status=\"200\"} 1") != NULL,
	    "metrics: quotes and backslashes in a label are escaped");

	CHECK(metrics_loopback("127.0.0.1"), "metrics: 127.0.0.1 is loopback");
	CHECK(metrics_loopback("127.0.0.2"), "metrics: 127.0.0.2 is loopback (127/8)");
	CHECK(metrics_loopback("::1"), "metrics: ::1 is loopback");
	CHECK(metrics_loopback("::ffff:127.0.0.1"), "metrics: ::ffff:127.0.0.1 is loopback");
	CHECK(!metrics_loopback("10.0.0.1"), "metrics: 10.0.0.1 is not");
	CHECK(!metrics_loopback("203.0.113.7"), "metrics: 203.0.113.7 is not");
	CHECK(!metrics_loopback("::ffff:10.0.0.1"), "metrics: ::ffff:10.0.0.1 is not");
	CHECK(!metrics_loopback("fe80::1"), "metrics: fe80::1 is not");
	CHECK(!metrics_loopback(""), "metrics: an empty address is not");
	CHECK(!metrics_loopback("127.0.0.1 "), "metrics: a malformed address is not");
	CHECK(!metrics_loopback(NULL), "metrics: no address is not");

	arena_free(a);
	return TAP_DONE();
}
