/*
 * Creating an institution of the deployment with its first administrator:
 * one transaction, audited in the new institution and in the operator's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "arena.h"
#include "db.h"
#include "institution.h"
#include "json.h"
#include "route.h"
#include "tenant.h"

/* The process levels of an estatuto orgánico, so units can be created at once. */
static const char *const levels[] = {
	"PROCESOS GOBERNANTES / NIVEL DIRECTIVO",
	"PROCESOS AGREGADORES DE VALOR / NIVEL OPERATIVO",
	"PROCESOS HABILITANTES DE ASESORÍA",
	"PROCESOS HABILITANTES DE APOYO",
	"PROCESOS DESCONCENTRADOS",
};

/* Split and normalise the host list; NULL when fine, else a Spanish message. */
static const char *
parse_hosts(struct arena *a, const char *in, struct institution_made *out)
{
	const char *s = in ? in : "";

	out->hosts = arena_calloc(a, INSTITUTION_MAX_HOSTS, sizeof(*out->hosts));
	out->nhosts = 0;
	while (*s != '\0') {
		size_t n;
		char name[TENANT_HOST_MAX + 1];

		s += strspn(s, ", \t");
		if ((n = strcspn(s, ", \t")) == 0)
			break;
		if (n > TENANT_HOST_MAX || tenant_host_normalise(s, n, name) != 0 ||
		    memchr(s, ':', n) != NULL)
			return arena_printf(a, "El nombre de dominio «%s» no es válido: use letras, "
			    "números, guiones y puntos, sin puerto.", arena_strndup(a, s, n > 80 ? 80 : n));
		if (strchr(name, '.') == NULL && strcmp(name, "localhost") != 0)
			return arena_printf(a, "El nombre de dominio «%s» debe ser un nombre completo "
			    "(por ejemplo transparencia.ejemplo.gob.ec).", name);
		for (size_t i = 0; i < out->nhosts; i++)
			if (strcmp(out->hosts[i], name) == 0)
				return arena_printf(a, "El nombre de dominio «%s» aparece dos veces.", name);
		if (out->nhosts == INSTITUTION_MAX_HOSTS)
			return arena_printf(a, "Indique hasta %d nombres de dominio.", INSTITUTION_MAX_HOSTS);
		out->hosts[out->nhosts++] = arena_strdup(a, name);
		s += n;
	}
	return NULL;
}

/* The text fields; NULL when fine, else a Spanish message. */
static const char *
check_fields(const struct institution_input *in)
{
	size_t n;

	if (in->slug == NULL || !tenant_valid_slug(in->slug))
		return "El identificador debe tener de 2 a 40 caracteres: letras minúsculas, números "
		    "y guiones (no al inicio ni al final). Se usa en la dirección /i/identificador/.";
	if (in->name == NULL || (n = strlen(in->name)) == 0 || n > 255)
		return "Escriba el nombre de la institución (hasta 255 caracteres).";
	if (in->short_name != NULL && strlen(in->short_name) > 40)
		return "La sigla admite hasta 40 caracteres.";
	if (in->admin_username == NULL || !valid_username(in->admin_username))
		return "El usuario del administrador debe tener de 3 a 64 caracteres: letras "
		    "minúsculas, números, punto, guion o guion bajo.";
	if (in->admin_name != NULL && strlen(in->admin_name) > 255)
		return "El nombre del administrador admite hasta 255 caracteres.";
	if (in->admin_password == NULL || in->admin_password[0] == '\0')
		return "Escriba una contraseña temporal para el administrador.";
	return auth_password_problem(in->admin_password, in->admin_username);
}

static char *
upper(struct arena *a, const char *s)
{
	char *u = arena_strdup(a, s);

	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

enum change_result
institution_create(struct db *db, struct arena *a, long long operator_inst,
    const struct actor *who, const struct institution_input *in, int year,
    struct institution_made *out, const char **msg)
{
	char hash[AUTH_HASH_MAX], eid[32];
	const char *short_name, *admin_name, *image;
	struct user u;
	long long py;
	enum db_status st;
	cJSON *o, *arr;

	memset(out, 0, sizeof(*out));
	if ((*msg = check_fields(in)) != NULL || (*msg = parse_hosts(a, in->hosts, out)) != NULL)
		return CHANGE_INVALID;
	short_name = in->short_name != NULL && in->short_name[0] != '\0' ? in->short_name :
	    upper(a, in->slug);
	admin_name = in->admin_name != NULL && in->admin_name[0] != '\0' ? in->admin_name :
	    "Administración";
	if (auth_hash_password(in->admin_password, hash) != 0)
		return CHANGE_ERROR;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_institution_insert(db, in->slug, in->name, short_name, &out->id);
	if (st == DB_DUPLICATE) {
		db_rollback(db);
		*msg = "Ya existe una institución con ese identificador.";
		return CHANGE_CONFLICT;
	}
	if (st != DB_OK)
		goto fail;
	for (size_t i = 0; i < out->nhosts; i++) {
		st = db_host_insert(db, out->hosts[i], out->id);
		if (st == DB_DUPLICATE) {
			db_rollback(db);
			*msg = arena_printf(a, "El nombre de dominio «%s» ya pertenece a otra institución.",
			    out->hosts[i]);
			return CHANGE_CONFLICT;
		}
		if (st != DB_OK)
			goto fail;
	}
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (db_level_insert(db, out->id, (int)i + 1, levels[i]) != DB_OK)
			goto fail;
	if (db_plan_year_id(db, a, out->id, year, 1, &py) != DB_OK)
		goto fail;
	memset(&u, 0, sizeof(u));
	u.institution_id = out->id;
	u.username = in->admin_username;
	u.display_name = admin_name;
	u.email = "";
	u.roles = ROLE_ADMIN;
	u.active = 1;
	if (db_user_insert(db, a, out->id, &u, hash, &out->admin_id) != DB_OK)
		goto fail;

	o = json_object();
	cJSON_AddNumberToObject(o, "id", (double)out->id);
	cJSON_AddStringToObject(o, "slug", in->slug);
	cJSON_AddStringToObject(o, "name", in->name);
	cJSON_AddStringToObject(o, "short_name", short_name);
	arr = cJSON_AddArrayToObject(o, "hosts");
	for (size_t i = 0; arr != NULL && i < out->nhosts; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(out->hosts[i]));
	cJSON_AddStringToObject(o, "admin", in->admin_username);
	cJSON_AddNumberToObject(o, "plan_year", year);
	image = json_to_arena(a, o);
	snprintf(eid, sizeof(eid), "%lld", out->id);
	/* the operator's trail and the new institution's own */
	if (db_audit_insert(db, operator_inst, who, "create", "institution", eid, NULL, image) != DB_OK ||
	    db_audit_insert(db, out->id, who, "create", "institution", eid, NULL, image) != DB_OK)
		goto fail;
	o = json_object();
	cJSON_AddNumberToObject(o, "id", (double)out->admin_id);
	cJSON_AddStringToObject(o, "username", in->admin_username);
	cJSON_AddStringToObject(o, "display_name", admin_name);
	cJSON_AddStringToObject(o, "roles", "admin");
	cJSON_AddBoolToObject(o, "active", 1);
	cJSON_AddBoolToObject(o, "must_change_password", 1);
	image = json_to_arena(a, o);
	snprintf(eid, sizeof(eid), "%lld", out->admin_id);
	if (db_audit_insert(db, out->id, who, "create", "user", eid, NULL, image) != DB_OK ||
	    db_commit(db) != DB_OK)
		goto fail;
	return CHANGE_OK;
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}
