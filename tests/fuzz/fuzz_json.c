/*
 * libFuzzer target: json_parse_fields() (JSON request bodies through a
 * field table) on arbitrary bytes. Aborts when an accepted body breaks the
 * promises of the field parsers (values NUL-terminated, valid UTF-8,
 * validated).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

enum { J_ANIO, J_NOMBRE, J_UNIDADES, J_ACTIVO, J_PERIODO, J__MAX };

static const struct field fields[J__MAX] = {
	[J_ANIO]	= { .name = "anio", .valid = valid_int, .min = 2000, .max = 2100 },
	[J_NOMBRE]	= { .name = "nombre", .valid = valid_text, .min = 1, .max = 200 },
	[J_UNIDADES]	= { .name = "unidades", .valid = valid_id_list, .max = 100000,
			    .flags = FIELD_MULTI },
	[J_ACTIVO]	= { .name = "activo", .valid = valid_int, .min = 0, .max = 1 },
	[J_PERIODO]	= { .name = "periodo", .valid = valid_period },
};

static struct arena *a;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct param out[J__MAX];
	enum form_err e;
	int bad = -2;

	if (a == NULL)
		a = arena_new(64 * 1024);
	e = json_parse_fields(a, (const char *)data, size, fields, J__MAX, out, &bad);
	if (bad < -1 || bad >= J__MAX)
		abort();
	if (e == FORM_OK) {
		for (int i = 0; i < J__MAX; i++) {
			const struct param *p = &out[i];
			struct param q;

			if (!p->present)
				continue;
			if (p->s == NULL || strlen(p->s) != p->len || !utf8_valid(p->s, p->len))
				abort();
			q = *p;
			if (!fields[i].valid(&fields[i], &q))
				abort();
		}
		if (out[J_UNIDADES].present) {
			size_t n;

			(void)parse_id_list(a, out[J_UNIDADES].s, &n);
		}
	}
	arena_reset(a);
	return 0;
}
