/*
 * The a4 report as PDF: the LOTAIP matrix of a month, rendered with
 * libharu (landscape A4, compressed, DejaVu Sans embedded). Pure: it knows
 * struct matrix, not the database nor HTTP (report.c stores and audits).
 *
 * Text: the fonts use WinAnsiEncoding and every string is converted from
 * UTF-8 to CP1252 by rpdf_cp1252() (pdf-notes.md: libharu's UTF-8 mode
 * writes a ToUnicode CMap poppler warns about). CP1252 covers Spanish and
 * its punctuation (á é í ó ú ñ ü ¿ ¡ « » “ ” – — €). The fallback for a
 * character outside CP1252: a few look-alikes become their ASCII twin
 * (‐ ‑ ‒ − → '-', ′ → '\'', ″ → '"', … never appears: it is in CP1252), any
 * other character, and any invalid UTF-8 byte, becomes '?'. The count of
 * replaced characters is reported so the caller can say so.
 *
 * Cells are wrapped by our own measuring (rpdf_wrap(), widths read from the
 * font once per document): words break at spaces, a word wider than its
 * cell breaks at a character boundary, nothing is dropped or drawn outside
 * its cell.
 */
#ifndef METAS_REPORT_PDF_H
#define METAS_REPORT_PDF_H

#include <stddef.h>
#include <time.h>

struct buf;
struct matrix;
struct unit_month;

#ifndef METAS_FONT_DIR
#define METAS_FONT_DIR	"/usr/share/fonts/truetype/dejavu"
#endif

/*
 * Page geometry in points (A4 landscape), shared with the integration test
 * that crops pdftotext to one column (tests/integration/reports).
 */
#define RPDF_PAGE_W	841.89
#define RPDF_PAGE_H	595.28
#define RPDF_MARGIN	36.0
/* Left edges of the five columns, then the right edge of the table. */
#define RPDF_TABLE_R	805.89
#define RPDF_COL_X	{ 36.0, 64.0, 196.0, 436.0, 620.0, RPDF_TABLE_R }

/*
 * Room for up to two visible signature stamps on the LAST page, in a strip
 * just above the footer (the rule and the page-number line):
 * slot 0 at the bottom right, slot 1 to its left, RPDF_SIG_GAP apart. The
 * renderer draws nothing in [RPDF_SIG_Y, RPDF_SIG_TOP) on the last page: when
 * the last content would reach it, the strip goes on a page of its own.
 */
#define RPDF_SIG_W	250.0
#define RPDF_SIG_H	78.0
#define RPDF_SIG_GAP	10.0
#define RPDF_SIG_Y	48.0			/* bottom of both stamps */
#define RPDF_SIG_TOP	(RPDF_SIG_Y + RPDF_SIG_H + 6.0)	/* lowest y content may reach */

struct report_opts {
	int		 period;	/* year*100+month */
	int		 draft;		/* 1: not every unit approved the month: "BORRADOR" */
	time_t		 created;	/* creation date in the metadata (0: now) */
	const char	*font_dir;	/* NULL: METAS_FONT_DIR */
	/*
	 * The progress annex (after the contact block) when annex is set: the
	 * units' months as monthly_load() gives them for this period, in the
	 * matrix's order (nunits may be 0: the annex then says there is
	 * nothing to show).
	 */
	int			 annex;
	const struct unit_month	*units;
	size_t			 nunits;
	/*
	 * Lowercase hex SHA-256 of the report's datos.csv (opendata.h), or NULL:
	 * when set, a line under the contact block (the footer of the matrix)
	 * says "SHA-256 de los datos abiertos (datos.csv): <hex>".
	 */
	const char		*dataset_sha256;
};

struct report_stats {
	int	 pages;
	size_t	 replaced;	/* characters shown as the fallback */
	double	 last_bottom;	/* lowest y of content on the last page (>= RPDF_SIG_TOP) */
};

/*
 * Render m as the a4 report into out (appended; out may be an arena buffer
 * or a heap one the caller releases with buf_release()). Returns 0, or -1
 * with a Spanish message in err: a libharu error (turned into a return by
 * the error handler, never a crash) or a missing font file. On failure out
 * holds nothing new.
 */
int	report_pdf_render(const struct matrix *m, const struct report_opts *,
	    struct buf *out, struct report_stats *, char *err, size_t errlen);

/*
 * The rectangle of signature stamp slot (0 or 1) on the last page, as a PDF
 * /Rect: { llx, lly, urx, ury } in points from the bottom left. Slot 0:
 * { RPDF_TABLE_R - RPDF_SIG_W, RPDF_SIG_Y, RPDF_TABLE_R, RPDF_SIG_Y + RPDF_SIG_H }
 * = { 555.89, 48, 805.89, 126 }; slot 1 the same, RPDF_SIG_W + RPDF_SIG_GAP
 * to the left = { 295.89, 48, 545.89, 126 }. Any other slot: { 0, 0, 0, 0 }
 * (an invisible signature).
 */
void	rpdf_sig_rect(int slot, double rect[4]);

/* ---- the pure pieces, exposed for the unit tests ---- */

/*
 * Convert UTF-8 in[0..n) to CP1252 into out, which must hold n + 1 bytes
 * (CP1252 is never longer). Tabs become spaces, CR is dropped, LF kept,
 * other control characters dropped. Returns the length written (out is
 * NUL-terminated); *replaced (may be NULL) is increased by the number of
 * characters that got the fallback.
 */
size_t	rpdf_cp1252(const char *in, size_t n, char *out, size_t *replaced);

/* One wrapped line: text[off .. off+len). */
struct rpdf_line {
	size_t	off;
	size_t	len;
};

/*
 * Wrap CP1252 text[0..n) into lines no wider than first_w (first line) and
 * w (the others), measured with widths[256] (glyph widths in 1/1000 em) at
 * size points. Breaks at spaces; LF forces a break; a word wider than the
 * line is broken at a character boundary (at least one character per line,
 * so it always ends). Spaces at a soft break are dropped; no other byte is.
 * Returns the number of lines (at least 1); writes at most max lines to
 * lines (call with max 0 to count).
 */
size_t	rpdf_wrap(const char *text, size_t n, const float widths[256], double size,
	    double first_w, double w, struct rpdf_line *lines, size_t max);

/*
 * The expected trajectory of an indicator, the rule the annex states in
 * its introduction. With a numeric target above zero and at least one
 * value up to the report's month (month 1..12): the expected figure is
 * target * month / 12 for aggregation 's'um and 'l'ast (a linear path to
 * the year's target), the target itself for 'a'verage (an average should
 * sit at its target all year). The indicator is behind when its cumulative
 * figure is below 90 % of the expected one. *expected (may be NULL) is set
 * whenever there is a target.
 */
enum rpdf_track {
	TRACK_NOTARGET,		/* no numeric target (or not above zero): not evaluated */
	TRACK_NODATA,		/* no value recorded up to the month: not evaluated */
	TRACK_ON,		/* at or above 90 % of the expected figure */
	TRACK_BEHIND,		/* below 90 % of it */
};
#define RPDF_TRACK_TOLERANCE	0.9
enum rpdf_track rpdf_trajectory(char aggregation, const char *target, int has_cumulative,
		    double cumulative, int month, double *expected);

/* Width in points of text[0..n) at size. */
double	rpdf_width(const char *text, size_t n, const float widths[256], double size);

#endif
