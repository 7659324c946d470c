/*
 * Unit tests of the pure parts of monthly.c: dates, deadlines, and the
 * numbers people type.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "monthly.h"
#include "tap.h"

static int
amount_is(const char *in, int decimals, const char *min, const char *max, const char *want)
{
	char out[40];
	const char *err = parse_amount(NULL, in, decimals, min, max, out);

	return err == NULL && strcmp(out, want) == 0;
}

static int
amount_refused(const char *in, int decimals, const char *min, const char *max)
{
	char out[40];

	return parse_amount(NULL, in, decimals, min, max, out) != NULL;
}

static int
ymd_is(struct ymd d, int y, int m, int day)
{
	return d.y == y && d.m == m && d.d == day;
}

int
main(void)
{
	struct arena *a = arena_new(4096);
	struct ymd d;
	const char *hol2026[] = { "2026-08-10" };

	CHECK(ymd_diff((struct ymd){ 2023, 2, 3 }, (struct ymd){ 2023, 2, 5 }) == 2,
	    "dates: 3 to 5 February is 2 days");
	CHECK(ymd_diff((struct ymd){ 2023, 12, 31 }, (struct ymd){ 2024, 3, 1 }) == 61,
	    "dates: across a year end and a leap February");
	CHECK(ymd_diff((struct ymd){ 2023, 2, 7 }, (struct ymd){ 2023, 2, 5 }) == -2,
	    "dates: a past deadline is negative");
	CHECK(ymd_is(entry_deadline(202301, 5), 2023, 2, 5), "deadline: January is due 5 February");
	CHECK(ymd_is(entry_deadline(202312, 5), 2024, 1, 5), "deadline: December is due in January");
	CHECK(ymd_is(entry_deadline(202301, 31), 2023, 2, 28), "deadline: a day past month end is clamped");
	CHECK(ymd_is(lock_date(202301, 5, 10, NULL), 2023, 2, 15), "lock: January closes 10 days after 5 February");
	CHECK(ymd_is(lock_date(202312, 5, 30, NULL), 2024, 2, 4), "lock: 30 days after 5 January is 4 February");
	CHECK(ymd_is(lock_date(202301, 5, 10, "2023-03-02"), 2023, 3, 2), "lock: reopened until a later day");
	CHECK(ymd_is(lock_date(202301, 5, 10, "2023-02-10"), 2023, 2, 15), "lock: a reopening before the lock date changes nothing");
	CHECK(!locked_by_date((struct ymd){ 2023, 2, 15 }, 202301, 5, 10, NULL), "lock: open on its lock date");
	CHECK(locked_by_date((struct ymd){ 2023, 2, 16 }, 202301, 5, 10, NULL), "lock: closed the day after");
	CHECK(!locked_by_date((struct ymd){ 2030, 1, 1 }, 202301, 5, 0, NULL), "lock: lock_days 0 never closes");
	CHECK(!locked_by_date((struct ymd){ 2023, 2, 20 }, 202301, 5, 10, "2023-03-02"), "lock: reopened, open again");
	CHECK(ymd_is(ymd_add_days((struct ymd){ 2024, 2, 28 }, 2), 2024, 3, 1), "days: 28 February 2024 + 2 is 1 March (leap year)");
	CHECK(ymd_is(publication_deadline(202301, NULL, 0), 2023, 2, 10),
	    "publication: 10 Feb 2023 is a Friday");
	CHECK(ymd_is(publication_deadline(202305, NULL, 0), 2023, 6, 12),
	    "publication: 10 Jun 2023 is a Saturday: Monday the 12th");
	CHECK(ymd_is(publication_deadline(202607, hol2026, 1), 2026, 8, 11),
	    "publication: a holiday on the 10th moves it to the next working day");
	CHECK(ymd_is(publication_deadline(202607, NULL, 0), 2026, 8, 10),
	    "publication: without that holiday it stays on the 10th");
	CHECK(parse_ymd("2023-02-29", &d) != 0, "dates: 29 February 2023 does not exist");
	CHECK(parse_ymd("2024-02-29", &d) == 0, "dates: 29 February 2024 does");
	CHECK(parse_ymd("2023-2-1", &d) != 0, "dates: short forms are refused");

	CHECK(amount_is("12", 0, NULL, NULL, "12"), "amount: an integer");
	CHECK(amount_is(" 007 ", 0, NULL, NULL, "7"), "amount: spaces and leading zeros");
	CHECK(amount_is("12,5", 2, NULL, NULL, "12.5"), "amount: decimal comma");
	CHECK(amount_is("12.5", 2, NULL, NULL, "12.5"), "amount: decimal point");
	CHECK(amount_is("1.234,56", 2, NULL, NULL, "1234.56"), "amount: Ecuadorian thousands and comma");
	CHECK(amount_is("1,234.56", 2, NULL, NULL, "1234.56"), "amount: point decimal with comma thousands");
	CHECK(amount_is("1.234.567", 0, NULL, NULL, "1234567"), "amount: repeated separators group thousands");
	CHECK(amount_is("3,50", 2, NULL, NULL, "3.5"), "amount: trailing zeros dropped");
	CHECK(amount_is("0,5", 1, NULL, NULL, "0.5"), "amount: a leading zero kept");
	CHECK(amount_refused("12,5", 0, NULL, NULL), "amount: decimals on an integer indicator");
	CHECK(amount_refused("1,234", 2, NULL, NULL), "amount: more decimals than allowed");
	{
		char out[40];
		const char *e1 = parse_amount(a, "1.234", 0, NULL, NULL, out);
		const char *e2 = parse_amount(a, "0.125", 0, NULL, NULL, out);
		const char *e3 = parse_amount(a, "12.345", 1, NULL, NULL, out);
		const char *e4 = parse_amount(a, "12,345", 2, NULL, NULL, out);
		const char *e5 = parse_amount(a, "1,234", 0, NULL, NULL, out);

		CHECK(e1 != NULL && strstr(e1, "¿Quiso decir 1234?") != NULL &&
		    strstr(e1, "solo números enteros") != NULL,
		    "amount: «1.234» for a whole number is asked about (1234?), never guessed");
		CHECK(e2 != NULL && strstr(e2, "Quiso") == NULL,
		    "amount: «0.125» is not taken for a thousand");
		CHECK(e3 != NULL && strstr(e3, "¿Quiso decir 12345?") != NULL && strstr(e3, "un decimal") != NULL,
		    "amount: «12.345» with one decimal allowed asks about 12345, in the singular");
		CHECK(e4 != NULL && strstr(e4, "Quiso") == NULL && strstr(e4, "más decimales") != NULL,
		    "amount: «12,345» with two decimals is a decimal comma with one too many, not a thousand");
		CHECK(e5 != NULL && strstr(e5, "¿Quiso decir 1234?") != NULL,
		    "amount: «1,234» for a whole number is asked about too");
		CHECK(amount_is("1.234", 3, NULL, NULL, "1.234"), "amount: with three decimals «1.234» is a decimal");
	}
	CHECK(amount_refused("abc", 0, NULL, NULL), "amount: text");
	CHECK(amount_refused("1e3", 0, NULL, NULL), "amount: exponents");
	CHECK(amount_refused("1..2", 2, NULL, NULL), "amount: doubled separators");
	CHECK(amount_refused("5,", 2, NULL, NULL), "amount: a separator without decimals");
	CHECK(amount_refused(",5", 2, NULL, NULL), "amount: no integer part");
	CHECK(amount_refused("1.23.4", 0, NULL, NULL), "amount: bad grouping");
	CHECK(amount_refused("", 0, NULL, NULL), "amount: empty");
	CHECK(amount_refused("123456789012345", 0, NULL, NULL), "amount: more than 14 integer digits");
	CHECK(amount_refused("-5", 0, "0", NULL), "amount: below the minimum");
	CHECK(amount_refused("101", 0, NULL, "100"), "amount: above the maximum");
	CHECK(amount_is("-5", 0, NULL, NULL, "-5"), "amount: negative without a minimum");
	CHECK(amount_is("100", 0, "0", "100", "100"), "amount: the maximum itself");

	CHECK(strcmp(format_amount(a, "1234.5", 2), "1.234,50") == 0, "format: thousands and padded decimals");
	CHECK(strcmp(format_amount(a, "7", 0), "7") == 0, "format: an integer");
	CHECK(strcmp(format_amount(a, "-1234567", 0), "-1.234.567") == 0, "format: negative, grouped");
	CHECK(strcmp(format_amount(a, NULL, 0), "") == 0, "format: no value is empty");
	CHECK(strcmp(format_amount(a, "2.5", 0), "2,5") == 0,
	    "format: a stored value with more decimals than the rule now allows keeps its digits");

	CHECK(amount_places("2.5") == 1 && amount_places("3") == 0 && amount_places("0.0625") == 4 &&
	    amount_places(NULL) == 0, "places: digits after the point of a canonical decimal");
	CHECK(amount_fits("2", 0, "0", NULL) && amount_fits("2.5", 1, NULL, NULL) &&
	    amount_fits("1234.5", 1, NULL, NULL) && amount_fits(NULL, 0, "0", "1"),
	    "fits: values the rule admits (and no number at all)");
	CHECK(!amount_fits("2.5", 0, NULL, NULL) && !amount_fits("0.125", 2, NULL, NULL) &&
	    !amount_fits("1.234", 0, NULL, NULL), "fits: more decimals than the rule now allows");
	CHECK(!amount_fits("15", 0, NULL, "10") && !amount_fits("3", 0, "5", NULL) &&
	    amount_fits("10", 0, "0", "10"), "fits: outside a narrowed min/max, the bounds themselves inside");
	CHECK(amount_is_stored("2,5", "2.5") && amount_is_stored("2.5", "2.5") &&
	    amount_is_stored("2,50", "2.5") && amount_is_stored(" 15 ", "15") &&
	    amount_is_stored("1.234,5", "1234.5"), "stored: the stored value, however it is written");
	CHECK(!amount_is_stored("3,5", "2.5") && !amount_is_stored("2,5", NULL) &&
	    !amount_is_stored("2", "2.5") && !amount_is_stored("abc", "2.5") &&
	    !amount_is_stored("1.234", "1234"), "stored: another number, no stored value, or not a number");
	CHECK(strcmp(month_name(1), "enero") == 0 && strcmp(month_name(12), "diciembre") == 0 &&
	    month_name(13)[0] == '\0', "months: names in Spanish, out of range empty");
	arena_free(a);
	return TAP_DONE();
}
