/*
 * Ecuador's national holidays: validation (pure, unit-tested) and the two
 * writes, each one transaction with its audit row.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "db.h"
#include "form.h"
#include "holiday.h"
#include "json.h"
#include "monthly.h"

const char *
holiday_day_problem(const char *day)
{
	struct ymd d;

	if (day == NULL || parse_ymd(day, &d) != 0)
		return "La fecha no es válida: escriba un día que exista, en la forma AAAA-MM-DD "
		    "(por ejemplo 2024-05-24), de los años 2000 a 2100.";
	return NULL;
}

const char *
holiday_name_problem(const char *name)
{
	size_t n, chars = 0, blanks = 0;

	if (name == NULL || (n = strlen(name)) == 0)
		return "Escriba el nombre del feriado (por ejemplo «Batalla de Pichincha»).";
	if (!utf8_valid(name, n))
		return "El nombre del feriado tiene caracteres no válidos.";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c == 0x7f)
			return "El nombre del feriado debe ser una sola línea de texto, sin "
			    "caracteres de control.";
		chars += (c & 0xc0) != 0x80;
		blanks += c == ' ';
	}
	if (blanks == n)
		return "Escriba el nombre del feriado (por ejemplo «Batalla de Pichincha»).";
	if (chars > HOLIDAY_NAME_MAX)
		return "El nombre del feriado admite hasta 120 caracteres.";
	return NULL;
}

const char *
holiday_day_label(struct arena *a, const char *day)
{
	struct ymd d;

	if (day == NULL || parse_ymd(day, &d) != 0)
		return "";
	return arena_printf(a, "%02d/%02d/%04d", d.d, d.m, d.y);
}

const char *
holiday_weekday_name(const char *day)
{
	static const char *const names[] = { "lunes", "martes", "miércoles", "jueves",
	    "viernes", "sábado", "domingo" };
	static const struct ymd epoch = { 1970, 1, 1 };	/* a Thursday */
	struct ymd d;
	long z;

	if (day == NULL || parse_ymd(day, &d) != 0)
		return "";
	z = ymd_diff(epoch, d);
	return names[((z % 7) + 7 + 3) % 7];
}

/* The audit image of a holiday. */
static char *
holiday_json(struct arena *a, const char *day, const char *name)
{
	cJSON *o = json_object();

	cJSON_AddStringToObject(o, "day", day);
	cJSON_AddStringToObject(o, "name", name);
	return json_to_arena(a, o);
}

enum change_result
holiday_add(struct db *db, struct arena *a, long long inst, const struct actor *who,
    const char *day, const char *name, const char **field, const char **msg)
{
	const char *have;
	enum db_status st;

	*field = NULL;
	if ((*msg = holiday_day_problem(day)) != NULL) {
		*field = "day";
		return CHANGE_INVALID;
	}
	if ((*msg = holiday_name_problem(name)) != NULL) {
		*field = "name";
		return CHANGE_INVALID;
	}
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_holiday_insert(db, day, name);
	if (st == DB_DUPLICATE) {
		/* say which holiday is there (read after the refused insert) */
		if (db_holiday_get(db, a, day, 0, &have) != DB_OK)
			have = NULL;
		db_rollback(db);
		*field = "day";
		*msg = have != NULL ? arena_printf(a, "Ya hay un feriado el %s: «%s». Quítelo "
		    "primero si quiere registrar otro ese día.", holiday_day_label(a, day), have) :
		    arena_printf(a, "Ya hay un feriado el %s.", holiday_day_label(a, day));
		return CHANGE_CONFLICT;
	}
	if (st != DB_OK || db_audit_insert(db, inst, who, "create", "holiday", day, NULL,
	    holiday_json(a, day, name)) != DB_OK || db_commit(db) != DB_OK) {
		db_rollback(db);
		return CHANGE_ERROR;
	}
	return CHANGE_OK;
}

enum change_result
holiday_remove(struct db *db, struct arena *a, long long inst, const struct actor *who,
    const char *day, const char **msg)
{
	const char *name;
	enum db_status st;

	if ((*msg = holiday_day_problem(day)) != NULL)
		return CHANGE_INVALID;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_holiday_get(db, a, day, 1, &name);
	if (st == DB_NOTFOUND) {
		db_rollback(db);
		*msg = arena_printf(a, "No hay un feriado registrado el %s.",
		    holiday_day_label(a, day));
		return CHANGE_NOTFOUND;
	}
	if (st != DB_OK || db_holiday_delete(db, day) != DB_OK ||
	    db_audit_insert(db, inst, who, "delete", "holiday", day, holiday_json(a, day, name),
	    NULL) != DB_OK || db_commit(db) != DB_OK) {
		db_rollback(db);
		return CHANGE_ERROR;
	}
	return CHANGE_OK;
}
