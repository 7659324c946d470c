/*
 * Unit tests of the pure parts of catalogue.c: a goal's target date lies
 * within its plan year.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "catalogue.h"
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
	arena_free(a);
	return TAP_DONE();
}
