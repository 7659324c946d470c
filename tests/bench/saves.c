/*
 * saves — the benchmark's value-save driver: real saves through nginx and
 * metasd, each one a committed change.
 *
 *   saves PORT SECONDS SPECFILE
 *
 * SPECFILE has one line per connection:
 *
 *   INDICATOR_ID PERIOD VERSION VALUE COOKIE CSRF
 *
 * (VERSION and VALUE: what the database holds for that indicator and month
 * right now, 0 and "-" when there is no value yet.) Each line gets its own
 * thread and its own keep-alive HTTP/1.1 connection to 127.0.0.1:PORT, and
 * for SECONDS sends, one after the other,
 *
 *   PUT /api/v1/indicators/ID/values/PERIOD
 *   Cookie: COOKIE   X-CSRF-Token: CSRF
 *   {"value":"1" or "2","version":V}
 *
 * with the value always different from the stored one and V the version
 * the previous answer returned, so every request is a save that changes the
 * value (a write, a history row and an audit row in one transaction), never
 * a no-op nor a version conflict. Lines must not share an indicator and
 * month, or they would conflict with each other; the script gives each
 * connection its own.
 *
 * Prints one line:
 *
 *   ok N other M seconds S rps R p50_ms A p99_ms B max_ms C statuses "200:N ..."
 *
 * where ok counts 200 answers whose version went up by one, and other any
 * other answer or connection failure (the connection is then reopened and
 * the next request re-sends the version it knows). Latency is from the
 * first byte sent to the last byte of the answer. Not installed;
 * scripts/bench builds it with cc -pthread.
 */
#define _DEFAULT_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS	256
#define MAX_SAMPLES	(1 << 20)

struct conn {
	long long	 indicator;
	char		 period[8];
	long long	 version;
	int		 value;		/* 0: none, else 1 or 2 */
	char		 cookie[200];
	char		 csrf[100];

	pthread_t	 th;
	int		 fd;
	long		 ok, other;
	long		 status[6];	/* 0: failure, else by hundreds */
	double		*lat;		/* ms */
	long		 nlat;
	char		 buf[65536];
};

static int port;
static double deadline;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
open_conn(void)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Read one response into c->buf (body NUL-terminated, chunked decoded).
 * Returns the status, or -1; *close_after when the server will close.
 */
static int
read_response(struct conn *c, const char **body, int *close_after)
{
	size_t have = 0, head_len, need;
	char *eoh, *p;
	long clen = -1;
	int status, chunked = 0;

	*close_after = 0;
	for (;;) {
		ssize_t r;

		c->buf[have] = '\0';
		if ((eoh = strstr(c->buf, "\r\n\r\n")) != NULL)
			break;
		if (have >= sizeof(c->buf) - 1)
			return -1;
		r = recv(c->fd, c->buf + have, sizeof(c->buf) - 1 - have, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		have += (size_t)r;
	}
	head_len = (size_t)(eoh - c->buf) + 4;
	if (sscanf(c->buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	for (p = strstr(c->buf, "\r\n"); p != NULL && p < eoh; p = strstr(p + 2, "\r\n")) {
		const char *h = p + 2;

		if (strncasecmp(h, "Content-Length:", 15) == 0)
			clen = strtol(h + 15, NULL, 10);
		else if (strncasecmp(h, "Transfer-Encoding:", 18) == 0 && strstr(h, "chunked") &&
		    strstr(h, "chunked") < strstr(h, "\r\n"))
			chunked = 1;
		else if (strncasecmp(h, "Connection:", 11) == 0 && strncasecmp(h + 11, " close", 6) == 0)
			*close_after = 1;
	}
	if (!chunked && clen < 0)
		return -1;	/* a body until close: not what nginx sends here */
	/* Read until the whole body is in (chunked: until the 0-size chunk). */
	for (;;) {
		ssize_t r;

		if (!chunked && have >= head_len + (size_t)clen)
			break;
		if (chunked) {
			c->buf[have] = '\0';
			if (strstr(c->buf + head_len, "\r\n0\r\n\r\n") != NULL ||
			    strncmp(c->buf + head_len, "0\r\n\r\n", 5) == 0)
				break;
		}
		if (have >= sizeof(c->buf) - 1)
			return -1;
		r = recv(c->fd, c->buf + have, sizeof(c->buf) - 1 - have, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		have += (size_t)r;
	}
	c->buf[have] = '\0';
	if (chunked) {
		/* decode in place */
		char *in = c->buf + head_len, *out = in;

		for (;;) {
			char *end;
			unsigned long n = strtoul(in, &end, 16);

			if (end == in || strncmp(end, "\r\n", 2) != 0)
				return -1;
			in = end + 2;
			if (n == 0)
				break;
			memmove(out, in, n);
			out += n;
			in += n + 2;
		}
		*out = '\0';
	} else {
		need = head_len + (size_t)clen;
		c->buf[need] = '\0';
	}
	*body = c->buf + head_len;
	return status;
}

static void *
drive(void *arg)
{
	struct conn *c = arg;
	char req[2048], json[128];

	c->fd = -1;
	while (now_s() < deadline) {
		int next = c->value == 1 ? 2 : 1, status, close_after, jl, rl;
		const char *body, *v;
		double t0, t1;

		if (c->fd < 0 && (c->fd = open_conn()) < 0) {
			c->other++;
			c->status[0]++;
			usleep(10000);
			continue;
		}
		jl = snprintf(json, sizeof(json), "{\"value\":\"%d\",\"version\":%lld}", next, c->version);
		rl = snprintf(req, sizeof(req),
		    "PUT /api/v1/indicators/%lld/values/%s HTTP/1.1\r\n"
		    "Host: 127.0.0.1:%d\r\n"
		    "Cookie: %s\r\n"
		    "X-CSRF-Token: %s\r\n"
		    "Content-Type: application/json\r\n"
		    "Content-Length: %d\r\n"
		    "\r\n%s", c->indicator, c->period, port, c->cookie, c->csrf, jl, json);
		t0 = now_s();
		if (send_all(c->fd, req, (size_t)rl) != 0 ||
		    (status = read_response(c, &body, &close_after)) < 0) {
			close(c->fd);
			c->fd = -1;
			c->other++;
			c->status[0]++;
			continue;
		}
		t1 = now_s();
		c->status[status / 100 < 6 ? status / 100 : 0]++;
		if (status == 200 && (v = strstr(body, "\"version\":")) != NULL &&
		    strtoll(v + 10, NULL, 10) == c->version + 1) {
			c->ok++;
			c->version++;
			c->value = next;
			if (c->nlat < MAX_SAMPLES)
				c->lat[c->nlat++] = (t1 - t0) * 1000.0;
		} else {
			c->other++;
			if (c->other <= 3)
				fprintf(stderr, "saves: %lld %s: %d %.300s\n", c->indicator, c->period,
				    status, body);
			if ((v = strstr(body, "\"current_version\":")) != NULL)
				c->version = strtoll(v + 18, NULL, 10);
		}
		if (close_after) {
			close(c->fd);
			c->fd = -1;
		}
	}
	if (c->fd >= 0)
		close(c->fd);
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	static struct conn conns[MAX_CONNS];
	char line[1024], value[32];
	double secs, t0, t1, *all;
	long ok = 0, other = 0, n = 0, status[6] = { 0 };
	int nc = 0;
	FILE *f;

	if (argc != 4 || (port = atoi(argv[1])) <= 0 || (secs = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: saves PORT SECONDS SPECFILE\n");
		return 2;
	}
	if ((f = fopen(argv[3], "r")) == NULL) {
		perror(argv[3]);
		return 2;
	}
	while (fgets(line, sizeof(line), f) != NULL && nc < MAX_CONNS) {
		struct conn *c = &conns[nc];

		if (sscanf(line, "%lld %7s %lld %31s %199s %99s", &c->indicator, c->period, &c->version,
		    value, c->cookie, c->csrf) != 6) {
			fprintf(stderr, "saves: bad line: %s", line);
			return 2;
		}
		/* The first value sent differs from the stored one: 2 after a stored 1, else 1. */
		c->value = strtod(value, NULL) == 1.0 ? 1 : 2;
		if ((c->lat = malloc(sizeof(double) * MAX_SAMPLES)) == NULL)
			return 1;
		nc++;
	}
	fclose(f);
	if (nc == 0) {
		fprintf(stderr, "saves: no connections in %s\n", argv[3]);
		return 2;
	}
	t0 = now_s();
	deadline = t0 + secs;
	for (int i = 0; i < nc; i++)
		if (pthread_create(&conns[i].th, NULL, drive, &conns[i]) != 0) {
			fprintf(stderr, "saves: pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < nc; i++)
		pthread_join(conns[i].th, NULL);
	t1 = now_s();
	for (int i = 0; i < nc; i++) {
		ok += conns[i].ok;
		other += conns[i].other;
		n += conns[i].nlat;
		for (int k = 0; k < 6; k++)
			status[k] += conns[i].status[k];
	}
	if ((all = malloc(sizeof(double) * (size_t)(n ? n : 1))) == NULL)
		return 1;
	n = 0;
	for (int i = 0; i < nc; i++) {
		memcpy(all + n, conns[i].lat, sizeof(double) * (size_t)conns[i].nlat);
		n += conns[i].nlat;
	}
	qsort(all, (size_t)n, sizeof(double), cmp_double);
	printf("ok %ld other %ld seconds %.3f rps %.1f p50_ms %.2f p99_ms %.2f max_ms %.2f "
	    "statuses \"fail:%ld 2xx:%ld 3xx:%ld 4xx:%ld 5xx:%ld\"\n",
	    ok, other, t1 - t0, (double)ok / (t1 - t0),
	    n ? all[(n - 1) / 2] : 0.0, n ? all[(long)((double)(n - 1) * 0.99)] : 0.0,
	    n ? all[n - 1] : 0.0, status[0], status[2], status[3], status[4], status[5]);
	return 0;
}
