/*
 * libFuzzer target: form_parse_urlencoded() on arbitrary bytes, against a
 * field table with integer, text, token and period validators. Besides
 * crashes and sanitizer reports, it aborts when an accepted form breaks
 * the parser's promises (values NUL-terminated, valid UTF-8, validated).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

enum { F_ANIO, F_ID, F_TEXTO, F_PERIODO, F_TOKEN, F__MAX };

static const struct field fields[F__MAX] = {
	[F_ANIO]	= { .name = "anio", .valid = valid_int, .min = 2000, .max = 2100 },
	[F_ID]		= { .name = "id", .valid = valid_int, .min = 1, .max = 2147483647 },
	[F_TEXTO]	= { .name = "texto", .valid = valid_text, .min = 0, .max = 512 },
	[F_PERIODO]	= { .name = "periodo", .valid = valid_period },
	[F_TOKEN]	= { .name = "token", .valid = valid_token, .min = 1, .max = 64 },
};

/* One arena for the process, reset after every input as a worker does. */
static struct arena *a;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct param out[F__MAX];
	enum form_err e;
	int bad = -2;

	if (a == NULL)
		a = arena_new(64 * 1024);
	e = form_parse_urlencoded(a, (const char *)data, size, fields, F__MAX, out, &bad);
	if (bad < -1 || bad >= F__MAX)
		abort();
	if (e == FORM_OK) {
		if (bad != -1)
			abort();
		for (int i = 0; i < F__MAX; i++) {
			const struct param *p = &out[i];
			struct param q;

			if (!p->present)
				continue;
			if (p->s == NULL || strlen(p->s) != p->len || !utf8_valid(p->s, p->len))
				abort();
			/* An accepted value passes its validator again. */
			q = *p;
			if (!fields[i].valid(&fields[i], &q))
				abort();
			if ((i == F_ANIO && (p->i < 2000 || p->i > 2100)) ||
			    (i == F_ID && (p->i < 1 || p->i > 2147483647)) ||
			    (i == F_PERIODO && (p->i < 200001 || p->i > 210012)))
				abort();
		}
	} else if (e == FORM_ERR_DUP && bad < 0)
		abort();	/* a duplicate always names its field */
	arena_reset(a);
	return 0;
}
