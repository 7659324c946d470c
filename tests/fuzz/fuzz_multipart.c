/*
 * libFuzzer target: multipart_boundary(), multipart_parse(),
 * multipart_fields(), multipart_count_files() and multipart_safe_filename()
 * on arbitrary bytes.
 * The first line of the input is the Content-Type header, the rest the
 * body. Aborts when an accepted body breaks the parser's promises.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "multipart.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct field fields[] = {
	{ .name = "csrf", .valid = valid_token, .min = 1, .max = 128 },
	{ .name = "v5", .valid = valid_text, .min = 0, .max = 40 },
	{ .name = "unidad", .valid = valid_id_list, .min = 0, .max = 2147483647LL, .flags = FIELD_MULTI },
};
#define NF (sizeof(fields) / sizeof(fields[0]))

static struct arena *a;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nl = memchr(in, '\n', size);
	const char *boundary, *body;
	struct mpart *parts;
	struct param out[NF];
	size_t n, blen;
	char *ct;
	int bad = -2;

	if (a == NULL)
		a = arena_new(64 * 1024);
	if (nl == NULL)
		return 0;
	ct = arena_strndup(a, in, (size_t)(nl - in));
	body = nl + 1;
	blen = size - (size_t)(nl - in) - 1;
	if ((boundary = multipart_boundary(a, ct)) != NULL &&
	    multipart_parse(a, boundary, body, blen, &parts, &n) == FORM_OK) {
		if (n > MULTIPART_MAX_PARTS)
			abort();
		for (size_t i = 0; i < n; i++) {
			/* every part lies inside the body */
			if (parts[i].data < body || parts[i].data + parts[i].len > body + blen ||
			    parts[i].name == NULL || !utf8_valid(parts[i].name, strlen(parts[i].name)))
				abort();
			if (parts[i].filename != NULL) {
				const char *safe = multipart_safe_filename(a, parts[i].filename);

				if (safe != NULL && (strchr(safe, '/') || strchr(safe, '\\') ||
				    safe[0] == '.' || strlen(safe) > 200))
					abort();
			}
		}
		/* evidence_max_files counts file parts: never more than there are parts */
		if (multipart_count_files(parts, n) > n)
			abort();
		(void)multipart_fields(a, parts, n, fields, NF, out, &bad);
		if (bad < -1 || bad >= (int)NF)
			abort();
		for (size_t i = 0; i < NF; i++)
			if (out[i].present && (out[i].s == NULL || strlen(out[i].s) != out[i].len))
				abort();
	}
	arena_reset(a);
	return 0;
}
