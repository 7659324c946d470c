/*
 * JSON request bodies: parsed by cJSON, then every member goes through the
 * same field table and validators as form input, so handlers read typed,
 * validated values whichever way the data came.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "form.h"
#include "http.h"
#include "json.h"

#define JSON_MAX_DEPTH	8

/*
 * A scalar as text, by what the field takes: strings as they are; numbers
 * (integral for integer fields, decimals for text such as a value); booleans
 * as 1/0 only for 0..1 integer fields. Anything else is NULL: the wrong type.
 */
static const char *
scalar_text(struct arena *a, const cJSON *v, const struct field *f)
{
	int integer = f->valid == valid_int || f->valid == valid_id_list;

	if (cJSON_IsNull(v))
		return f->flags & FIELD_NULLABLE ? "" : NULL;
	if (f->valid == valid_id_list)
		return NULL;	/* a list is a JSON array, never a string or a number */
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsBool(v))
		return f->valid == valid_int && f->min >= 0 && f->max == 1 ?
		    (cJSON_IsTrue(v) ? "1" : "0") : NULL;
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (!isfinite(d) || fabs(d) > 9007199254740992.0)
			return NULL;
		if (d == floor(d))
			return arena_printf(a, "%.0f", d);
		return integer || f->valid != valid_text ? NULL : arena_printf(a, "%.15g", d);
	}
	return NULL;
}

/* One element of a JSON array: an id of a list, or a value of a repeated field. */
static const char *
element_text(struct arena *a, const cJSON *v, const struct field *f)
{
	if (f->valid == valid_id_list)
		return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
		    fabs(v->valuedouble) <= 9007199254740992.0 ?
		    arena_printf(a, "%.0f", v->valuedouble) : NULL;
	return cJSON_IsNull(v) ? NULL : scalar_text(a, v, f);
}

/*
 * 1 when the JSON text has a \u0000 escape: cJSON would cut the string
 * there and the rest would be lost without a word.
 */
static int
has_nul_escape(const char *s, size_t len)
{
	for (size_t i = 0; i + 6 <= len; i++) {
		size_t k = 0;

		if (s[i] != '\\' || (s[i + 1] != 'u' && s[i + 1] != 'U') ||
		    memcmp(s + i + 2, "0000", 4) != 0)
			continue;
		while (k < i && s[i - 1 - k] == '\\')
			k++;
		if (k % 2 == 0)		/* the backslash is not itself escaped */
			return 1;
	}
	return 0;
}

static int
depth(const cJSON *v, int d)
{
	int max = d;

	if (d > JSON_MAX_DEPTH)
		return d;
	for (const cJSON *k = v->child; k != NULL; k = k->next) {
		int kd = depth(k, d + 1);

		if (kd > max)
			max = kd;
	}
	return max;
}

/*
 * Parse body[0..len) into out[] (n entries). Returns FORM_OK or an error;
 * *bad is the offending field or -1.
 */
enum form_err
json_parse_fields(struct arena *a, const char *body, size_t len, const struct field *fields,
    size_t n, struct param *out, int *bad)
{
	cJSON *root;
	enum form_err rc = FORM_OK;

	*bad = -1;
	memset(out, 0, n * sizeof(*out));
	if (len > FORM_MAX_INPUT)
		return FORM_ERR_TOO_LONG;
	if (memchr(body, '\0', len) != NULL || has_nul_escape(body, len))
		return FORM_ERR_NUL;
	if (!utf8_valid(body, len))
		return FORM_ERR_UTF8;
	root = cJSON_ParseWithLength(body, len);
	if (root == NULL || !cJSON_IsObject(root) || depth(root, 0) > JSON_MAX_DEPTH) {
		cJSON_Delete(root);
		return FORM_ERR_SYNTAX;
	}
	for (const cJSON *m = root->child; m != NULL && rc == FORM_OK; m = m->next) {
		struct buf b;
		const char *text;
		size_t i;

		for (i = 0; i < n; i++)
			if (strcmp(fields[i].name, m->string) == 0)
				break;
		if (i == n)
			continue;	/* unknown members are ignored */
		*bad = (int)i;
		if (out[i].present) {
			rc = FORM_ERR_DUP;
			break;
		}
		if (cJSON_IsArray(m)) {
			if (!(fields[i].flags & FIELD_MULTI) && fields[i].valid != valid_id_list) {
				rc = FORM_ERR_INVALID;	/* a list where one value goes */
				break;
			}
			buf_init(&b, a);
			for (const cJSON *e = m->child; e != NULL; e = e->next) {
				if ((text = element_text(a, e, &fields[i])) == NULL || strchr(text, ',') != NULL) {
					rc = FORM_ERR_INVALID;
					break;
				}
				if (b.len)
					buf_putc(&b, ',');
				buf_puts(&b, text);
			}
			text = b.data;
		} else if ((text = scalar_text(a, m, &fields[i])) == NULL)
			rc = FORM_ERR_INVALID;
		if (rc != FORM_OK)
			break;
		if (strlen(text) > FORM_MAX_INPUT) {
			rc = FORM_ERR_TOO_LONG;
			break;
		}
		rc = form_check_value(a, text, strlen(text), &fields[i], &out[i]);
		if (rc == FORM_OK)
			*bad = -1;
	}
	cJSON_Delete(root);
	return rc;
}

int
json_body(struct ctx *c, const struct field *fields, size_t n, struct param *out)
{
	const struct param *ct = &c->req->env[ENV_CONTENT_TYPE];
	enum form_err e;
	int bad;

	/* application/json, then nothing, a parameter or spaces: not application/jsonfoo */
	if (!ct->present || strncasecmp(ct->s, "application/json", 16) != 0 ||
	    (ct->s[16] != '\0' && ct->s[16] != ';' && ct->s[16] != ' ' && ct->s[16] != '\t')) {
		response_error(c, 415, "unsupported_media_type",
		    "El cuerpo debe ser JSON (Content-Type: application/json).");
		return -1;
	}
	e = json_parse_fields(c->req->arena, c->req->body ? c->req->body : "",
	    c->req->content_length, fields, n, out, &bad);
	if (e == FORM_OK)
		return 0;
	if (e == FORM_ERR_INVALID && bad >= 0)
		response_error(c, 422, "invalid", arena_printf(c->req->arena,
		    "El campo «%s» %s.", fields[bad].name, form_field_rule(c->req->arena, &fields[bad])));
	else if (bad >= 0)
		response_error(c, 400, "bad_request", arena_printf(c->req->arena,
		    "El campo «%s»: %s.", fields[bad].name, form_err_str(e)));
	else
		response_error(c, 400, "bad_request", arena_printf(c->req->arena,
		    "El cuerpo JSON no es válido: %s.", form_err_str(e)));
	return -1;
}

int
form_body(struct ctx *c, const struct field *fields, size_t n, struct param *out)
{
	enum form_err e;
	int bad;

	e = form_parse_urlencoded(c->req->arena, c->req->body ? c->req->body : "",
	    c->req->content_length, fields, n, out, &bad);
	if (e == FORM_OK || e == FORM_ERR_INVALID)
		return 0;	/* invalid values are shown next to their field */
	response_error(c, 400, "bad_request", arena_printf(c->req->arena,
	    "El formulario no se pudo leer: %s.", form_err_str(e)));
	return -1;
}

cJSON *
json_object(void)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		oom();
	return o;
}

char *
json_to_arena(struct arena *a, cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o), *out;

	if (s == NULL)
		oom();
	out = arena_strdup(a, s);
	cJSON_free(s);
	cJSON_Delete(o);
	return out;
}
