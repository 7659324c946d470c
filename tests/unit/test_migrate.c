/*
 * Unit tests of migrate.c: file names, ordering, planning, and scanning a
 * directory (a temporary one from mkdtemp).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrate.h"
#include "tap.h"

static char dir[] = "/tmp/metas-test-migrate.XXXXXX";

static void
touch(const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("SELECT 1;\n", f);
		fclose(f);
	}
}

static void
rm(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static void
test_names(void)
{
	CHECK(migrate_parse_name("001_catalogue.sql") == 1, "migrate: \"001_catalogue.sql\" is version 1");
	CHECK(migrate_parse_name("010_a_b.sql") == 10, "migrate: \"010_a_b.sql\" is version 10");
	CHECK(migrate_parse_name("1000_x2.sql") == 1000, "migrate: four digits and a digit in the name are accepted");
	CHECK(migrate_parse_name("1_x.sql") == -1, "migrate: \"1_x.sql\" (one digit) is refused");
	CHECK(migrate_parse_name("01_x.sql") == -1, "migrate: two digits are refused");
	CHECK(migrate_parse_name("001-x.sql") == -1, "migrate: \"001-x.sql\" (dash) is refused");
	CHECK(migrate_parse_name("001_.sql") == -1, "migrate: \"001_.sql\" (no name) is refused");
	CHECK(migrate_parse_name("001_X.sql") == -1, "migrate: \"001_X.sql\" (uppercase) is refused");
	CHECK(migrate_parse_name("001_a-b.sql") == -1, "migrate: a dash in the name is refused");
	CHECK(migrate_parse_name("000_x.sql") == -1, "migrate: \"000_x.sql\" (version 0) is refused");
	CHECK(migrate_parse_name("001_x.sql.bak") == -1, "migrate: \"001_x.sql.bak\" is refused");
	CHECK(migrate_parse_name("abc.sql") == -1, "migrate: \"abc.sql\" is refused");
	CHECK(migrate_parse_name("001_x.SQL") == -1, "migrate: an uppercase extension is refused");
	CHECK(migrate_parse_name("001_x") == -1, "migrate: a name without .sql is refused");
	CHECK(migrate_parse_name("") == -1, "migrate: the empty name is refused");
	CHECK(migrate_parse_name("9999999_x.sql") == -1, "migrate: a version over six digits is refused");
}

static void
test_sort_plan(void)
{
	struct migration m[] = {
		{ 10, "010_j.sql" }, { 9, "009_i.sql" }, { 1, "001_a.sql" }, { 2, "002_b.sql" },
	};
	struct migration d[] = { { 3, "003_a.sql" }, { 1, "001_x.sql" }, { 3, "003_b.sql" } };
	char err[256] = "";
	size_t todo[4];
	int applied[4], n;

	CHECK(migrate_sort(m, 4, err, sizeof(err)) == 0 && m[0].version == 1 &&
	    m[1].version == 2 && m[2].version == 9 && m[3].version == 10,
	    "migrate: sort orders by number (10 after 9)");
	CHECK(strcmp(m[3].file, "010_j.sql") == 0, "migrate: sort moves the file name with its version");
	CHECK(migrate_sort(d, 3, err, sizeof(err)) == -1 && strstr(err, "003_a.sql") != NULL &&
	    strstr(err, "003_b.sql") != NULL,
	    "migrate: sort refuses two files with one version and names both");
	CHECK(migrate_sort(NULL, 0, err, sizeof(err)) == 0, "migrate: sorting nothing succeeds");

	applied[0] = 1;
	applied[1] = 9;
	n = migrate_plan(m, 4, applied, 2, todo, err, sizeof(err));
	CHECK(n == 2 && todo[0] == 1 && todo[1] == 3,
	    "migrate: plan lists only the unapplied migrations, in order");
	applied[0] = 9;
	applied[1] = 1;
	n = migrate_plan(m, 4, applied, 2, todo, err, sizeof(err));
	CHECK(n == 2 && todo[0] == 1 && todo[1] == 3,
	    "migrate: plan does not depend on the order of applied versions");
	n = migrate_plan(m, 4, applied, 0, todo, err, sizeof(err));
	CHECK(n == 4 && todo[0] == 0 && todo[3] == 3, "migrate: plan on an empty database lists all");
	applied[0] = 1; applied[1] = 2; applied[2] = 9; applied[3] = 10;
	CHECK(migrate_plan(m, 4, applied, 4, todo, err, sizeof(err)) == 0,
	    "migrate: plan on an up-to-date database is empty");
	applied[0] = 1;
	applied[1] = 4;
	err[0] = '\0';
	CHECK(migrate_plan(m, 4, applied, 2, todo, err, sizeof(err)) == -1 &&
	    strstr(err, "4") != NULL,
	    "migrate: plan refuses a database version no file knows, naming it");
}

static void
test_scan(void)
{
	struct migration *m = NULL;
	char err[512] = "";
	size_t n = 99;
	int rc;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "migrate: mkdtemp");
		return;
	}
	rc = migrate_scan(dir, &m, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 0, "migrate: scan of an empty directory finds nothing");
	free(m);

	touch("010_c.sql");
	touch("002_b.sql");
	touch("001_a.sql");
	touch("README");
	touch("notes.txt");
	rc = migrate_scan(dir, &m, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 3, "migrate: scan finds the migrations and ignores other files");
	CHECK(rc == 0 && n == 3 && m[0].version == 1 && m[1].version == 2 &&
	    m[2].version == 10 && strcmp(m[2].file, "010_c.sql") == 0,
	    "migrate: scan returns them sorted by version");
	free(m);

	touch("1_bad.sql");
	err[0] = '\0';
	m = NULL;
	rc = migrate_scan(dir, &m, &n, err, sizeof(err));
	CHECK(rc == -1 && strstr(err, "1_bad.sql") != NULL && m == NULL && n == 0,
	    "migrate: scan refuses a misnamed .sql file and names it");
	rm("1_bad.sql");

	touch("002_again.sql");
	err[0] = '\0';
	rc = migrate_scan(dir, &m, &n, err, sizeof(err));
	CHECK(rc == -1 && strstr(err, "002_") != NULL, "migrate: scan refuses duplicate versions");
	rm("002_again.sql");

	rm("010_c.sql");
	rm("002_b.sql");
	rm("001_a.sql");
	rm("README");
	rm("notes.txt");
	rmdir(dir);
	err[0] = '\0';
	CHECK(migrate_scan(dir, &m, &n, err, sizeof(err)) == -1 && strstr(err, dir) != NULL,
	    "migrate: scan of a missing directory fails naming it");
}

int
main(void)
{
	test_names();
	test_sort_plan();
	test_scan();
	return TAP_DONE();
}
