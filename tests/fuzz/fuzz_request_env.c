/*
 * libFuzzer target: request_parse_env() on a FastCGI parameter list made
 * from the input, one "KEY=VALUE" per line. Each line gets its own heap
 * block so that ASan sees an over-read past any one of them.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct arena *a;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request r;
	const char *why = NULL;
	char **envp;
	size_t nlines = 1, k = 0, start = 0;
	int st;

	if (a == NULL)
		a = arena_new(64 * 1024);
	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n')
			nlines++;
	envp = xcalloc(nlines + 1, sizeof(*envp));
	for (size_t i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		envp[k] = xmalloc(i - start + 1);
		memcpy(envp[k], data + start, i - start);
		envp[k][i - start] = '\0';	/* an embedded NUL just ends it early */
		k++;
		start = i + 1;
	}
	envp[k] = NULL;

	st = request_parse_env(&r, a, envp, &why);
	if (st != 0 && (st != 400 || why == NULL))
		abort();
	if (st == 0) {
		size_t n = strlen(r.path);

		if (why != NULL || r.path[0] != '/' || !utf8_valid(r.path, n) ||
		    r.method_name == NULL || r.query == NULL ||
		    !utf8_valid(r.query, strlen(r.query)) ||
		    r.content_length > ((size_t)1 << 40) ||
		    r.is_api != (strncmp(r.path, "/api/", 5) == 0) ||
		    (r.https != 0 && r.https != 1) || r.method > METHOD_OTHER)
			abort();
		for (int i = 0; i < ENV__MAX; i++)
			if (r.env[i].present &&
			    (r.env[i].s == NULL || strlen(r.env[i].s) != r.env[i].len))
				abort();
	}

	for (size_t i = 0; i < k; i++)
		free(envp[i]);
	free(envp);
	arena_reset(a);
	return 0;
}
