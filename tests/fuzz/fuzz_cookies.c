/*
 * libFuzzer target: form_parse_cookies() on arbitrary bytes. Aborts when
 * an accepted header breaks the parser's promises.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

enum { C_SESSION, C_HOST_SESSION, C_PRE, C_THEME, C_N, C__MAX };

static const struct field fields[C__MAX] = {
	[C_SESSION]	= { .name = "metas", .valid = valid_token, .min = 1, .max = 128 },
	[C_HOST_SESSION] = { .name = "__Host-metas", .valid = valid_token, .min = 1, .max = 128 },
	[C_PRE]		= { .name = "metas_pre", .valid = valid_token, .min = 1, .max = 128 },
	[C_THEME]	= { .name = "tema", .valid = valid_text, .min = 0, .max = 64 },
	[C_N]		= { .name = "n", .valid = valid_int, .min = 0, .max = 1000 },
};

static struct arena *a;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct param out[C__MAX];
	enum form_err e;
	int bad = -2;

	if (a == NULL)
		a = arena_new(64 * 1024);
	e = form_parse_cookies(a, (const char *)data, size, fields, C__MAX, out, &bad);
	if (bad < -1 || bad >= C__MAX)
		abort();
	if (e == FORM_OK) {
		for (int i = 0; i < C__MAX; i++) {
			const struct param *p = &out[i];
			struct param q;

			if (!p->present)
				continue;
			/* Values are raw: no separator can be inside one. */
			if (p->s == NULL || strlen(p->s) != p->len || memchr(p->s, ';', p->len) ||
			    !utf8_valid(p->s, p->len))
				abort();
			q = *p;
			if (!fields[i].valid(&fields[i], &q))
				abort();
			if (i == C_N && (p->i < 0 || p->i > 1000))
				abort();
		}
	}
	arena_reset(a);
	return 0;
}
