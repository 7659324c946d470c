/*
 * Catalogue management: validation, one transaction per change with its
 * audit row and a bump of catalogue_version.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "catalogue.h"
#include "db.h"
#include "form.h"
#include "json.h"
#include "monthly.h"

static void
add_opt(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static char *
unit_json(struct arena *a, const struct unit_input *u)
{
	cJSON *o = json_object();

	cJSON_AddNumberToObject(o, "number", u->number);
	cJSON_AddStringToObject(o, "name", u->name ? u->name : "");
	cJSON_AddNumberToObject(o, "process_level_id", (double)u->level_id);
	cJSON_AddBoolToObject(o, "active", u->active);
	cJSON_AddNumberToObject(o, "year", u->year);
	add_opt(o, "objective", u->objective);
	return json_to_arena(a, o);
}

static char *
indicator_json(struct arena *a, const struct indicator_input *m)
{
	cJSON *o = json_object();

	cJSON_AddNumberToObject(o, "unit_id", (double)m->unit_id);
	cJSON_AddNumberToObject(o, "year", m->year);
	cJSON_AddNumberToObject(o, "position", m->position);
	cJSON_AddStringToObject(o, "code", m->code ? m->code : "");
	cJSON_AddStringToObject(o, "name", m->name ? m->name : "");
	cJSON_AddStringToObject(o, "measure_unit", m->measure_unit ? m->measure_unit : "");
	cJSON_AddStringToObject(o, "aggregation", m->aggregation == 'l' ? "last" :
	    m->aggregation == 'a' ? "avg" : "sum");
	add_opt(o, "baseline", m->baseline);
	cJSON_AddNumberToObject(o, "decimals", m->decimals);
	add_opt(o, "min", m->min);
	add_opt(o, "max", m->max);
	cJSON_AddBoolToObject(o, "active", m->active);
	return json_to_arena(a, o);
}

static char *
goal_json(struct arena *a, const struct goal_input *g)
{
	cJSON *o = json_object(), *arr;

	cJSON_AddNumberToObject(o, "unit_id", (double)g->unit_id);
	cJSON_AddNumberToObject(o, "year", g->year);
	cJSON_AddNumberToObject(o, "position", g->position);
	cJSON_AddStringToObject(o, "code", g->code ? g->code : "");
	cJSON_AddStringToObject(o, "text", g->text ? g->text : "");
	add_opt(o, "target", g->target);
	add_opt(o, "target_date", g->target_date);
	arr = cJSON_AddArrayToObject(o, "indicators");
	for (size_t i = 0; arr != NULL && i < g->nindicators; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)g->indicators[i]));
	cJSON_AddBoolToObject(o, "active", g->active);
	return json_to_arena(a, o);
}

/*
 * Commit a change with its audit row and a bump of catalogue_version. An
 * update that changes nothing (before and after the same) writes nothing:
 * no audit row, no new catalogue version, and every worker's copy stays.
 */
static enum change_result
finish(struct db *db, long long inst, const struct actor *who, const char *action,
    const char *entity, long long id, const char *before, const char *after)
{
	char eid[32];

	if (before != NULL && after != NULL && strcmp(before, after) == 0) {
		db_rollback(db);
		return CHANGE_OK;
	}
	snprintf(eid, sizeof(eid), "%lld", id);
	if (db_catalogue_bump(db, inst) != DB_OK ||
	    db_audit_insert(db, inst, who, action, entity, eid, before, after) != DB_OK ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		return CHANGE_ERROR;
	}
	return CHANGE_OK;
}

/* A name or text: something besides spaces, at most max characters. */
static int
text_ok(const char *s, size_t max)
{
	return s != NULL && !text_blank(s) && utf8_chars(s) <= max;
}

/* The audit action of a change: a deactivation or reactivation says so. */
static const char *
change_action(int is_update, int was_active, int active)
{
	if (!is_update)
		return "create";
	return was_active && !active ? "deactivate" : !was_active && active ? "activate" : "update";
}

/*
 * 1 when another indicator (goal) of the unit's plan year already has this
 * code (letters compared without case); an empty code is no code.
 */
static enum change_result
code_taken(struct db *db, struct arena *a, long long inst, long long unit, int year, int goal,
    long long id, const char *code, const char **msg)
{
	struct item_row *items;
	size_t n;

	if (code == NULL || code[0] == '\0')
		return CHANGE_OK;
	if (db_unit_items(db, a, inst, unit, year, &items, &n) != DB_OK)
		return CHANGE_ERROR;
	for (size_t i = 0; i < n; i++)
		if (items[i].goal == goal && items[i].id != id && strcasecmp(items[i].code, code) == 0) {
			*msg = arena_printf(a, "Ya hay %s con el código «%s» en esta unidad y plan "
			    "anual; use otro código.", goal ? "una meta" : "un indicador", items[i].code);
			return CHANGE_CONFLICT;
		}
	return CHANGE_OK;
}

/*
 * After a unit's number changed from plan year `from` on: CHANGE_CONFLICT
 * (with the message) when two units now share a number in that year or a
 * later one (a number is unique within a plan year, and may be another
 * unit's in another year). Checked after the write, in its transaction.
 */
static enum change_result
numbers_clash(struct db *db, struct arena *a, long long inst, int from, const char **msg)
{
	int last, number;

	if (db_latest_year(db, a, inst, 0, &last) == DB_ERROR)
		return CHANGE_ERROR;
	if (last < from)
		last = from;
	for (int y = from; y <= last; y++) {
		if (db_unit_number_clash(db, a, inst, y, &number) != DB_OK)
			return CHANGE_ERROR;
		if (number != 0) {
			*msg = arena_printf(a, "Ya existe una unidad con el número %d en el plan anual "
			    "%d; elija otro número.", number, y);
			return CHANGE_CONFLICT;
		}
	}
	return CHANGE_OK;
}

/*
 * Write a unit's number, name and level for plan year `year` on, and its
 * active flag: into its own row when `year` is its first plan year (or
 * earlier), else into a unit_year row, so the years before keep theirs.
 */
static enum db_status
unit_write_year(struct db *db, struct arena *a, long long inst, long long id, int year,
    const struct unit_input *u)
{
	int base;
	enum db_status st;

	if ((st = db_unit_base_year(db, a, inst, id, &base)) != DB_OK)
		return st;
	if (base == 0 || year <= base)
		return db_unit_save(db, inst, &id, u);
	if ((st = db_unit_year_save(db, inst, id, year, u)) != DB_OK)
		return st;
	return db_unit_set_active(db, inst, id, u->active);
}

enum change_result
catalogue_unit_save(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long *id, const struct unit_input *u, const char **msg)
{
	struct unit_input before, after;
	const char *old_obj = NULL;
	long long py;
	int yes, is_update = *id != 0, store_obj;
	enum change_result cr;
	enum db_status st;

	memset(&before, 0, sizeof(before));
	*msg = NULL;
	if (u->number < 1 || u->number > 999) {
		*msg = "El número de la unidad debe estar entre 1 y 999.";
		return CHANGE_INVALID;
	}
	if (!text_ok(u->name, 255)) {
		*msg = "Escriba la descripción de la unidad (hasta 255 caracteres).";
		return CHANGE_INVALID;
	}
	if (u->objective != NULL && utf8_chars(u->objective) > 20000) {
		*msg = "El objetivo es demasiado largo.";
		return CHANGE_INVALID;
	}
	if (db_level_in_institution(db, a, inst, u->level_id, &yes) != DB_OK)
		return CHANGE_ERROR;
	if (!yes) {
		*msg = "Elija un nivel de procesos válido.";
		return CHANGE_INVALID;
	}
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	if (is_update) {
		st = db_unit_row(db, a, inst, *id, u->year, &before);
		if (st == DB_NOTFOUND) {
			db_rollback(db);
			*msg = "La unidad no existe.";
			return CHANGE_NOTFOUND;
		}
		if (st != DB_OK)
			goto fail;
		if (!before.in_year) {
			db_rollback(db);
			*msg = arena_printf(a, "La unidad existe desde el plan anual %d; cámbiela en ese "
			    "plan o en uno posterior.", before.first_year);
			return CHANGE_INVALID;
		}
		/* the before image is of that plan year: only what is shown there */
		before.first_year = before.in_year = 0;
	}

	/*
	 * A plan year comes into being only with a real objective: a unit
	 * change that merely names a year must not create (and so publish) it.
	 */
	st = db_plan_year_id(db, a, inst, u->year, 0, &py);
	if (st == DB_NOTFOUND)
		py = 0;
	else if (st != DB_OK)
		goto fail;
	store_obj = u->objective != NULL && (u->objective[0] != '\0' || py != 0);
	if (store_obj && py == 0 && db_plan_year_id(db, a, inst, u->year, 1, &py) != DB_OK)
		goto fail;
	if (is_update && py != 0) {
		before.year = u->year;
		if (db_objective(db, a, inst, *id, py, NULL, &old_obj) != DB_OK)
			goto fail;
		before.objective = old_obj;
	}
	if (is_update)
		st = unit_write_year(db, a, inst, *id, u->year, u);
	else {
		struct unit_input created = *u;

		created.first_year = u->year;	/* it exists from the plan year it is created in */
		st = db_unit_save(db, inst, id, &created);
	}
	if (st != DB_OK)
		goto fail;
	if ((cr = numbers_clash(db, a, inst, u->year, msg)) != CHANGE_OK) {
		db_rollback(db);
		return cr;
	}
	if (store_obj && db_objective(db, a, inst, *id, py, u->objective, NULL) != DB_OK)
		goto fail;
	after = *u;
	if (!store_obj)
		after.objective = old_obj;	/* kept as it was */
	return finish(db, inst, who, change_action(is_update, before.active, u->active), "unit", *id,
	    is_update ? unit_json(a, &before) : NULL, unit_json(a, &after));
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

/* The indicator or goal's unit must be this institution's. */
static enum change_result
check_unit(struct db *db, struct arena *a, long long inst, long long unit, const char **msg)
{
	struct unit_row u;
	enum db_status st = db_unit_get(db, a, inst, unit, 0, &u);

	if (st == DB_NOTFOUND) {
		*msg = "La unidad no existe.";
		return CHANGE_INVALID;
	}
	return st == DB_OK ? CHANGE_OK : CHANGE_ERROR;
}

enum change_result
catalogue_indicator_save(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long *id, const struct indicator_input *m, const char **msg)
{
	struct indicator_input before;
	enum change_result cr;
	long long py;
	enum db_status st;
	int is_update = *id != 0;

	memset(&before, 0, sizeof(before));
	*msg = NULL;
	/* Another institution's id is "not found" whatever the input says. */
	if (is_update && (st = db_indicator_row(db, a, inst, *id, &before)) != DB_OK) {
		*msg = "El indicador no existe.";
		return st == DB_NOTFOUND ? CHANGE_NOTFOUND : CHANGE_ERROR;
	}
	if (m->name == NULL || text_blank(m->name)) {
		*msg = "Escriba el nombre del indicador.";
		return CHANGE_INVALID;
	}
	if (!text_ok(m->name, 5000)) {
		*msg = "El nombre del indicador admite hasta 5000 caracteres.";
		return CHANGE_INVALID;
	}
	if (m->code == NULL || utf8_chars(m->code) > 20) {
		*msg = "El código admite hasta 20 caracteres.";
		return CHANGE_INVALID;
	}
	if (m->measure_unit == NULL || !text_ok(m->measure_unit, 60)) {
		*msg = "Escriba la unidad de medida (hasta 60 caracteres), por ejemplo «número» o «%».";
		return CHANGE_INVALID;
	}
	if (m->decimals < 0 || m->decimals > 4) {
		*msg = "Los decimales admitidos van de 0 a 4.";
		return CHANGE_INVALID;
	}
	if (m->position < 1 || m->position > 999) {
		*msg = "La posición va de 1 a 999.";
		return CHANGE_INVALID;
	}
	if (m->min != NULL && m->max != NULL && strtod(m->min, NULL) > strtod(m->max, NULL)) {
		*msg = "El mínimo no puede ser mayor que el máximo.";
		return CHANGE_INVALID;
	}
	if (m->baseline != NULL && ((m->min != NULL && strtod(m->baseline, NULL) < strtod(m->min, NULL)) ||
	    (m->max != NULL && strtod(m->baseline, NULL) > strtod(m->max, NULL)))) {
		*msg = "La línea base debe estar entre el mínimo y el máximo del indicador.";
		return CHANGE_INVALID;
	}
	if ((cr = check_unit(db, a, inst, m->unit_id, msg)) != CHANGE_OK)
		return cr;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	if (is_update) {
		st = db_indicator_row(db, a, inst, *id, &before);
		if (st == DB_NOTFOUND) {
			db_rollback(db);
			*msg = "El indicador no existe.";
			return CHANGE_NOTFOUND;
		}
		if (st != DB_OK)
			goto fail;
		if (before.unit_id != m->unit_id || before.year != m->year) {
			db_rollback(db);
			*msg = "Un indicador no cambia de unidad ni de plan anual; cree uno nuevo.";
			return CHANGE_INVALID;
		}
	}
	if ((cr = code_taken(db, a, inst, m->unit_id, m->year, 0, *id, m->code, msg)) != CHANGE_OK) {
		db_rollback(db);
		return cr;
	}
	if (db_plan_year_id(db, a, inst, m->year, 1, &py) != DB_OK)
		goto fail;
	st = db_indicator_save(db, inst, py, id, m);
	if (st == DB_DUPLICATE) {
		db_rollback(db);
		*msg = "Ya hay un indicador en esa posición de la unidad; elija otra posición.";
		return CHANGE_CONFLICT;
	}
	if (st != DB_OK)
		goto fail;
	return finish(db, inst, who, change_action(is_update, before.active, m->active), "indicator",
	    *id, is_update ? indicator_json(a, &before) : NULL, indicator_json(a, m));
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

const char *
catalogue_goal_date_problem(struct arena *a, const char *date, int year)
{
	struct ymd d;

	if (date == NULL)
		return NULL;
	if (parse_ymd(date, &d) != 0)
		return "La fecha de la meta no es válida (use AAAA-MM-DD).";
	/* a goal is part of one plan year: it is due within it (a copy moves it a year) */
	if (year >= 2000 && year <= 2100 && d.y != year)
		return arena_printf(a, "La fecha de la meta (%02d/%02d/%04d) debe estar dentro del "
		    "plan anual %d: del 01/01/%d al 31/12/%d.", d.d, d.m, d.y, year, year, year);
	return NULL;
}

enum change_result
catalogue_goal_save(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long *id, const struct goal_input *g, const char **msg)
{
	struct goal_input before;
	enum change_result cr;
	long long py;
	enum db_status st;
	int is_update = *id != 0;

	memset(&before, 0, sizeof(before));
	*msg = NULL;
	if (is_update && (st = db_goal_row(db, a, inst, *id, &before)) != DB_OK) {
		*msg = "La meta no existe.";
		return st == DB_NOTFOUND ? CHANGE_NOTFOUND : CHANGE_ERROR;
	}
	if (g->text == NULL || text_blank(g->text)) {
		*msg = "Escriba el texto de la meta.";
		return CHANGE_INVALID;
	}
	if (!text_ok(g->text, 5000)) {
		*msg = "El texto de la meta admite hasta 5000 caracteres.";
		return CHANGE_INVALID;
	}
	if (g->code == NULL || utf8_chars(g->code) > 20) {
		*msg = "El código admite hasta 20 caracteres.";
		return CHANGE_INVALID;
	}
	if (g->position < 1 || g->position > 999) {
		*msg = "La posición va de 1 a 999.";
		return CHANGE_INVALID;
	}
	if (g->target != NULL && strtod(g->target, NULL) <= 0) {
		*msg = "La meta numérica debe ser mayor que 0: el avance se mide contra ella "
		    "(déjela vacía si la meta no tiene cifra).";
		return CHANGE_INVALID;
	}
	if ((*msg = catalogue_goal_date_problem(a, g->target_date, g->year)) != NULL)
		return CHANGE_INVALID;
	if ((cr = check_unit(db, a, inst, g->unit_id, msg)) != CHANGE_OK)
		return cr;
	for (size_t i = 0; i < g->nindicators; i++) {
		struct indicator_input m;

		st = db_indicator_row(db, a, inst, g->indicators[i], &m);
		if (st == DB_ERROR)
			return CHANGE_ERROR;
		if (st == DB_NOTFOUND || m.unit_id != g->unit_id || m.year != g->year) {
			*msg = "Los indicadores vinculados deben ser de la misma unidad y plan anual.";
			return CHANGE_INVALID;
		}
		for (size_t k = 0; k < i; k++)
			if (g->indicators[k] == g->indicators[i]) {
				*msg = "Un indicador aparece dos veces.";
				return CHANGE_INVALID;
			}
	}
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	if (is_update) {
		st = db_goal_row(db, a, inst, *id, &before);
		if (st == DB_NOTFOUND) {
			db_rollback(db);
			*msg = "La meta no existe.";
			return CHANGE_NOTFOUND;
		}
		if (st != DB_OK)
			goto fail;
		if (before.unit_id != g->unit_id || before.year != g->year) {
			db_rollback(db);
			*msg = "Una meta no cambia de unidad ni de plan anual; cree una nueva.";
			return CHANGE_INVALID;
		}
	}
	if ((cr = code_taken(db, a, inst, g->unit_id, g->year, 1, *id, g->code, msg)) != CHANGE_OK) {
		db_rollback(db);
		return cr;
	}
	if (db_plan_year_id(db, a, inst, g->year, 1, &py) != DB_OK)
		goto fail;
	st = db_goal_save(db, inst, py, id, g);
	if (st == DB_DUPLICATE) {
		db_rollback(db);
		*msg = "Ya hay una meta en esa posición de la unidad; elija otra posición.";
		return CHANGE_CONFLICT;
	}
	if (st != DB_OK)
		goto fail;
	return finish(db, inst, who, change_action(is_update, before.active, g->active), "goal", *id,
	    is_update ? goal_json(a, &before) : NULL, goal_json(a, g));
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

/*
 * A unit moves among the units of plan year `year`, by that year's numbers:
 * the two numbers are swapped from that year on (unit_write_year).
 */
static enum change_result
move_unit(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long id, int year, int up, const char **msg)
{
	struct unit_row *units;
	struct unit_input me, other;
	size_t n, i;
	long long oid;
	int mine, theirs;
	enum db_status st;
	char before[160], after[160];

	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	if ((st = db_unit_row(db, a, inst, id, year, &me)) != DB_OK) {
		db_rollback(db);
		*msg = "La unidad no existe.";
		return st == DB_NOTFOUND ? CHANGE_NOTFOUND : CHANGE_ERROR;
	}
	if (db_units_list(db, a, inst, year, &units, &n) != DB_OK)
		goto fail;
	for (i = 0; i < n && units[i].id != id; i++)
		;
	if (i == n) {
		db_rollback(db);
		*msg = arena_printf(a, "La unidad no existe en el plan anual %d.", year);
		return CHANGE_INVALID;
	}
	if ((up && i == 0) || (!up && i + 1 == n)) {
		db_rollback(db);
		*msg = up ? "La unidad ya es la primera." : "La unidad ya es la última.";
		return CHANGE_INVALID;
	}
	oid = units[up ? i - 1 : i + 1].id;
	if (db_unit_row(db, a, inst, oid, year, &other) != DB_OK)
		goto fail;
	mine = me.number;
	theirs = other.number;
	me.number = theirs;
	other.number = mine;
	if (unit_write_year(db, a, inst, id, year, &me) != DB_OK ||
	    unit_write_year(db, a, inst, oid, year, &other) != DB_OK)
		goto fail;
	{
		enum change_result cr = numbers_clash(db, a, inst, year, msg);

		if (cr != CHANGE_OK) {
			db_rollback(db);
			return cr;
		}
	}
	snprintf(before, sizeof(before), "{\"year\":%d,\"number\":%d,\"swapped_with\":{\"id\":%lld,"
	    "\"number\":%d}}", year, mine, oid, theirs);
	snprintf(after, sizeof(after), "{\"year\":%d,\"number\":%d,\"swapped_with\":{\"id\":%lld,"
	    "\"number\":%d}}", year, theirs, oid, mine);
	return finish(db, inst, who, "reorder", "unit", id, before, after);
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

enum change_result
catalogue_move(struct db *db, struct arena *a, long long inst, const struct actor *who,
    enum catalogue_kind kind, long long id, int year, int up, const char **msg)
{
	/* indicators and goals here (units: move_unit) */
	static const char *const first[][2] = {
		{ "El indicador ya es el último de su unidad.", "El indicador ya es el primero de su unidad." },
		{ "La meta ya es la última de su unidad.", "La meta ya es la primera de su unidad." },
	};
	int goal = kind == KIND_GOAL;
	long long other;
	int mine, theirs;
	enum db_status st;
	char before[128], after[128];

	*msg = NULL;
	if (kind == KIND_UNIT)
		return move_unit(db, a, inst, who, id, year, up, msg);
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_move_neighbour(db, a, inst, kind, id, up, &other, &mine, &theirs);
	if (st == DB_NOTFOUND) {
		/* none found: the item is not this institution's, or it is at the end */
		struct indicator_input m;
		struct goal_input g;

		st = kind == KIND_INDICATOR ? db_indicator_row(db, a, inst, id, &m) :
		    db_goal_row(db, a, inst, id, &g);
		db_rollback(db);
		if (st == DB_NOTFOUND) {
			*msg = kind == KIND_INDICATOR ? "El indicador no existe." : "La meta no existe.";
			return CHANGE_NOTFOUND;
		}
		if (st != DB_OK)
			return CHANGE_ERROR;
		*msg = first[goal][up];
		return CHANGE_INVALID;
	}
	/* 0 is never a place (they start at 1): it holds this one while the other moves */
	if (st != DB_OK || db_move_set(db, inst, kind, id, 0) != DB_OK ||
	    db_move_set(db, inst, kind, other, mine) != DB_OK ||
	    db_move_set(db, inst, kind, id, theirs) != DB_OK) {
		db_rollback(db);
		return CHANGE_ERROR;
	}
	snprintf(before, sizeof(before), "{\"position\":%d,\"swapped_with\":{\"id\":%lld,"
	    "\"position\":%d}}", mine, other, theirs);
	snprintf(after, sizeof(after), "{\"position\":%d,\"swapped_with\":{\"id\":%lld,"
	    "\"position\":%d}}", theirs, other, mine);
	return finish(db, inst, who, "reorder", goal ? "goal" : "indicator", id, before, after);
}

enum change_result
catalogue_copy_year(struct db *db, struct arena *a, long long inst, const struct actor *who,
    int from, int to, const char **msg)
{
	long long pf, pt, n;
	char after[96];
	enum db_status st;

	*msg = NULL;
	if (from < 2000 || from > 2099 || to != from + 1) {
		*msg = "Se copia un plan anual al año siguiente.";
		return CHANGE_INVALID;
	}
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_plan_year_id(db, a, inst, from, 0, &pf);
	if (st == DB_NOTFOUND) {
		db_rollback(db);
		*msg = "No existe el plan anual de origen.";
		return CHANGE_NOTFOUND;
	}
	if (st != DB_OK || db_plan_year_id(db, a, inst, to, 1, &pt) != DB_OK ||
	    db_year_rows(db, a, pt, &n) != DB_OK)
		goto fail;
	if (n > 0) {
		db_rollback(db);
		*msg = "El plan anual de destino ya tiene objetivos, indicadores o metas.";
		return CHANGE_CONFLICT;
	}
	if (db_copy_year(db, inst, pf, pt) != DB_OK)
		goto fail;
	snprintf(after, sizeof(after), "{\"from\":%d,\"to\":%d}", from, to);
	return finish(db, inst, who, "copy_year", "plan_year", pt, NULL, after);
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

static int
valid_phone_text(const char *s)
{
	size_t n = strlen(s), digits = 0;

	if (n == 0)
		return 1;
	if (n > 100 || !utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
			return 0;
		digits += c >= '0' && c <= '9';
	}
	return digits >= 7;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static int
valid_url_text(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return 1;
	return n <= 500 && link_valid(s, n);
}

enum change_result
catalogue_contact_save(struct db *db, struct arena *a, long long inst, const struct actor *who,
    const struct contact_input *in, const char **field, const char **msg)
{
	struct contact_input before;
	cJSON *o;
	char eid[32];

	*field = NULL;
	*msg = NULL;
	if (!valid_url_text(in->gpr_url)) {
		*field = "gpr_url";
		*msg = "El enlace debe ser una dirección completa, que empiece por https:// o http://.";
	} else if (in->update_frequency[0] == '\0' || strlen(in->update_frequency) > 60) {
		*field = "periodicidad";
		*msg = "Escriba la periodicidad (por ejemplo MENSUAL).";
	} else if (strlen(in->info_unit) > 255 || strlen(in->responsible_name) > 255) {
		*field = strlen(in->info_unit) > 255 ? "unidad" : "responsable";
		*msg = "El texto es demasiado largo (hasta 255 caracteres).";
	} else if (!valid_email_text(in->responsible_email)) {
		*field = "correo";
		*msg = "El correo electrónico no es válido.";
	} else if (!valid_phone_text(in->responsible_phone)) {
		*field = "telefono";
		*msg = "El teléfono debe tener al menos 7 dígitos, por ejemplo (02) 380-1750 EXTENSIÓN 410.";
	} else if (in->logo_path != NULL && in->logo_path[0] != '\0' &&
	    (in->logo_path[0] != '/' || strlen(in->logo_path) > 255 || strstr(in->logo_path, "..") ||
	    !(ends_with(in->logo_path, ".png") || ends_with(in->logo_path, ".jpg") ||
	    ends_with(in->logo_path, ".jpeg")))) {
		*field = "logo";
		*msg = "El logotipo es la ruta completa de un archivo PNG o JPEG en el servidor "
		    "(por ejemplo /etc/metas/logo.png).";
	} else if (strcmp(in->empty_text, "NO APLICA") != 0 &&
	    strcmp(in->empty_text, "INFORMACIÓN NO DISPONIBLE") != 0) {
		*field = "vacio";
		*msg = "Elija NO APLICA o INFORMACIÓN NO DISPONIBLE.";
	}
	if (*msg != NULL)
		return CHANGE_INVALID;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	if (db_contact(db, a, inst, NULL, &before) != DB_OK || db_contact(db, a, inst, in, NULL) != DB_OK)
		goto fail;
	o = json_object();
	cJSON_AddStringToObject(o, "gpr_url", before.gpr_url);
	cJSON_AddStringToObject(o, "update_frequency", before.update_frequency);
	cJSON_AddStringToObject(o, "info_unit", before.info_unit);
	cJSON_AddStringToObject(o, "responsible_name", before.responsible_name);
	cJSON_AddStringToObject(o, "responsible_email", before.responsible_email);
	cJSON_AddStringToObject(o, "responsible_phone", before.responsible_phone);
	cJSON_AddStringToObject(o, "empty_text", before.empty_text);
	cJSON_AddStringToObject(o, "logo_path", before.logo_path ? before.logo_path : "");
	{
		char *b = json_to_arena(a, o);

		o = json_object();
		cJSON_AddStringToObject(o, "gpr_url", in->gpr_url);
		cJSON_AddStringToObject(o, "update_frequency", in->update_frequency);
		cJSON_AddStringToObject(o, "info_unit", in->info_unit);
		cJSON_AddStringToObject(o, "responsible_name", in->responsible_name);
		cJSON_AddStringToObject(o, "responsible_email", in->responsible_email);
		cJSON_AddStringToObject(o, "responsible_phone", in->responsible_phone);
		cJSON_AddStringToObject(o, "empty_text", in->empty_text);
		cJSON_AddStringToObject(o, "logo_path", in->logo_path ? in->logo_path : "");
		snprintf(eid, sizeof(eid), "%lld", inst);
		if (db_audit_insert(db, inst, who, "update", "contact_block", eid, b,
		    json_to_arena(a, o)) != DB_OK || db_commit(db) != DB_OK)
			goto fail;
	}
	return CHANGE_OK;
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

/* ---- a tightened rule over values already stored ------------------------------ */

const char *
catalogue_rule_notice(struct arena *a, const struct indicator_input *m,
    const struct value_row *vals, size_t n)
{
	const struct value_row *first = NULL;
	const char *who;
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		if (!amount_fits(vals[i].v.value, m->decimals, m->min, m->max)) {
			if (first == NULL)
				first = &vals[i];
			bad++;
		}
	if (bad == 0)
		return NULL;
	who = m->code != NULL && m->code[0] ? arena_printf(a, "del indicador %s", m->code) :
	    arena_printf(a, "del indicador «%s»", m->name ? m->name : "");
	return arena_printf(a, "Aviso: %zu %s %s no %s la nueva regla (%s%s de %d: %s); se %s "
	    "tal cual y se %s solo si alguien %s cambia.", bad,
	    bad == 1 ? "valor guardado" : "valores guardados", who,
	    bad == 1 ? "cumple" : "cumplen", bad == 1 ? "" : "el primero, ",
	    month_name(first->period % 100), first->period / 100,
	    format_amount(a, first->v.value, m->decimals),
	    bad == 1 ? "conserva" : "conservan", bad == 1 ? "valida" : "validan",
	    bad == 1 ? "lo" : "los");
}

enum change_result
catalogue_indicator_notice(struct db *db, struct arena *a, long long inst, long long id,
    const char **notice)
{
	struct indicator_input m;
	struct value_row *vals;
	size_t n;
	enum db_status st;

	*notice = NULL;
	if ((st = db_indicator_row(db, a, inst, id, &m)) != DB_OK)
		return st == DB_NOTFOUND ? CHANGE_NOTFOUND : CHANGE_ERROR;
	if (db_indicator_values(db, a, inst, id, &vals, &n) != DB_OK)
		return CHANGE_ERROR;
	*notice = catalogue_rule_notice(a, &m, vals, n);
	return CHANGE_OK;
}
