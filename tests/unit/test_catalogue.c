/*
 * Unit tests of the pure parts of catalogue.c: a goal's target date lies
 * within its plan year; the notice on stored values a tightened rule no
 * longer admits.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "catalogue.h"
#include "db.h"
#include "monthly.h"
#include "tap.h"

int
main(void)
{
	struct arena *a = arena_new(4096);
	const char *m;

	CHECK(catalogue_goal_date_problem(a, NULL, 2023) == NULL, "goal date: none is fine");
	CHECK(catalogue_goal_date_problem(a, "2023-01-01", 2023) == NULL &&
	    catalogue_goal_date_problem(a, "2023-12-31", 2023) == NULL,
	    "goal date: 1 January and 31 December of the plan year are inside it");
	CHECK(catalogue_goal_date_problem(a, "2024-02-29", 2024) == NULL,
	    "goal date: 29 February of a leap plan year");
	m = catalogue_goal_date_problem(a, "2024-03-31", 2023);
	CHECK(m != NULL && strstr(m, "31/03/2024") != NULL && strstr(m, "plan anual 2023") != NULL &&
	    strstr(m, "del 01/01/2023 al 31/12/2023") != NULL,
	    "goal date: 2024-03-31 in plan 2023 is refused, naming the date and the plan's range");
	CHECK(catalogue_goal_date_problem(a, "2022-12-31", 2023) != NULL,
	    "goal date: the last day of the year before is refused");
	CHECK(catalogue_goal_date_problem(a, "2024-01-01", 2023) != NULL,
	    "goal date: the first day of the year after is refused");
	m = catalogue_goal_date_problem(a, "2023-02-30", 2023);
	CHECK(m != NULL && strstr(m, "no es válida") != NULL, "goal date: 30 February is not a date");
	CHECK(catalogue_goal_date_problem(a, "31/12/2023", 2023) != NULL,
	    "goal date: dd/mm/aaaa is refused (AAAA-MM-DD only)");
	{
		/* a rule tightened over stored values: February 2,5, March 3, April 12 */
		struct value_row v[3];
		struct indicator_input r;

		memset(v, 0, sizeof(v));
		memset(&r, 0, sizeof(r));
		v[0].period = 202302, v[0].v.value = "2.5";
		v[1].period = 202303, v[1].v.value = "3";
		v[2].period = 202304, v[2].v.value = "12";
		r.code = "I3";
		r.name = "Talleres";
		r.decimals = 1;
		CHECK(catalogue_rule_notice(a, &r, v, 3) == NULL, "rule notice: none while every value fits");
		r.decimals = 0;
		m = catalogue_rule_notice(a, &r, v, 3);
		CHECK(m != NULL && strcmp(m, "Aviso: 1 valor guardado del indicador I3 no cumple la nueva "
		    "regla (febrero de 2023: 2,5); se conserva tal cual y se valida solo si alguien lo "
		    "cambia.") == 0, "rule notice: decimals 0 over a stored 2,5 names it and its month");
		r.max = "2";
		r.code = "";
		m = catalogue_rule_notice(a, &r, v, 3);
		CHECK(m != NULL && strstr(m, "Aviso: 3 valores guardados del indicador «Talleres» no "
		    "cumplen la nueva regla (el primero, febrero de 2023: 2,5); se conservan") != NULL,
		    "rule notice: a narrower maximum too; counted, the first named, the plural");
		CHECK(catalogue_rule_notice(a, &r, v, 0) == NULL, "rule notice: no values, no notice");
	}
	arena_free(a);
	return TAP_DONE();
}
