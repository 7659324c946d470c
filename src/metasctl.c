/*
 * metasctl: the command-line tool for operators and scripts.
 *   metasctl [-c FILE] migrate [--dry-run]
 *   metasctl [-c FILE] seed-demo
 *   metasctl [-c FILE] check-config
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "conf.h"
#include "db_admin.h"
#include "migrate.h"

#ifndef METAS_SYSCONFDIR
#define METAS_SYSCONFDIR "/etc"
#endif

#define MAX_SQL_FILE	(16 * 1024 * 1024)

static void
usage(void)
{
	fprintf(stderr,
	    "uso: metasctl [-c archivo] orden [opciones]\n"
	    "órdenes:\n"
	    "  migrate [--dry-run]   aplica las migraciones pendientes de sql_dir\n"
	    "  seed-demo             carga los datos de demostración (CONGOPE, 31/01/2023)\n"
	    "  check-config          valida el archivo de configuración\n");
	exit(2);
}

/* Read a whole file into heap memory (NUL-terminated). NULL with err set. */
static char *
slurp(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *s;
	size_t n;

	if (f == NULL || fstat(fileno(f), &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	if (st.st_size < 0 || st.st_size > MAX_SQL_FILE) {
		snprintf(err, errlen, "%s: file too large", path);
		fclose(f);
		return NULL;
	}
	s = xmalloc((size_t)st.st_size + 1);
	n = fread(s, 1, (size_t)st.st_size, f);
	fclose(f);
	s[n] = '\0';
	if (strlen(s) != n) {
		snprintf(err, errlen, "%s: contains a NUL byte", path);
		free(s);
		return NULL;
	}
	return s;
}

static int
cmd_migrate(const struct conf *c, int dry)
{
	struct migration *all = NULL;
	size_t n = 0, napplied = 0, *todo = NULL;
	int *applied = NULL, count, rc = 1;
	struct dba *d = NULL;
	char err[1024];

	if (migrate_scan(c->sql_dir, &all, &n, err, sizeof(err)) != 0)
		goto out;
	if ((d = dba_open(c, err, sizeof(err))) == NULL)
		goto out;
	if (dba_applied(d, &applied, &napplied, err, sizeof(err)) != 0)
		goto out;
	todo = xcalloc(n + 1, sizeof(*todo));
	if ((count = migrate_plan(all, n, applied, napplied, todo, err, sizeof(err))) < 0)
		goto out;
	if (count == 0)
		printf("El esquema está al día (%zu migraciones aplicadas).\n", napplied);
	for (int i = 0; i < count; i++) {
		const struct migration *m = &all[todo[i]];
		char path[1024];
		char *sql;

		if (snprintf(path, sizeof(path), "%s/%s", c->sql_dir, m->file) >= (int)sizeof(path)) {
			snprintf(err, sizeof(err), "path too long");
			goto out;
		}
		if (dry) {
			printf("se aplicaría: %s\n", m->file);
			continue;
		}
		if ((sql = slurp(path, err, sizeof(err))) == NULL)
			goto out;
		if (dba_apply(d, m->version, m->file, sql, err, sizeof(err)) != 0) {
			free(sql);
			fprintf(stderr, "metasctl: la migración %s falló\n", m->file);
			goto out;
		}
		free(sql);
		printf("aplicada: %s\n", m->file);
	}
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "metasctl migrate: %s\n", err);
	free(all);
	free(applied);
	free(todo);
	dba_close(d);
	return rc;
}

static int
cmd_seed_demo(const struct conf *c)
{
	struct dba *d;
	char err[1024], path[1024];
	char *sql = NULL;
	int rc = 1, exists;

	if ((d = dba_open(c, err, sizeof(err))) == NULL)
		goto out;
	if ((exists = dba_institution_exists(d, "congope", err, sizeof(err))) < 0)
		goto out;
	if (exists) {
		printf("Los datos de demostración ya están cargados.\n");
		rc = 0;
		goto out;
	}
	if (snprintf(path, sizeof(path), "%s/demo/congope.sql", c->sql_dir) >= (int)sizeof(path)) {
		snprintf(err, sizeof(err), "path too long");
		goto out;
	}
	if ((sql = slurp(path, err, sizeof(err))) == NULL)
		goto out;
	if (dba_run_transaction(d, sql, err, sizeof(err)) != 0)
		goto out;
	printf("Datos de demostración cargados: CONGOPE, matriz a4 del 31/01/2023.\n");
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "metasctl seed-demo: %s\n", err);
	free(sql);
	dba_close(d);
	return rc;
}

int
main(int argc, char *argv[])
{
	const char *path = METAS_SYSCONFDIR "/metas/metas.conf";
	struct conf c;
	char err[512];
	int ch;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	conf_defaults(&c);
	if (conf_load(&c, path, err, sizeof(err)) != 0) {
		fprintf(stderr, "metasctl: configuración no válida: %s\n", err);
		return 1;
	}
	if (strcmp(argv[0], "migrate") == 0) {
		if (argc == 2 && strcmp(argv[1], "--dry-run") == 0)
			return cmd_migrate(&c, 1);
		if (argc != 1)
			usage();
		return cmd_migrate(&c, 0);
	}
	if (strcmp(argv[0], "seed-demo") == 0 && argc == 1)
		return cmd_seed_demo(&c);
	if (strcmp(argv[0], "check-config") == 0 && argc == 1) {
		conf_print(stdout, &c);
		return 0;
	}
	usage();
	return 2;
}
