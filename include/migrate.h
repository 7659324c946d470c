/*
 * Migrations: numbered files NNN_name.sql in the SQL directory, applied in
 * order, each recorded in schema_migrations. This part is pure (no
 * database) so the ordering rules are unit-tested.
 */
#ifndef METAS_MIGRATE_H
#define METAS_MIGRATE_H

#include <stddef.h>

#define MIGRATION_NAME	128

struct migration {
	int	version;
	char	file[MIGRATION_NAME];	/* "001_catalogue.sql" */
};

/*
 * Version of a migration file name "NNN_name.sql" (three or more digits,
 * then '_', then [a-z0-9_], then ".sql"), or -1 when the name is not one.
 */
int	migrate_parse_name(const char *);
/*
 * Sort migrations by version. Returns 0, or -1 with err set when two share
 * a version.
 */
int	migrate_sort(struct migration *, size_t, char *err, size_t errlen);
/*
 * Which of the sorted migrations all[0..n) still need applying, given the
 * applied versions. todo[] receives indexes into all (room for n). Fails
 * when the database has a version no file knows (the schema is newer than
 * this program). Returns the count, or -1 with err set.
 */
int	migrate_plan(const struct migration *all, size_t n, const int *applied,
	    size_t napplied, size_t *todo, char *err, size_t errlen);
/*
 * Read dir for migration files (other files are ignored; a file that looks
 * like a migration but is misnamed is an error). *out is heap memory.
 */
int	migrate_scan(const char *dir, struct migration **out, size_t *n,
	    char *err, size_t errlen);

#endif
