/*
 * A request as the worker sees it, the response it builds, and the context
 * handed to handlers. Handlers glue HTTP to service functions; they read
 * only validated, typed values from struct request.
 */
#ifndef METAS_HTTP_H
#define METAS_HTTP_H

#include <stddef.h>

#include "arena.h"
#include "form.h"

enum http_method {
	METHOD_GET = 0,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_PUT,
	METHOD_PATCH,
	METHOD_DELETE,
	METHOD__MAX,
	METHOD_OTHER = METHOD__MAX,
};

/* The FastCGI parameters we read, declared once with their validators. */
enum env_field {
	ENV_METHOD,
	ENV_URI,		/* DOCUMENT_URI: decoded, normalised by nginx */
	ENV_QUERY,
	ENV_CONTENT_LENGTH,
	ENV_CONTENT_TYPE,
	ENV_REMOTE_ADDR,
	ENV_HTTPS,
	ENV_HOST,
	ENV_COOKIE,
	ENV_ORIGIN,
	ENV_SEC_FETCH_SITE,
	ENV_CSRF_TOKEN,
	ENV_IF_NONE_MATCH,
	ENV_ACCEPT,
	ENV_USER_AGENT,
	ENV_REFERER,		/* only for a "Volver" link (response.c checks it) */
	ENV__MAX
};

struct request {
	struct arena		*arena;
	enum http_method	 method;
	const char		*method_name;
	const char		*path;
	const char		*query;		/* raw, may be "" */
	size_t			 content_length;
	int			 https;
	int			 is_api;	/* path under /api/: errors in JSON */
	const char		*base;		/* "/i/<slug>" when the path chose the institution, else "" */
	const char		*base_slug;	/* that slug, else "" */
	struct param		 env[ENV__MAX];
	const char		*body;		/* content_length bytes, or NULL */
	struct mpart		*parts;		/* multipart body, parsed once (request_parts) */
	size_t			 nparts;
	int			 parts_err;	/* 0 = not parsed yet; else enum form_err + 1 */
};

enum cache_policy {
	CACHE_NO_STORE = 0,	/* default: authenticated pages, API, errors */
	CACHE_REVALIDATE,	/* public pages: no-cache with an ETag */
};

struct response {
	int			 status;
	const char		*content_type;
	enum cache_policy	 cache;
	const char		*etag;		/* with quotes */
	const char		*allow;		/* for 405 */
	const char		*location;
	const char		*retry_after;
#define RESPONSE_COOKIES 4
	const char		*set_cookie[RESPONSE_COOKIES];	/* Set-Cookie values */
	const char		*disposition;	/* Content-Disposition value, or NULL */
	int			 file_fd;	/* >= 0: the body is this file (closed after) */
	size_t			 file_size;
	struct buf		 body;
};

struct worker;

/* Route arguments captured from {id}, {period} and {sha256} segments. */
#define ROUTE_MAX_IDS	3
struct route_args {
	long long	id[ROUTE_MAX_IDS];
	int		nid;
	int		period;		/* year*100+month, 0 when absent */
	char		sha256[65];
};

struct session_ctx;

struct ctx {
	struct request		*req;
	struct response		*res;
	struct worker		*w;
	struct route_args	 args;
	long long		 inst;		/* institution served */
	const char		*slug;		/* its slug (tenant.c) */
	struct session_ctx	*sess;		/* NULL when nobody is logged in */
	const char		*notice;	/* one-off message for the page */
};

/*
 * Cookie names: __Host- prefixed over HTTPS. Under a path prefix /i/<slug>
 * the names carry the slug (metas_<slug>, __Secure-metas_<slug> over HTTPS)
 * and the cookie's Path is the prefix, so one institution's cookie is never
 * sent to another's address.
 */
const char	*cookie_session_name(const struct request *);
const char	*cookie_prelogin_name(const struct request *);
/* Add "Set-Cookie: name=value; Path=/ (or the prefix); HttpOnly; SameSite=Lax[; Secure][; Max-Age=N]". */
void	response_cookie(struct ctx *, const char *name, const char *value, int max_age);
/* 303 See Other to a local path. */
void	response_redirect(struct ctx *, const char *path);
/* The cookie value of name, or NULL. */
const char	*request_cookie(struct ctx *, const char *name);
/*
 * Parse the JSON object body against a field table (strings, integers,
 * booleans as "1"/"0", arrays joined with ','). 0, or -1 after answering
 * 415/400/422 in JSON.
 */
int	json_body(struct ctx *, const struct field *, size_t n, struct param *out);
/* The parts of a multipart/form-data body, parsed on first use. */
struct mpart;
enum form_err	request_parts(struct ctx *, const struct mpart **, size_t *n);
/*
 * Parse the urlencoded body against a field table. 0, or -1 after
 * answering 400.
 */
int	form_body(struct ctx *, const struct field *, size_t n, struct param *out);

/* Parse "KEY=VALUE" FastCGI parameters into r. Returns 0 or an HTTP status (400). */
int	request_parse_env(struct request *r, struct arena *, char **envp, const char **why);
enum http_method http_method_from(const char *);
const char	*http_method_name(enum http_method);

/* Reset res for a new request: status 200, text/html, no-store. */
void	response_init(struct response *, struct arena *);
/* The one function that writes response headers (security headers included). */
void	response_headers(struct buf *out, const struct response *, int head_only);
const char	*http_status_text(int);
/*
 * Replace the response with an error: JSON {"error":{code,message}} for
 * API requests, a Spanish HTML page otherwise.
 */
void	response_error(struct ctx *, int status, const char *code, const char *message);
/* Start a JSON response body from a cJSON object (the object is freed). */
struct cJSON;
void	response_json(struct ctx *, int status, struct cJSON *);

#endif
