/*
 * The FastCGI parameters of a request, parsed through one field table.
 */
#include "config.h"

#include <string.h>

#include "http.h"
#include "multipart.h"

static const struct field env_fields[ENV__MAX] = {
	[ENV_METHOD]		= { "REQUEST_METHOD", valid_token, 1, 16, 0 },
	[ENV_URI]		= { "DOCUMENT_URI", valid_text, 1, 2048, 0 },
	[ENV_QUERY]		= { "QUERY_STRING", NULL, 0, 0, 0 },	/* parsed per route */
	[ENV_CONTENT_LENGTH]	= { "CONTENT_LENGTH", NULL, 0, 0, 0 },	/* empty or a number */
	[ENV_CONTENT_TYPE]	= { "CONTENT_TYPE", valid_text, 0, 256, 0 },
	[ENV_REMOTE_ADDR]	= { "REMOTE_ADDR", valid_text, 0, 64, 0 },
	[ENV_HTTPS]		= { "HTTPS", valid_text, 0, 8, 0 },
	[ENV_HOST]		= { "HTTP_HOST", valid_text, 0, 256, 0 },
	[ENV_COOKIE]		= { "HTTP_COOKIE", valid_text, 0, 8192, 0 },
	[ENV_ORIGIN]		= { "HTTP_ORIGIN", valid_text, 0, 512, 0 },
	[ENV_SEC_FETCH_SITE]	= { "HTTP_SEC_FETCH_SITE", valid_token, 0, 32, 0 },
	[ENV_CSRF_TOKEN]	= { "HTTP_X_CSRF_TOKEN", valid_text, 0, 256, 0 },
	[ENV_IF_NONE_MATCH]	= { "HTTP_IF_NONE_MATCH", valid_text, 0, 512, 0 },
	[ENV_ACCEPT]		= { "HTTP_ACCEPT", valid_text, 0, 1024, 0 },
	[ENV_USER_AGENT]	= { "HTTP_USER_AGENT", valid_text, 0, 1024, 0 },
	/* no validator: an odd Referer must not refuse the request; see response.c */
	[ENV_REFERER]		= { "HTTP_REFERER", NULL, 0, 0, 0 },
};

static const char *const method_names[METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
};

enum http_method
http_method_from(const char *s)
{
	for (int m = 0; m < METHOD__MAX; m++)
		if (strcmp(s, method_names[m]) == 0)
			return (enum http_method)m;
	return METHOD_OTHER;
}

const char *
http_method_name(enum http_method m)
{
	return m < METHOD__MAX ? method_names[m] : "OTHER";
}

int
request_parse_env(struct request *r, struct arena *a, char **envp, const char **why)
{
	long long cl = 0;

	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->method = METHOD_OTHER;
	r->method_name = "-";
	r->path = "-";
	r->query = "";
	*why = NULL;
	for (char **e = envp; e != NULL && *e != NULL; e++) {
		const char *eq = strchr(*e, '=');
		size_t klen;
		int idx = -1;

		if (eq == NULL)
			continue;
		klen = (size_t)(eq - *e);
		for (int i = 0; i < ENV__MAX; i++)
			if (strlen(env_fields[i].name) == klen &&
			    memcmp(env_fields[i].name, *e, klen) == 0) {
				idx = i;
				break;
			}
		if (idx < 0)
			continue;
		if (r->env[idx].present) {
			*why = "cabecera repetida";
			return 400;
		}
		if (form_check_value(a, eq + 1, strlen(eq + 1), &env_fields[idx],
		    &r->env[idx]) != FORM_OK) {
			*why = "cabecera no válida";
			r->env[idx].present = 0;
			return 400;
		}
	}
	if (r->env[ENV_METHOD].present) {
		r->method_name = r->env[ENV_METHOD].s;
		r->method = http_method_from(r->method_name);
	}
	if (!r->env[ENV_URI].present || r->env[ENV_URI].s[0] != '/') {
		*why = "ruta no válida";
		return 400;
	}
	r->path = r->env[ENV_URI].s;
	r->is_api = strncmp(r->path, "/api/", 5) == 0;
	if (r->env[ENV_QUERY].present)
		r->query = r->env[ENV_QUERY].s;
	if (r->env[ENV_CONTENT_LENGTH].present && r->env[ENV_CONTENT_LENGTH].len > 0) {
		const struct param *p = &r->env[ENV_CONTENT_LENGTH];

		if (p->s[0] == '+' || p->s[0] == '-' ||
		    !parse_ll(p->s, p->len, 0, (long long)1 << 40, &cl)) {
			*why = "Content-Length no válido";
			return 400;
		}
	}
	r->content_length = (size_t)cl;
	r->https = r->env[ENV_HTTPS].present && r->env[ENV_HTTPS].len > 0 &&
	    strcmp(r->env[ENV_HTTPS].s, "off") != 0;
	return 0;
}

enum form_err
request_parts(struct ctx *c, const struct mpart **parts, size_t *n)
{
	struct request *r = c->req;

	if (r->parts_err == 0) {
		const char *b = multipart_boundary(r->arena, r->env[ENV_CONTENT_TYPE].present ?
		    r->env[ENV_CONTENT_TYPE].s : NULL);
		enum form_err e = b == NULL ? FORM_ERR_SYNTAX :
		    multipart_parse(r->arena, b, r->body ? r->body : "", r->content_length,
		    &r->parts, &r->nparts);

		r->parts_err = (int)e + 1;
	}
	*parts = r->parts;
	*n = r->nparts;
	return (enum form_err)(r->parts_err - 1);
}
