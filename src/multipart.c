/*
 * multipart/form-data parsing.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "arena.h"
#include "multipart.h"

const char *
multipart_boundary(struct arena *a, const char *ct)
{
	const char *p, *b;
	size_t n;

	if (ct == NULL || strncasecmp(ct, "multipart/form-data", 19) != 0)
		return NULL;
	for (p = ct + 19; (p = strchr(p, ';')) != NULL; ) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) != 0)
			continue;
		b = p + 9;
		if (*b == '"') {
			const char *e = strchr(++b, '"');

			if (e == NULL)
				return NULL;
			n = (size_t)(e - b);
		} else
			n = strcspn(b, "; \t");
		if (n == 0 || n > 70)
			return NULL;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)b[i];

			if (c < 0x20 || c > 0x7e)
				return NULL;
		}
		return arena_strndup(a, b, n);
	}
	return NULL;
}

/* The value of param (name= or filename=) in a Content-Disposition line, or NULL. */
static const char *
disp_param(struct arena *a, const char *line, size_t len, const char *param, int *bad)
{
	size_t pl = strlen(param);

	for (size_t i = 0; i + pl + 1 < len; i++) {
		const char *v;
		size_t k;

		if ((i > 0 && line[i - 1] != ' ' && line[i - 1] != ';' && line[i - 1] != '\t') ||
		    strncasecmp(line + i, param, pl) != 0 || line[i + pl] != '=')
			continue;
		v = line + i + pl + 1;
		if (v >= line + len || *v != '"') {
			*bad = 1;	/* we send and accept quoted values only */
			return NULL;
		}
		v++;
		for (k = 0; v + k < line + len && v[k] != '"'; k++)
			;
		if (v + k >= line + len) {
			*bad = 1;
			return NULL;
		}
		return arena_strndup(a, v, k);
	}
	return NULL;
}

/* Parse one part's headers hdr[0..n). */
static enum form_err
part_headers(struct arena *a, const char *hdr, size_t n, struct mpart *p)
{
	size_t pos = 0;
	int have_disp = 0;

	if (memchr(hdr, '\0', n) != NULL)
		return FORM_ERR_NUL;
	if (!utf8_valid(hdr, n))
		return FORM_ERR_UTF8;
	while (pos < n) {
		const char *line = hdr + pos, *end = memchr(line, '\r', n - pos);
		size_t len = end ? (size_t)(end - line) : n - pos;

		if (end != NULL && (size_t)(end - hdr) + 1 < n && end[1] != '\n')
			return FORM_ERR_SYNTAX;
		pos += len + 2;
		/* never compare past the line: hdr is not NUL-terminated */
		if (len >= 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
			int bad = 0;

			if (have_disp)
				return FORM_ERR_DUP;
			have_disp = 1;
			p->name = disp_param(a, line, len, "name", &bad);
			p->filename = disp_param(a, line, len, "filename", &bad);
			if (bad || p->name == NULL || p->name[0] == '\0')
				return FORM_ERR_SYNTAX;
		} else if (len >= 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
			const char *v = line + 13;
			size_t vl = len - 13;

			while (vl > 0 && *v == ' ') {
				v++;
				vl--;
			}
			p->ctype = arena_strndup(a, v, vl);
		}
	}
	return have_disp ? FORM_OK : FORM_ERR_SYNTAX;
}

enum form_err
multipart_parse(struct arena *a, const char *boundary, const char *body, size_t len,
    struct mpart **parts, size_t *n)
{
	size_t bl = strlen(boundary), pos, cap = 8;
	char *delim;
	struct mpart *out;

	*parts = NULL;
	*n = 0;
	if (bl == 0 || bl > 70)
		return FORM_ERR_SYNTAX;
	/* "\r\n--boundary": the first one has no leading CRLF. */
	delim = arena_alloc(a, bl + 5);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, bl + 1);
	if (len < bl + 2 || memcmp(body, "--", 2) != 0 || memcmp(body + 2, boundary, bl) != 0)
		return FORM_ERR_SYNTAX;
	pos = bl + 2;
	out = arena_calloc(a, cap, sizeof(*out));
	for (;;) {
		const char *hend, *next;
		struct mpart p;
		enum form_err e;

		/* after a delimiter: "--" ends the body, "\r\n" starts a part */
		if (len - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			break;
		if (len - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return FORM_ERR_SYNTAX;
		pos += 2;
		hend = memmem(body + pos, len - pos, "\r\n\r\n", 4);
		if (hend == NULL || (size_t)(hend - body - pos) > MULTIPART_MAX_HEADER)
			return FORM_ERR_SYNTAX;
		memset(&p, 0, sizeof(p));
		if ((e = part_headers(a, body + pos, (size_t)(hend - body) - pos + 2, &p)) != FORM_OK)
			return e;
		pos = (size_t)(hend - body) + 4;
		next = memmem(body + pos, len - pos, delim, bl + 4);
		if (next == NULL)
			return FORM_ERR_SYNTAX;	/* truncated */
		p.data = body + pos;
		p.len = (size_t)(next - body) - pos;
		pos = (size_t)(next - body) + bl + 4;
		if (*n == MULTIPART_MAX_PARTS)
			return FORM_ERR_TOO_MANY;
		if (*n == cap) {
			struct mpart *bigger = arena_calloc(a, cap * 2, sizeof(*out));

			memcpy(bigger, out, cap * sizeof(*out));
			out = bigger;
			cap *= 2;
		}
		out[(*n)++] = p;
	}
	*parts = out;
	return FORM_OK;
}

enum form_err
multipart_fields(struct arena *a, const struct mpart *parts, size_t n, const struct field *fields,
    size_t nfields, struct param *out, int *bad)
{
	int first_invalid = -1;

	*bad = -1;
	memset(out, 0, nfields * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		struct param tmp;
		enum form_err e;
		size_t k;

		if (parts[i].filename != NULL)
			continue;
		for (k = 0; k < nfields; k++)
			if (strcmp(fields[k].name, parts[i].name) == 0)
				break;
		if (k == nfields)
			continue;
		e = form_check_value(a, parts[i].data, parts[i].len, &fields[k], &tmp);
		if (e != FORM_OK && e != FORM_ERR_INVALID) {
			*bad = (int)k;
			return e;
		}
		if (out[k].present) {
			if (!(fields[k].flags & FIELD_MULTI)) {
				*bad = (int)k;
				return FORM_ERR_DUP;
			}
			tmp.s = arena_printf(a, "%s,%s", out[k].s, tmp.s);
			tmp.len = strlen(tmp.s);
			e = fields[k].valid == NULL || fields[k].valid(&fields[k], &tmp) ?
			    FORM_OK : FORM_ERR_INVALID;
		}
		tmp.present = 1;
		tmp.invalid = e == FORM_ERR_INVALID;
		out[k] = tmp;
		if (tmp.invalid && first_invalid < 0)
			first_invalid = (int)k;
	}
	if (first_invalid >= 0) {
		*bad = first_invalid;
		return FORM_ERR_INVALID;
	}
	return FORM_OK;
}

size_t
multipart_count_files(const struct mpart *parts, size_t n)
{
	size_t files = 0;

	for (size_t i = 0; i < n; i++)
		if (parts[i].filename != NULL && (parts[i].filename[0] != '\0' || parts[i].len > 0))
			files++;
	return files;
}

const char *
multipart_safe_filename(struct arena *a, const char *sent)
{
	const char *base = sent;
	size_t n;

	/* Browsers send the bare name; a path part means a crafted request. */
	if (sent == NULL || strchr(sent, '/') != NULL || strchr(sent, '\\') != NULL)
		return NULL;
	n = strlen(base);
	if (n == 0 || n > 200 || !utf8_valid(base, n) || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0 || base[0] == '.')
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)base[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == ';')
			return NULL;
	}
	return arena_strndup(a, base, n);
}
