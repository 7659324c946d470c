/*
 * Unit tests of the multipart/form-data parser and evidence type checks.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "evidence.h"
#include "form.h"
#include "multipart.h"
#include "tap.h"

static enum form_err
parse(struct arena *a, const char *body, struct mpart **p, size_t *n)
{
	return multipart_parse(a, "XyZ", body, strlen(body), p, n);
}

int
main(void)
{
	struct arena *a = arena_new(8192);
	struct mpart *p;
	size_t n;
	const struct field fields[] = {
		{ "csrf", valid_token, 1, 64, 0 },
		{ "v5", valid_text, 0, 10, 0 },
		{ "unidad", valid_id_list, 0, 2147483647LL, FIELD_MULTI },
	};
	struct param out[3];
	int bad;
	const char *ok =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"f5\"; filename=\"informe.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\nx\r\n--XyZ--\r\n";

	CHECK(strcmp(multipart_boundary(a, "multipart/form-data; boundary=XyZ"), "XyZ") == 0,
	    "boundary: plain");
	CHECK(strcmp(multipart_boundary(a, "multipart/form-data; charset=utf-8; boundary=\"a b\""), "a b") == 0,
	    "boundary: quoted, after another parameter");
	CHECK(multipart_boundary(a, "application/x-www-form-urlencoded") == NULL, "boundary: other types refused");
	CHECK(multipart_boundary(a, "multipart/form-data") == NULL, "boundary: missing");
	CHECK(multipart_boundary(a, "multipart/form-data; boundary=") == NULL, "boundary: empty");

	CHECK(parse(a, ok, &p, &n) == FORM_OK && n == 2, "parse: two parts");
	CHECK(n == 2 && strcmp(p[0].name, "csrf") == 0 && p[0].filename == NULL && p[0].len == 3 &&
	    memcmp(p[0].data, "abc", 3) == 0, "parse: a plain field");
	CHECK(n == 2 && strcmp(p[1].filename, "informe.pdf") == 0 && p[1].len == 11 &&
	    memcmp(p[1].data, "%PDF-1.4\r\nx", 11) == 0, "parse: a file keeps its CRLFs");
	CHECK(n == 2 && strcmp(p[1].ctype, "application/pdf") == 0, "parse: the part's type");
	CHECK(parse(a, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", &p, &n) == FORM_ERR_SYNTAX,
	    "parse: a truncated body is refused");
	CHECK(parse(a, "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--", &p, &n) == FORM_ERR_SYNTAX,
	    "parse: a part without Content-Disposition is refused");
	CHECK(parse(a, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", &p, &n) == FORM_ERR_SYNTAX,
	    "parse: unquoted names are refused");
	CHECK(parse(a, "--Other\r\n", &p, &n) == FORM_ERR_SYNTAX, "parse: a wrong boundary is refused");
	CHECK(parse(a, "--XyZ\r\nContent-Disposition: form-data; name=\"a\xff\"\r\n\r\n1\r\n--XyZ--", &p, &n) == FORM_ERR_UTF8,
	    "parse: invalid UTF-8 in headers is refused");
	CHECK(parse(a, "--XyZ--\r\n", &p, &n) == FORM_OK && n == 0, "parse: an empty form");

	CHECK(parse(a, ok, &p, &n) == FORM_OK &&
	    multipart_fields(a, p, n, fields, 3, out, &bad) == FORM_OK && out[0].present &&
	    strcmp(out[0].s, "abc") == 0 && !out[1].present, "fields: plain parts through the table, files skipped");
	CHECK(parse(a, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\na\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nb\r\n--XyZ--", &p, &n) == FORM_OK &&
	    multipart_fields(a, p, n, fields, 3, out, &bad) == FORM_ERR_DUP && bad == 0,
	    "fields: a repeated field is refused");
	CHECK(parse(a, "--XyZ\r\nContent-Disposition: form-data; name=\"unidad\"\r\n\r\n1\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"unidad\"\r\n\r\n2\r\n--XyZ--", &p, &n) == FORM_OK &&
	    multipart_fields(a, p, n, fields, 3, out, &bad) == FORM_OK && strcmp(out[2].s, "1,2") == 0,
	    "fields: a multi field joins its values");
	CHECK(parse(a, "--XyZ\r\nContent-Disposition: form-data; name=\"v5\"\r\n\r\nfar too long a value\r\n--XyZ--",
	    &p, &n) == FORM_OK && multipart_fields(a, p, n, fields, 3, out, &bad) == FORM_ERR_INVALID &&
	    out[1].invalid && bad == 1, "fields: an invalid value is marked, not dropped");

	{
		/* what evidence_max_files counts: a browser sends every file input, chosen or not */
		const char *form =
		    "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"f1\"; filename=\"\"\r\n"
		    "Content-Type: application/octet-stream\r\n\r\n\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"f2\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"f3\"; filename=\"vacio.pdf\"\r\n\r\n\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"f4\"; filename=\"\"\r\n\r\nxyz\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"v5\"\r\n\r\n12\r\n--XyZ--\r\n";

		CHECK(parse(a, form, &p, &n) == FORM_OK && n == 6 && multipart_count_files(p, n) == 3,
		    "count_files: a named file, an empty named file and content without a name count; "
		    "a blank file input and plain fields do not");
		CHECK(multipart_count_files(p, 0) == 0, "count_files: no parts, no files");
	}
	CHECK(multipart_safe_filename(a, "informe técnico.pdf") != NULL, "filename: accents are fine");
	CHECK(multipart_safe_filename(a, "../x.pdf") == NULL, "filename: path parts refused");
	CHECK(multipart_safe_filename(a, "C:\\x.pdf") == NULL, "filename: Windows paths refused");
	CHECK(multipart_safe_filename(a, "a\x01.pdf") == NULL, "filename: control characters refused");
	CHECK(multipart_safe_filename(a, ".htaccess") == NULL, "filename: hidden names refused");
	CHECK(multipart_safe_filename(a, "") == NULL, "filename: empty refused");

	CHECK(evidence_kind("a.pdf", (const unsigned char *)"%PDF-1.7", 8) != NULL, "kind: a PDF");
	CHECK(evidence_kind("a.PDF", (const unsigned char *)"%PDF-1.7", 8) != NULL, "kind: extension case ignored");
	CHECK(evidence_kind("a.pdf", (const unsigned char *)"<html>", 6) == NULL, "kind: HTML named .pdf refused");
	CHECK(evidence_kind("a.html", (const unsigned char *)"<html>", 6) == NULL, "kind: HTML refused");
	CHECK(evidence_kind("a.png", (const unsigned char *)"\x89PNG\r\n\x1a\n", 8) != NULL, "kind: a PNG");
	CHECK(evidence_kind("a.docx", (const unsigned char *)"PK\x03\x04", 4) != NULL, "kind: a DOCX");
	CHECK(evidence_kind("a", (const unsigned char *)"%PDF", 4) == NULL, "kind: no extension refused");
	arena_free(a);
	return TAP_DONE();
}
