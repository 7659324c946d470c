/*
 * One-line logs to stderr. Each line is written with a single write(2) so
 * lines from several workers sharing stderr do not interleave.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int worker_no;

void
log_set_worker(int n)
{
	worker_no = n;
}

/* Timestamp in America/Guayaquil (UTC-5, no daylight saving). */
static size_t
stamp(char *out, size_t len)
{
	struct timespec ts;
	struct tm tm;
	time_t t;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	t = ts.tv_sec - 5 * 3600;
	gmtime_r(&t, &tm);
	n = strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n == 0)
		return 0;
	snprintf(out + n, len - n, ".%03ld-05:00", ts.tv_nsec / 1000000);
	return strlen(out);
}

/* Copy s into out, quoted, with control characters, quotes and backslashes escaped. */
static void
quote(char *out, size_t len, const char *s)
{
	size_t j = 0;

	if (len < 3)
		return;
	out[j++] = '"';
	for (; *s != '\0' && j + 6 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			j += (size_t)snprintf(out + j, len - j, "\\x%02x", c);
		else
			out[j++] = (char)c;
	}
	out[j++] = '"';
	out[j] = '\0';
}

static void
emit(const char *line, int n, size_t cap)
{
	if (n < 0)
		return;
	if ((size_t)n >= cap)
		n = (int)cap - 1;
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

void
log_msg(enum log_level lv, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warn", "info" };
	char ts[64], msg[1024], q[1200], line[1400];
	va_list ap;
	int n;

	stamp(ts, sizeof(ts));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	quote(q, sizeof(q), msg);
	n = snprintf(line, sizeof(line), "ts=%s level=%s pid=%d worker=%d msg=%s\n",
	    ts, names[lv], (int)getpid(), worker_no, q);
	if (n > 0 && (size_t)n >= sizeof(line))
		line[sizeof(line) - 2] = '\n';
	emit(line, n, sizeof(line));
}

void
log_request(const char *method, const char *path, int status, double dur_ms,
    unsigned long long bytes, const char *route_class)
{
	char ts[64], qm[64], qp[600], line[900];
	int n;

	stamp(ts, sizeof(ts));
	quote(qm, sizeof(qm), method);
	quote(qp, sizeof(qp), path);
	n = snprintf(line, sizeof(line),
	    "ts=%s level=info pid=%d worker=%d method=%s path=%s status=%d "
	    "dur_ms=%.3f bytes=%llu class=%s\n",
	    ts, (int)getpid(), worker_no, qm, qp, status, dur_ms, bytes, route_class);
	if (n > 0 && (size_t)n >= sizeof(line))
		line[sizeof(line) - 2] = '\n';
	emit(line, n, sizeof(line));
}
