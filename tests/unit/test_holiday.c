/*
 * Unit tests of the pure parts of holiday.c: which days and names a
 * holiday may have, and how a day is shown.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "holiday.h"
#include "tap.h"

int
main(void)
{
	struct arena *a = arena_new(4096);
	char long_name[200];

	CHECK(holiday_day_problem("2024-05-24") == NULL, "holiday: 2024-05-24 is a valid day");
	CHECK(holiday_day_problem("2024-02-29") == NULL, "holiday: 29 February of a leap year is valid");
	CHECK(holiday_day_problem("2025-02-29") != NULL, "holiday: 29 February 2025 does not exist");
	CHECK(holiday_day_problem("2024-13-01") != NULL, "holiday: month 13 is refused");
	CHECK(holiday_day_problem("2024-04-31") != NULL, "holiday: 31 April is refused");
	CHECK(holiday_day_problem("24/05/2024") != NULL, "holiday: dd/mm/aaaa is refused (AAAA-MM-DD only)");
	CHECK(holiday_day_problem("2024-5-24") != NULL, "holiday: a one-digit month is refused");
	CHECK(holiday_day_problem("1999-12-31") != NULL, "holiday: a year before 2000 is refused");
	CHECK(holiday_day_problem("2024-05-24x") != NULL, "holiday: trailing text is refused");
	CHECK(holiday_day_problem("") != NULL && holiday_day_problem(NULL) != NULL,
	    "holiday: an empty or missing day is refused");
	CHECK(strstr(holiday_day_problem("mañana"), "AAAA-MM-DD") != NULL,
	    "holiday: the message says the form AAAA-MM-DD");

	CHECK(holiday_name_problem("Batalla de Pichincha (traslado)") == NULL,
	    "holiday: a name with accents and parentheses is valid");
	CHECK(holiday_name_problem("Día de los Difuntos") == NULL, "holiday: UTF-8 is accepted");
	CHECK(holiday_name_problem("") != NULL && holiday_name_problem("   ") != NULL &&
	    holiday_name_problem(NULL) != NULL, "holiday: an empty or blank name is refused");
	CHECK(holiday_name_problem("Navidad\nsegunda línea") != NULL,
	    "holiday: a name of two lines is refused");
	CHECK(holiday_name_problem("Carnaval\xff") != NULL, "holiday: invalid UTF-8 is refused");
	memset(long_name, 'a', 120);
	long_name[120] = '\0';
	CHECK(holiday_name_problem(long_name) == NULL, "holiday: 120 characters are accepted");
	long_name[120] = 'a';
	long_name[121] = '\0';
	CHECK(holiday_name_problem(long_name) != NULL, "holiday: 121 characters are refused");
	for (int i = 0; i < 60; i++)
		memcpy(long_name + 2 * i, "\xc3\xb1", 2);	/* ñ: 60 characters, 120 bytes */
	long_name[120] = '\0';
	CHECK(holiday_name_problem(long_name) == NULL,
	    "holiday: the limit counts characters, not bytes (60 × «ñ»)");

	CHECK(strcmp(holiday_day_label(a, "2024-05-03"), "03/05/2024") == 0,
	    "holiday: the label is dd/mm/aaaa");
	CHECK(strcmp(holiday_day_label(a, "nada"), "") == 0, "holiday: no label for an invalid day");
	CHECK(strcmp(holiday_weekday_name("2024-05-03"), "viernes") == 0 &&
	    strcmp(holiday_weekday_name("2025-11-04"), "martes") == 0 &&
	    strcmp(holiday_weekday_name("2023-05-10"), "miércoles") == 0 &&
	    strcmp(holiday_weekday_name("2024-08-10"), "sábado") == 0 &&
	    strcmp(holiday_weekday_name("2025-08-10"), "domingo") == 0 &&
	    strcmp(holiday_weekday_name("2025-08-11"), "lunes") == 0 &&
	    strcmp(holiday_weekday_name("1970-01-01"), "") == 0,
	    "holiday: weekday names in Spanish (and none outside 2000-2100)");
	arena_free(a);
	return TAP_DONE();
}
