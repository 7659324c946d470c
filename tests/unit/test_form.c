/*
 * Unit tests of form.c: the urlencoded and cookie parsers, form_check_value,
 * the validators, utf8_valid and parse_ll. Each CHECK is one behaviour.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "tap.h"

enum { F_NAME, F_AGE, F_PERIOD, F_TOK, F__MAX };

static const struct field fields[F__MAX] = {
	[F_NAME]	= { .name = "name", .valid = valid_text, .min = 0, .max = 64 },
	[F_AGE]		= { .name = "age", .valid = valid_int, .min = 0, .max = 150 },
	[F_PERIOD]	= { .name = "period", .valid = valid_period, .min = 0, .max = 0 },
	[F_TOK]		= { .name = "tok", .valid = valid_token, .min = 1, .max = 16 },
};

enum { C_SID, C_THEME, C_PREF, C__MAX };

static const struct field cookie_fields[C__MAX] = {
	[C_SID]		= { .name = "sid", .valid = valid_token, .min = 1, .max = 64 },
	[C_THEME]	= { .name = "theme", .valid = valid_token, .min = 1, .max = 16 },
	[C_PREF]	= { .name = "pref", .valid = valid_text, .min = 0, .max = 64 },
};

static struct arena *a;
static struct param out[F__MAX];
static struct param cout[C__MAX];
static int bad;

/* Parse n bytes of s as urlencoded input into out[]. */
static enum form_err
urln(const char *s, size_t n)
{
	return form_parse_urlencoded(a, s, n, fields, F__MAX, out, &bad);
}

static enum form_err
url(const char *s)
{
	return urln(s, strlen(s));
}

static enum form_err
cookies(const char *s)
{
	return form_parse_cookies(a, s, strlen(s), cookie_fields, C__MAX, cout, &bad);
}

static int
streq(const struct param *p, const char *want)
{
	return p->present && p->s != NULL && p->len == strlen(want) &&
	    strcmp(p->s, want) == 0;
}

/* Run validator v with bounds [min,max] on s; 1 when it accepts. */
static int
accepts(field_validator v, long long min, long long max, const char *s, long long *i)
{
	struct field f = { .name = "x", .valid = v, .min = min, .max = max };
	struct param p;

	if (form_check_value(a, s, strlen(s), &f, &p) != FORM_OK)
		return 0;
	if (i != NULL)
		*i = p.i;
	return 1;
}

static int
int_ok(const char *s, long long min, long long max, long long want)
{
	long long i = ~want;	/* anything but want */

	return accepts(valid_int, min, max, s, &i) && i == want;
}

static int
period_ok(const char *s, long long want)
{
	long long i = 0;

	return accepts(valid_period, 0, 0, s, &i) && i == want;
}

/* A buffer of n bytes: prefix, then filler up to n. Heap, caller frees. */
static char *
filled(const char *prefix, size_t n, char fill)
{
	char *s = malloc(n + 1);
	size_t pl = strlen(prefix);

	memset(s, fill, n);
	memcpy(s, prefix, pl);
	s[n] = '\0';
	return s;
}

static void
test_urlencoded(void)
{
	char *big;
	struct buf b;
	int i;

	CHECK(url("name=Ana&age=30") == FORM_OK && streq(&out[F_NAME], "Ana") &&
	    out[F_AGE].present && out[F_AGE].i == 30,
	    "form: plain pairs are parsed and typed");
	CHECK(url("name=Ana") == FORM_OK && !out[F_AGE].present && !out[F_PERIOD].present,
	    "form: absent fields are not present");
	CHECK(url("name=Ana+Mar%C3%ADa") == FORM_OK && streq(&out[F_NAME], "Ana María"),
	    "form: '+' decodes to a space");
	CHECK(url("name=%41%62%2B%26%3D") == FORM_OK && streq(&out[F_NAME], "Ab+&="),
	    "form: %XX escapes decode, including %2B %26 %3D");
	CHECK(url("name=%c3%b1") == FORM_OK && streq(&out[F_NAME], "ñ"),
	    "form: lowercase hex digits decode");
	CHECK(url("na%6De=x") == FORM_OK && streq(&out[F_NAME], "x"),
	    "form: keys are percent-decoded before lookup");
	CHECK(url("age=1&name=a=b") == FORM_OK && streq(&out[F_NAME], "a=b"),
	    "form: a value keeps the '=' after the first one");
	CHECK(url("a=%") == FORM_ERR_SYNTAX && bad == -1,
	    "form: truncated escape \"a=%\" (unknown field) is a syntax error with no field");
	CHECK(url("a=%4") == FORM_ERR_SYNTAX, "form: truncated escape \"a=%4\" is a syntax error");
	CHECK(url("a=%G1") == FORM_ERR_SYNTAX, "form: non-hex escape \"a=%G1\" is a syntax error");
	CHECK(url("name=%") == FORM_ERR_SYNTAX && bad == F_NAME,
	    "form: a broken escape in a known value reports that field");
	CHECK(url("name=%4G") == FORM_ERR_SYNTAX, "form: non-hex second digit \"%4G\" is a syntax error");
	CHECK(url("na%=x") == FORM_ERR_SYNTAX && bad == -1,
	    "form: a broken escape in a key is a syntax error with no field");
	CHECK(url("age=1&age=2") == FORM_ERR_DUP && bad == F_AGE,
	    "form: a known key given twice is rejected and reported");
	CHECK(url("age=1&age=1") == FORM_ERR_DUP,
	    "form: a known key given twice with the same value is still rejected");
	CHECK(url("x=1&x=2&age=3&y&y") == FORM_OK && out[F_AGE].i == 3,
	    "form: duplicate unknown keys are ignored");
	CHECK(urln("name=a\0b", 8) == FORM_ERR_NUL, "form: a raw NUL byte is rejected");
	CHECK(urln("zz=a\0b", 6) == FORM_ERR_NUL,
	    "form: a raw NUL byte is rejected even in an unknown field");
	CHECK(url("name=a%00b") == FORM_ERR_NUL && bad == F_NAME,
	    "form: %00 in a value is rejected and reported");
	CHECK(url("na%00me=a") == FORM_ERR_NUL, "form: %00 in a key is rejected");
	CHECK(url("zz=a%00b&age=1") == FORM_ERR_NUL && bad == -1,
	    "form: %00 in an unknown field's value is rejected");
	CHECK(url("name=%C0%80") == FORM_ERR_UTF8, "form: overlong C0 80 is invalid UTF-8");
	CHECK(url("name=%ED%A0%80") == FORM_ERR_UTF8, "form: surrogate ED A0 80 is invalid UTF-8");
	CHECK(url("name=%F5%80%80%80") == FORM_ERR_UTF8, "form: lead byte F5 is invalid UTF-8");
	CHECK(url("name=%C3") == FORM_ERR_UTF8, "form: truncated two-byte sequence is invalid UTF-8");
	CHECK(url("name=%E2%80") == FORM_ERR_UTF8,
	    "form: truncated three-byte sequence is invalid UTF-8");
	CHECK(url("name=%F0%9F%98") == FORM_ERR_UTF8,
	    "form: truncated four-byte sequence is invalid UTF-8");
	CHECK(url("name=\xff") == FORM_ERR_UTF8, "form: a raw invalid byte is invalid UTF-8");
	CHECK(url("na%C0%80me=x") == FORM_ERR_UTF8, "form: invalid UTF-8 in a key is rejected");
	CHECK(url("zz=%C0%80") == FORM_ERR_UTF8,
	    "form: invalid UTF-8 in an unknown field's value is rejected");
	CHECK(url("name=%C3%B1%C3%A1%C2%BF%E2%80%9Cs%C3%AD%E2%80%9D") == FORM_OK &&
	    streq(&out[F_NAME], "ñá¿“sí”"),
	    "form: percent-encoded Spanish text (ñ á ¿ “ ”) is accepted");
	CHECK(url("name=¿Año nuevo? “sí”") == FORM_OK && streq(&out[F_NAME], "¿Año nuevo? “sí”"),
	    "form: raw multi-byte UTF-8 text is accepted");

	big = filled("x=", FORM_MAX_INPUT + 1, 'a');
	CHECK(url(big) == FORM_ERR_TOO_LONG, "form: input over FORM_MAX_INPUT is too long");
	big[FORM_MAX_INPUT] = '\0';
	CHECK(url(big) == FORM_OK, "form: input of exactly FORM_MAX_INPUT is accepted");
	free(big);
	big = filled("name=", 5 + 65, 'a');
	CHECK(url(big) == FORM_ERR_INVALID && bad == F_NAME,
	    "form: a value over its field's max is invalid and reported");
	big[5 + 64] = '\0';
	CHECK(url(big) == FORM_OK && out[F_NAME].len == 64,
	    "form: a value of exactly its field's max is accepted");
	free(big);

	buf_init(&b, NULL);
	for (i = 0; i < FORM_MAX_PAIRS; i++)
		buf_puts(&b, "x=1&");
	CHECK(url(b.data) == FORM_OK, "form: FORM_MAX_PAIRS pairs are accepted");
	buf_puts(&b, "x=1");
	CHECK(url(b.data) == FORM_ERR_TOO_MANY, "form: one pair over FORM_MAX_PAIRS is rejected");
	buf_release(&b);

	CHECK(url("&&age=1&&") == FORM_OK && out[F_AGE].i == 1,
	    "form: empty pairs between '&' are skipped");
	CHECK(url("=1") == FORM_ERR_SYNTAX, "form: an empty key is a syntax error");
	CHECK(url("age=1&=2") == FORM_ERR_SYNTAX, "form: an empty key after a good pair is a syntax error");
	out[F_AGE].present = 1;
	CHECK(url("") == FORM_OK && !out[F_NAME].present && !out[F_AGE].present && bad == -1,
	    "form: empty input is accepted and clears out[]");
	CHECK(url("name") == FORM_OK && streq(&out[F_NAME], ""),
	    "form: a key without '=' is present with an empty value");
	CHECK(url("age") == FORM_ERR_INVALID && bad == F_AGE,
	    "form: a key without '=' still passes its validator");
	CHECK(url("age=12&tok=a b") == FORM_ERR_INVALID && bad == F_TOK,
	    "form: *bad names the field whose validator failed");
	CHECK(url("period=2023-07") == FORM_OK && out[F_PERIOD].i == 202307,
	    "form: the period validator sets i in a parsed form");
	CHECK(url("name=a%0Ab") == FORM_ERR_INVALID && bad == F_NAME,
	    "form: a decoded newline fails valid_text");
}

/*
 * A rejected value does not stop the parse (forms redisplay every error),
 * and FIELD_MULTI fields join repeated values with ','.
 */
static void
test_invalid_and_multi(void)
{
	static const struct field mf[] = {
		{ .name = "unidad", .valid = valid_id_list, .min = 0, .max = 1000,
		    .flags = FIELD_MULTI },
		{ .name = "rol", .valid = valid_token, .min = 1, .max = 16, .flags = FIELD_MULTI },
	};
	struct param mo[2];
	long long *ids;
	size_t n = 99;

	CHECK(url("age=abc&name=Ana") == FORM_ERR_INVALID && bad == F_AGE &&
	    streq(&out[F_NAME], "Ana"),
	    "form: an invalid value does not stop the parse of the rest");
	CHECK(url("age=abc&name=Ana") == FORM_ERR_INVALID && out[F_AGE].invalid &&
	    streq(&out[F_AGE], "abc") && !out[F_NAME].invalid,
	    "form: an invalid value is marked and kept for redisplay");
	CHECK(url("tok=a b&age=abc&name=ok") == FORM_ERR_INVALID && bad == F_TOK &&
	    out[F_AGE].invalid,
	    "form: *bad names the first invalid field when several are");
	CHECK(url("age=abc&age=1") == FORM_ERR_DUP && bad == F_AGE,
	    "form: a duplicate after an invalid value is still a duplicate");
	CHECK(url("age=abc&name=%") == FORM_ERR_SYNTAX,
	    "form: a syntax error after an invalid value wins");

	CHECK(form_parse_urlencoded(a, "unidad=1&unidad=20&x=1&unidad=300", 33, mf, 2, mo, &bad) ==
	    FORM_OK && streq(&mo[0], "1,20,300"),
	    "form: a FIELD_MULTI field joins repeated values with ','");
	CHECK(form_parse_urlencoded(a, "rol=admin&rol=jefe", 18, mf, 2, mo, &bad) ==
	    FORM_ERR_INVALID && bad == 1 && mo[1].invalid && streq(&mo[1], "admin,jefe"),
	    "form: the joined value is validated whole");
	CHECK(form_parse_urlencoded(a, "unidad=1&unidad=2%2C3", 21, mf, 2, mo, &bad) ==
	    FORM_ERR_DUP && bad == 0,
	    "form: a repeated FIELD_MULTI value containing ',' is a duplicate");
	CHECK(form_parse_urlencoded(a, "unidad=1&unidad=0", 17, mf, 2, mo, &bad) ==
	    FORM_ERR_INVALID && bad == 0,
	    "form: one bad id in a FIELD_MULTI list makes it invalid");

	CHECK(accepts(valid_id_list, 0, 1000, "", NULL), "valid_id_list: an empty list is accepted");
	CHECK(accepts(valid_id_list, 0, 1000, "1,2,1000", NULL),
	    "valid_id_list: ids in [1,max] are accepted");
	CHECK(!accepts(valid_id_list, 0, 1000, "1001", NULL), "valid_id_list: an id over max is rejected");
	CHECK(!accepts(valid_id_list, 0, 1000, "0", NULL), "valid_id_list: id 0 is rejected");
	CHECK(!accepts(valid_id_list, 0, 1000, "01", NULL), "valid_id_list: a leading zero is rejected");
	CHECK(!accepts(valid_id_list, 0, 1000, "1,,2", NULL), "valid_id_list: an empty item is rejected");
	CHECK(!accepts(valid_id_list, 0, 1000, "1,", NULL), "valid_id_list: a trailing comma is rejected");
	CHECK(!accepts(valid_id_list, 0, 1000, "+1", NULL), "valid_id_list: a sign is rejected");
	CHECK(!accepts(valid_id_list, 0, 1000, "1, 2", NULL), "valid_id_list: a space is rejected");
	CHECK(accepts(valid_id_list, 0, 0, "2147483647", NULL) &&
	    !accepts(valid_id_list, 0, 0, "2147483648", NULL),
	    "valid_id_list: max 0 means up to 2147483647");
	ids = parse_id_list(a, "30,1,2", &n);
	CHECK(n == 3 && ids[0] == 30 && ids[1] == 1 && ids[2] == 2,
	    "parse_id_list: returns the ids in order");
	ids = parse_id_list(a, "", &n);
	CHECK(n == 0 && ids != NULL, "parse_id_list: an empty list has no ids");
}

static void
test_cookies(void)
{
	char *big;

	CHECK(cookies("sid=abc; theme=dark") == FORM_OK && streq(&cout[C_SID], "abc") &&
	    streq(&cout[C_THEME], "dark"),
	    "cookies: two cookies are parsed");
	CHECK(cookies("sid=abc;   theme=dark") == FORM_OK && streq(&cout[C_THEME], "dark"),
	    "cookies: spaces after ';' are skipped");
	CHECK(cookies("sid=abc;theme=dark") == FORM_OK && streq(&cout[C_THEME], "dark"),
	    "cookies: no space after ';' is accepted");
	CHECK(cookies("_ga=GA1.2; sid=abc; _ga=x") == FORM_OK && streq(&cout[C_SID], "abc"),
	    "cookies: unknown cookies, even repeated, are ignored");
	CHECK(cookies("sid=a; sid=b") == FORM_ERR_DUP && bad == C_SID,
	    "cookies: a duplicate known cookie is rejected and reported");
	CHECK(cookies("pref=a%41+b") == FORM_OK && streq(&cout[C_PREF], "a%41+b"),
	    "cookies: values are not percent-decoded");
	CHECK(cookies("sid=abc; theme=a.b") == FORM_ERR_INVALID && bad == C_THEME,
	    "cookies: *bad names the cookie whose validator failed");
	CHECK(cookies("pref=\xc3\x28") == FORM_ERR_UTF8, "cookies: invalid UTF-8 in a value is rejected");
	CHECK(cookies("\xc0\x80=1") == FORM_ERR_UTF8, "cookies: invalid UTF-8 in a name is rejected");
	CHECK(form_parse_cookies(a, "sid=a\0b", 7, cookie_fields, C__MAX, cout, &bad) ==
	    FORM_ERR_NUL, "cookies: an embedded NUL is rejected");
	CHECK(cookies("=x") == FORM_ERR_SYNTAX, "cookies: an empty name is a syntax error");
	CHECK(cookies("sid=abc; ") == FORM_OK && streq(&cout[C_SID], "abc"),
	    "cookies: a trailing \"; \" is accepted");
	CHECK(cookies("") == FORM_OK && !cout[C_SID].present, "cookies: an empty header is accepted");
	CHECK(cookies("pref=¿sí?") == FORM_OK && streq(&cout[C_PREF], "¿sí?"),
	    "cookies: valid UTF-8 values are accepted");
	big = filled("sid=", 4 + 65, 'a');
	CHECK(cookies(big) == FORM_ERR_INVALID && bad == C_SID,
	    "cookies: a value over its max is invalid");
	free(big);
}

static void
test_check_value(void)
{
	struct field f = { .name = "x", .valid = valid_text, .min = 0, .max = 10 };
	struct param p;
	const char *in = "hola";

	CHECK(form_check_value(a, in, 4, &f, &p) == FORM_OK && streq(&p, "hola") && p.s != in,
	    "check_value: a good value is copied into the arena");
	CHECK(form_check_value(a, "ho\0la", 5, &f, &p) == FORM_ERR_NUL,
	    "check_value: an embedded NUL is rejected");
	CHECK(form_check_value(a, "\xed\xa0\x80", 3, &f, &p) == FORM_ERR_UTF8,
	    "check_value: invalid UTF-8 is rejected");
	CHECK(form_check_value(a, "hola mundo!", 11, &f, &p) == FORM_ERR_INVALID,
	    "check_value: a value its validator refuses is invalid");
	f.valid = NULL;
	CHECK(form_check_value(a, "anything goes\t", 14, &f, &p) == FORM_OK && p.len == 14,
	    "check_value: a field without validator accepts any valid UTF-8");
	CHECK(form_check_value(a, "ab%41", 5, &f, &p) == FORM_OK && streq(&p, "ab%41"),
	    "check_value: the value is not percent-decoded");
}

static void
test_valid_int(void)
{
	long long i;

	CHECK(int_ok("0", 0, 150, 0), "valid_int: the minimum is accepted");
	CHECK(int_ok("150", 0, 150, 150), "valid_int: the maximum is accepted");
	CHECK(!accepts(valid_int, 0, 150, "151", NULL), "valid_int: one over the maximum is rejected");
	CHECK(int_ok("-5", -5, 5, -5), "valid_int: a negative minimum is accepted");
	CHECK(!accepts(valid_int, -5, 5, "-6", NULL), "valid_int: one under the minimum is rejected");
	CHECK(int_ok("9223372036854775807", 0, LLONG_MAX, LLONG_MAX),
	    "valid_int: LLONG_MAX is accepted when in range");
	CHECK(!accepts(valid_int, 0, LLONG_MAX, "9223372036854775808", NULL),
	    "valid_int: LLONG_MAX + 1 overflows and is rejected");
	CHECK(!accepts(valid_int, 0, LLONG_MAX, "99999999999999999999", NULL),
	    "valid_int: a 20-digit number is rejected");
	CHECK(!accepts(valid_int, LLONG_MIN, LLONG_MAX, "-9223372036854775809", NULL),
	    "valid_int: a number under LLONG_MIN is rejected");
	CHECK(int_ok("+1", 0, 150, 1), "valid_int: an explicit '+' sign is accepted (\"+1\" is 1)");
	CHECK(int_ok("-0", 0, 150, 0), "valid_int: \"-0\" is zero");
	CHECK(!accepts(valid_int, 0, 150, " 1", NULL), "valid_int: a leading space is rejected");
	CHECK(!accepts(valid_int, 0, 150, "1 ", NULL), "valid_int: a trailing space is rejected");
	CHECK(!accepts(valid_int, 0, 150, "", NULL), "valid_int: an empty value is rejected");
	CHECK(!accepts(valid_int, -5, 150, "-", NULL), "valid_int: a lone sign is rejected");
	CHECK(!accepts(valid_int, -5, 150, "+", NULL), "valid_int: a lone '+' is rejected");
	CHECK(!accepts(valid_int, 0, 150, "1a", NULL), "valid_int: trailing letters are rejected");
	CHECK(!accepts(valid_int, 0, 150, "0x10", NULL), "valid_int: hexadecimal is rejected");
	CHECK(!accepts(valid_int, 0, 150, "1.0", NULL), "valid_int: a decimal point is rejected");
	CHECK(!accepts(valid_int, 0, 150, "--1", NULL), "valid_int: a double sign is rejected");
	CHECK(int_ok("007", 0, 150, 7), "valid_int: leading zeros are read as decimal, not octal");

	i = 42;
	CHECK(!parse_ll("12", 0, 0, 100, &i) && i == 42,
	    "parse_ll: zero length fails and leaves *out alone");
	CHECK(parse_ll("123456", 3, 0, 1000, &i) && i == 123,
	    "parse_ll: only the first n bytes are read");
	CHECK(!parse_ll("200", 3, 0, 100, &i) && i == 123,
	    "parse_ll: an out-of-range value leaves *out alone");
}

static void
test_valid_period(void)
{
	CHECK(period_ok("2023-01", 202301), "valid_period: \"2023-01\" is year*100+month");
	CHECK(period_ok("2000-12", 200012), "valid_period: \"2000-12\" is accepted");
	CHECK(period_ok("2100-12", 210012), "valid_period: \"2100-12\" is accepted");
	CHECK(!accepts(valid_period, 0, 0, "2023-13", NULL), "valid_period: month 13 is rejected");
	CHECK(!accepts(valid_period, 0, 0, "2023-00", NULL), "valid_period: month 00 is rejected");
	CHECK(!accepts(valid_period, 0, 0, "2023-1", NULL), "valid_period: a one-digit month is rejected");
	CHECK(!accepts(valid_period, 0, 0, "1999-12", NULL), "valid_period: a year before 2000 is rejected");
	CHECK(!accepts(valid_period, 0, 0, "2101-01", NULL), "valid_period: a year after 2100 is rejected");
	CHECK(!accepts(valid_period, 0, 0, "2023+01", NULL), "valid_period: '+' as separator is rejected");
	CHECK(!accepts(valid_period, 0, 0, "2023-+1", NULL), "valid_period: a signed month is rejected");
	CHECK(!accepts(valid_period, 0, 0, "+023-01", NULL), "valid_period: a signed year is rejected");
	CHECK(!accepts(valid_period, 0, 0, "2023-01-", NULL), "valid_period: trailing bytes are rejected");
	CHECK(!accepts(valid_period, 0, 0, "2023_01", NULL), "valid_period: '_' as separator is rejected");
	CHECK(!accepts(valid_period, 0, 0, "2O23-01", NULL), "valid_period: a letter in the year is rejected");
	CHECK(!accepts(valid_period, 0, 0, "", NULL), "valid_period: an empty value is rejected");
}

static void
test_valid_text_token(void)
{
	CHECK(accepts(valid_text, 0, 64, "Dirección de Planificación «A»", NULL),
	    "valid_text: one line of Spanish text is accepted");
	CHECK(!accepts(valid_text, 0, 64, "a\tb", NULL), "valid_text: a tab is rejected");
	CHECK(!accepts(valid_text, 0, 64, "a\nb", NULL), "valid_text: a newline is rejected");
	CHECK(!accepts(valid_text, 0, 64, "a\rb", NULL), "valid_text: a carriage return is rejected");
	CHECK(!accepts(valid_text, 0, 64, "a\x1b[0m", NULL), "valid_text: an escape byte is rejected");
	CHECK(!accepts(valid_text, 0, 64, "a\x7f", NULL), "valid_text: DEL is rejected");
	CHECK(!accepts(valid_text, 2, 5, "a", NULL), "valid_text: shorter than min is rejected");
	CHECK(accepts(valid_text, 2, 5, "ab", NULL), "valid_text: exactly min is accepted");
	CHECK(!accepts(valid_text, 2, 5, "ñññ", NULL), "valid_text: length is counted in bytes");
	CHECK(accepts(valid_text, 0, 5, "", NULL), "valid_text: empty is accepted when min is 0");

	CHECK(accepts(valid_token, 1, 16, "abc_XYZ-09", NULL),
	    "valid_token: letters, digits, '_' and '-' are accepted");
	CHECK(!accepts(valid_token, 1, 16, "a b", NULL), "valid_token: a space is rejected");
	CHECK(!accepts(valid_token, 1, 16, "a.b", NULL), "valid_token: a dot is rejected");
	CHECK(!accepts(valid_token, 1, 16, "año", NULL), "valid_token: non-ASCII is rejected");
	CHECK(!accepts(valid_token, 1, 16, "", NULL), "valid_token: shorter than min is rejected");
	CHECK(!accepts(valid_token, 1, 16, "abcdefghijklmnopq", NULL),
	    "valid_token: longer than max is rejected");
}

static void
test_utf8(void)
{
	CHECK(utf8_valid("", 0), "utf8: the empty string is valid");
	CHECK(utf8_valid("ñ á ¿ “ ” €", strlen("ñ á ¿ “ ” €")), "utf8: Spanish punctuation is valid");
	CHECK(utf8_valid("\xf0\x9f\x98\x80", 4), "utf8: a four-byte sequence (U+1F600) is valid");
	CHECK(utf8_valid("\xf4\x8f\xbf\xbf", 4), "utf8: U+10FFFF is valid");
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4), "utf8: above U+10FFFF is invalid");
	CHECK(utf8_valid("\xed\x9f\xbf", 3), "utf8: U+D7FF just below the surrogates is valid");
	CHECK(utf8_valid("\xee\x80\x80", 3), "utf8: U+E000 just above the surrogates is valid");
	CHECK(!utf8_valid("\xed\xbf\xbf", 3), "utf8: the last surrogate U+DFFF is invalid");
	CHECK(!utf8_valid("\xc0\x80", 2), "utf8: overlong C0 80 is invalid");
	CHECK(!utf8_valid("\xc1\xbf", 2), "utf8: overlong C1 BF is invalid");
	CHECK(!utf8_valid("\xe0\x80\x80", 3), "utf8: an overlong three-byte sequence is invalid");
	CHECK(!utf8_valid("\xe0\x9f\xbf", 3), "utf8: overlong E0 9F BF is invalid");
	CHECK(!utf8_valid("\xf0\x80\x80\x80", 4), "utf8: an overlong four-byte sequence is invalid");
	CHECK(!utf8_valid("\xf5\x80\x80\x80", 4), "utf8: lead byte F5 is invalid");
	CHECK(!utf8_valid("\xff", 1), "utf8: byte FF is invalid");
	CHECK(!utf8_valid("\x80", 1), "utf8: a lone continuation byte is invalid");
	CHECK(!utf8_valid("\xc3\x28", 2), "utf8: a lead byte followed by ASCII is invalid");
	CHECK(!utf8_valid("a\xe2\x82", 3), "utf8: a sequence cut by the end is invalid");
	CHECK(utf8_valid("\xc3\xb1" "abc", 2), "utf8: only the first n bytes are checked");
	CHECK(!utf8_valid("\xc3\xb1", 1), "utf8: n cutting a sequence makes it invalid");
}

/* JSON members go to fields by type: what a field cannot take is refused, never coerced. */
static int
json_one(const char *body, const struct field *f, const char *want)
{
	enum form_err e = json_parse_fields(a, body, strlen(body), f, 1, out, &bad);

	if (want == NULL)
		return e != FORM_OK;
	return e == FORM_OK && out[0].present && strcmp(out[0].s, want) == 0;
}

static void
test_json_types(void)
{
	const struct field text = { "value", valid_text, 0, 40, 0 };
	const struct field flag = { "active", valid_int, 0, 1, 0 };
	const struct field num = { "version", valid_int, 0, 1000, 0 };
	const struct field ids = { "units", valid_id_list, 0, 1000, 0 };
	const struct field multi = { "roles", valid_text, 0, 64, FIELD_MULTI };

	CHECK(json_one("{\"value\":\"12,5\"}", &text, "12,5"), "json: a string goes to a text field");
	CHECK(json_one("{\"value\":45}", &text, "45"), "json: an integral number goes to a text field");
	CHECK(json_one("{\"value\":45.5}", &text, "45.5"), "json: a decimal number goes to a text field");
	CHECK(json_one("{\"value\":0.1}", &text, "0.1"), "json: 0.1 stays \"0.1\"");
	CHECK(json_one("{\"value\":true}", &text, NULL), "json: true in a text field is refused");
	CHECK(json_one("{\"value\":false}", &text, NULL), "json: false in a text field is refused");
	CHECK(json_one("{\"value\":[\"5\"]}", &text, NULL), "json: an array in a one-value field is refused");
	CHECK(json_one("{\"value\":{\"a\":1}}", &text, NULL), "json: an object in a field is refused");
	CHECK(json_one("{\"active\":true}", &flag, "1"), "json: true in a 0..1 field is 1");
	CHECK(json_one("{\"active\":false}", &flag, "0"), "json: false in a 0..1 field is 0");
	CHECK(json_one("{\"version\":true}", &num, NULL), "json: true in a wider integer field is refused");
	CHECK(json_one("{\"version\":2.5}", &num, NULL), "json: a decimal in an integer field is refused");
	CHECK(json_one("{\"version\":7}", &num, "7"), "json: an integer in an integer field");
	CHECK(json_one("{\"units\":[3,4]}", &ids, "3,4"), "json: an array of ids is a list");
	CHECK(json_one("{\"roles\":[\"jefe\",\"admin\"]}", &multi, "jefe,admin"),
	    "json: an array in a list field (FIELD_MULTI) is joined");
	CHECK(json_parse_fields(a, "{\"value\":\"a\\u0000b\"}", strlen("{\"value\":\"a\\u0000b\"}"), &text,
	    1, out, &bad) == FORM_ERR_NUL,
	    "json: a \\u0000 escape is refused, not cut");
	CHECK(json_one("{\"value\":\"a\\\\u0000b\"}", &text, "a\\u0000b"),
	    "json: an escaped backslash before u0000 is plain text");
	CHECK(json_one("{\"value\":\"a\\\\\\u0000b\"}", &text, NULL),
	    "json: an escaped backslash then a \\u0000 escape is refused");
}

static void
test_err_str(void)
{
	int distinct = 1;

	for (int e = FORM_OK; e <= FORM_ERR_INVALID; e++)
		for (int k = FORM_OK; k < e; k++)
			if (strcmp(form_err_str((enum form_err)e), form_err_str((enum form_err)k)) == 0)
				distinct = 0;
	CHECK(distinct, "form_err_str: every error has its own message");
}

static int
link(const char *s)
{
	return link_valid(s, strlen(s));
}

static void
test_link_blank(void)
{
	CHECK(link("https://congope.gob.ec/a4/2023-01.pdf"), "link_valid: an https link");
	CHECK(link("http://congope.gob.ec"), "link_valid: an http link");
	CHECK(link("HTTPS://EJEMPLO.GOB.EC"), "link_valid: the scheme in capitals");
	CHECK(!link("https://"), "link_valid: a scheme without a host");
	CHECK(!link("https:///camino"), "link_valid: an empty host before the path");
	CHECK(!link("http://?q=1"), "link_valid: an empty host before the query");
	CHECK(!link("ftp://congope.gob.ec"), "link_valid: another scheme");
	CHECK(!link("javascript:alert(1)"), "link_valid: javascript:");
	CHECK(!link("https://a.ec/x y"), "link_valid: a space");
	CHECK(!link("https://a.ec/\"x"), "link_valid: a quote");
	CHECK(!link("https://a.ec/<b>"), "link_valid: angle brackets");
	CHECK(!link("https://a.ec/\x7f"), "link_valid: DEL");
	CHECK(!link_valid("https://a.ec", 5), "link_valid: only the first n bytes count");
	CHECK(text_blank(NULL) && text_blank("") && text_blank("  \t\r\n "),
	    "text_blank: none, empty, spaces and line breaks");
	CHECK(!text_blank(" a ") && !text_blank("\n.\n"), "text_blank: any other character");
}

int
main(void)
{
	a = arena_new(4096);
	test_urlencoded();
	test_invalid_and_multi();
	test_cookies();
	test_check_value();
	test_valid_int();
	test_valid_period();
	test_valid_text_token();
	test_utf8();
	test_json_types();
	test_err_str();
	test_link_blank();
	arena_free(a);
	return TAP_DONE();
}
