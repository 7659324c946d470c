/*
 * Parsers of untrusted key/value input and the validators of field tables.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "form.h"

int
link_valid(const char *s, size_t n)
{
	size_t i;

	if (n >= 8 && strncasecmp(s, "https://", 8) == 0)
		i = 8;
	else if (n >= 7 && strncasecmp(s, "http://", 7) == 0)
		i = 7;
	else
		return 0;
	if (i == n || s[i] == '/' || s[i] == '?' || s[i] == '#')
		return 0;	/* no host */
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)s[k] <= ' ' || s[k] == 0x7f || s[k] == '"' || s[k] == '<' ||
		    s[k] == '>')
			return 0;
	return 1;
}

int
text_blank(const char *s)
{
	if (s != NULL)
		for (; *s; s++)
			if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
				return 0;
	return 1;
}

int
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t need;
		unsigned int cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			need = 1; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3; cp = c & 0x07;
		} else
			return 0;
		if (n - i - 1 < need)
			return 0;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

int
parse_ll(const char *s, size_t n, long long min, long long max, long long *out)
{
	long long v = 0;
	size_t i = 0;
	int neg = 0;

	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == n || n - i > 19)
		return 0;
	for (; i < n; i++) {
		int d;

		if (s[i] < '0' || s[i] > '9')
			return 0;
		d = s[i] - '0';
		if (v > (LLONG_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

const char *
form_err_str(enum form_err e)
{
	switch (e) {
	case FORM_OK:		return "correcto";
	case FORM_ERR_SYNTAX:	return "la solicitud tiene un formato incorrecto";
	case FORM_ERR_NUL:	return "la solicitud contiene un carácter nulo";
	case FORM_ERR_UTF8:	return "la solicitud contiene texto que no es UTF-8 válido";
	case FORM_ERR_DUP:	return "un campo aparece más de una vez";
	case FORM_ERR_TOO_LONG:	return "un valor es demasiado largo";
	case FORM_ERR_TOO_MANY:	return "la solicitud tiene demasiados campos";
	case FORM_ERR_INVALID:	return "un valor no es válido";
	}
	return "error desconocido";
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) ('+' is a space when plus is set) into the arena. */
static enum form_err
decode(struct arena *a, const char *s, size_t n, int plus, char **out, size_t *outlen)
{
	char *d = arena_alloc(a, n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return FORM_ERR_SYNTAX;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus)
			d[j++] = ' ';
		else
			d[j++] = s[i];
	}
	d[j] = '\0';
	if (memchr(d, '\0', j) != NULL)
		return FORM_ERR_NUL;
	if (!utf8_valid(d, j))
		return FORM_ERR_UTF8;
	*out = d;
	*outlen = j;
	return FORM_OK;
}

static int
lookup(const struct field *fields, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(fields[i].name) == len &&
		    memcmp(fields[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* Store an already-decoded value for field idx and validate it. */
static enum form_err
assign(struct arena *a, const struct field *f, struct param *p, char *val, size_t len)
{
	if (p->present && (f->flags & FIELD_MULTI) && strchr(val, ',') == NULL) {
		char *joined = arena_alloc(a, p->len + len + 2);

		memcpy(joined, p->s, p->len);
		joined[p->len] = ',';
		memcpy(joined + p->len + 1, val, len + 1);
		val = joined;
		len += p->len + 1;
	} else if (p->present)
		return FORM_ERR_DUP;
	p->present = 1;
	p->s = val;
	p->len = len;
	if (f->valid != NULL && !f->valid(f, p))
		return FORM_ERR_INVALID;
	return FORM_OK;
}

/*
 * The shared scanner: split on sep, trim leading spaces when trim is set,
 * decode with percent-escapes when pct is set.
 */
static enum form_err
parse_pairs(struct arena *a, const char *in, size_t len, char sep, int trim,
    int pct, const struct field *fields, size_t n, struct param *out, int *bad)
{
	size_t pos = 0, pairs = 0;
	int first_invalid = -1;

	*bad = -1;
	memset(out, 0, n * sizeof(*out));
	if (len > FORM_MAX_INPUT)
		return FORM_ERR_TOO_LONG;
	if (memchr(in, '\0', len) != NULL)
		return FORM_ERR_NUL;
	while (pos < len) {
		const char *pair = in + pos, *end, *eq;
		size_t plen, klen;
		char *key, *val;
		size_t keylen, vallen;
		enum form_err e;
		int idx;

		end = memchr(pair, sep, len - pos);
		plen = end ? (size_t)(end - pair) : len - pos;
		pos += plen + (end ? 1 : 0);
		if (trim)
			while (plen > 0 && *pair == ' ') {
				pair++;
				plen--;
			}
		if (plen == 0)
			continue;
		if (++pairs > FORM_MAX_PAIRS)
			return FORM_ERR_TOO_MANY;
		eq = memchr(pair, '=', plen);
		klen = eq ? (size_t)(eq - pair) : plen;
		if (klen == 0)
			return FORM_ERR_SYNTAX;
		if (pct) {
			if ((e = decode(a, pair, klen, 1, &key, &keylen)) != FORM_OK)
				return e;
		} else {
			key = arena_strndup(a, pair, klen);
			keylen = klen;
			if (!utf8_valid(key, keylen))
				return FORM_ERR_UTF8;
		}
		idx = lookup(fields, n, key, keylen);
		if (idx < 0) {
			/* Unknown fields are ignored, but must be well-formed too. */
			if (pct && eq != NULL && (e = decode(a, eq + 1, plen - klen - 1, 1,
			    &val, &vallen)) != FORM_OK)
				return e;
			continue;
		}
		*bad = idx;
		if (eq == NULL) {
			val = arena_strdup(a, "");
			vallen = 0;
		} else if (pct) {
			if ((e = decode(a, eq + 1, plen - klen - 1, 1, &val, &vallen)) != FORM_OK)
				return e;
		} else {
			vallen = plen - klen - 1;
			val = arena_strndup(a, eq + 1, vallen);
			if (!utf8_valid(val, vallen))
				return FORM_ERR_UTF8;
		}
		e = assign(a, &fields[idx], &out[idx], val, vallen);
		if (e == FORM_ERR_INVALID) {
			out[idx].invalid = 1;
			if (first_invalid < 0)
				first_invalid = idx;
		} else if (e != FORM_OK)
			return e;
		*bad = -1;
	}
	if (first_invalid >= 0) {
		*bad = first_invalid;
		return FORM_ERR_INVALID;
	}
	return FORM_OK;
}

enum form_err
form_parse_urlencoded(struct arena *a, const char *in, size_t len,
    const struct field *fields, size_t n, struct param *out, int *bad)
{
	return parse_pairs(a, in, len, '&', 0, 1, fields, n, out, bad);
}

enum form_err
form_parse_cookies(struct arena *a, const char *in, size_t len,
    const struct field *fields, size_t n, struct param *out, int *bad)
{
	return parse_pairs(a, in, len, ';', 1, 0, fields, n, out, bad);
}

enum form_err
form_check_value(struct arena *a, const char *in, size_t len,
    const struct field *f, struct param *out)
{
	memset(out, 0, sizeof(*out));
	if (memchr(in, '\0', len) != NULL)
		return FORM_ERR_NUL;
	if (!utf8_valid(in, len))
		return FORM_ERR_UTF8;
	return assign(a, f, out, arena_strndup(a, in, len), len);
}

/* ---- validators -------------------------------------------------------- */

int
valid_int(const struct field *f, struct param *p)
{
	return parse_ll(p->s, p->len, f->min, f->max, &p->i);
}

int
valid_text(const struct field *f, struct param *p)
{
	if ((long long)p->len < f->min || (long long)p->len > f->max)
		return 0;
	for (size_t i = 0; i < p->len; i++) {
		unsigned char c = (unsigned char)p->s[i];

		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int
readable_text(const struct field *f, const struct param *p, int lines)
{
	size_t chars = utf8_chars(p->s);
	const unsigned char *s = (const unsigned char *)p->s;

	if ((long long)chars < f->min || (long long)chars > f->max)
		return 0;
	for (size_t i = 0; i < p->len; i++) {
		if ((s[i] < 0x20 && !(lines && (s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))) ||
		    s[i] == 0x7f)
			return 0;
		/* U+202A..U+202E: E2 80 AA..AE; U+2066..U+2069: E2 81 A6..A9 */
		if (s[i] == 0xe2 && i + 2 < p->len &&
		    ((s[i + 1] == 0x80 && s[i + 2] >= 0xaa && s[i + 2] <= 0xae) ||
		    (s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9)))
			return 0;
		/* C1 controls: U+0080..U+009F, C2 80..9F */
		if (s[i] == 0xc2 && i + 1 < p->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			return 0;
	}
	return 1;
}

int
valid_line(const struct field *f, struct param *p)
{
	return readable_text(f, p, 0);
}

int
valid_lines(const struct field *f, struct param *p)
{
	return readable_text(f, p, 1);
}

const char *
form_field_rule(struct arena *a, const struct field *f)
{
	if (f->valid == valid_int)
		return arena_printf(a, "debe ser un número entero de %lld a %lld", f->min, f->max);
	if (f->valid == valid_line || f->valid == valid_text)
		return f->min > 0 ? arena_printf(a, "admite de %lld a %lld caracteres, en una sola "
		    "línea y sin caracteres de control", f->min, f->max) :
		    arena_printf(a, "admite hasta %lld caracteres, en una sola línea y sin caracteres "
		    "de control", f->max);
	if (f->valid == valid_lines || f->valid == NULL)
		return f->min > 0 ? arena_printf(a, "admite de %lld a %lld caracteres, sin "
		    "caracteres de control", f->min, f->max) : arena_printf(a, "admite hasta %lld "
		    "caracteres, sin caracteres de control", f->max);
	if (f->valid == valid_id_list)
		return "debe ser una lista de identificadores";
	if (f->valid == valid_period)
		return "debe ser un mes escrito AAAA-MM";
	return "no tiene un valor admitido";
}

int
valid_token(const struct field *f, struct param *p)
{
	if ((long long)p->len < f->min || (long long)p->len > f->max)
		return 0;
	for (size_t i = 0; i < p->len; i++) {
		char c = p->s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int
valid_id_list(const struct field *f, struct param *p)
{
	const char *s = p->s;
	long long v;

	if (p->len == 0)
		return 1;
	for (;;) {
		size_t n = strcspn(s, ",");

		if (n == 0 || s[0] == '0' || s[0] == '+' || s[0] == '-' ||
		    !parse_ll(s, n, 1, f->max > 0 ? f->max : 2147483647LL, &v))
			return 0;
		s += n;
		if (*s == '\0')
			return 1;
		s++;
	}
}

long long *
parse_id_list(struct arena *a, const char *s, size_t *n)
{
	size_t cnt = *s ? 1 : 0;
	long long *out;

	for (const char *q = s; *q; q++)
		if (*q == ',')
			cnt++;
	out = arena_calloc(a, cnt ? cnt : 1, sizeof(*out));
	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");

		if (parse_ll(s, len, 1, 2147483647LL, &out[*n]))
			(*n)++;
		s += len;
		if (*s == ',')
			s++;
	}
	return out;
}

int
valid_period(const struct field *f, struct param *p)
{
	long long y, m;

	(void)f;
	if (p->len != 7 || p->s[4] != '-')
		return 0;
	if (!parse_ll(p->s, 4, 2000, 2100, &y) ||
	    p->s[0] == '+' || p->s[0] == '-' || p->s[5] == '+' || p->s[5] == '-' ||
	    !parse_ll(p->s + 5, 2, 1, 12, &m))
		return 0;
	p->i = y * 100 + m;
	return 1;
}
