/*
 * Migration file names, ordering and planning.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "migrate.h"

int
migrate_parse_name(const char *s)
{
	size_t n = strlen(s), i = 0, digits;
	long v = 0;

	if (n < 9 || n >= MIGRATION_NAME || strcmp(s + n - 4, ".sql") != 0)
		return -1;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (v > 99999)
			return -1;
		v = v * 10 + (s[i] - '0');
		i++;
	}
	digits = i;
	if (digits < 3 || s[i] != '_' || v == 0)
		return -1;
	i++;
	if (i >= n - 4)
		return -1;
	for (; i < n - 4; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return -1;
	return (int)v;
}

static int
cmp_version(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;

	return (x->version > y->version) - (x->version < y->version);
}

int
migrate_sort(struct migration *m, size_t n, char *err, size_t errlen)
{
	if (n > 1)	/* m may be NULL when n is 0, and qsort's base must not be */
		qsort(m, n, sizeof(*m), cmp_version);
	for (size_t i = 1; i < n; i++)
		if (m[i].version == m[i - 1].version) {
			snprintf(err, errlen, "migrations %s and %s share version %d",
			    m[i - 1].file, m[i].file, m[i].version);
			return -1;
		}
	return 0;
}

int
migrate_plan(const struct migration *all, size_t n, const int *applied, size_t napplied,
    size_t *todo, char *err, size_t errlen)
{
	int count = 0;

	for (size_t k = 0; k < napplied; k++) {
		size_t i;

		for (i = 0; i < n; i++)
			if (all[i].version == applied[k])
				break;
		if (i == n) {
			snprintf(err, errlen, "the database has migration %d, which this "
			    "version of metas does not know: upgrade metas", applied[k]);
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < napplied; k++)
			if (applied[k] == all[i].version)
				break;
		if (k == napplied)
			todo[count++] = i;
	}
	return count;
}

int
migrate_scan(const char *dir, struct migration **out, size_t *n, char *err, size_t errlen)
{
	struct migration *m = NULL;
	size_t cap = 0, cnt = 0;
	struct dirent *e;
	DIR *d;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		int v;

		if (len < 4 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		if ((v = migrate_parse_name(e->d_name)) < 0) {
			snprintf(err, errlen, "%s/%s: not a migration name (NNN_name.sql)",
			    dir, e->d_name);
			goto fail;
		}
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			m = xrealloc(m, cap * sizeof(*m));
		}
		m[cnt].version = v;
		/* migrate_parse_name() accepted it, so it fits: len < MIGRATION_NAME. */
		memcpy(m[cnt].file, e->d_name, len + 1);
		cnt++;
	}
	closedir(d);
	if (migrate_sort(m, cnt, err, errlen) != 0) {
		free(m);
		return -1;
	}
	*out = m;
	*n = cnt;
	return 0;
fail:
	closedir(d);
	free(m);
	return -1;
}
