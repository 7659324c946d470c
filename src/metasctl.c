/*
 * metasctl: the command-line tool for operators and scripts.
 *   metasctl [-c FILE] migrate [--dry-run]
 *   metasctl [-c FILE] seed-demo
 *   metasctl [-c FILE] check-config
 *   metasctl [-c FILE] backup --out DIR | restore --from DIR
 *   metasctl [-c FILE] user add|passwd|disable|enable|list ...
 *   metasctl [-c FILE] institution add|list|superadmin ...
 *   metasctl [-c FILE] holiday list [--year YYYY] | add YYYY-MM-DD NAME | remove YYYY-MM-DD
 *   metasctl [-c FILE] report --period YYYY-MM --out FILE [--annex] [--data-dir DIR]
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "arena.h"
#include "backup.h"
#include "conf.h"
#include "db.h"
#include "db_admin.h"
#include "epoch.h"
#include "evidence.h"
#include "holiday.h"
#include "institution.h"
#include "json.h"
#include "migrate.h"
#include "monthly.h"
#include "publish.h"
#include "report.h"
#include "route.h"

#ifndef METAS_SYSCONFDIR
#define METAS_SYSCONFDIR "/etc"
#endif

#define MAX_SQL_FILE	(16 * 1024 * 1024)

/* The help: on stdout with status 0 when asked for, else on stderr. */
static void usage(int) __attribute__((noreturn));

static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "uso: metasctl [-c archivo] orden [opciones]\n"
	    "  -c archivo            configuración; por omisión\n"
	    "                        " METAS_SYSCONFDIR "/metas/metas.conf\n"
	    "órdenes:\n"
	    "  migrate [--dry-run]   aplica las migraciones pendientes de sql_dir y da sus\n"
	    "                        permisos a la cuenta de metasd (--dry-run: las lista)\n"
	    "  seed-demo             carga los datos de demostración (CONGOPE, 31/01/2023,\n"
	    "                        dos provincias ficticias) y sus cuentas\n"
	    "  check-config          valida el archivo de configuración y muestra cada clave\n"
	    "  invalidate            hace que metasd vuelva a leer la base de datos (tras\n"
	    "                        cambiarla a mano; si no, lo hace en cache_ms)\n"
	    "  user add USUARIO --name NOMBRE [--roles admin,transparencia,jefe]\n"
	    "           [--email CORREO] [--units 1,2] [--password-stdin]\n"
	    "                        crea un usuario con contraseña temporal\n"
	    "  user passwd USUARIO [--password-stdin]\n"
	    "                        asigna una contraseña temporal (se cambia al ingresar)\n"
	    "  user disable USUARIO  desactiva la cuenta y cierra sus sesiones\n"
	    "  user enable USUARIO   reactiva la cuenta\n"
	    "  user list             lista los usuarios\n"
	    "  institution add --slug ID --name NOMBRE [--short SIGLA] [--host HOST]...\n"
	    "           --admin USUARIO [--admin-name NOMBRE] [--password-stdin]\n"
	    "                        crea una institución con su primer administrador\n"
	    "                        (contraseña temporal; se abre en /i/ID/)\n"
	    "  institution list      lista las instituciones del servidor\n"
	    "  institution superadmin USUARIO [--revoke]\n"
	    "                        da (o quita) a un usuario de la institución por\n"
	    "                        omisión el permiso de crear instituciones\n"
	    "  holiday list [--year AAAA]\n"
	    "                        lista los feriados nacionales (de un año o todos)\n"
	    "  holiday add AAAA-MM-DD NOMBRE\n"
	    "                        registra un feriado nacional (el día de descanso que\n"
	    "                        rige); vale para todas las instituciones del servidor\n"
	    "  holiday remove AAAA-MM-DD\n"
	    "                        quita el feriado de ese día\n"
	    "  report --period AAAA-MM --out ARCHIVO [--annex] [--data-dir CARPETA]\n"
	    "                        genera y guarda el informe a4 del mes (PDF; \"-\":\n"
	    "                        salida estándar); --annex añade el anexo de avance de\n"
	    "                        los indicadores; --data-dir escribe sus datos abiertos\n"
	    "  publish --period AAAA-MM [--reason TEXTO] [--annex]\n"
	    "                        genera el informe del mes, lo firma con el certificado\n"
	    "                        institucional (signing_p12) y lo publica; --reason:\n"
	    "                        motivo público, obligatorio si el mes ya se publicó\n"
	    "  evidence purge [--dry-run]\n"
	    "                        borra de evidence_dir los archivos que ningún mes usa\n"
	    "                        (los quitados con «Quitar al guardar» y los que no\n"
	    "                        tienen registro); --dry-run: solo los lista\n"
	    "  backup --out CARPETA  copia de seguridad: base de datos, evidencias,\n"
	    "                        publicaciones y MANIFEST con el SHA-256 de cada\n"
	    "                        archivo (CARPETA nueva o vacía)\n"
	    "  restore --from CARPETA\n"
	    "                        verifica la copia y la carga en una base y carpetas\n"
	    "                        vacías\n"
	    "Sin --password-stdin, en una terminal la contraseña se pide dos veces.\n"
	    "Salida: 0 correcto, 1 error, 2 uso incorrecto; backup y restore: 3 copia no\n"
	    "válida, 4 la carpeta o la base de destino no está vacía.\n");
	exit(status);
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
	if (!dry && dba_grant_runtime(d, c->db_name, c->db_user, c->db_user_host, err,
	    sizeof(err)) != 0)
		goto out;
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

/*
 * The demo accounts (demo only: the passwords are in the README). Created
 * through the same service as any account, then marked as not needing a
 * password change so a newcomer can look around at once.
 */
#define DEMO_ADMIN_PW		"demo-admin-2023"
#define DEMO_TRANSP_PW		"demo-transparencia-2023"
#define DEMO_JEFE_PW		"demo-jefe-2023"

static int
demo_user(struct db *db, struct arena *a, long long inst, const char *username,
    const char *name, unsigned roles, long long unit, const char *pw)
{
	struct actor who = { 0, "metasctl", "local" };
	struct user_change ch;
	struct user u;
	const char *hash, *msg = NULL;
	char fresh[AUTH_HASH_MAX];
	long long id;

	if (db_user_by_name(db, a, inst, username, &u, &hash) == DB_OK)
		return 0;
	memset(&ch, 0, sizeof(ch));
	ch.username = username;
	ch.display_name = name;
	ch.email = "";
	ch.roles = (int)roles;
	ch.active = 1;
	ch.units = unit ? &unit : NULL;
	ch.nunits = unit ? 1 : 0;
	ch.password = pw;
	if (account_user_create(db, a, inst, &who, &ch, &id, &msg) != CHANGE_OK) {
		fprintf(stderr, "metasctl seed-demo: %s: %s\n", username, msg ? msg : "error");
		return -1;
	}
	if (auth_hash_password(pw, fresh) != 0 || db_user_set_password(db, inst, id, fresh, 0) != DB_OK)
		return -1;
	return 0;
}

static int
seed_demo_users(const struct conf *c)
{
	struct arena *a = arena_new(64 * 1024);
	struct unit_row *units;
	struct db *db;
	char pw[256], err[512];
	long long inst;
	size_t n;
	int rc = -1;

	if (conf_read_secret(c->db_admin_password_file, pw, sizeof(pw), err, sizeof(err)) != 0) {
		fprintf(stderr, "metasctl seed-demo: %s\n", err);
		arena_free(a);
		return -1;
	}
	db = db_open(c, c->db_admin_user, pw);
	explicit_bzero(pw, sizeof(pw));
	if (auth_init() != 0 || db_institution_id(db, a, "congope", &inst) != DB_OK ||
	    db_units_list(db, a, inst, 0, &units, &n) != DB_OK)
		goto out;
	if (demo_user(db, a, inst, "admin", "Administración (demostración)", ROLE_ADMIN, 0,
	    DEMO_ADMIN_PW) != 0 ||
	    demo_user(db, a, inst, "transparencia", "Responsable de transparencia (demostración)",
	    ROLE_TRANSPARENCIA, 0, DEMO_TRANSP_PW) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char username[16];
		const char *name = arena_printf(a, "Jefe de %s (demostración)", units[i].name);

		snprintf(username, sizeof(username), "jefe%02d", units[i].number);
		if (demo_user(db, a, inst, username, name, ROLE_JEFE, units[i].id, DEMO_JEFE_PW) != 0)
			goto out;
	}
	rc = 0;
out:
	db_close(db);
	arena_free(a);
	return rc;
}

/*
 * The two fictitious provincial governments (sql/demo/provincias.sql) and
 * their accounts, and the demo operator of the deployment ("operador", a
 * CONGOPE user without roles but with the super-administrator flag).
 */
#define DEMO_OPERADOR_PW	"demo-operador-2023"

static int
seed_demo_provinces(const struct conf *c, struct dba *d, char *err, size_t errlen)
{
	static const char *const prov[][2] = { { "demo-norte", "norte" }, { "demo-sur", "sur" } };
	struct arena *a;
	struct db *db;
	char path[1024], pw[256];
	char *sql;
	long long inst;
	int exists, rc = -1;

	if ((exists = dba_institution_exists(d, prov[0][0], err, errlen)) < 0)
		return -1;
	if (!exists) {
		if (snprintf(path, sizeof(path), "%s/demo/provincias.sql", c->sql_dir) >=
		    (int)sizeof(path)) {
			snprintf(err, errlen, "path too long");
			return -1;
		}
		if ((sql = slurp(path, err, errlen)) == NULL)
			return -1;
		rc = dba_run_transaction(d, sql, err, errlen);
		free(sql);
		if (rc != 0)
			return -1;
		printf("Datos de demostración cargados: dos gobiernos provinciales ficticios "
		    "(/i/demo-norte/ y /i/demo-sur/).\n");
		rc = -1;
	}
	if (conf_read_secret(c->db_admin_password_file, pw, sizeof(pw), err, errlen) != 0)
		return -1;
	a = arena_new(64 * 1024);
	db = db_open(c, c->db_admin_user, pw);
	explicit_bzero(pw, sizeof(pw));
	for (size_t k = 0; k < sizeof(prov) / sizeof(prov[0]); k++) {
		struct unit_row *units;
		size_t n;

		if (db_institution_id(db, a, prov[k][0], &inst) != DB_OK ||
		    db_units_list(db, a, inst, 0, &units, &n) != DB_OK)
			goto out;
		if (demo_user(db, a, inst, arena_printf(a, "%s.admin", prov[k][1]),
		    "Administración (demostración)", ROLE_ADMIN, 0, DEMO_ADMIN_PW) != 0 ||
		    demo_user(db, a, inst, arena_printf(a, "%s.transparencia", prov[k][1]),
		    "Responsable de transparencia (demostración)", ROLE_TRANSPARENCIA, 0,
		    DEMO_TRANSP_PW) != 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			if (demo_user(db, a, inst, arena_printf(a, "%s.jefe%02d", prov[k][1],
			    units[i].number), arena_printf(a, "Jefe de %s", units[i].name), ROLE_JEFE,
			    units[i].id, DEMO_JEFE_PW) != 0)
				goto out;
	}
	{
		struct user u;
		const char *hash;
		int yes = 0;

		/* Set once: an UPDATE that changes nothing reads as "no such user". */
		if (db_institution_id(db, a, "congope", &inst) != DB_OK ||
		    demo_user(db, a, inst, "operador", "Operación del servidor (demostración)", 0, 0,
		    DEMO_OPERADOR_PW) != 0 ||
		    db_user_by_name(db, a, inst, "operador", &u, &hash) != DB_OK ||
		    db_user_superadmin(db, a, inst, u.id, &yes) != DB_OK ||
		    (!yes && db_user_set_superadmin(db, inst, u.id, 1) != DB_OK))
			goto out;
	}
	rc = 0;
out:
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errlen, "no pude crear las cuentas de demostración de las provincias");
	db_close(db);
	arena_free(a);
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
		err[0] = '\0';
		rc = seed_demo_users(c) == 0 && seed_demo_provinces(c, d, err, sizeof(err)) == 0 ?
		    0 : 1;
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
	if (seed_demo_users(c) != 0)
		goto out;
	printf("Cuentas de demostración: admin, transparencia y un jefe por unidad (jefe01, jefe02, …).\n");
	err[0] = '\0';
	if (seed_demo_provinces(c, d, err, sizeof(err)) != 0)
		goto out;
	printf("Cuentas de las provincias ficticias: norte.admin, norte.transparencia, norte.jefe01, …; "
	    "sur.admin, …; operador (crea instituciones).\n");
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "metasctl seed-demo: %s\n", err);
	free(sql);
	dba_close(d);
	return rc;
}

/* ---- users -------------------------------------------------------------- */

/* Read a password: one line from stdin, or a hidden prompt (twice) on a terminal. */
static int
read_password(int from_stdin, char *out, size_t len)
{
	struct termios old, quiet;
	char again[512];
	int tty = isatty(STDIN_FILENO) && !from_stdin;
	size_t n;

	for (int round = 0; round < (tty ? 2 : 1); round++) {
		char *dst = round == 0 ? out : again;
		size_t dlen = round == 0 ? len : sizeof(again);

		if (tty) {
			fprintf(stderr, round == 0 ? "Contraseña temporal: " : "Repítala: ");
			tcgetattr(STDIN_FILENO, &old);
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
		if (fgets(dst, (int)dlen, stdin) == NULL)
			dst[0] = '\0';
		if (tty) {
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
			fputc('\n', stderr);
		}
		n = strlen(dst);
		while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == '\r'))
			dst[--n] = '\0';
	}
	if (tty && strcmp(out, again) != 0) {
		fprintf(stderr, "metasctl: las contraseñas no coinciden\n");
		return -1;
	}
	explicit_bzero(again, sizeof(again));
	return out[0] == '\0' ? -1 : 0;
}

/*
 * The migrations owner's connection and the configured institution's id
 * (*inst). drop_fd >= 0: started as root, give that folder to the
 * configured user and become it after reading the password, before
 * connecting. NULL after saying why on stderr; the caller closes the db.
 */
static struct db *
admin_open(const struct conf *c, struct arena *a, int drop_fd, long long *inst)
{
	char adminpw[256], err[512];
	struct db *db;

	if (conf_read_secret(c->db_admin_password_file, adminpw, sizeof(adminpw), err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "metasctl: %s\n", err);
		return NULL;
	}
	if (drop_fd >= 0 && geteuid() == 0) {
		struct passwd *pw = getpwnam(c->user);

		if (pw == NULL || pw->pw_uid == 0 || fchown(drop_fd, pw->pw_uid, pw->pw_gid) != 0 ||
		    setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
			fprintf(stderr, "metasctl: no pude pasar al usuario «%s» (clave user)\n", c->user);
			explicit_bzero(adminpw, sizeof(adminpw));
			return NULL;
		}
	}
	db = db_open(c, c->db_admin_user, adminpw);
	explicit_bzero(adminpw, sizeof(adminpw));
	if (auth_init() != 0 || db_institution_id(db, a, c->institution, inst) != DB_OK) {
		fprintf(stderr, "metasctl: no encuentro la institución «%s» (¿migrate y datos cargados?)\n",
		    c->institution);
		db_close(db);
		return NULL;
	}
	return db;
}

static int
print_change(enum change_result r, const char *msg)
{
	if (r == CHANGE_OK)
		return 0;
	fprintf(stderr, "metasctl: %s\n", msg != NULL ? msg : "la base de datos no está disponible");
	return 1;
}

static int
cmd_user(const struct conf *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "roles", required_argument, NULL, 'r' },
		{ "email", required_argument, NULL, 'e' },
		{ "units", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *roles = "", *email = "", *units = "", *msg = NULL;
	struct actor who = { 0, "metasctl", "local" };
	struct arena *a = arena_new(64 * 1024);
	struct db *db = NULL;
	struct user_change ch;
	struct user u;
	char pw[512];
	long long inst, id;
	enum change_result cr;
	int ch_opt, from_stdin = 0, rc = 1;
	const char *verb, *username;

	if (argc < 2)
		usage(2);
	verb = argv[1];
	/* Options may follow the user name: parse "VERB NAME --opt ..." afresh. */
	argc--;
	argv++;
	optind = 0;
	while ((ch_opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch_opt) {
		case 'n': name = optarg; break;
		case 'r': roles = optarg; break;
		case 'e': email = optarg; break;
		case 'u': units = optarg; break;
		case 'p': from_stdin = 1; break;
		default: usage(2);
		}
	}
	username = optind < argc ? argv[optind] : NULL;
	if (strcmp(verb, "list") != 0 && (username == NULL || optind + 1 != argc))
		usage(2);
	if ((db = admin_open(c, a, -1, &inst)) == NULL)
		goto out;
	if (strcmp(verb, "list") == 0) {
		struct user *list;
		size_t n;
		long long total;

		if (db_users_list(db, a, inst, "", 10000, 0, &list, &n, &total) != DB_OK)
			goto out;
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-13s %-28s %s\n", list[i].username,
			    !list[i].active ? "desactivado" : list[i].must_change ? "clave-temporal" : "activo",
			    roles_to_names(a, list[i].roles), list[i].display_name);
		rc = 0;
		goto out;
	}
	if (strcmp(verb, "add") == 0) {
		size_t nunits = 0;
		struct field f = { "units", valid_id_list, 0, 2147483647LL, 0 };
		struct param p;

		if (name == NULL) {
			fprintf(stderr, "metasctl: falta --name\n");
			goto out;
		}
		if (form_check_value(a, units, strlen(units), &f, &p) != FORM_OK) {
			fprintf(stderr, "metasctl: --units debe ser una lista de ids: 1,2,3\n");
			goto out;
		}
		memset(&ch, 0, sizeof(ch));
		ch.username = username;
		ch.display_name = name;
		ch.email = email;
		ch.roles = (int)roles_from_names(roles);
		{
			size_t names = roles[0] ? 1 : 0, bits = 0;

			for (const char *q = roles; *q; q++)
				names += *q == ',';
			for (unsigned bit = ROLE_ADMIN; bit <= ROLE_JEFE; bit <<= 1)
				bits += ((unsigned)ch.roles & bit) != 0;
			if (names != bits) {
				fprintf(stderr, "metasctl: --roles admite admin, transparencia y jefe, "
				    "separados por comas\n");
				goto out;
			}
		}
		ch.active = 1;
		ch.units = parse_id_list(a, units, &nunits);
		ch.nunits = nunits;
		if (read_password(from_stdin, pw, sizeof(pw)) != 0) {
			fprintf(stderr, "metasctl: falta la contraseña temporal\n");
			goto out;
		}
		ch.password = pw;
		cr = account_user_create(db, a, inst, &who, &ch, &id, &msg);
		rc = print_change(cr, msg);
		if (rc == 0)
			printf("Usuario %s creado; deberá cambiar la contraseña al ingresar.\n", username);
		goto out;
	}
	{
		const char *hash;

		if (db_user_by_name(db, a, inst, username, &u, &hash) != DB_OK) {
			fprintf(stderr, "metasctl: el usuario «%s» no existe\n", username);
			goto out;
		}
	}
	if (strcmp(verb, "passwd") == 0) {
		if (read_password(from_stdin, pw, sizeof(pw)) != 0) {
			fprintf(stderr, "metasctl: falta la contraseña temporal\n");
			goto out;
		}
		cr = account_password_reset(db, a, inst, &who, u.id, pw, &msg);
		rc = print_change(cr, msg);
		if (rc == 0)
			printf("Contraseña temporal asignada a %s; sus sesiones se cerraron.\n", username);
	} else if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0) {
		memset(&ch, 0, sizeof(ch));
		ch.roles = -1;
		ch.active = verb[0] == 'e';
		cr = account_user_update(db, a, inst, &who, u.id, &ch, &msg);
		rc = print_change(cr, msg);
		if (rc == 0)
			printf("Usuario %s %s.\n", username, ch.active ? "reactivado" : "desactivado");
	} else
		usage(2);
out:
	explicit_bzero(pw, sizeof(pw));
	db_close(db);
	arena_free(a);
	return rc;
}

/* ---- institutions of the deployment -------------------------------------- */

static int
cmd_institution(const struct conf *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "slug", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },
		{ "short", required_argument, NULL, 'S' },
		{ "host", required_argument, NULL, 'H' },
		{ "admin", required_argument, NULL, 'a' },
		{ "admin-name", required_argument, NULL, 'A' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "revoke", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct institution_input in;
	struct institution_made made;
	struct actor who = { 0, "metasctl", "local" };
	struct arena *a = arena_new(64 * 1024);
	struct db *db = NULL;
	struct buf hosts;
	char pw[512];
	const char *verb, *msg = NULL;
	long long inst;
	enum change_result cr;
	int ch, from_stdin = 0, revoke = 0, rc = 1;

	pw[0] = '\0';
	if (argc < 2)
		usage(2);
	verb = argv[1];
	argc--;
	argv++;
	optind = 0;
	memset(&in, 0, sizeof(in));
	buf_init(&hosts, a);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': in.slug = optarg; break;
		case 'n': in.name = optarg; break;
		case 'S': in.short_name = optarg; break;
		case 'H':
			if (hosts.len)
				buf_putc(&hosts, ',');
			buf_puts(&hosts, optarg);
			break;
		case 'a': in.admin_username = optarg; break;
		case 'A': in.admin_name = optarg; break;
		case 'p': from_stdin = 1; break;
		case 'r': revoke = 1; break;
		default: usage(2);
		}
	}
	in.hosts = hosts.len ? hosts.data : "";
	if ((strcmp(verb, "superadmin") == 0) != (optind + 1 == argc) ||
	    (strcmp(verb, "superadmin") != 0 && optind != argc))
		usage(2);
	if ((db = admin_open(c, a, -1, &inst)) == NULL)
		goto out;
	if (strcmp(verb, "list") == 0) {
		struct institution_row *rows;
		size_t n;

		if (db_institutions_list(db, a, &rows, &n) != DB_OK) {
			fprintf(stderr, "metasctl: la base de datos no está disponible\n");
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-12s %4lld usuarios  %s%s%s%s\n", rows[i].slug,
			    rows[i].short_name, rows[i].users, rows[i].name,
			    rows[i].hosts[0] ? " [" : "", rows[i].hosts, rows[i].hosts[0] ? "]" : "");
		rc = 0;
	} else if (strcmp(verb, "add") == 0) {
		if (in.slug == NULL || in.name == NULL || in.admin_username == NULL) {
			fprintf(stderr, "metasctl: faltan --slug, --name o --admin\n");
			goto out;
		}
		if (read_password(from_stdin, pw, sizeof(pw)) != 0) {
			fprintf(stderr, "metasctl: falta la contraseña temporal del administrador\n");
			goto out;
		}
		in.admin_password = pw;
		/* msg is set by the call: read it only after (argument order is unspecified) */
		cr = institution_create(db, a, inst, &who, &in, today_ec(c->today).y, &made, &msg);
		rc = print_change(cr, msg);
		if (rc == 0)
			printf("Institución %s creada (id %lld), en /i/%s/. Su administrador %s deberá "
			    "cambiar la contraseña al ingresar.\n", in.slug, made.id, in.slug,
			    in.admin_username);
	} else if (strcmp(verb, "superadmin") == 0) {
		struct user u;
		const char *hash;

		if (db_user_by_name(db, a, inst, argv[optind], &u, &hash) != DB_OK) {
			fprintf(stderr, "metasctl: el usuario «%s» no existe en «%s»\n", argv[optind],
			    c->institution);
			goto out;
		}
		if (db_begin(db) != DB_OK || db_user_set_superadmin(db, inst, u.id, !revoke) != DB_OK ||
		    db_audit_insert(db, inst, &who, revoke ? "superadmin_revoke" : "superadmin_grant",
		    "user", arena_printf(a, "%lld", u.id), NULL, NULL) != DB_OK ||
		    db_commit(db) != DB_OK) {
			db_rollback(db);
			fprintf(stderr, "metasctl: la base de datos no está disponible\n");
			goto out;
		}
		printf("%s %s puede crear instituciones.\n", argv[optind], revoke ? "ya no" : "ahora");
		rc = 0;
	} else
		usage(2);
out:
	explicit_bzero(pw, sizeof(pw));
	db_close(db);
	arena_free(a);
	return rc;
}

/* ---- national holidays (the deployment's: every deadline depends on them) --- */

/* s padded with spaces to width characters (UTF-8), in the arena. */
static const char *
pad(struct arena *a, const char *s, size_t width)
{
	size_t chars = 0;

	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	return arena_printf(a, "%s%*s", s, chars < width ? (int)(width - chars) : 0, "");
}

/*
 * metasctl holiday list [--year YYYY] | add YYYY-MM-DD NAME | remove
 * YYYY-MM-DD. Writes go through the same service as /feriados, each in one
 * transaction with an audit row in the configured institution's trail.
 */
static int
cmd_holiday(const struct conf *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	struct field yf = { "year", valid_int, 2000, 2100, 0 };
	struct actor who = { 0, "metasctl", "local" };
	struct arena *a = arena_new(64 * 1024);
	struct db *db = NULL;
	struct param yp;
	const char *verb, *year = NULL, *field, *msg = NULL;
	long long inst;
	int ch, rc = 1, npos, bad = 1;

	if (argc < 2)
		usage(2);
	verb = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y': year = optarg; break;
		default: usage(2);
		}
	}
	npos = argc - optind;
	if (strcmp(verb, "list") == 0)
		bad = npos != 0;
	else if (strcmp(verb, "add") == 0)
		bad = year != NULL || npos != 2;
	else if (strcmp(verb, "remove") == 0)
		bad = year != NULL || npos != 1;
	if (bad)
		usage(2);
	memset(&yp, 0, sizeof(yp));
	if (year != NULL && form_check_value(a, year, strlen(year), &yf, &yp) != FORM_OK) {
		fprintf(stderr, "metasctl: --year debe ser un año de 2000 a 2100, por ejemplo 2024\n");
		goto out;
	}
	if ((db = admin_open(c, a, -1, &inst)) == NULL)
		goto out;
	if (strcmp(verb, "list") == 0) {
		struct holiday_row *rows;
		size_t n;

		if (db_holiday_list(db, a, year != NULL ? (int)yp.i : 0, &rows, &n) != DB_OK) {
			fprintf(stderr, "metasctl: la base de datos no está disponible\n");
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			printf("%s  %s  %s\n", rows[i].day, pad(a, holiday_weekday_name(rows[i].day), 9),
			    rows[i].name);
		if (n == 0 && year != NULL)
			fprintf(stderr, "No hay feriados registrados para %lld.\n", yp.i);
		else if (n == 0)
			fprintf(stderr, "No hay feriados registrados.\n");
		rc = 0;
	} else if (strcmp(verb, "add") == 0) {
		const char *day = argv[optind], *name = argv[optind + 1], *wd;
		enum change_result r = holiday_add(db, a, inst, &who, day, name, &field, &msg);

		if ((rc = print_change(r, msg)) != 0)
			goto out;
		wd = holiday_weekday_name(day);
		printf("Feriado agregado: %s (%s), %s.\n", holiday_day_label(a, day), wd, name);
		if (strcmp(wd, "sábado") == 0 || strcmp(wd, "domingo") == 0)
			fprintf(stderr, "metasctl: aviso: el %s es %s, que ya no es día hábil; si la ley "
			    "traslada ese feriado, registre también el día de descanso que rige.\n",
			    holiday_day_label(a, day), wd);
	} else {
		const char *day = argv[optind];
		enum change_result r = holiday_remove(db, a, inst, &who, day, &msg);

		if ((rc = print_change(r, msg)) == 0)
			printf("Feriado del %s quitado.\n", holiday_day_label(a, day));
	}
out:
	db_close(db);
	arena_free(a);
	return rc;
}

/* ---- evidence ----------------------------------------------------------- */

static void
print_purged(const char *sha, unsigned long long size, void *arg)
{
	printf("%s%s  %llu bytes\n", *(const int *)arg ? "se borraría " : "borrado ", sha, size);
}

/*
 * metasctl evidence purge [--dry-run]: erase from the evidence folder the
 * bytes no file on a month needs (files taken off their month, when no file
 * still on one has the same SHA-256, and bytes no row names at all), under
 * the folder's exclusive lock. Each removed file whose bytes go gets
 * purged_at and an audit row "purge" in its institution's trail, in one
 * transaction, before anything is erased.
 */
static int
cmd_evidence(const struct conf *c, int argc, char *argv[])
{
	struct actor who = { 0, "metasctl", "local" };
	struct arena *a = arena_new(64 * 1024);
	struct db *db = NULL;
	struct evidence_unpurged *rm = NULL;
	struct evidence_purged out;
	const char **live = NULL;
	size_t nlive = 0, nrm = 0, nmarked = 0;
	long long inst;
	int dry_run = 0, dir = -1, lock = -1, rc = 1;

	if (argc == 3 && strcmp(argv[1], "purge") == 0 && strcmp(argv[2], "--dry-run") == 0)
		dry_run = 1;
	else if (argc != 2 || strcmp(argv[1], "purge") != 0)
		usage(2);
	if ((dir = evidence_open_dir(c->evidence_dir)) < 0) {
		fprintf(stderr, "metasctl: no pude abrir evidence_dir %s: %s\n", c->evidence_dir,
		    strerror(errno));
		goto out;
	}
	evidence_set_dir(dir);
	/* as metasd's user, so the lock file and the folder stay theirs */
	if ((db = admin_open(c, a, dir, &inst)) == NULL)
		goto out;
	if ((lock = evidence_lock(1)) < 0) {
		fprintf(stderr, "metasctl: no pude bloquear %s: %s\n", c->evidence_dir,
		    strerror(errno));
		goto out;
	}
	if (db_evidence_live_shas(db, a, &live, &nlive) != DB_OK ||
	    db_evidence_unpurged(db, a, &rm, &nrm) != DB_OK) {
		fprintf(stderr, "metasctl: la base de datos no está disponible\n");
		goto out;
	}
	evidence_sort(live, nlive);
	if (!dry_run) {
		if (db_begin(db) != DB_OK)
			goto db_failed;
		for (size_t i = 0; i < nrm; i++) {
			cJSON *before;
			const char *eid = arena_printf(a, "%lld", rm[i].id);
			enum db_status st;

			if (evidence_in(rm[i].sha256, live, nlive))
				continue;	/* the same bytes are still on a month */
			before = json_object();
			cJSON_AddStringToObject(before, "filename", rm[i].filename);
			cJSON_AddStringToObject(before, "sha256", rm[i].sha256);
			cJSON_AddNumberToObject(before, "size", (double)rm[i].size);
			st = db_evidence_mark_purged(db, rm[i].id);
			/* json_to_arena frees before */
			if (st == DB_OK)
				st = db_audit_insert(db, rm[i].inst, &who, "purge", "evidence_file", eid,
				    json_to_arena(a, before), NULL);
			else
				cJSON_Delete(before);
			if (st != DB_OK) {
				db_rollback(db);
				goto db_failed;
			}
			nmarked++;
		}
		if (db_commit(db) != DB_OK)
			goto db_failed;
	}
	if (evidence_purge(live, nlive, dry_run, print_purged, &dry_run, &out) != 0) {
		fprintf(stderr, "metasctl: no pude borrar en %s: %s\n", c->evidence_dir,
		    strerror(errno));
		goto out;
	}
	printf("%s: %zu (%llu bytes); temporales abandonados: %zu; conservados: %zu; "
	    "archivos quitados marcados como borrados: %zu.\n", dry_run ?
	    "Archivos que ningún mes usa y se borrarían" : "Archivos que ningún mes usa, borrados",
	    out.files, out.bytes, out.temps, out.kept, nmarked);
	if (out.failed > 0) {
		fprintf(stderr, "metasctl: no pude borrar %zu archivo%s de %s (¿permisos? deben ser "
		    "del usuario de metasd); vuelva a ejecutar la orden cuando lo estén\n",
		    out.failed, out.failed == 1 ? "" : "s", c->evidence_dir);
		goto out;
	}
	rc = 0;
	goto out;
db_failed:
	fprintf(stderr, "metasctl: la base de datos no está disponible; no se borró nada\n");
out:
	evidence_unlock(lock);
	db_close(db);
	arena_free(a);
	return rc;
}

/* ---- the a4 report ------------------------------------------------------- */

/*
 * Write the report's open-data files into dir (which exists), named as the
 * API's downloads: lotaip-a4-SLUG-YYYY-MM-datos.csv, ... 0 or -1 (said).
 */
static int
write_data_dir(struct arena *a, const char *dir, const char *slug, const char *period,
    const struct report_made *made)
{
	for (int i = 0; i < REPORT_NFILES; i++) {
		const struct report_made_file *rf = &made->files[i];
		const char *path = arena_printf(a, "%s/%s", dir,
		    report_data_filename(a, slug, period, rf->name));
		FILE *f = fopen(path, "wb");
		int bad = f == NULL || fwrite(rf->data, 1, rf->len, f) != rf->len;

		if (f != NULL && fclose(f) != 0)
			bad = 1;
		if (bad) {
			fprintf(stderr, "metasctl: no pude escribir %s: %s\n", path, strerror(errno));
			return -1;
		}
		fprintf(stderr, "%s: %zu bytes, sha256 %s\n", path, rf->len, rf->sha256);
	}
	return 0;
}

/*
 * Institution inst's report of period (YYYYMM), made through the
 * same service as metasd: stored with its files and an audit row by who.
 * 0, or -1 after saying why on stderr.
 */
static int
generate(const struct conf *c, struct db *db, struct arena *a, const struct actor *who,
    int period, int annex, long long inst, struct report_made *made)
{
	char err[512];

	switch (report_generate(db, a, c->institution, inst, who, period, annex, NULL, made,
	    err, sizeof(err))) {
	case REPORT_OK:
		return 0;
	case REPORT_ERROR:
		fprintf(stderr, "metasctl: la base de datos no está disponible\n");
		return -1;
	default:
		fprintf(stderr, "metasctl: %s\n", err);
		return -1;
	}
}

/*
 * metasctl publish --period P [--reason TEXT] [--annex]: generate the
 * month's report, sign it with the institution's certificate and publish
 * it, in one command (the officer's three steps). Started as root (the
 * development stack), it reads the certificate, then drops to the
 * configured user before writing published files.
 */
static int
cmd_publish(const struct conf *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "reason", required_argument, NULL, 'r' },
		{ "annex", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct field pf = { "period", valid_period, 0, 0, 0 };
	struct actor who = { 0, "metasctl", "local" };
	struct arena *a = arena_new(1024 * 1024);
	struct report_made made;
	struct signed_made sm;
	struct publication_row pub;
	struct publish_env env;
	struct param p;
	struct db *db = NULL;
	const struct pdf_signer *signer;
	const char *period = NULL, *reason = NULL, *why;
	char err[512];
	long long inst;
	int ch, rc = 1, annex = 0, dir;
	enum publish_result r;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'p': period = optarg; break;
		case 'r': reason = optarg; break;
		case 'a': annex = 1; break;
		default: usage(2);
		}
	}
	if (period == NULL || optind != argc)
		usage(2);
	if (form_check_value(a, period, strlen(period), &pf, &p) != FORM_OK) {
		fprintf(stderr, "metasctl: --period debe ser AAAA-MM, por ejemplo 2023-01\n");
		goto out;
	}
	publish_init(c);
	if ((signer = publish_institution_signer(&why)) == NULL) {
		fprintf(stderr, "metasctl: %s\n", why);
		goto out;
	}
	if ((dir = publish_open_dir(c->publication_dir)) < 0) {
		fprintf(stderr, "metasctl: no pude abrir publication_dir %s: %s\n", c->publication_dir,
		    strerror(errno));
		goto out;
	}
	if ((db = admin_open(c, a, dir, &inst)) == NULL ||
	    generate(c, db, a, &who, (int)p.i, annex, inst, &made) != 0)
		goto out;
	memset(&env, 0, sizeof(env));
	env.conf = c;
	env.slug = c->institution;
	env.trust = publish_trust();
	env.pub_dir = dir;
	r = publish_sign(db, a, &env, inst, &who, made.id, signer, "institucional", &sm, err,
	    sizeof(err));
	if (r == PUBLISH_OK)
		r = publish_report(db, a, &env, inst, &who, made.id, sm.id, reason, NULL, &pub, err,
		    sizeof(err));
	if (r != PUBLISH_OK) {
		fprintf(stderr, "metasctl: %s\n", err[0] ? err : "la base de datos no está disponible");
		goto out;
	}
	printf("publicado %s versión %d: %s (firmado por %s; SHA-256 %s)\n", pub.period, pub.version,
	    publish_file_url(a, c->institution, pub.period, pub.version, "pdf"), sm.signer, sm.sha256);
	rc = 0;
out:
	db_close(db);
	arena_free(a);
	return rc;
}

/*
 * Generate the month's report through the same service as metasd (stored
 * with its SHA-256, its open-data files and an audit row, made by
 * "metasctl"), and write it; with --data-dir, its open-data files too.
 */
static int
cmd_report(const struct conf *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "annex", no_argument, NULL, 'a' },
		{ "data-dir", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct field pf = { "period", valid_period, 0, 0, 0 };
	struct actor who = { 0, "metasctl", "local" };
	struct arena *a = arena_new(1024 * 1024);
	struct report_made made;
	struct param p;
	struct db *db = NULL;
	const char *period = NULL, *out = NULL, *data_dir = NULL;
	long long inst;
	int ch, rc = 1, annex = 0;
	FILE *f = NULL;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'p': period = optarg; break;
		case 'o': out = optarg; break;
		case 'a': annex = 1; break;
		case 'd': data_dir = optarg; break;
		default: usage(2);
		}
	}
	if (period == NULL || out == NULL || optind != argc)
		usage(2);
	if (form_check_value(a, period, strlen(period), &pf, &p) != FORM_OK) {
		fprintf(stderr, "metasctl: --period debe ser AAAA-MM, por ejemplo 2023-01\n");
		goto out;
	}
	/* the folder first: a report is stored only when its files can be written */
	if (data_dir != NULL && mkdir(data_dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "metasctl: no pude crear la carpeta %s: %s\n", data_dir,
		    strerror(errno));
		goto out;
	}
	if ((db = admin_open(c, a, -1, &inst)) == NULL ||
	    generate(c, db, a, &who, (int)p.i, annex, inst, &made) != 0)
		goto out;
	f = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
	if (f == NULL || fwrite(made.pdf, 1, made.len, f) != made.len || fflush(f) != 0) {
		fprintf(stderr, "metasctl: no pude escribir %s: %s\n", out, strerror(errno));
		goto out;
	}
	fprintf(stderr, "Informe %lld de %s de %lld%s%s: %d páginas, %zu bytes, sha256 %s\n",
	    made.id, month_name((int)(p.i % 100)), p.i / 100, made.draft ? " (BORRADOR)" : "",
	    made.annex ? ", con anexo de avance" : "", made.pages, made.len, made.sha256);
	if (made.replaced > 0)
		fprintf(stderr, "metasctl: aviso: %zu caracteres no existen en la fuente y se "
		    "muestran como «?»\n", made.replaced);
	if (data_dir != NULL && write_data_dir(a, data_dir, c->institution, arena_printf(a,
	    "%04lld-%02lld", p.i / 100, p.i % 100), &made) != 0)
		goto out;
	rc = 0;
out:
	if (f != NULL && f != stdout && fclose(f) != 0 && rc == 0) {
		fprintf(stderr, "metasctl: no pude escribir %s: %s\n", out, strerror(errno));
		rc = 1;
	}
	db_close(db);
	arena_free(a);
	return rc;
}

/* Every command that may write to the database. */
static int
command(const struct conf *c, int argc, char *argv[])
{
	if (strcmp(argv[0], "migrate") == 0) {
		if (argc == 2 && strcmp(argv[1], "--dry-run") == 0)
			return cmd_migrate(c, 1);
		if (argc != 1)
			usage(2);
		return cmd_migrate(c, 0);
	}
	if (strcmp(argv[0], "user") == 0)
		return cmd_user(c, argc, argv);
	if (strcmp(argv[0], "report") == 0)
		return cmd_report(c, argc, argv);
	if (strcmp(argv[0], "institution") == 0)
		return cmd_institution(c, argc, argv);
	if (strcmp(argv[0], "holiday") == 0)
		return cmd_holiday(c, argc, argv);
	if (strcmp(argv[0], "publish") == 0)
		return cmd_publish(c, argc, argv);
	if (strcmp(argv[0], "evidence") == 0)
		return cmd_evidence(c, argc, argv);
	if ((strcmp(argv[0], "backup") == 0 || strcmp(argv[0], "restore") == 0) && argc == 3) {
		int backup = argv[0][0] == 'b';

		if (strcmp(argv[1], backup ? "--out" : "--from") != 0 || argv[2][0] == '\0')
			usage(2);
		return backup ? backup_create(c, argv[2]) : backup_restore(c, argv[2]);
	}
	if (strcmp(argv[0], "seed-demo") == 0 && argc == 1)
		return cmd_seed_demo(c);
	usage(2);
	return 2;
}

int
main(int argc, char *argv[])
{
	const char *path = METAS_SYSCONFDIR "/metas/metas.conf";
	struct conf c;
	char err[512];
	int ch, rc;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0))
		usage(0);
	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 'h': usage(0);
		default: usage(2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(2);
	conf_defaults(&c);
	if (conf_load(&c, path, err, sizeof(err)) != 0) {
		fprintf(stderr, "metasctl: configuración no válida: %s\n", err);
		return 1;
	}
	/*
	 * Whatever a command writes, running metasd workers drop their copies
	 * (epoch.h): db_commit announces each transaction, and the end of the
	 * command announces what was written without it (migrations, restore).
	 */
	if (epoch_path(c.socket, err, sizeof(err)) == 0 && epoch_attach(err) == 0)
		epoch_set_max_age(c.cache_ms);
	if (strcmp(argv[0], "invalidate") == 0 && argc == 1) {
		if (!epoch_mapped() && access(err, F_OK) == 0) {
			fprintf(stderr, "metasctl: no puedo abrir %s (%s): ejecute la orden como root "
			    "o como el usuario de metasd.\n", err, strerror(errno));
			return 1;
		}
		if (!epoch_mapped()) {
			printf("metasd no está en marcha con esta configuración (%s no existe): "
			    "no hay copias que invalidar.\n", err);
			return 0;
		}
		epoch_bump();
		printf("Los procesos de metasd volverán a leer la base de datos en la próxima "
		    "solicitud.\n");
		return 0;
	}
	if (strcmp(argv[0], "check-config") == 0 && argc == 1) {
		conf_print(stdout, &c);
		return 0;
	}
	rc = command(&c, argc, argv);
	epoch_bump();
	return rc;
}

