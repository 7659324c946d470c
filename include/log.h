/*
 * Logging to stderr, one line per event, in a stable key=value format:
 *   ts=2026-11-25T10:00:00.123-05:00 level=info pid=123 msg="..."
 * and for requests (log_request):
 *   ts=... level=info pid=123 worker=2 method=GET path=/ status=200 dur_ms=0.412 bytes=5120 class=matrix
 */
#ifndef METAS_LOG_H
#define METAS_LOG_H

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO };

/* The worker number printed in request lines (0 for the master). */
void	log_set_worker(int);
void	log_msg(enum log_level, const char *, ...) __attribute__((format(printf, 2, 3)));
void	log_request(const char *method, const char *path, int status, double dur_ms,
	    unsigned long long bytes, const char *route_class);

#endif
