/*
 * A minimal TAP producer for the unit tests: one line per check,
 *   ok 3 - form: duplicate key is rejected
 *   not ok 4 - ...   # at tests/unit/test_form.c:52
 * and exit status 1 when any check failed. scripts/dev-test counts them.
 */
#ifndef METAS_TAP_H
#define METAS_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

#define CHECK(cond, name) do {						\
	tap_n++;							\
	if (cond)							\
		printf("ok %d - %s\n", tap_n, (name));			\
	else {								\
		tap_failed++;						\
		printf("not ok %d - %s  # at %s:%d: %s\n", tap_n, (name),	\
		    __FILE__, __LINE__, #cond);				\
	}								\
} while (0)

#define TAP_DONE() (printf("1..%d\n", tap_n), tap_failed ? 1 : 0)

#endif
