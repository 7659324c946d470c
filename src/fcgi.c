/*
 * A worker: accept loop over libfcgi, one request arena, dispatch through
 * the route table, one place that writes the response.
 *
 * Signals: a worker keeps SIGTERM and SIGINT blocked except while it waits
 * for a connection (see accept() below), so a stop request ends it only
 * when it holds no connection: a request being served always finishes
 * (graceful restart, SIGHUP in the master, relies on this).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "epoch.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "multipart.h"
#include "route.h"
#include "tenant.h"
#include "worker.h"

/* The signal mask while waiting for a connection: stop signals deliverable. */
static sigset_t wait_mask;

/* Delivered only inside ppoll() in accept() below: no connection is held. */
static void
on_term(int sig)
{
	(void)sig;
	_exit(0);
}

/*
 * libfcgi calls accept(2) and then reads the request's parameters before
 * FCGX_Accept_r() returns, so from outside it a worker cannot tell whether
 * it already holds a connection, and exiting on SIGTERM there lost
 * requests during SIGHUP. metasd therefore provides accept() itself (the
 * executable's definition is the one libfcgi's call binds to): it waits in
 * ppoll(), the only place where the stop signals are unblocked, and takes
 * the connection with signals blocked. The listening socket is
 * non-blocking, so a connection another worker took first just sends this
 * one back to ppoll().
 */
int
accept(int fd, struct sockaddr *sa, socklen_t *len)
{
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		long s;

		if (ppoll(&p, 1, NULL, &wait_mask) < 0 && errno != EINTR)
			return -1;
		s = syscall(SYS_accept4, fd, sa, len, SOCK_CLOEXEC);
		if (s >= 0)
			return (int)s;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
		    errno != ECONNABORTED)
			return -1;
	}
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Read exactly n body bytes into the arena; NULL when the client sent fewer. */
static const char *
read_body(FCGX_Request *rq, struct arena *a, size_t n)
{
	char *b = arena_alloc(a, n + 1);
	size_t got = 0;

	while (got < n) {
		int k = FCGX_GetStr(b + got, (int)(n - got > 65536 ? 65536 : n - got), rq->in);

		if (k <= 0)
			return NULL;
		got += (size_t)k;
	}
	b[n] = '\0';
	return b;
}

/* Discard whatever body is left so nginx is not cut off mid-send. */
static void
drain(FCGX_Request *rq)
{
	char tmp[16384];

	while (FCGX_GetStr(tmp, sizeof(tmp), rq->in) > 0)
		;
}

const char *
request_cookie(struct ctx *c, const char *name)
{
	const struct field f[1] = { { name, valid_text, 1, 256, 0 } };
	struct param p[1];
	const struct param *h = &c->req->env[ENV_COOKIE];
	int bad;

	if (!h->present)
		return NULL;
	/* A bad or repeated cookie reads as no cookie: the person can log in again. */
	if (form_parse_cookies(c->req->arena, h->s, h->len, f, 1, p, &bad) != FORM_OK)
		return NULL;
	return p[0].present ? p[0].s : NULL;
}

static int
is_mutation(enum http_method m)
{
	return m == METHOD_POST || m == METHOD_PUT || m == METHOD_PATCH || m == METHOD_DELETE;
}

/* Length of the host part of "host[:port]" or "[v6]:port". */
static size_t
host_len(const char *s)
{
	const char *e;

	if (s[0] == '[')
		return (e = strchr(s, ']')) != NULL ? (size_t)(e - s) + 1 : strlen(s);
	return strcspn(s, ":/");
}

/*
 * Refuse a state-changing request that a browser marks as coming from
 * another site: Sec-Fetch-Site must be same-origin or none, and Origin,
 * when sent, must name this scheme and host. Ports are not compared:
 * nginx passes $host (without the port) as HTTP_HOST, and a request from
 * another port of the same host is already refused by Sec-Fetch-Site
 * ("same-site").
 */
static int
same_origin(const struct request *r)
{
	const struct param *sfs = &r->env[ENV_SEC_FETCH_SITE], *o = &r->env[ENV_ORIGIN];
	const struct param *host = &r->env[ENV_HOST];
	const char *scheme = r->https ? "https://" : "http://";
	size_t sl = strlen(scheme), ol, hl;

	if (sfs->present && sfs->len > 0 && strcmp(sfs->s, "same-origin") != 0 &&
	    strcmp(sfs->s, "none") != 0)
		return 0;
	if (!o->present || o->len == 0)
		return 1;
	if (!host->present || strncasecmp(o->s, scheme, sl) != 0)
		return 0;
	ol = host_len(o->s + sl);
	hl = host_len(host->s);
	return ol == hl && ol > 0 && strncasecmp(o->s + sl, host->s, ol) == 0;
}

/* The CSRF token the request carries: the header (API) or the form field. */
static const char *
request_csrf(struct ctx *c)
{
	static const struct field f[] = { { "csrf", valid_text, 1, 128, 0 } };
	const struct param *h = &c->req->env[ENV_CSRF_TOKEN];
	struct param p[1];
	const struct param *ct = &c->req->env[ENV_CONTENT_TYPE];
	int bad;

	if (h->present && h->len > 0)
		return h->s;
	if (c->req->is_api || c->req->body == NULL || !ct->present)
		return NULL;
	if (strncasecmp(ct->s, "multipart/form-data", 19) == 0) {
		const struct mpart *parts;
		size_t n;

		if (request_parts(c, &parts, &n) != FORM_OK)
			return NULL;
		if (multipart_fields(c->req->arena, parts, n, f, 1, p, &bad) != FORM_OK)
			return NULL;
		return p[0].present ? p[0].s : NULL;
	}
	if (strncmp(ct->s, "application/x-www-form-urlencoded", 33) != 0)
		return NULL;
	if (form_parse_urlencoded(c->req->arena, c->req->body, c->req->content_length, f, 1,
	    p, &bad) != FORM_OK && !(p[0].present && !p[0].invalid))
		return NULL;
	return p[0].present && !p[0].invalid ? p[0].s : NULL;
}

/*
 * Who is asking: load the session behind the cookie, if any. A session of
 * another institution is never used here: 1 says one was sent.
 */
static int
load_session(struct ctx *c)
{
	const struct conf *cf = c->w->conf;
	const char *tok = request_cookie(c, cookie_session_name(c->req));
	struct session_ctx *s;
	enum session_result r;

	if (tok == NULL)
		return 0;
	s = arena_calloc(c->req->arena, 1, sizeof(*s));
	r = account_session(c->w->db, c->req->arena, tok, cf->session_idle, cf->session_lifetime, s);
	if (r == SESSION_ERROR)
		return -1;
	if (r == SESSION_OK && s->user->institution_id == c->inst)
		c->sess = s;
	else if (r == SESSION_OK)
		return 1;
	else if (r == SESSION_EXPIRED)
		response_cookie(c, cookie_session_name(c->req), "", 0);
	return 0;
}

/*
 * Routes flagged ROUTE_PREFETCH_* check first what the session lookup can
 * read in the same round trip (db_session_prefetch): ask for it. Every
 * request sets it, so nothing is left over from another request.
 */
static void
session_prefetch(struct ctx *c, const struct route *rt)
{
	enum db_prefetch k = DB_PREFETCH_NONE;

	if (rt->flags & ROUTE_PREFETCH_MONTH)
		k = DB_PREFETCH_MONTH;
	else if (rt->flags & ROUTE_PREFETCH_VALUE)
		k = DB_PREFETCH_VALUE;
	db_session_prefetch(c->w->db, k, c->args.id[0], c->args.period);
}

/*
 * "<what>: un envío puede llevar hasta M archivos de hasta N MB cada uno.
 * Elija …", in the arena: the upload limits as people read them, for the
 * 413 answers.
 */
static const char *
upload_limits_text(struct ctx *c, const char *what)
{
	const struct conf *cf = c->w->conf;

	return arena_printf(c->req->arena, "%s: un envío puede llevar hasta %d archivo%s de hasta "
	    "%zu MB cada uno. Elija archivos más pequeños o envíelos en dos veces.", what,
	    cf->evidence_max_files, cf->evidence_max_files == 1 ? "" : "s",
	    cf->evidence_max_size / (1024 * 1024));
}

/*
 * An upload carrying more files than evidence_max_files: answered here
 * (413, nothing stored), before any handler reads a file. 1 when answered.
 * A body that does not parse is left to the handler, which says so.
 */
static int
too_many_files(struct ctx *c)
{
	const struct param *ct = &c->req->env[ENV_CONTENT_TYPE];
	const struct mpart *parts;
	size_t n, files;

	if (!ct->present || strncasecmp(ct->s, "multipart/form-data", 19) != 0 ||
	    request_parts(c, &parts, &n) != FORM_OK)
		return 0;
	files = multipart_count_files(parts, n);
	if (files <= (size_t)c->w->conf->evidence_max_files)
		return 0;
	response_error(c, 413, "too_many_files", upload_limits_text(c,
	    arena_printf(c->req->arena, "Este envío trae %zu archivos y no se guardó nada", files)));
	return 1;
}

/* Answer "log in first": JSON 401 for the API, a redirect to the form for pages. */
static void
need_login(struct ctx *c)
{
	if (c->req->is_api) {
		response_error(c, 401, "unauthorized", "Inicie sesión para continuar.");
		return;
	}
	response_redirect(c, "/login");
}

static void
dispatch(struct ctx *c, FCGX_Request *rq, const char **klass, int *ri)
{
	struct request *req = c->req;
	const struct route *rt;
	char allow[64];
	int sst = 0;

	if (tenant_resolve(c) != 0) {
		drain(rq);
		return;
	}
	switch (route_find(routes, nroutes, req->method, req->path, &rt, &c->args,
	    allow, sizeof(allow))) {
	case ROUTE_NOT_FOUND:
		drain(rq);
		/* a page: with the person's header, so nobody thinks they were logged out */
		if (!req->is_api && c->inst != 0 && req->method == METHOD_GET) {
			db_session_prefetch(c->w->db, DB_PREFETCH_NONE, 0, 0);
			if (load_session(c) != 0)
				c->sess = NULL;
		}
		response_error(c, 404, "not_found", "La dirección solicitada no existe.");
		return;
	case ROUTE_BAD_METHOD:
		drain(rq);
		response_error(c, 405, "method_not_allowed",
		    "Este método no está permitido en esta dirección.");
		c->res->allow = arena_strdup(req->arena, allow);
		return;
	case ROUTE_FOUND:
		*ri = (int)(rt - routes);	/* for metrics: the pattern, never the URL */
		break;
	}
	/*
	 * Upload routes take evidence_max_files files of evidence_max_size
	 * (plus the form around them); nginx's client_max_body_size is the
	 * same figure, so this answer is for a body nginx let through anyway.
	 */
	if (req->content_length > ((rt->flags & ROUTE_UPLOAD) ?
	    conf_upload_limit(c->w->conf) : c->w->conf->max_body)) {
		drain(rq);
		response_error(c, 413, "payload_too_large", (rt->flags & ROUTE_UPLOAD) ?
		    upload_limits_text(c, "Los archivos de este envío pesan más de lo permitido") :
		    "La solicitud supera el tamaño máximo permitido.");
		return;
	}
	if (req->content_length > 0 &&
	    (req->body = read_body(rq, req->arena, req->content_length)) == NULL) {
		response_error(c, 400, "bad_request", "El cuerpo de la solicitud está incompleto.");
		return;
	}
	*klass = rt->class;
	if (is_mutation(req->method) && !same_origin(req)) {
		response_error(c, 403, "cross_origin",
		    "La solicitud no proviene de este sitio y fue rechazada.");
		return;
	}
	/* c->inst was chosen by tenant_resolve(); 0 only while the database is away */
	if (c->inst == 0 && !(rt->roles & ROLE_PUBLIC)) {
		response_error(c, 503, "unavailable",
		    "El servicio no está disponible en este momento. Intente de nuevo en unos minutos.");
		return;
	}
	if (c->inst != 0)
		session_prefetch(c, rt);
	if (c->inst != 0 && (sst = load_session(c)) < 0 && !(rt->roles & ROLE_PUBLIC)) {
		response_error(c, 503, "unavailable",
		    "El servicio no está disponible en este momento. Intente de nuevo en unos minutos.");
		return;
	}
	/* Another institution's session, sent here: refused, not treated as "log in". */
	if (sst == 1 && !(rt->roles & ROLE_PUBLIC)) {
		response_error(c, 403, "other_institution",
		    "Su sesión pertenece a otra institución. Ingrese con una cuenta de esta institución.");
		return;
	}
	if (!(rt->roles & ROLE_PUBLIC)) {
		unsigned have;

		if (c->sess == NULL) {
			need_login(c);
			return;
		}
		have = ROLE_USER | (c->sess->user->roles & ~(unsigned)ROLE_SUPERADMIN);
		/*
		 * The operator flag came with the session (ST_SESSION_LOOKUP, no
		 * query of its own); it counts for its routes and for staff pages'
		 * navigation, in the default institution only.
		 */
		if ((c->sess->user->roles & ROLE_SUPERADMIN) &&
		    ((rt->roles & ROLE_SUPERADMIN) || !req->is_api) &&
		    c->inst == tenant_default_id(c))
			have |= ROLE_SUPERADMIN;
		c->sess->user->roles = (c->sess->user->roles & ~(unsigned)ROLE_SUPERADMIN) |
		    (have & ROLE_SUPERADMIN);
		if ((rt->roles & have) == 0) {
			response_error(c, 403, "forbidden", "No tiene permiso para esta acción.");
			return;
		}
		if (c->sess->user->must_change && !(rt->flags & ROUTE_PW_CHANGE_OK)) {
			if (req->is_api)
				response_error(c, 403, "password_change_required",
				    "Debe cambiar su contraseña antes de continuar.");
			else
				response_redirect(c, "/cuenta/clave");
			return;
		}
		if (is_mutation(req->method)) {
			const struct param *ct = &req->env[ENV_CONTENT_TYPE];
			const struct mpart *parts;
			const char *tok;
			size_t np;

			/* A broken upload is a bad request, not an expired form. */
			if (ct->present && strncasecmp(ct->s, "multipart/form-data", 19) == 0 &&
			    request_parts(c, &parts, &np) != FORM_OK) {
				response_error(c, 400, "bad_request", "El formulario llegó incompleto o "
				    "dañado y no se guardó nada. Vuelva a cargar la página e intente de nuevo.");
				return;
			}
			tok = request_csrf(c);

			if (tok == NULL || !auth_equal(tok, c->sess->csrf)) {
				response_error(c, 403, "csrf",
				    "El formulario caducó o no es válido. Vuelva a cargar la página e intente de nuevo.");
				return;
			}
		}
	} else if (is_mutation(req->method) && !(rt->flags & ROUTE_OWN_CSRF)) {
		response_error(c, 403, "forbidden", "No tiene permiso para esta acción.");
		return;
	}
	if ((rt->flags & ROUTE_UPLOAD) && too_many_files(c))
		return;
	rt->handler(c);
}

static void
handle(struct worker *w, FCGX_Request *rq, struct arena *a)
{
	struct request req;
	struct response res;
	struct ctx c;
	struct buf head;
	const char *why, *klass = "-";
	int ri = METRICS_ROUTE_OTHER;
	double t0 = now_ms();
	int st, head_only;

	memset(&c, 0, sizeof(c));
	c.req = &req;
	c.res = &res;
	c.w = w;
	st = request_parse_env(&req, a, rq->envp, &why);
	response_init(&res, a);
	if (st != 0) {
		drain(rq);
		response_error(&c, st, "bad_request", why);
	} else
		dispatch(&c, rq, &klass, &ri);
	tenant_rebase(&c);
	head_only = req.method == METHOD_HEAD || res.status == 204 || res.status == 304;
	buf_init(&head, a);
	response_headers(&head, &res, head_only);
	FCGX_PutStr(head.data, (int)head.len, rq->out);
	if (res.file_fd >= 0) {
		char chunk[65536];
		size_t left = res.file_size;

		while (!head_only && left > 0) {
			ssize_t k = read(res.file_fd, chunk, left < sizeof(chunk) ? left : sizeof(chunk));

			if (k <= 0)
				break;	/* the client sees a short body; the log says so below */
			FCGX_PutStr(chunk, (int)k, rq->out);
			left -= (size_t)k;
		}
		close(res.file_fd);
		if (left > 0 && !head_only)
			log_msg(LOG_ERR, "file body cut short by %zu bytes", left);
	} else if (!head_only && res.body.len > 0)
		FCGX_PutStr(res.body.data, (int)res.body.len, rq->out);
	w->requests++;
	metrics_request(ri, res.status, (now_ms() - t0) / 1e3);
	if (w->conf->log_requests)
		log_request(req.method_name, req.path, res.status, now_ms() - t0,
		    head_only ? 0 : (unsigned long long)(res.file_size ? res.file_size : res.body.len),
		    klass);
}

int
worker_run(const struct conf *conf, int listen_fd, int id)
{
	struct sigaction sa;
	FCGX_Request rq;
	struct worker w;
	struct arena *a;

	sigset_t stop;
	int fl;

	epoch_set_max_age(conf->cache_ms);	/* a reload may have changed it */
	/* Stop signals wait (blocked) until the worker is back in accept(). */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	if ((fl = fcntl(listen_fd, F_GETFL)) < 0 || fcntl(listen_fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		log_msg(LOG_ERR, "worker: cannot make the socket non-blocking");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigfillset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	log_set_worker(id);
	metrics_set_slot(id);

	memset(&w, 0, sizeof(w));
	w.conf = conf;
	w.id = id;
	w.db = db_open(conf, conf->db_user, conf->db_password);
	a = arena_new(64 * 1024);

	if (FCGX_Init() != 0 || FCGX_InitRequest(&rq, listen_fd, 0) != 0) {
		log_msg(LOG_ERR, "worker: cannot initialise libfcgi");
		return 1;
	}
	log_msg(LOG_INFO, "worker %d ready", id);
	for (;;) {
		int rc = FCGX_Accept_r(&rq);

		if (rc < 0) {
			log_msg(LOG_ERR, "worker: accept failed (%d)", rc);
			break;
		}
		handle(&w, &rq, a);
		FCGX_Finish_r(&rq);
		arena_reset(a);
	}
	FCGX_Free(&rq, 1);
	arena_free(a);
	db_close(w.db);
	return 0;
}
