/*
 * Field tables and validators (the kcgi kvalid pattern) and the parsers of
 * untrusted key/value input: query strings, urlencoded bodies, cookies.
 *
 * Each input is declared once as a table of struct field. The parsers fill
 * one struct param per table entry; unknown keys are ignored, duplicate
 * known keys, embedded NULs, broken percent-escapes and invalid UTF-8 are
 * rejected, and each value passes its validator before a handler sees it.
 * Handlers read typed values only (param.i or param.s).
 */
#ifndef METAS_FORM_H
#define METAS_FORM_H

#include <stddef.h>

struct arena;
struct field;

struct param {
	int		 present;
	const char	*s;	/* decoded, NUL-terminated, valid UTF-8 */
	size_t		 len;
	long long	 i;	/* set by integer validators */
	int		 invalid;	/* present but rejected by its validator (s kept for redisplay) */
};

/* Returns 1 when the value is valid (and may set p->i), 0 otherwise. */
typedef int (*field_validator)(const struct field *, struct param *);

struct field {
	const char	*name;
	field_validator	 valid;
	long long	 min;	/* integers: range; strings: length in bytes (characters for valid_line/lines) */
	long long	 max;
	unsigned	 flags;
};

/* The field may repeat (checkbox lists): values are joined with ',' and validated whole. */
#define FIELD_MULTI	0x1
/* JSON: null is accepted and means "" (an optional value cleared). */
#define FIELD_NULLABLE	0x2

enum form_err {
	FORM_OK = 0,
	FORM_ERR_SYNTAX,	/* bad percent-escape, missing name */
	FORM_ERR_NUL,		/* embedded NUL byte */
	FORM_ERR_UTF8,		/* invalid UTF-8 */
	FORM_ERR_DUP,		/* a known key given twice */
	FORM_ERR_TOO_LONG,	/* input or a value over its limit */
	FORM_ERR_TOO_MANY,	/* more pairs than FORM_MAX_PAIRS */
	FORM_ERR_INVALID,	/* rejected by its validator */
};

#define FORM_MAX_INPUT	(1024 * 1024)
#define FORM_MAX_PAIRS	256

/*
 * Parse application/x-www-form-urlencoded input (query string or body) of
 * len bytes against fields[0..n). out[] must have n entries; it is zeroed
 * first. On error *bad is the index of the offending field or -1.
 * A value its validator rejects does not stop the parse: it is marked
 * invalid, the rest is read, and FORM_ERR_INVALID names the first one.
 * Strings in out[] belong to the arena.
 */
enum form_err	form_parse_urlencoded(struct arena *, const char *in, size_t len,
		    const struct field *fields, size_t n, struct param *out, int *bad);
/* Parse a Cookie header ("a=b; c=d"); values are not percent-decoded. */
enum form_err	form_parse_cookies(struct arena *, const char *in, size_t len,
		    const struct field *fields, size_t n, struct param *out, int *bad);
/* Run one validator on a raw value (headers, path segments). */
enum form_err	form_check_value(struct arena *, const char *in, size_t len,
		    const struct field *, struct param *out);

const char	*form_err_str(enum form_err);
/*
 * Parse a JSON object body against a field table: strings, numbers
 * (integral ones for integer fields), booleans ("1"/"0", only for 0..1
 * integer fields) and, for list fields only, arrays of those (joined with
 * ',') go through each field's validator; another type is FORM_ERR_INVALID,
 * a \u0000 escape FORM_ERR_NUL. Unknown members are ignored.
 */
enum form_err	json_parse_fields(struct arena *, const char *body, size_t len,
		    const struct field *fields, size_t n, struct param *out, int *bad);

/* Validators. */
int	valid_int(const struct field *, struct param *);	/* decimal in [min,max] */
int	valid_text(const struct field *, struct param *);	/* one line of text, length in [min,max] */
int	valid_token(const struct field *, struct param *);	/* [A-Za-z0-9_-], length in [min,max] */
int	valid_period(const struct field *, struct param *);	/* YYYY-MM; i = year*100+month */
int	valid_id_list(const struct field *, struct param *);	/* "1,2,3" (or empty), each in [1,max] */
/*
 * Text people read (names, descriptions): [min,max] counted in characters,
 * no control character and no bidirectional override (U+202A..U+202E,
 * U+2066..U+2069). valid_line is one line; valid_lines also takes tabs and
 * line breaks.
 */
int	valid_line(const struct field *, struct param *);
int	valid_lines(const struct field *, struct param *);
/* The characters (code points) of valid UTF-8 s. */
size_t	utf8_chars(const char *s);
/* What field f accepts, in Spanish, to follow its label ("admite hasta 20 caracteres"). */
const char *form_field_rule(struct arena *, const struct field *f);
/* The ids of a list valid_id_list accepted, in the arena. */
long long *parse_id_list(struct arena *, const char *, size_t *n);

/* 1 when s[0..n) is well-formed UTF-8 without overlongs or surrogates. */
int	utf8_valid(const char *s, size_t n);
/*
 * 1 when s[0..n) is a whole web link: http:// or https:// (any case), a
 * host (something before the first '/', '?' or '#'), and no space, control
 * character, quote or angle bracket anywhere.
 */
int	link_valid(const char *s, size_t n);
/* 1 when s is NULL, empty, or only spaces, tabs and line breaks. */
int	text_blank(const char *s);
/* Strict decimal parse of s[0..n) into [min,max]; 1 on success. */
int	parse_ll(const char *s, size_t n, long long min, long long max, long long *out);

#endif
