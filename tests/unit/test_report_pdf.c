/*
 * Unit tests of report_pdf.c: UTF-8 -> CP1252 with its fallback, the word
 * wrapper (against a fake width table, then against libharu's own
 * HPDF_Font_MeasureText on DejaVu Sans), and whole renders of small
 * matrices (a PDF comes out; a missing font is an error, not a crash);
 * the progress annex's trajectory rule, and renders with the annex.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "arena.h"
#include "matrix.h"
#include "monthly.h"
#include "report_pdf.h"
#include "tap.h"

static int
conv_is(const char *in, const char *want, size_t want_replaced)
{
	char out[256];
	size_t rep = 0, n = rpdf_cp1252(in, strlen(in), out, &rep);

	return n == strlen(want) && memcmp(out, want, n) == 0 && rep == want_replaced;
}

static void
test_cp1252(void)
{
	CHECK(conv_is("Plan anual 2023", "Plan anual 2023", 0), "cp1252: ASCII passes unchanged");
	CHECK(conv_is("áéíóúñüÁÉÍÓÚÑÜ¿¡«»",
	    "\xe1\xe9\xed\xf3\xfa\xf1\xfc\xc1\xc9\xcd\xd3\xda\xd1\xdc\xbf\xa1\xab\xbb", 0),
	    "cp1252: Spanish letters and ¿ ¡ « » map to their Latin-1 bytes");
	CHECK(conv_is("“x” – — € … ‘y’ •", "\x93x\x94 \x96 \x97 \x80 \x85 \x91y\x92 \x95", 0),
	    "cp1252: quotes, dashes, euro, ellipsis, bullet map to 0x80-0x9F");
	CHECK(conv_is("a−b‐c", "a-b-c", 0), "cp1252: minus sign and hyphens become '-' (not counted)");
	CHECK(conv_is("x\xe2\x80\xafy", "x y", 0), "cp1252: a narrow no-break space becomes a space");
	CHECK(conv_is("ok 😀 ≥ 中", "ok ? ? ?", 3),
	    "cp1252: characters outside CP1252 become '?' and are counted");
	CHECK(conv_is("a\xff" "b\xc3", "a?b?", 2), "cp1252: invalid UTF-8 bytes become '?' each");
	CHECK(conv_is("\xc0\xaf", "??", 2), "cp1252: an overlong sequence is invalid");
	CHECK(conv_is("a\tb\r\nc\x01" "d\xe2\x80\x8b" "e", "a b\ncde", 0),
	    "cp1252: tab -> space, CR and controls and zero-width space dropped, LF kept");
	CHECK(conv_is("", "", 0), "cp1252: empty in, empty out");
}

/* Every byte 500/1000 em wide: at size 10, 5 points a character. */
static float fixed[256];

static int
lines_are(const char *text, double first_w, double w, const char *const *want, size_t nwant)
{
	struct rpdf_line ln[64];
	size_t n = rpdf_wrap(text, strlen(text), fixed, 10, first_w, w, ln, 64);

	if (n != nwant)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ln[i].len != strlen(want[i]) || memcmp(text + ln[i].off, want[i], ln[i].len) != 0)
			return 0;
	return 1;
}

static void
test_wrap(void)
{
	for (int i = 0; i < 256; i++)
		fixed[i] = 500;
	{
		const char *w[] = { "aaa", "bbb", "ccc" };

		CHECK(lines_are("aaa bbb ccc", 20, 20, w, 3), "wrap: breaks at spaces");
	}
	{
		const char *w[] = { "aaa bbb", "ccc" };

		CHECK(lines_are("aaa bbb ccc", 35, 35, w, 2), "wrap: a line takes words while they fit (exact fit)");
	}
	{
		const char *w[] = { "aaaa", "aaaa", "aa" };

		CHECK(lines_are("aaaaaaaaaa", 20, 20, w, 3),
		    "wrap: a word wider than the line breaks at character boundaries");
	}
	{
		const char *w[] = { "ab", "cdefgh", "ij" };

		CHECK(lines_are("ab cdefgh ij", 10, 30, w, 3), "wrap: the first line has its own width");
	}
	{
		const char *w[] = { "a", "", "b" };

		CHECK(lines_are("a\n\nb", 100, 100, w, 3), "wrap: LF forces a break; an empty line stays");
	}
	{
		const char *w[] = { "a" };

		CHECK(lines_are("a\n", 100, 100, w, 1), "wrap: a trailing LF adds no empty line");
	}
	{
		const char *w[] = { "" };

		CHECK(lines_are("", 100, 100, w, 1), "wrap: empty text is one empty line");
	}
	{
		const char *w[] = { "aa", "bb" };

		CHECK(lines_are("aa     bb   ", 20, 20, w, 2), "wrap: spaces at a soft break and at the end are dropped");
	}
	{
		const char *w[] = { "a", "b", "c" };

		CHECK(lines_are("abc", 1, 1, w, 3), "wrap: at least one character per line, so it ends");
	}
	{
		/* no text lost: 3,000 pseudo-random words and one 200-character word */
		struct arena *a = arena_new(1 << 16);
		struct buf t;
		struct rpdf_line *ln;
		size_t n, k = 0, lost = 0, wide = 0;
		unsigned seed = 12345;
		char *joined;

		buf_init(&t, a);
		for (int i = 0; i < 3000; i++) {
			int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 14;

			for (int j = 0; j < len; j++)
				buf_putc(&t, (char)('a' + (j + i) % 26));
			buf_putc(&t, ' ');
			if (i == 1500)
				for (int j = 0; j < 200; j++)
					buf_putc(&t, (char)('A' + j % 26));
		}
		n = rpdf_wrap(t.data, t.len, fixed, 10, 113, 97, NULL, 0);
		ln = arena_calloc(a, n, sizeof(*ln));
		rpdf_wrap(t.data, t.len, fixed, 10, 113, 97, ln, n);
		joined = arena_alloc(a, t.len + 1);
		for (size_t i = 0; i < n; i++) {
			if (rpdf_width(t.data + ln[i].off, ln[i].len, fixed, 10) > (i ? 97 : 113))
				wide++;
			for (size_t j = 0; j < ln[i].len; j++)
				if (t.data[ln[i].off + j] != ' ')
					joined[k++] = t.data[ln[i].off + j];
		}
		for (size_t i = 0, m = 0; i < t.len; i++)
			if (t.data[i] != ' ' && (m >= k || joined[m++] != t.data[i]))
				lost++;
		CHECK(lost == 0 && k == t.len - 3000, "wrap: every non-space byte of 3,000 words comes out, in order");
		CHECK(wide == 0, "wrap: no line is wider than its width");
		arena_free(a);
	}
}

/* Against libharu: our widths and MeasureText agree on where a line ends. */
static void
test_against_libharu(void)
{
	const char *path = METAS_FONT_DIR "/DejaVuSans.ttf";
	const char *samples[] = {
		"Fortalecer la capacidad técnica y de gestión de los GAD Provinciales",
		"ÁÉÍÓÚÑ ¿Qué? ¡Sí! «comillas» “dobles” – y — rayas € 1.234,50",
		"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
		"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii",
	};
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	HPDF_Font f = NULL;
	const char *name;
	float w[256];
	int agree = 1;

	if (pdf == NULL || access(path, R_OK) != 0 ||
	    (name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE)) == NULL ||
	    (f = HPDF_GetFont(pdf, name, "WinAnsiEncoding")) == NULL) {
		CHECK(0, "wrap: DejaVuSans.ttf loads in libharu (fonts-dejavu-core)");
		if (pdf != NULL)
			HPDF_Free(pdf);
		return;
	}
	w[0] = 0;
	for (int c = 1; c < 256; c++) {
		HPDF_BYTE b = (HPDF_BYTE)c;

		w[c] = (float)HPDF_Font_TextWidth(f, &b, 1).width;
	}
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		char t[256];
		size_t n = rpdf_cp1252(samples[s], strlen(samples[s]), t, NULL);

		for (double width = 40; width < 400; width += 17) {
			HPDF_REAL real;
			HPDF_UINT fit = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)t, (HPDF_UINT)n,
			    (HPDF_REAL)width, 8, 0, 0, HPDF_FALSE, &real);
			struct rpdf_line ln[1];

			/* our first line without spaces to break at: the characters that fit */
			size_t ink = fit;

			/* MeasureText counts a space as fitting even when it overflows */
			if (ink > 0 && t[ink - 1] == ' ')
				ink--;
			if (fit < n && rpdf_width(t, fit + 1, w, 8) <= width + 1e-3)
				agree = 0;
			if (rpdf_width(t, ink, w, 8) > width + 1e-3)
				agree = 0;
			if (strchr(t, ' ') == NULL) {
				rpdf_wrap(t, n, w, 8, width, width, ln, 1);
				if (ln[0].len != (fit ? fit : 1))
					agree = 0;
			}
		}
	}
	CHECK(agree, "wrap: our widths end lines where HPDF_Font_MeasureText does (DejaVu Sans, 8 pt)");
	HPDF_Free(pdf);
}

/* ---- whole renders ---- */

static struct mx_goal g1 = { 1, "M1", "Al menos el 50% de los GADP — meta “uno”", 0 };
static struct mx_goal *goals1[] = { &g1 };
static struct mx_row rows1[] = { { "I1", "Porcentaje de avance de la gestión", goals1, 1 },
	{ NULL, NULL, NULL, 0 } };
static struct mx_unit units1[] = { { 10, 1, "Dirección de Planificación", "Planificar ¿bien?",
	rows1, 2 } };
static struct mx_level levels1[] = { { "PROCESOS GOBERNANTES / NIVEL DIRECTIVO", units1, 1 } };

static void
base_matrix(struct matrix *m)
{
	memset(m, 0, sizeof(*m));
	m->name = "Institución de Prueba";
	m->short_name = "IP";
	m->year = 2023;
	m->data_date = "31/01/2023";
	m->gpr_url = "https://gpr.example.gob.ec/reporte?id=1";
	m->update_frequency = "MENSUAL";
	m->responsible_email = "ana@example.gob.ec";
	m->empty_text = "NO APLICA";
	m->levels = levels1;
	m->nlevels = 1;
	m->nunits = 1;
}

static int
is_pdf(const struct buf *b)
{
	return b->len > 100 && memcmp(b->data, "%PDF-", 5) == 0 &&
	    memmem(b->data + b->len - 16, 16, "%%EOF", 5) != NULL;
}

static void
test_render(void)
{
	struct matrix m;
	struct report_opts o = { .period = 202301, .created = 1675141200 };
	struct report_stats st;
	struct buf b, b2;
	char err[256];
	int rc;

	base_matrix(&m);
	buf_init(&b, NULL);
	rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
	CHECK(rc == 0 && is_pdf(&b), "render: a small matrix gives a PDF (%PDF- ... %%EOF)");
	CHECK(st.pages == 1 && st.replaced == 0, "render: one page, no character replaced");
	CHECK(memmem(b.data, b.len, "/URI (https:\\057\\057gpr.example.gob.ec\\057reporte?id=1)", 55) != NULL,
	    "render: the GPR link is a URI annotation");
	CHECK(memmem(b.data, b.len, "/URI (mailto:ana@example.gob.ec)", 32) != NULL,
	    "render: the e-mail is a mailto: annotation");
	buf_init(&b2, NULL);
	rc = report_pdf_render(&m, &o, &b2, &st, err, sizeof(err));
	CHECK(rc == 0 && b2.len == b.len && memcmp(b.data, b2.data, b.len) == 0,
	    "render: the same matrix and date give the same bytes");
	buf_release(&b2);

	m.nlevels = 0;
	m.nunits = 0;
	buf_clear(&b);
	rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
	CHECK(rc == 0 && is_pdf(&b) && st.pages == 1, "render: an empty catalogue gives a one-page PDF");

	base_matrix(&m);
	m.name = "Emoji 😀 institución";
	buf_clear(&b);
	rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
	CHECK(rc == 0 && is_pdf(&b) && st.replaced > 0,
	    "render: a character outside CP1252 gets the fallback, the file is still made");

	o.font_dir = "/nonexistent";
	buf_clear(&b);
	buf_puts(&b, "keep");
	rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
	CHECK(rc == -1 && strstr(err, "fuente") != NULL && b.len == 4 && strcmp(b.data, "keep") == 0,
	    "render: a missing font is an error with a message, and out is left as it was");
	buf_release(&b);
	buf_init(&b, NULL);
	rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
	CHECK(rc == -1 && b.len == 0 && b.data[0] == '\0',
	    "render: a failure into a fresh, never grown buffer leaves it empty (no write to it)");
	buf_release(&b);
}

/* ---- the progress annex ---- */

static int
track_is(char agg, const char *target, int has, double cum, int month, enum rpdf_track want,
    double want_expected)
{
	double e = -1;
	enum rpdf_track t = rpdf_trajectory(agg, target, has, cum, month, &e);

	return t == want && (want_expected < 0 || (e > want_expected - 1e-9 &&
	    e < want_expected + 1e-9));
}

static void
test_trajectory(void)
{
	CHECK(track_is('s', "120", 1, 20, 2, TRACK_ON, 20),
	    "trajectory: sum, target 120, February: expected 120 * 2/12 = 20; 20 is on track");
	CHECK(track_is('s', "120", 1, 18, 2, TRACK_ON, 20),
	    "trajectory: sum at exactly 90 % of the expected (18 of 20) is on track");
	CHECK(track_is('s', "120", 1, 17.99, 2, TRACK_BEHIND, 20),
	    "trajectory: sum below 90 % of the expected (17.99 of 20) is behind");
	CHECK(track_is('s', "3", 1, 0, 2, TRACK_BEHIND, 0.5),
	    "trajectory: sum, target 3, two zero months: expected 0.5, behind");
	CHECK(track_is('s', "3000", 1, 1434.5, 2, TRACK_ON, 500),
	    "trajectory: sum well ahead of the path is on track (no upper bound)");
	CHECK(track_is('l', "12", 1, 5, 6, TRACK_BEHIND, 6) && track_is('l', "12", 1, 5.4, 6, TRACK_ON, 6),
	    "trajectory: last value follows the same linear path (5 of 6 behind, 5.4 on track)");
	CHECK(track_is('a', "80", 1, 71, 3, TRACK_BEHIND, 80) && track_is('a', "80", 1, 72, 3, TRACK_ON, 80),
	    "trajectory: average is held to the target itself from the first month (71 of 80 behind, 72 on)");
	CHECK(track_is('s', "120", 1, 119, 12, TRACK_ON, 120) && track_is('s', "120", 1, 107, 12, TRACK_BEHIND, 120),
	    "trajectory: in December the expected figure is the whole target");
	CHECK(track_is('s', NULL, 1, 5, 2, TRACK_NOTARGET, -1) && track_is('s', "", 1, 5, 2, TRACK_NOTARGET, -1) &&
	    track_is('s', "0", 1, 5, 2, TRACK_NOTARGET, -1) && track_is('s', "-4", 1, 5, 2, TRACK_NOTARGET, -1),
	    "trajectory: no target, an empty, zero or negative target: not evaluated");
	CHECK(track_is('s', "12x", 1, 5, 2, TRACK_NOTARGET, -1),
	    "trajectory: a target that is not a number is not evaluated");
	CHECK(track_is('s', "120", 0, 0, 2, TRACK_NODATA, 20),
	    "trajectory: no value up to the month: not evaluated (expected still given)");
	CHECK(track_is('s', "120", 1, 10, 0, TRACK_ON, 10) && track_is('s', "120", 1, 110, 13, TRACK_ON, 120),
	    "trajectory: a month out of 1..12 is clamped");
}

static struct month_indicator ann_ind[3];
static struct unit_month ann_units[2];

/* Unit 1: three indicators (on track, behind, no target); unit 2: none. */
static void
annex_data(void)
{
	static const char *m0[12] = { "1234.5", "200" };
	static const char *m1[12] = { "0", "0", "0" };
	static const char *m2[12] = { "7", NULL, "1234567.25" };

	memset(ann_ind, 0, sizeof(ann_ind));
	ann_ind[0] = (struct month_indicator){ .id = 1, .code = "I1", .name = "Horas de "
	    "capacitación técnica a los GAD provinciales", .measure_unit = "horas", .aggregation = 's',
	    .decimals = 1, .goal_code = "M1", .target = "3000", .has_cumulative = 1,
	    .cumulative = 1434.5, .progress = 1434.5 / 3000 * 100 };
	memcpy(ann_ind[0].months, m0, sizeof(m0));
	ann_ind[1] = (struct month_indicator){ .id = 2, .code = "I.2", .name = "Número de paper "
	    "presentados", .measure_unit = "número", .aggregation = 's', .goal_code = "M6",
	    .target = "3", .has_cumulative = 1 };
	memcpy(ann_ind[1].months, m1, sizeof(m1));
	ann_ind[2] = (struct month_indicator){ .id = 3, .code = "", .name = "Presupuesto "
	    "ejecutado, un nombre largo con acentos: á é í ó ú ñ «comillas» — raya", .measure_unit =
	    "USD", .aggregation = 'l', .decimals = 2, .has_cumulative = 1, .cumulative = 1234567.25 };
	memcpy(ann_ind[2].months, m2, sizeof(m2));
	memset(ann_units, 0, sizeof(ann_units));
	ann_units[0] = (struct unit_month){ .unit_id = 10, .unit_number = 1, .unit_name =
	    "Dirección de Planificación", .period = 202303, .ind = ann_ind, .nind = 3 };
	ann_units[1] = (struct unit_month){ .unit_id = 11, .unit_number = 2, .unit_name =
	    "Unidad sin indicadores", .period = 202303, .ind = NULL, .nind = 0 };
}

static void
test_annex_render(void)
{
	struct matrix m;
	struct report_opts o = { .period = 202303, .created = 1675141200 };
	struct report_stats plain, with;
	struct buf b;
	char err[256];
	int rc;

	annex_data();
	base_matrix(&m);
	buf_init(&b, NULL);
	rc = report_pdf_render(&m, &o, &b, &plain, err, sizeof(err));
	CHECK(rc == 0 && plain.pages == 1, "annex: without the flag the small matrix has one page");
	o.annex = 1;
	o.units = ann_units;
	o.nunits = 2;
	buf_clear(&b);
	rc = report_pdf_render(&m, &o, &b, &with, err, sizeof(err));
	CHECK(rc == 0 && is_pdf(&b) && with.pages == 2 && with.replaced == 0,
	    "annex: with the flag a page of its own follows, no character replaced");
	o.nunits = 0;
	buf_clear(&b);
	rc = report_pdf_render(&m, &o, &b, &with, err, sizeof(err));
	CHECK(rc == 0 && is_pdf(&b) && with.pages == 2,
	    "annex: with no unit at all the annex page still comes, saying so");
	/* many indicators: the annex goes on over pages without failing */
	{
		static struct month_indicator many[60];
		struct unit_month u = ann_units[0];

		for (size_t i = 0; i < 60; i++)
			many[i] = ann_ind[i % 3];
		u.ind = many;
		u.nind = 60;
		o.units = &u;
		o.nunits = 1;
		o.period = 202312;
		buf_clear(&b);
		rc = report_pdf_render(&m, &o, &b, &with, err, sizeof(err));
		CHECK(rc == 0 && is_pdf(&b) && with.pages >= 8,
		    "annex: 60 indicators in December run over several pages");
	}
	buf_release(&b);
}

/* ---- the dataset hash under the contact block and the signature strip ---- */

static void
test_signature_strip(void)
{
	static const char *const sha =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	static struct mx_unit many[40];
	static struct mx_level lv[1];
	struct matrix m;
	struct report_opts o = { .period = 202301, .created = 1675141200 };
	struct report_stats st, st2;
	struct buf b, b2;
	double r0[4], r1[4], r2[4];
	char err[256];
	int rc, ok = 1, worst = 0;

	rpdf_sig_rect(0, r0);
	rpdf_sig_rect(1, r1);
	rpdf_sig_rect(2, r2);
	CHECK(r0[0] == RPDF_TABLE_R - RPDF_SIG_W && r0[1] == RPDF_SIG_Y && r0[2] == RPDF_TABLE_R &&
	    r0[3] == RPDF_SIG_Y + RPDF_SIG_H, "sig: slot 0 is at the bottom right, W x H");
	CHECK(r1[2] == r0[0] - RPDF_SIG_GAP && r1[2] - r1[0] == RPDF_SIG_W && r1[1] == r0[1] &&
	    r1[3] == r0[3] && r1[0] > RPDF_MARGIN, "sig: slot 1 is to its left, same size, inside the margin");
	CHECK(r2[0] == 0 && r2[1] == 0 && r2[2] == 0 && r2[3] == 0, "sig: any other slot is [0 0 0 0]");
	CHECK(RPDF_SIG_Y > 34 + 8 && RPDF_SIG_TOP >= RPDF_SIG_Y + RPDF_SIG_H,
	    "sig: the strip lies above the footer (its rule at 34 pt, the page number under it)");

	base_matrix(&m);
	buf_init(&b, NULL);
	buf_init(&b2, NULL);
	rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
	o.dataset_sha256 = sha;
	rc |= report_pdf_render(&m, &o, &b2, &st2, err, sizeof(err));
	CHECK(rc == 0 && is_pdf(&b2) && st2.pages == st.pages && b2.len > b.len,
	    "hash: with dataset_sha256 the PDF has the same pages and more text");
	buf_clear(&b2);
	o.dataset_sha256 = "";
	rc = report_pdf_render(&m, &o, &b2, &st2, err, sizeof(err));
	CHECK(rc == 0 && b2.len == b.len && memcmp(b.data, b2.data, b.len) == 0,
	    "hash: an empty dataset_sha256 leaves the output as without it");
	o.dataset_sha256 = sha;

	/* 1..40 units of growing size: the last page always keeps the strip empty */
	for (size_t i = 0; i < 40; i++) {
		many[i] = units1[0];
		many[i].number = (int)i + 1;
	}
	lv[0] = levels1[0];
	lv[0].units = many;
	for (size_t n = 1; n <= 40; n++) {
		lv[0].nunits = n;
		m.levels = lv;
		m.nlevels = 1;
		m.nunits = n;
		buf_clear(&b);
		rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
		if (rc != 0 || st.last_bottom < RPDF_SIG_TOP - 1e-6) {
			ok = 0;
			printf("# %zu units: rc %d, last content at y %.1f\n", n, rc, st.last_bottom);
		}
		if (st.last_bottom < 200)
			worst++;
	}
	CHECK(ok, "sig: for 1..40 units the last page's content ends above the signature strip");
	CHECK(worst > 0, "sig: … including last pages filled down to the strip (the check bites)");
	/* with the annex last: 1..40 indicators */
	{
		static struct month_indicator ind[40];
		struct unit_month um;

		annex_data();
		um = ann_units[0];
		for (size_t i = 0; i < 40; i++)
			ind[i] = ann_ind[i % 3];
		um.ind = ind;
		base_matrix(&m);
		o.annex = 1;
		o.units = &um;
		o.nunits = 1;
		o.period = 202312;
		ok = 1;
		for (size_t n = 1; n <= 40; n++) {
			um.nind = n;
			buf_clear(&b);
			rc = report_pdf_render(&m, &o, &b, &st, err, sizeof(err));
			if (rc != 0 || st.last_bottom < RPDF_SIG_TOP - 1e-6) {
				ok = 0;
				printf("# annex of %zu indicators: rc %d, last content at y %.1f\n", n, rc,
				    st.last_bottom);
			}
		}
		CHECK(ok, "sig: with the annex last (1..40 indicators) the strip stays empty too");
	}
	buf_release(&b);
	buf_release(&b2);
}

int
main(void)
{
	test_cp1252();
	test_wrap();
	test_against_libharu();
	test_render();
	test_trajectory();
	test_annex_render();
	test_signature_strip();
	return TAP_DONE();
}
