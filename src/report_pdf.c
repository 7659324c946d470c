/*
 * The a4 report as PDF (libharu 2.3.0). See report_pdf.h for the text
 * rules; pdf-notes.md for the libharu traps this file works around.
 *
 * Layout. Every page: the header (institution, the two LOTAIP lines, the
 * month, "BORRADOR" when it is a draft), the table's column headings, then
 * blocks: a process-level heading band, or a unit (number, name and
 * objective spanning its rows; one row per indicator with its goals). A
 * block is a list of items (text lines and rules) at offsets from its top;
 * all text uses one line height, so a block can be cut at any height: the
 * lines above the cut stay, the others move to the next page. A block that
 * fits on a fresh page is never cut; only one taller than a page is.
 * After the table, the contact block (kept whole); then, when asked for,
 * the progress annex on pages of its own (same header, its own column
 * headings; see annex()). The last page keeps a strip above its footer
 * empty for the signature stamps (rpdf_sig_rect()). After the last page
 * exists, each page gets "Página X de Y" and, for a draft, the watermark.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>

#include "arena.h"
#include "log.h"
#include "matrix.h"
#include "monthly.h"
#include "report_pdf.h"

/* ---- UTF-8 -> CP1252 --------------------------------------------------------- */

/* CP1252 0x80..0x9F: the Unicode code point of each byte (0: undefined). */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The CP1252 byte for code point cp; 0 when there is none. */
static int
cp1252_byte(unsigned cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return (int)cp;
	if (cp >= 0xA0 && cp <= 0xFF)
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i] != 0 && cp1252_high[i] == cp)
			return 0x80 + i;
	switch (cp) {		/* look-alikes: the documented fallback's first step */
	case 0x2010: case 0x2011: case 0x2012: case 0x2212:
		return '-';
	case 0x2032:
		return '\'';
	case 0x2033:
		return '"';
	case 0x2002: case 0x2003: case 0x2004: case 0x2005: case 0x2006:
	case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F:
		return ' ';
	default:
		return 0;
	}
}

/* Decode one UTF-8 sequence at s (n bytes left); 0 on an invalid one. */
static size_t
utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], need, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) { need = 1; min = 0x80; *cp = c & 0x1F; }
	else if (c >= 0xE0 && c <= 0xEF) { need = 2; min = 0x800; *cp = c & 0x0F; }
	else if (c >= 0xF0 && c <= 0xF4) { need = 3; min = 0x10000; *cp = c & 0x07; }
	else
		return 0;
	if (n < need + 1)
		return 0;
	for (unsigned i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return need + 1;
}

size_t
rpdf_cp1252(const char *in, size_t n, char *out, size_t *replaced)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, bad = 0;

	while (i < n) {
		unsigned cp;
		size_t k = utf8_next(s + i, n - i, &cp);
		int b;

		if (k == 0) {		/* an invalid byte: one '?' each */
			out[o++] = '?';
			bad++;
			i++;
			continue;
		}
		i += k;
		if (cp == '\t' || cp == '\n') {
			out[o++] = cp == '\t' ? ' ' : '\n';
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || cp == 0x200B || cp == 0xFEFF || cp == 0x200C ||
		    cp == 0x200D)
			continue;	/* controls and invisible characters: nothing to show */
		if ((b = cp1252_byte(cp)) == 0) {
			b = '?';
			bad++;
		}
		out[o++] = (char)b;
	}
	out[o] = '\0';
	if (replaced != NULL)
		*replaced += bad;
	return o;
}

/* ---- measuring and wrapping ---------------------------------------------------- */

double
rpdf_width(const char *text, size_t n, const float widths[256], double size)
{
	double w = 0;

	for (size_t i = 0; i < n; i++)
		w += widths[(unsigned char)text[i]];
	return w * size / 1000.0;
}

static void
emit(struct rpdf_line *lines, size_t max, size_t *count, const char *text, size_t off,
    size_t end)
{
	while (end > off && text[end - 1] == ' ')	/* trailing spaces are not drawn */
		end--;
	if (*count < max) {
		lines[*count].off = off;
		lines[*count].len = end - off;
	}
	(*count)++;
}

size_t
rpdf_wrap(const char *text, size_t n, const float widths[256], double size, double first_w,
    double w, struct rpdf_line *lines, size_t max)
{
	const double scale = size / 1000.0, eps = 1e-6;
	size_t count = 0, i = 0;

	for (;;) {
		double limit = count == 0 ? first_w : w, cur = 0;
		size_t start = i, j = i, brk = (size_t)-1;

		for (;;) {
			unsigned char c;
			double cw;

			if (j >= n) {
				emit(lines, max, &count, text, start, j);
				return count;
			}
			c = (unsigned char)text[j];
			if (c == '\n') {
				emit(lines, max, &count, text, start, j);
				i = j + 1;
				if (i >= n)
					return count;
				break;
			}
			cw = widths[c] * scale;
			if (c == ' ') {
				/* a break point before the first space of a run with text before it */
				if (j > start && text[j - 1] != ' ')
					brk = j;
				cur += cw;
				j++;
				continue;
			}
			if (cur + cw > limit + eps) {
				if (brk != (size_t)-1) {
					emit(lines, max, &count, text, start, brk);
					i = brk;
				} else {
					/* one word wider than the line: break at a character */
					if (j == start)
						j++;
					emit(lines, max, &count, text, start, j);
					i = j;
				}
				while (i < n && text[i] == ' ')
					i++;
				if (i >= n)
					return count;
				break;
			}
			cur += cw;
			j++;
		}
	}
}

/* ---- the document ---------------------------------------------------------------- */

#define FS		8.0		/* body text size */
#define LEAD		10.2		/* line height of body text */
#define PAD_X		4.0
#define PAD_Y		3.5
#define BOTTOM		44.0		/* lowest y of table content */
#define TABLE_L		RPDF_MARGIN
#define TABLE_W		(RPDF_TABLE_R - RPDF_MARGIN)
#define NCOLS		5
#define CONTACT_LABEL_W	330.0

static const double col_x[NCOLS + 1] = RPDF_COL_X;

struct font {
	HPDF_Font	 f;
	float		 w[256];
};

struct rgb { float r, g, b; };
static const struct rgb INK = { 0.10f, 0.12f, 0.15f };
static const struct rgb NAVY = { 0.09f, 0.21f, 0.38f };
static const struct rgb RULE = { 0.55f, 0.59f, 0.64f };
static const struct rgb BAND = { 0.88f, 0.92f, 0.96f };
static const struct rgb LABEL_BG = { 0.94f, 0.95f, 0.96f };
static const struct rgb GREY = { 0.36f, 0.40f, 0.45f };
static const struct rgb RED = { 0.70f, 0.11f, 0.11f };
static const struct rgb LINK = { 0.04f, 0.27f, 0.56f };
static const struct rgb WHITE = { 1.0f, 1.0f, 1.0f };

enum item_kind { IT_TEXT, IT_RULE, IT_FILL, IT_LINK, IT_CHART };

struct chart;

/* Something to draw at an offset (dy, downwards) from its block's top. */
struct item {
	enum item_kind	 kind;
	double		 x, dy;
	double		 x2, h;		/* rules: to x2; fills, links, charts: width x2, height h */
	const char	*s;		/* text (CP1252) or link URI (ASCII) */
	int		 bold;
	struct rgb	 color;
	int		 underline;
	double		 size;		/* text size; 0: FS */
	const struct chart *chart;	/* IT_CHART */
};

struct block {
	struct item	*it;
	size_t		 n, cap;
	double		 h;
	int		 borders;	/* columns to frame: 0 none, 1 outer box, NCOLS all */
	const char	*cont_no;	/* a unit: its number and name (UTF-8), shown */
	const char	*cont_name;	/* in grey on the pages it continues on */
};

struct rp {
	HPDF_Doc		 pdf;
	const struct matrix	*m;
	const struct report_opts *o;
	struct arena		*a;
	struct font		 reg, bold;
	HPDF_Page		*pages;
	size_t			 npages, cap;
	HPDF_Page		 page;
	double			 y;		/* top of free space on the page */
	double			 header_h;
	int			 failed;
	HPDF_STATUS		 hpdf_err, hpdf_detail;
	size_t			 replaced;
	const char		*period;	/* "enero de 2023" (CP1252) */
	const char		*name, *art7, *a4;	/* header lines (CP1252) */
	struct block		 colhead;	/* the table's column headings */
	struct block		 annexhead;	/* the annex table's column headings */
	/* the table being laid out: its headings (repeated on each new page) and columns */
	const struct block	*head;
	const double		*cols;
	int			 ncols;
	HPDF_Image		 logo;		/* the institution's logo, or NULL */
	double			 logo_w;	/* drawn width (height LOGO_H) */
};

#define LOGO_H	40.0

static void	draw_chart(struct rp *, const struct chart *, double x, double top, double w,
		    double h);

/* libharu calls this on every error; we record the first and check it. */
static void HPDF_STDCALL
on_error(HPDF_STATUS no, HPDF_STATUS detail, void *data)
{
	struct rp *r = data;

	if (!r->failed) {
		r->failed = 1;
		r->hpdf_err = no;
		r->hpdf_detail = detail;
	}
}

/* A CP1252 copy of UTF-8 s in the render arena. */
static const char *
cp(struct rp *r, const char *s)
{
	size_t n;
	char *out;

	if (s == NULL)
		s = "";
	n = strlen(s);
	out = arena_alloc(r->a, n + 1);
	rpdf_cp1252(s, n, out, &r->replaced);
	return out;
}

static struct item *
add(struct rp *r, struct block *b)
{
	if (b->n == b->cap) {
		struct item *n;

		b->cap = b->cap ? b->cap * 2 : 32;
		n = arena_calloc(r->a, b->cap, sizeof(*n));
		if (b->n)
			memcpy(n, b->it, b->n * sizeof(*n));
		b->it = n;
	}
	memset(&b->it[b->n], 0, sizeof(b->it[0]));
	return &b->it[b->n++];
}

/*
 * Wrap text (CP1252) into width w at x, lines from dy down; with a bold
 * code in front of the first line when code is not empty. Returns the
 * number of lines.
 */
static size_t
add_text(struct rp *r, struct block *b, const char *text, const char *code, double x,
    double dy, double w, const struct font *f, struct rgb color, double lead)
{
	size_t n = strlen(text), nl;
	double first_w = w, codew = 0;
	struct rpdf_line *lines;
	struct item *it;
	int code_alone = 0;

	if (code != NULL && code[0] != '\0') {
		codew = rpdf_width(code, strlen(code), r->bold.w, FS) +
		    rpdf_width(" ", 1, r->reg.w, FS);
		first_w = w - codew;
		if (first_w < w * 0.3) {	/* a code too wide to share its line */
			code_alone = 1;
			first_w = w;
		}
		it = add(r, b);
		it->kind = IT_TEXT;
		it->x = x;
		it->dy = dy;
		it->s = code;
		it->bold = 1;
		it->color = color;
		if (code_alone)
			dy += lead;
	}
	nl = rpdf_wrap(text, n, f->w, FS, first_w, w, NULL, 0);
	lines = arena_calloc(r->a, nl, sizeof(*lines));
	rpdf_wrap(text, n, f->w, FS, first_w, w, lines, nl);
	for (size_t i = 0; i < nl; i++) {
		if (lines[i].len == 0)
			continue;
		it = add(r, b);
		it->kind = IT_TEXT;
		it->x = x + (i == 0 && codew > 0 && !code_alone ? codew : 0);
		it->dy = dy + (double)i * lead;
		it->s = arena_strndup(r->a, text + lines[i].off, lines[i].len);
		it->bold = f == &r->bold;
		it->color = color;
	}
	return nl + (size_t)code_alone;
}

/* ---- pages ------------------------------------------------------------------------ */

static void
set_fill(HPDF_Page p, struct rgb c)
{
	HPDF_Page_SetRGBFill(p, c.r, c.g, c.b);
}

static void
set_stroke(HPDF_Page p, struct rgb c)
{
	HPDF_Page_SetRGBStroke(p, c.r, c.g, c.b);
}

/* Text item at baseline for a line whose box top is at top. */
static void
text_at(struct rp *r, const struct font *f, double size, double x, double top, double lead,
    const char *s, struct rgb c)
{
	HPDF_Page p = r->page;

	set_fill(p, c);
	HPDF_Page_BeginText(p);
	HPDF_Page_SetFontAndSize(p, f->f, (HPDF_REAL)size);
	HPDF_Page_TextOut(p, (HPDF_REAL)x, (HPDF_REAL)(top - lead * 0.78), s);
	HPDF_Page_EndText(p);
}

/*
 * Draw the items of b whose offset lies in [from, to), offset origin at
 * page y top. Text goes out in item order (cell by cell), so pdftotext
 * -raw reads each cell whole.
 */
static void
draw_items(struct rp *r, const struct block *b, double from, double to, double origin,
    double top)
{
	HPDF_Page p = r->page;
	int in_text = 0, cur_bold = -1;
	double cur_size = 0;

	/* fills first, so text and rules lie on top of them */
	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->it[i];

		double h;

		if (it->kind != IT_FILL || it->h <= 0 || it->dy < from - 1e-6 || it->dy >= to)
			continue;
		/* a fill taller than the part drawn here stops at the cut */
		h = it->dy + it->h > to ? to - it->dy : it->h;
		set_fill(p, it->color);
		HPDF_Page_Rectangle(p, (HPDF_REAL)it->x, (HPDF_REAL)(top - (it->dy - origin) - h),
		    (HPDF_REAL)it->x2, (HPDF_REAL)h);
		HPDF_Page_Fill(p);
	}
	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->it[i];
		double y = top - (it->dy - origin);

		if (it->dy < from - 1e-6 || it->dy >= to)
			continue;
		if (it->kind == IT_TEXT) {
			double size = it->size > 0 ? it->size : FS;

			if (!in_text) {
				HPDF_Page_BeginText(p);
				in_text = 1;
				cur_bold = -1;
			}
			if (cur_bold != it->bold || cur_size != size) {
				HPDF_Page_SetFontAndSize(p, it->bold ? r->bold.f : r->reg.f, (HPDF_REAL)size);
				cur_bold = it->bold;
				cur_size = size;
			}
			set_fill(p, it->color);
			/* the baseline sits where it does for body text, scaled with the size */
			HPDF_Page_TextOut(p, (HPDF_REAL)it->x, (HPDF_REAL)(y - (it->size > 0 ?
			    LEAD * 0.78 * size / FS : LEAD * 0.78)), it->s);
			continue;
		}
		if (in_text) {
			HPDF_Page_EndText(p);
			in_text = 0;
		}
		if (it->kind == IT_RULE) {
			set_stroke(p, RULE);
			HPDF_Page_SetLineWidth(p, 0.5);
			HPDF_Page_MoveTo(p, (HPDF_REAL)it->x, (HPDF_REAL)y);
			HPDF_Page_LineTo(p, (HPDF_REAL)it->x2, (HPDF_REAL)y);
			HPDF_Page_Stroke(p);
		} else if (it->kind == IT_LINK) {
			HPDF_Rect rect;
			HPDF_Annotation an;

			rect.left = (HPDF_REAL)it->x;
			rect.right = (HPDF_REAL)(it->x + it->x2);
			rect.top = (HPDF_REAL)y;
			rect.bottom = (HPDF_REAL)(y - it->h);
			an = HPDF_Page_CreateURILinkAnnot(p, rect, it->s);
			if (an != NULL)
				HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
		} else if (it->kind == IT_CHART)
			draw_chart(r, it->chart, it->x, y, it->x2, it->h);
	}
	if (in_text)
		HPDF_Page_EndText(p);
	/* underlines of links, under their text */
	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->it[i];
		double y = top - (it->dy - origin) - LEAD * 0.78 - 1.2;

		if (it->kind != IT_TEXT || !it->underline || it->dy < from - 1e-6 || it->dy >= to)
			continue;
		set_stroke(p, it->color);
		HPDF_Page_SetLineWidth(p, 0.4);
		HPDF_Page_MoveTo(p, (HPDF_REAL)it->x, (HPDF_REAL)y);
		HPDF_Page_LineTo(p, (HPDF_REAL)(it->x + rpdf_width(it->s, strlen(it->s), r->reg.w, FS)),
		    (HPDF_REAL)y);
		HPDF_Page_Stroke(p);
	}
}

/* The cell borders of a table segment (the current table's columns) from top down h points. */
static void
draw_borders(struct rp *r, double top, double h, int ncols)
{
	HPDF_Page p = r->page;
	const double *cx = r->cols;

	set_stroke(p, RULE);
	HPDF_Page_SetLineWidth(p, 0.5);
	HPDF_Page_Rectangle(p, (HPDF_REAL)TABLE_L, (HPDF_REAL)(top - h), (HPDF_REAL)TABLE_W,
	    (HPDF_REAL)h);
	HPDF_Page_Stroke(p);
	for (int i = 1; i < ncols; i++) {
		HPDF_Page_MoveTo(p, (HPDF_REAL)cx[i], (HPDF_REAL)top);
		HPDF_Page_LineTo(p, (HPDF_REAL)cx[i], (HPDF_REAL)(top - h));
	}
	if (ncols > 1)
		HPDF_Page_Stroke(p);
}

/*
 * The institution's logo, when configured and readable: a PNG or JPEG
 * recognised by its first bytes before libharu sees it. A missing or
 * unreadable file leaves the header without a logo (and says so in the
 * log) rather than failing the report.
 */
static void
load_logo(struct rp *r, const char *path)
{
	unsigned char magic[8];
	FILE *f;
	size_t n;
	int png, jpg;

	if (path == NULL || path[0] == '\0')
		return;
	if ((f = fopen(path, "rb")) == NULL) {
		log_msg(LOG_WARN, "report: logo %s: %s; the header goes without it", path, strerror(errno));
		return;
	}
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	png = n == 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0;
	jpg = n >= 3 && memcmp(magic, "\xff\xd8\xff", 3) == 0;
	if (!png && !jpg) {
		log_msg(LOG_WARN, "report: logo %s is neither PNG nor JPEG; the header goes without it", path);
		return;
	}
	r->logo = png ? HPDF_LoadPngImageFromFile(r->pdf, path) : HPDF_LoadJpegImageFromFile(r->pdf, path);
	if (r->logo == NULL || r->failed) {
		/* libharu refused the bytes: forget the error, go on without the logo */
		HPDF_ResetError(r->pdf);
		r->failed = 0;
		r->logo = NULL;
		log_msg(LOG_WARN, "report: logo %s could not be read; the header goes without it", path);
		return;
	}
	r->logo_w = LOGO_H * HPDF_Image_GetWidth(r->logo) / (double)HPDF_Image_GetHeight(r->logo);
	if (r->logo_w > 120)
		r->logo_w = 120;
}

/*
 * One header text wrapped to width (at most 8 lines) from y down; draws when
 * draw is set. Returns the y below it.
 */
static double
header_text(struct rp *r, int draw, const char *s, const struct font *f, double size,
    double lead, struct rgb color, double x, double width, double y)
{
	struct rpdf_line ln[8];
	size_t n = rpdf_wrap(s, strlen(s), f->w, size, width, width, ln, 8);

	for (size_t i = 0; i < n && i < 8; i++) {
		if (draw)
			text_at(r, f, size, x, y, lead, arena_strndup(r->a, s + ln[i].off, ln[i].len),
			    color);
		y -= lead;
	}
	return y;
}

/* The header of every page; returns its height. draw = 0 only measures. */
static double
page_header(struct rp *r, int draw)
{
	const double right_w = 150, shift = r->logo ? r->logo_w + 10 : 0;
	const double left_w = TABLE_W - right_w - 12 - shift, TABLE_L_TEXT = TABLE_L + shift;
	const char *name = r->name, *art7 = r->art7, *a4 = r->a4;
	double top = RPDF_PAGE_H - RPDF_MARGIN, y = top;

	if (draw && r->logo)
		HPDF_Page_DrawImage(r->page, r->logo, (HPDF_REAL)TABLE_L, (HPDF_REAL)(top - LOGO_H + 4),
		    (HPDF_REAL)r->logo_w, (HPDF_REAL)LOGO_H);

	y = header_text(r, draw, name, &r->bold, 12, 15, NAVY, TABLE_L_TEXT, left_w, y);
	y = header_text(r, draw, art7, &r->reg, 8.5, 11.5, INK, TABLE_L_TEXT, left_w, y);
	y = header_text(r, draw, a4, &r->bold, 9, 11.5, INK, TABLE_L_TEXT, left_w, y);
	if (draw) {
		const char *lab = cp(r, "Período del informe");
		double xr = RPDF_TABLE_R;

		text_at(r, &r->reg, 7.5, xr - rpdf_width(lab, strlen(lab), r->reg.w, 7.5), top,
		    10, lab, GREY);
		text_at(r, &r->bold, 12, xr - rpdf_width(r->period, strlen(r->period), r->bold.w, 12),
		    top - 10, 15, r->period, NAVY);
		if (r->o->draft) {
			const char *d = "BORRADOR";
			double w = rpdf_width(d, strlen(d), r->bold.w, 10);

			HPDF_Page_SetLineWidth(r->page, 1);
			set_stroke(r->page, RED);
			HPDF_Page_Rectangle(r->page, (HPDF_REAL)(xr - w - 8), (HPDF_REAL)(top - 44),
			    (HPDF_REAL)(w + 8), 15);
			HPDF_Page_Stroke(r->page);
			text_at(r, &r->bold, 10, xr - w - 4, top - 29, 15, d, RED);
		}
	}
	if (y > top - 48)
		y = top - 48;
	if (r->logo && y > top - LOGO_H - 4)
		y = top - LOGO_H - 4;
	y -= 6;
	if (draw) {
		set_stroke(r->page, NAVY);
		HPDF_Page_SetLineWidth(r->page, 1.2);
		HPDF_Page_MoveTo(r->page, (HPDF_REAL)TABLE_L, (HPDF_REAL)y);
		HPDF_Page_LineTo(r->page, (HPDF_REAL)RPDF_TABLE_R, (HPDF_REAL)y);
		HPDF_Page_Stroke(r->page);
	}
	return top - y + 10;
}

/* The column headings as a block (built once). */
static void
build_colhead(struct rp *r)
{
	static const char *const heads[NCOLS] = { "No.", "Descripción de la unidad",
	    "Objetivo de la unidad", "Indicador", "Meta cuantificable" };
	struct block *b = &r->colhead;
	size_t most = 1;
	struct item *it;

	memset(b, 0, sizeof(*b));
	it = add(r, b);
	it->kind = IT_FILL;
	it->x = TABLE_L;
	it->dy = 0;
	it->color = NAVY;
	for (int c = 0; c < NCOLS; c++) {
		size_t nl = add_text(r, b, cp(r, heads[c]), NULL, col_x[c] + PAD_X, 5,
		    col_x[c + 1] - col_x[c] - 2 * PAD_X, &r->bold, WHITE, LEAD);

		if (nl > most)
			most = nl;
	}
	b->h = (double)most * LEAD + 10;
	it = &b->it[0];
	it->x2 = TABLE_W;
	it->h = b->h;
	b->borders = NCOLS;
}

/* Start a new page: header, and the column headings when table is set. */
static void
new_page(struct rp *r, int table)
{
	HPDF_Page p = HPDF_AddPage(r->pdf);

	if (p == NULL) {
		r->failed = 1;
		return;
	}
	HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
	if (r->npages == r->cap) {
		HPDF_Page *n;

		r->cap = r->cap ? r->cap * 2 : 16;
		n = arena_calloc(r->a, r->cap, sizeof(*n));
		if (r->npages)
			memcpy(n, r->pages, r->npages * sizeof(*n));
		r->pages = n;
	}
	r->pages[r->npages++] = p;
	r->page = p;
	page_header(r, 1);
	r->y = RPDF_PAGE_H - RPDF_MARGIN - r->header_h;
	if (table) {
		draw_items(r, r->head, 0, r->head->h + 1, 0, r->y);
		draw_borders(r, r->y, r->head->h, r->ncols);
		r->y -= r->head->h;
	}
}

/* Space for table content on a fresh page. */
static double
page_room(const struct rp *r)
{
	return RPDF_PAGE_H - RPDF_MARGIN - r->header_h - r->head->h - BOTTOM;
}

/*
 * On a page where unit b continues: its number and "name (continuación)"
 * in grey at the top of the first two columns, when none of their own
 * lines is left to draw there (from offset lo).
 */
static void
continued(struct rp *r, const struct block *b, double lo)
{
	struct block c;
	const char *label = arena_printf(r->a, "%s (continuación)", b->cont_name);

	for (size_t i = 0; i < b->n; i++)
		if (b->it[i].kind == IT_TEXT && b->it[i].dy >= lo - 1e-6 && b->it[i].x < col_x[2])
			return;
	memset(&c, 0, sizeof(c));
	add_text(r, &c, b->cont_no, NULL, col_x[0] + PAD_X, PAD_Y, col_x[1] - col_x[0] - 2 * PAD_X,
	    &r->reg, GREY, LEAD);
	add_text(r, &c, cp(r, label), NULL, col_x[1] + PAD_X, PAD_Y,
	    col_x[2] - col_x[1] - 2 * PAD_X, &r->reg, GREY, LEAD);
	draw_items(r, &c, 0, 1e9, 0, r->y);
}

/* The lowest row boundary (a rule between rows) of b in (lo, limit]; 0 when none. */
static double
row_cut(const struct block *b, double lo, double limit)
{
	double best = 0;

	for (size_t i = 0; i < b->n; i++)
		if (b->it[i].kind == IT_RULE && b->it[i].dy > lo + 1e-6 &&
		    b->it[i].dy <= limit + 1e-6 && b->it[i].dy > best)
			best = b->it[i].dy;
	return best;
}

/*
 * Place block b in the table. It goes on this page when it fits. When it
 * does not but fits on a fresh page (with keep points more: the start of
 * what follows a level heading), it moves there whole, unless this page
 * still has a quarter of its room and the block can be cut between two of its
 * rows: then it is cut there. A block taller than a page is cut as low as
 * possible: between rows when that wastes less than half the room, else
 * between two lines. Items are drawn once: those at offsets [lo, next) on
 * a page, the next page starting at next.
 */
static void
place(struct rp *r, const struct block *b, double keep)
{
	double lo = 0, origin = 0;
	int rows_only = 0;

	if (r->y - BOTTOM < b->h + keep && b->h + keep <= page_room(r)) {
		if (keep == 0 && r->y - BOTTOM >= 0.25 * page_room(r) &&
		    row_cut(b, 0, r->y - BOTTOM) > 0)
			rows_only = 1;
		else
			new_page(r, 1);
	}
	for (;;) {
		double room = r->y - BOTTOM, rest = b->h - origin, cut, next, rc;
		int at_row = 0;

		if (r->failed)
			return;
		if (rest <= room + 1e-6) {
			draw_items(r, b, lo, b->h + 1, origin, r->y);
			if (b->borders)
				draw_borders(r, r->y, rest, b->borders);
			r->y -= rest;
			return;
		}
		if (room < 3 * LEAD + 2 * PAD_Y) {	/* too little to start here */
			new_page(r, 1);
			continue;
		}
		/* the first item (from lo) that would cross the cut starts the next page */
		cut = origin + room;
		next = b->h;
		for (size_t i = 0; i < b->n; i++) {
			const struct item *it = &b->it[i];
			double end = it->kind == IT_TEXT ? it->dy + LEAD : it->dy + it->h;

			if (it->dy >= lo - 1e-6 && end > cut + 1e-6 && it->dy < next)
				next = it->dy;
		}
		/* a cut between rows reads better, when it does not waste the page */
		rc = row_cut(b, lo, next);
		if (rc > 0 && (rows_only || cut - rc < 0.5 * room)) {
			next = rc;
			at_row = 1;
		}
		if (next <= lo + 1e-6)		/* cannot happen when room > LEAD; be safe */
			next = lo + LEAD;
		draw_items(r, b, lo, next, origin, r->y);
		if (b->borders)
			draw_borders(r, r->y, room, b->borders);
		new_page(r, 1);
		rows_only = 0;
		if (b->cont_name != NULL && !r->failed)
			continued(r, b, next);
		if (at_row) {
			/* the rule at next is the new page's segment top: skip it */
			lo = next + 1e-3;
			origin = next;
		} else {
			lo = next;
			origin = next - PAD_Y;	/* like a fresh cell's top padding */
		}
	}
}

/* ---- the matrix ------------------------------------------------------------------ */

static void
level_block(struct rp *r, const char *name, struct block *b)
{
	struct item *it;
	size_t nl;

	memset(b, 0, sizeof(*b));
	it = add(r, b);
	it->kind = IT_FILL;
	it->x = TABLE_L;
	it->color = BAND;
	nl = add_text(r, b, cp(r, name), NULL, TABLE_L + PAD_X, PAD_Y + 0.5, TABLE_W - 2 * PAD_X,
	    &r->bold, NAVY, LEAD);
	b->h = (double)nl * LEAD + 2 * PAD_Y + 1;
	b->it[0].x2 = TABLE_W;
	b->it[0].h = b->h;
	b->borders = 1;
}

static void
unit_block(struct rp *r, const struct mx_unit *u, struct block *b)
{
	double w[NCOLS], head = 0, y = 0;
	char num[16];
	size_t nl;

	memset(b, 0, sizeof(*b));
	b->borders = NCOLS;
	for (int c = 0; c < NCOLS; c++)
		w[c] = col_x[c + 1] - col_x[c] - 2 * PAD_X;
	snprintf(num, sizeof(num), "%d", u->number);
	b->cont_no = arena_strdup(r->a, num);
	b->cont_name = u->name;
	nl = add_text(r, b, b->cont_no, NULL, col_x[0] + PAD_X, PAD_Y, w[0], &r->bold, INK, LEAD);
	head = (double)nl;
	nl = add_text(r, b, cp(r, u->name), NULL, col_x[1] + PAD_X, PAD_Y, w[1], &r->bold, INK,
	    LEAD);
	if ((double)nl > head)
		head = (double)nl;
	nl = add_text(r, b, cp(r, u->objective), NULL, col_x[2] + PAD_X, PAD_Y, w[2], &r->reg,
	    INK, LEAD);
	if ((double)nl > head)
		head = (double)nl;
	head = head * LEAD + 2 * PAD_Y;
	for (size_t k = 0; k < u->nrows; k++) {
		const struct mx_row *row = &u->rows[k];
		size_t li, lg = 0;

		if (k > 0) {
			struct item *it = add(r, b);

			it->kind = IT_RULE;
			it->x = col_x[3];
			it->x2 = RPDF_TABLE_R;
			it->dy = y;
		}
		if (row->ind_name != NULL)
			li = add_text(r, b, cp(r, row->ind_name), cp(r, row->ind_code),
			    col_x[3] + PAD_X, y + PAD_Y, w[3], &r->reg, INK, LEAD);
		else
			li = add_text(r, b, cp(r, "—"), NULL, col_x[3] + PAD_X, y + PAD_Y, w[3],
			    &r->reg, GREY, LEAD);
		for (size_t g = 0; g < row->ngoals; g++)
			lg += add_text(r, b, cp(r, row->goals[g]->text), cp(r, row->goals[g]->code),
			    col_x[4] + PAD_X, y + PAD_Y + (double)lg * LEAD, w[4], &r->reg, INK, LEAD);
		if (row->ngoals == 0)
			lg = add_text(r, b, cp(r, "—"), NULL, col_x[4] + PAD_X, y + PAD_Y, w[4],
			    &r->reg, GREY, LEAD);
		y += (double)(li > lg ? li : lg) * LEAD + 2 * PAD_Y;
	}
	b->h = y > head ? y : head;
}

/* One row of the contact block: label | value (a link when uri is set). */
static void
contact_row(struct rp *r, struct block *b, double *y, const char *label, const char *value,
    const char *uri)
{
	const double lw = CONTACT_LABEL_W - 2 * PAD_X, vx = TABLE_L + CONTACT_LABEL_W + PAD_X;
	const double vw = TABLE_W - CONTACT_LABEL_W - 2 * PAD_X;
	int empty = value == NULL || value[0] == '\0';
	const char *v = cp(r, empty ? (r->m->empty_text ? r->m->empty_text : "NO APLICA") : value);
	struct item *it;
	size_t fill, first, nl, nv;
	double h, widest = 0;

	it = add(r, b);
	it->kind = IT_FILL;
	it->x = TABLE_L;
	it->dy = *y;
	it->x2 = CONTACT_LABEL_W;
	it->color = LABEL_BG;
	fill = b->n - 1;
	nl = add_text(r, b, cp(r, label), NULL, TABLE_L + PAD_X, *y + PAD_Y, lw, &r->bold, INK, LEAD);
	first = b->n;
	nv = add_text(r, b, v, NULL, vx, *y + PAD_Y, vw, &r->reg, uri && !empty ? LINK : INK, LEAD);
	h = (double)(nl > nv ? nl : nv) * LEAD + 2 * PAD_Y;
	b->it[fill].h = h;
	if (uri != NULL && !empty) {
		for (size_t i = first; i < b->n; i++) {
			double wi = rpdf_width(b->it[i].s, strlen(b->it[i].s), r->reg.w, FS);

			b->it[i].underline = 1;
			if (wi > widest)
				widest = wi;
		}
		it = add(r, b);
		it->kind = IT_LINK;
		it->x = vx - 1;
		it->dy = *y + PAD_Y - 1;
		it->x2 = widest + 2;
		it->h = (double)nv * LEAD + 2;
		it->s = arena_printf(r->a, "%s%s", uri, value);
	}
	*y += h;
	it = add(r, b);
	it->kind = IT_RULE;
	it->x = TABLE_L;
	it->x2 = RPDF_TABLE_R;
	it->dy = *y;
}

/*
 * The contact block (kept whole) and, under it, the SHA-256 of the report's
 * open-data dataset when given: the line that ties the PDF to datos.csv.
 */
static void
contact_block(struct rp *r)
{
	const struct matrix *m = r->m;
	const char *gpr = m->gpr_url, *sha = r->o->dataset_sha256;
	struct block b;
	double y = 0, top, extra = 0;

	/* only http(s) links become clickable, as on the public page */
	if (gpr != NULL && strncmp(gpr, "https://", 8) != 0 && strncmp(gpr, "http://", 7) != 0)
		gpr = NULL;
	memset(&b, 0, sizeof(b));
	contact_row(r, &b, &y, LABEL_GPR, gpr, "");
	contact_row(r, &b, &y, LABEL_DATE, m->data_date, NULL);
	contact_row(r, &b, &y, LABEL_FREQ, m->update_frequency, NULL);
	contact_row(r, &b, &y, LABEL_UNIT, m->info_unit, NULL);
	contact_row(r, &b, &y, LABEL_RESP, m->responsible_name, NULL);
	contact_row(r, &b, &y, LABEL_EMAIL, m->responsible_email, "mailto:");
	contact_row(r, &b, &y, LABEL_PHONE, m->responsible_phone, NULL);
	b.h = y;
	if (sha != NULL && sha[0] != '\0')
		extra = 5 + (double)add_text(r, &b, cp(r, arena_printf(r->a, "SHA-256 de los datos "
		    "abiertos (datos.csv): %s", sha)), NULL, TABLE_L, b.h + 5, TABLE_W, &r->reg, GREY,
		    LEAD) * LEAD;
	/* the last thing on the last page: keep clear of the signature strip */
	if (r->y - 16 - b.h - extra < (r->o->annex ? BOTTOM : RPDF_SIG_TOP))
		new_page(r, 0);
	else
		r->y -= 16;
	if (r->failed)
		return;
	top = r->y;
	draw_items(r, &b, 0, b.h + extra + 1, 0, top);
	set_stroke(r->page, RULE);
	HPDF_Page_SetLineWidth(r->page, 0.5);
	HPDF_Page_Rectangle(r->page, (HPDF_REAL)TABLE_L, (HPDF_REAL)(top - b.h), (HPDF_REAL)TABLE_W,
	    (HPDF_REAL)b.h);
	HPDF_Page_MoveTo(r->page, (HPDF_REAL)(TABLE_L + CONTACT_LABEL_W), (HPDF_REAL)top);
	HPDF_Page_LineTo(r->page, (HPDF_REAL)(TABLE_L + CONTACT_LABEL_W), (HPDF_REAL)(top - b.h));
	HPDF_Page_Stroke(r->page);
	r->y -= b.h + extra;
}

/* A message in place of the table body (an empty catalogue). */
static void
message_block(struct rp *r, const char *text)
{
	struct block b;
	size_t nl;

	memset(&b, 0, sizeof(b));
	nl = add_text(r, &b, cp(r, text), NULL, TABLE_L + PAD_X, 2 * PAD_Y, TABLE_W - 2 * PAD_X,
	    &r->reg, INK, LEAD);
	b.h = (double)nl * LEAD + 4 * PAD_Y;
	b.borders = 1;
	place(r, &b, 0);
}

/* ---- the progress annex ------------------------------------------------------------ */

/*
 * After the contact block, on pages of its own with the same header and
 * footer: per unit (a band with its number and name), one row per active
 * indicator with the months of the plan year up to the report's month, the
 * cumulative figure, the target, the percentage and the trajectory
 * (rpdf_trajectory()), and a small chart. Rows are blocks like the
 * matrix's units, so they move to the next page whole; a unit that goes on
 * gets its band again with "(continuación)".
 */

#define AX_NCOLS	6
/* Left edges of Indicador | Valores mensuales | Acumulado | Meta | Avance | Gráfico. */
static const double ax_x[AX_NCOLS + 1] = { 36.0, 250.0, 490.0, 566.0, 634.0, 706.0,
	RPDF_TABLE_R };
#define GRID_PER_ROW	4		/* months per line of the values column */
#define GRID_LABEL	6.5		/* month names above the values */
#define GRID_LABEL_LEAD	8.0
#define GRID_ROW_H	(GRID_LABEL_LEAD + LEAD + 2.0)
#define NOTE		6.5		/* grey notes under a figure */
#define NOTE_LEAD	8.0
#define CHART_MIN_H	58.0		/* a row is at least this tall, for its chart */

static const struct rgb BAR = { 0.043f, 0.310f, 0.541f };	/* as the web chart: #0b4f8a */
static const struct rgb CUMUL = { 0.851f, 0.510f, 0.169f };	/* #d9822b */
static const struct rgb TARGET = { 0.118f, 0.482f, 0.204f };	/* #1e7b34 */
static const struct rgb BEHIND_BG = { 0.99f, 0.93f, 0.93f };

static const char *const month_abbr[12] = { "ene", "feb", "mar", "abr", "may", "jun", "jul",
	"ago", "sep", "oct", "nov", "dic" };

/* What a row's chart draws: the months of the year up to month. */
struct chart {
	double	 val[12], cum[12];
	int	 has[12], hascum[12];
	int	 month;
	double	 target;		/* 0: none */
	int	 linear;		/* the expected path rises to the target (sum, last) */
	double	 lo, hi;		/* the vertical scale */
};

enum rpdf_track
rpdf_trajectory(char aggregation, const char *target, int has_cumulative, double cumulative,
    int month, double *expected)
{
	double t, e;
	char *end;

	if (target == NULL || target[0] == '\0')
		return TRACK_NOTARGET;
	t = strtod(target, &end);
	if (*end != '\0' || !(t > 0))
		return TRACK_NOTARGET;
	if (month < 1)
		month = 1;
	if (month > 12)
		month = 12;
	e = aggregation == 'a' ? t : t * month / 12.0;
	if (expected != NULL)
		*expected = e;
	if (!has_cumulative)
		return TRACK_NODATA;
	/* a hair of slack, so that exactly 90 % is not lost to binary rounding */
	return cumulative < RPDF_TRACK_TOLERANCE * e * (1 - 1e-12) ? TRACK_BEHIND : TRACK_ON;
}

/* A computed figure the Ecuadorian way ("1.434,5"), at most decimals places, no trailing zeros. */
static const char *
figure(struct rp *r, double v, int decimals)
{
	char *s = arena_printf(r->a, "%.*f", decimals, v);
	size_t n = strlen(s);

	if (strchr(s, '.') != NULL) {
		while (n > 0 && s[n - 1] == '0')
			s[--n] = '\0';
		if (n > 0 && s[n - 1] == '.')
			s[--n] = '\0';
	}
	if (strcmp(s, "-0") == 0)
		s = "0";
	return format_amount(r->a, s, 0);
}

static void
draw_chart(struct rp *r, const struct chart *c, double x, double top, double w, double h)
{
	HPDF_Page p = r->page;
	const double slot = w / 12, bottom = top - h, span = c->hi - c->lo;
	const HPDF_UINT16 dash[] = { 3, 2 }, dots[] = { 1, 2 };
	double zero = bottom + (0 - c->lo) / span * h;
	int first = 1;

#define CY(v)	((HPDF_REAL)(bottom + ((v) - c->lo) / span * h))
	HPDF_Page_GSave(p);
	if (c->month < 12) {		/* the months still to come, shaded */
		set_fill(p, LABEL_BG);
		HPDF_Page_Rectangle(p, (HPDF_REAL)(x + slot * c->month), (HPDF_REAL)bottom,
		    (HPDF_REAL)(slot * (12 - c->month)), (HPDF_REAL)h);
		HPDF_Page_Fill(p);
	}
	set_fill(p, BAR);
	for (int k = 0; k < c->month; k++) {
		if (!c->has[k] || c->val[k] == 0)
			continue;
		/* one path per bar: Fill without a path is a libharu error */
		HPDF_Page_Rectangle(p, (HPDF_REAL)(x + slot * k + slot * 0.2), (HPDF_REAL)zero,
		    (HPDF_REAL)(slot * 0.6), (HPDF_REAL)(CY(c->val[k]) - zero));
		HPDF_Page_Fill(p);
	}
	set_stroke(p, RULE);
	HPDF_Page_SetLineWidth(p, 0.5);
	HPDF_Page_MoveTo(p, (HPDF_REAL)x, (HPDF_REAL)zero);
	HPDF_Page_LineTo(p, (HPDF_REAL)(x + w), (HPDF_REAL)zero);
	HPDF_Page_Stroke(p);
	if (c->target > 0) {
		if (c->linear) {	/* the expected path, from nothing to the target in December */
			set_stroke(p, GREY);
			HPDF_Page_SetLineWidth(p, 0.6);
			HPDF_Page_SetDash(p, dots, 2, 0);
			HPDF_Page_MoveTo(p, (HPDF_REAL)x, CY(0));
			HPDF_Page_LineTo(p, (HPDF_REAL)(x + w), CY(c->target));
			HPDF_Page_Stroke(p);
		}
		set_stroke(p, TARGET);
		HPDF_Page_SetLineWidth(p, 0.9);
		HPDF_Page_SetDash(p, dash, 2, 0);
		HPDF_Page_MoveTo(p, (HPDF_REAL)x, CY(c->target));
		HPDF_Page_LineTo(p, (HPDF_REAL)(x + w), CY(c->target));
		HPDF_Page_Stroke(p);
		HPDF_Page_SetDash(p, NULL, 0, 0);
	}
	set_stroke(p, CUMUL);
	HPDF_Page_SetLineWidth(p, 1.2);
	for (int k = 0; k < c->month; k++) {
		if (!c->hascum[k])
			continue;
		if (first)
			HPDF_Page_MoveTo(p, (HPDF_REAL)(x + slot * (k + 0.5)), CY(c->cum[k]));
		else
			HPDF_Page_LineTo(p, (HPDF_REAL)(x + slot * (k + 0.5)), CY(c->cum[k]));
		first = 0;
	}
	if (!first)
		HPDF_Page_Stroke(p);
	for (int k = c->month - 1; k >= 0; k--)	/* a dot on the latest figure */
		if (c->hascum[k]) {
			set_fill(p, CUMUL);
			HPDF_Page_Circle(p, (HPDF_REAL)(x + slot * (k + 0.5)), CY(c->cum[k]), 1.6f);
			HPDF_Page_Fill(p);
			break;
		}
	HPDF_Page_GRestore(p);
#undef CY
}

/* The chart of m: monthly values, the running cumulative figure, the target. */
static struct chart *
make_chart(struct rp *r, const struct month_indicator *m, int month)
{
	struct chart *c = arena_calloc(r->a, 1, sizeof(*c));
	double sum = 0, last = 0;
	int count = 0;

	c->month = month;
	c->target = m->target != NULL ? strtod(m->target, NULL) : 0;
	if (!(c->target > 0))
		c->target = 0;
	c->linear = m->aggregation != 'a';
	c->lo = 0;
	c->hi = c->target;
	for (int k = 0; k < month; k++) {
		if (m->months[k] != NULL) {
			c->has[k] = 1;
			c->val[k] = strtod(m->months[k], NULL);
			sum += c->val[k];
			last = c->val[k];
			count++;
		}
		if (count > 0) {
			c->hascum[k] = 1;
			c->cum[k] = m->aggregation == 'l' ? last : m->aggregation == 'a' ?
			    sum / count : sum;
		}
		for (int v = 0; v < 2; v++) {
			double x = v == 0 ? c->val[k] : c->cum[k];

			if (x > c->hi)
				c->hi = x;
			if (x < c->lo)
				c->lo = x;
		}
	}
	if (c->hi <= c->lo)
		c->hi = c->lo + 1;
	c->hi += (c->hi - c->lo) * 0.08;	/* head room above the tallest mark */
	return c;
}

/* Add one line of text at size with its own font, color; returns the item. */
static struct item *
add_line(struct rp *r, struct block *b, const char *s, double x, double dy, const struct font *f,
    struct rgb color, double size)
{
	struct item *it = add(r, b);

	it->kind = IT_TEXT;
	it->x = x;
	it->dy = dy;
	it->s = s;
	it->bold = f == &r->bold;
	it->color = color;
	it->size = size;
	return it;
}

/*
 * Wrap CP1252 text at size into [x, x + w) from dy down; returns the
 * height used (lines * lead).
 */
static double
add_small(struct rp *r, struct block *b, const char *text, double x, double dy, double w,
    const struct font *f, struct rgb color, double size, double lead)
{
	size_t n = strlen(text), nl = rpdf_wrap(text, n, f->w, size, w, w, NULL, 0);
	struct rpdf_line *ln = arena_calloc(r->a, nl, sizeof(*ln));

	rpdf_wrap(text, n, f->w, size, w, w, ln, nl);
	for (size_t i = 0; i < nl; i++)
		if (ln[i].len > 0)
			add_line(r, b, arena_strndup(r->a, text + ln[i].off, ln[i].len), x,
			    dy + (double)i * lead, f, color, size);
	return (double)nl * lead;
}

/*
 * A figure (CP1252) right-aligned in [xl, xr): at body size when it fits,
 * else smaller (7, then 6 points), else wrapped at 6 points. Returns the
 * height used.
 */
static double
add_figure(struct rp *r, struct block *b, const char *s, double xl, double xr, double dy,
    const struct font *f, struct rgb color)
{
	static const double sizes[] = { FS, 7.0, 6.0 };
	size_t n = strlen(s);

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double w = rpdf_width(s, n, f->w, sizes[i]);

		if (w <= xr - xl + 1e-6) {
			add_line(r, b, s, xr - w, dy, f, color, sizes[i] == FS ? 0 : sizes[i]);
			return LEAD;
		}
	}
	return add_small(r, b, s, xl, dy, xr - xl, f, color, 6.0, 7.5);
}

/* The band of a unit in the annex: "5. Name", with "(continuación)" where it goes on. */
static void
annex_band(struct rp *r, const struct unit_month *u, int cont, struct block *b)
{
	const char *t = arena_printf(r->a, "%d. %s%s", u->unit_number, u->unit_name,
	    cont ? " (continuación)" : "");
	struct item *it;
	size_t nl;

	memset(b, 0, sizeof(*b));
	it = add(r, b);
	it->kind = IT_FILL;
	it->x = TABLE_L;
	it->color = BAND;
	nl = add_text(r, b, cp(r, t), NULL, TABLE_L + PAD_X, PAD_Y + 0.5, TABLE_W - 2 * PAD_X,
	    &r->bold, cont ? GREY : NAVY, LEAD);
	b->h = (double)nl * LEAD + 2 * PAD_Y + 1;
	b->it[0].x2 = TABLE_W;
	b->it[0].h = b->h;
	b->borders = 1;
}

/* One indicator's row of the annex. */
static void
annex_row(struct rp *r, const struct month_indicator *m, struct block *b)
{
	const int month = r->o->period % 100;
	const double gw = (ax_x[2] - ax_x[1]) / GRID_PER_ROW;
	double expected = 0, h, y, col[AX_NCOLS] = { 0 };
	enum rpdf_track tr = rpdf_trajectory(m->aggregation, m->target, m->has_cumulative,
	    m->cumulative, month, &expected);
	int behind = tr == TRACK_BEHIND;
	struct rgb fig = behind ? RED : INK;
	struct item *it;
	size_t nl, strip, bg;	/* indexes: add() may move the items */

	memset(b, 0, sizeof(*b));
	b->borders = AX_NCOLS;
	/* fills first: the avance cell's tint and the red strip of a row behind its path */
	add(r, b)->kind = IT_FILL;
	bg = b->n - 1;
	add(r, b)->kind = IT_FILL;
	strip = b->n - 1;

	/* Indicador: code and name, the measure unit when it says something */
	nl = add_text(r, b, cp(r, m->name && m->name[0] ? m->name : "(sin nombre)"),
	    cp(r, m->code), ax_x[0] + PAD_X + 2, PAD_Y, ax_x[1] - ax_x[0] - 2 * PAD_X - 2,
	    &r->reg, INK, LEAD);
	col[0] = PAD_Y + (double)nl * LEAD;
	if (m->measure_unit != NULL && m->measure_unit[0] != '\0' &&
	    strcmp(m->measure_unit, "número") != 0)
		col[0] += add_small(r, b, cp(r, arena_printf(r->a, "Unidad de medida: %s",
		    m->measure_unit)), ax_x[0] + PAD_X + 2, col[0] + 1, ax_x[1] - ax_x[0] - 2 * PAD_X - 2,
		    &r->reg, GREY, NOTE, NOTE_LEAD) + 1;

	/* Valores mensuales: month name above each value, GRID_PER_ROW a line */
	for (int k = 0; k < month; k++) {
		double xl = ax_x[1] + gw * (k % GRID_PER_ROW) + PAD_X;
		double xr = ax_x[1] + gw * (k % GRID_PER_ROW + 1) - PAD_X;
		double dy = PAD_Y + GRID_ROW_H * (k / GRID_PER_ROW), used;
		const char *lab = month_abbr[k];

		add_line(r, b, lab, xr - rpdf_width(lab, strlen(lab), r->reg.w, GRID_LABEL), dy,
		    &r->reg, GREY, GRID_LABEL);
		if (m->months[k] != NULL)
			used = add_figure(r, b, cp(r, format_amount(r->a, m->months[k], m->decimals)),
			    xl, xr, dy + GRID_LABEL_LEAD, &r->reg, INK);
		else
			used = add_figure(r, b, cp(r, "—"), xl, xr, dy + GRID_LABEL_LEAD, &r->reg, GREY);
		if (dy + GRID_LABEL_LEAD + used > col[1])
			col[1] = dy + GRID_LABEL_LEAD + used;
	}

	/* Acumulado: the figure and how it is made */
	y = PAD_Y;
	if (m->has_cumulative)
		y += add_figure(r, b, cp(r, figure(r, m->cumulative, m->aggregation == 'a' ? 2 :
		    m->cum_decimals)), ax_x[2] + PAD_X, ax_x[3] - PAD_X, y, &r->bold, INK);
	else
		y += add_figure(r, b, cp(r, "—"), ax_x[2] + PAD_X, ax_x[3] - PAD_X, y, &r->reg, GREY);
	y += add_small(r, b, cp(r, m->aggregation == 'l' ? "último valor" : m->aggregation == 'a' ?
	    "promedio de los meses" : "suma de los meses"), ax_x[2] + PAD_X, y + 1,
	    ax_x[3] - ax_x[2] - 2 * PAD_X, &r->reg, GREY, NOTE, NOTE_LEAD) + 1;
	col[2] = y;

	/* Meta: the target and the goal it belongs to */
	y = PAD_Y;
	if (tr != TRACK_NOTARGET)
		y += add_figure(r, b, cp(r, format_amount(r->a, m->target, 0)), ax_x[3] + PAD_X,
		    ax_x[4] - PAD_X, y, &r->reg, INK);
	else
		y += add_small(r, b, cp(r, "Sin meta numérica"), ax_x[3] + PAD_X, y + 1,
		    ax_x[4] - ax_x[3] - 2 * PAD_X, &r->reg, GREY, NOTE, NOTE_LEAD) + 1;
	if (m->goal_code != NULL && m->goal_code[0] != '\0')
		y += add_small(r, b, cp(r, arena_printf(r->a, "Meta %s", m->goal_code)),
		    ax_x[3] + PAD_X, y + 1, ax_x[4] - ax_x[3] - 2 * PAD_X, &r->reg, GREY, NOTE,
		    NOTE_LEAD) + 1;
	col[3] = y;

	/* Avance: the percentage and the trajectory */
	y = PAD_Y;
	if (tr == TRACK_ON || tr == TRACK_BEHIND)
		y += add_figure(r, b, cp(r, arena_printf(r->a, "%s %%", format_amount(r->a,
		    arena_printf(r->a, "%.1f", m->progress), 1))), ax_x[4] + PAD_X, ax_x[5] - PAD_X, y,
		    &r->bold, fig);
	else
		y += add_figure(r, b, cp(r, "—"), ax_x[4] + PAD_X, ax_x[5] - PAD_X, y, &r->reg, GREY);
	switch (tr) {
	case TRACK_BEHIND:
		y += add_small(r, b, "REZAGADO", ax_x[4] + PAD_X, y + 1, ax_x[5] - ax_x[4] - 2 * PAD_X,
		    &r->bold, RED, 7.0, 8.5) + 1;
		break;
	case TRACK_ON:
		y += add_small(r, b, "En trayectoria", ax_x[4] + PAD_X, y + 1,
		    ax_x[5] - ax_x[4] - 2 * PAD_X, &r->reg, TARGET, 7.0, 8.5) + 1;
		break;
	case TRACK_NODATA:
		y += add_small(r, b, cp(r, "Sin valores: no se evalúa"), ax_x[4] + PAD_X, y + 1,
		    ax_x[5] - ax_x[4] - 2 * PAD_X, &r->reg, GREY, NOTE, NOTE_LEAD) + 1;
		break;
	default:
		y += add_small(r, b, cp(r, "No se evalúa"), ax_x[4] + PAD_X, y + 1,
		    ax_x[5] - ax_x[4] - 2 * PAD_X, &r->reg, GREY, NOTE, NOTE_LEAD) + 1;
		break;
	}
	if (tr != TRACK_NOTARGET)
		y += add_small(r, b, cp(r, arena_printf(r->a, "esperado: %s",
		    figure(r, expected, 2))), ax_x[4] + PAD_X, y, ax_x[5] - ax_x[4] - 2 * PAD_X,
		    &r->reg, GREY, NOTE, NOTE_LEAD);
	col[4] = y;

	h = CHART_MIN_H;
	for (int c = 0; c < AX_NCOLS - 1; c++)
		if (col[c] + PAD_Y > h)
			h = col[c] + PAD_Y;
	b->h = h;

	/* Gráfico */
	it = add(r, b);
	it->kind = IT_CHART;
	it->chart = make_chart(r, m, month);
	it->x = ax_x[5] + 7;
	it->x2 = ax_x[6] - ax_x[5] - 14;
	it->dy = PAD_Y + 3;
	it->h = CHART_MIN_H - 2 * PAD_Y - 6;
	if (h > CHART_MIN_H)		/* centred in a taller row */
		it->dy += (h - CHART_MIN_H) / 2;

	if (behind) {
		b->it[strip].x = TABLE_L;
		b->it[strip].x2 = 3;
		b->it[strip].h = h;
		b->it[strip].color = RED;
		b->it[bg].x = ax_x[4];
		b->it[bg].x2 = ax_x[5] - ax_x[4];
		b->it[bg].h = h;
		b->it[bg].color = BEHIND_BG;
	}
}

/* The column headings of the annex table (built once). */
static void
build_annexhead(struct rp *r)
{
	const char *heads[AX_NCOLS] = { "Indicador", arena_printf(r->a, "Valores mensuales %d",
	    r->o->period / 100), "Acumulado", "Meta", "Avance", "Gráfico" };
	struct block *b = &r->annexhead;
	size_t most = 1;
	struct item *it;

	memset(b, 0, sizeof(*b));
	it = add(r, b);
	it->kind = IT_FILL;
	it->x = TABLE_L;
	it->color = NAVY;
	for (int c = 0; c < AX_NCOLS; c++) {
		size_t nl = add_text(r, b, cp(r, heads[c]), NULL, ax_x[c] + PAD_X, 5,
		    ax_x[c + 1] - ax_x[c] - 2 * PAD_X, &r->bold, WHITE, LEAD);

		if (nl > most)
			most = nl;
	}
	b->h = (double)most * LEAD + 10;
	b->it[0].x2 = TABLE_W;
	b->it[0].h = b->h;
	b->borders = AX_NCOLS;
}

/* A legend key at (x, baseline-ish y): what the chart's marks mean. */
static double
legend_key(struct rp *r, int kind, double x, double top, const char *label)
{
	HPDF_Page p = r->page;
	const HPDF_UINT16 dash[] = { 3, 2 }, dots[] = { 1, 2 };
	const char *s = cp(r, label);
	double mid = top - 5;

	HPDF_Page_GSave(p);
	switch (kind) {
	case 0:		/* bar */
		set_fill(p, BAR);
		HPDF_Page_Rectangle(p, (HPDF_REAL)(x + 4), (HPDF_REAL)(mid - 4), 6, 8);
		HPDF_Page_Fill(p);
		break;
	case 4:		/* the red strip of a row behind */
		set_fill(p, RED);
		HPDF_Page_Rectangle(p, (HPDF_REAL)(x + 6), (HPDF_REAL)(mid - 4.5), 3, 9);
		HPDF_Page_Fill(p);
		break;
	default:	/* lines: cumulative, target, expected path */
		set_stroke(p, kind == 1 ? CUMUL : kind == 2 ? TARGET : GREY);
		HPDF_Page_SetLineWidth(p, kind == 1 ? 1.2f : kind == 2 ? 0.9f : 0.6f);
		if (kind != 1)
			HPDF_Page_SetDash(p, kind == 2 ? dash : dots, 2, 0);
		HPDF_Page_MoveTo(p, (HPDF_REAL)x, (HPDF_REAL)(kind == 3 ? mid - 3 : mid));
		HPDF_Page_LineTo(p, (HPDF_REAL)(x + 14), (HPDF_REAL)(kind == 3 ? mid + 3 : mid));
		HPDF_Page_Stroke(p);
		break;
	}
	HPDF_Page_GRestore(p);
	text_at(r, &r->reg, 7.5, x + 18, top, 10, s, INK);
	return x + 18 + rpdf_width(s, strlen(s), r->reg.w, 7.5) + 16;
}

/* The annex's title, introduction (the rules, stated) and chart legend, on a fresh page. */
static void
annex_intro(struct rp *r)
{
	const int month = r->o->period % 100, year = r->o->period / 100;
	const char *span = month == 1 ? arena_printf(r->a, "enero de %d", year) :
	    arena_printf(r->a, "enero a %s de %d", month_name(month), year);
	const char *p1 = arena_printf(r->a, "Valores registrados de cada indicador de %s, con su "
	    "cifra acumulada, la meta y el porcentaje de avance (cifra acumulada ÷ meta × 100), por "
	    "unidad administrativa. La cifra acumulada es la suma de los valores mensuales "
	    "(indicadores de suma), el último valor registrado (indicadores de último valor) o el "
	    "promedio de los meses con valor (indicadores de promedio); la meta es la de la meta "
	    "cuantificable vinculada al indicador. Un mes sin valor se muestra con una raya.", span);
	const char *p2 = arena_printf(r->a, "Trayectoria esperada: para un indicador con meta "
	    "numérica, lo esperado a %s es meta × %d/12 en los indicadores de suma y de último "
	    "valor (un avance lineal hacia la meta del año) y la meta misma en los de promedio. "
	    "Un indicador se marca REZAGADO, en rojo, cuando su cifra acumulada es menor que el "
	    "90 %% de lo esperado. Los indicadores sin meta numérica o sin valores registrados "
	    "hasta %s no se evalúan.", arena_printf(r->a, "%s de %d", month_name(month), year),
	    month, month_name(month));
	struct block b;
	double y, x;

	new_page(r, 0);
	if (r->failed)
		return;
	memset(&b, 0, sizeof(b));
	y = add_small(r, &b, cp(r, "Anexo: avance de los indicadores"), TABLE_L, 0, TABLE_W,
	    &r->bold, NAVY, 12, 15);
	y += 3;
	y += add_small(r, &b, cp(r, p1), TABLE_L, y, TABLE_W, &r->reg, INK, FS, LEAD) + 3;
	y += add_small(r, &b, cp(r, p2), TABLE_L, y, TABLE_W, &r->reg, INK, FS, LEAD) + 4;
	b.h = y;
	draw_items(r, &b, 0, b.h + 1, 0, r->y);
	r->y -= b.h;
	x = TABLE_L;
	text_at(r, &r->bold, 7.5, x, r->y, 10, cp(r, "Gráfico:"), INK);
	x += rpdf_width(cp(r, "Gráfico:"), 8, r->bold.w, 7.5) + 8;
	x = legend_key(r, 0, x, r->y, "valor de cada mes");
	x = legend_key(r, 1, x, r->y, "cifra acumulada");
	x = legend_key(r, 2, x, r->y, "meta");
	x = legend_key(r, 3, x, r->y, "trayectoria esperada (suma y último valor)");
	legend_key(r, 4, x, r->y, "indicador rezagado");
	r->y -= 10 + 8;
}

static void
annex(struct rp *r)
{
	const struct report_opts *o = r->o;

	build_annexhead(r);
	annex_intro(r);
	if (r->failed)
		return;
	r->head = &r->annexhead;
	r->cols = ax_x;
	r->ncols = AX_NCOLS;
	draw_items(r, r->head, 0, r->head->h + 1, 0, r->y);
	draw_borders(r, r->y, r->head->h, r->ncols);
	r->y -= r->head->h;
	if (o->nunits == 0)
		message_block(r, arena_printf(r->a, "No hay unidades administrativas activas con "
		    "indicadores en el plan %d.", o->period / 100));
	for (size_t u = 0; u < o->nunits && !r->failed; u++) {
		const struct unit_month *um = &o->units[u];
		struct block band, row;

		annex_band(r, um, 0, &band);
		if (um->nind == 0) {
			place(r, &band, 4 * LEAD);
			message_block(r, arena_printf(r->a, "La unidad no tiene indicadores activos "
			    "en el plan %d.", o->period / 100));
			continue;
		}
		annex_row(r, &um->ind[0], &row);
		/* the document's last row stays clear of the signature strip */
		if (u + 1 == o->nunits && um->nind == 1 && r->y - band.h - row.h < RPDF_SIG_TOP &&
		    band.h + row.h <= page_room(r))
			new_page(r, 1);
		/* the band stays with its first row */
		place(r, &band, band.h + row.h <= page_room(r) ? row.h : 4 * LEAD);
		place(r, &row, 0);
		for (size_t i = 1; i < um->nind && !r->failed; i++) {
			int last = u + 1 == o->nunits && i + 1 == um->nind;

			annex_row(r, &um->ind[i], &row);
			if (r->y - (last ? RPDF_SIG_TOP : BOTTOM) < row.h) {
				struct block cont;

				annex_band(r, um, 1, &cont);
				new_page(r, 1);
				place(r, &cont, row.h <= page_room(r) - cont.h ? row.h : 4 * LEAD);
			}
			place(r, &row, 0);
		}
	}
}

/*
 * The signature strip (report_pdf.h) must stay empty on the last page: when
 * the content reached into it, the strip goes on a page of its own that
 * says what it is for.
 */
static void
signature_room(struct rp *r)
{
	struct block b;

	if (r->y >= RPDF_SIG_TOP - 1e-6)
		return;
	new_page(r, 0);
	if (r->failed)
		return;
	memset(&b, 0, sizeof(b));
	b.h = (double)add_text(r, &b, cp(r, "Página reservada para las firmas electrónicas del "
	    "informe."), NULL, TABLE_L, 0, TABLE_W, &r->reg, GREY, LEAD) * LEAD;
	draw_items(r, &b, 0, b.h + 1, 0, r->y);
	r->y -= b.h;
}

void
rpdf_sig_rect(int slot, double rect[4])
{
	double right = RPDF_TABLE_R - (double)slot * (RPDF_SIG_W + RPDF_SIG_GAP);

	if (slot < 0 || slot > 1) {
		rect[0] = rect[1] = rect[2] = rect[3] = 0;
		return;
	}
	rect[0] = right - RPDF_SIG_W;
	rect[1] = RPDF_SIG_Y;
	rect[2] = right;
	rect[3] = RPDF_SIG_Y + RPDF_SIG_H;
}

/* "Página X de Y" (and the draft watermark) on every page, once all exist. */
static void
page_footers(struct rp *r)
{
	const struct matrix *m = r->m;
	const char *left = cp(r, arena_printf(r->a, "%s · LOTAIP Art. 7, literal a4) · %s",
	    m->short_name && m->short_name[0] ? m->short_name : m->name,
	    arena_printf(r->a, "%s de %d", month_name(r->o->period % 100), r->o->period / 100)));
	HPDF_ExtGState gs = NULL;

	if (r->o->draft && (gs = HPDF_CreateExtGState(r->pdf)) != NULL)
		HPDF_ExtGState_SetAlphaFill(gs, 0.10f);
	for (size_t i = 0; i < r->npages; i++) {
		const char *right = cp(r, arena_printf(r->a, "Página %zu de %zu", i + 1, r->npages));
		double y = 26;

		r->page = r->pages[i];
		set_stroke(r->page, RULE);
		HPDF_Page_SetLineWidth(r->page, 0.5);
		HPDF_Page_MoveTo(r->page, (HPDF_REAL)TABLE_L, (HPDF_REAL)(y + 8));
		HPDF_Page_LineTo(r->page, (HPDF_REAL)RPDF_TABLE_R, (HPDF_REAL)(y + 8));
		HPDF_Page_Stroke(r->page);
		text_at(r, &r->reg, 7.5, TABLE_L, y + 6, 10, left, GREY);
		text_at(r, &r->reg, 7.5, RPDF_TABLE_R - rpdf_width(right, strlen(right), r->reg.w, 7.5),
		    y + 6, 10, right, GREY);
		if (gs != NULL) {
			/* a large diagonal "BORRADOR" across the page, faint, over the content */
			const char *d = "BORRADOR";
			double w = rpdf_width(d, strlen(d), r->bold.w, 110);
			const double c = 0.8660, s = 0.5;	/* cos and sin of 30 degrees */
			double cx = RPDF_PAGE_W / 2, cy = RPDF_PAGE_H / 2 - 20;

			HPDF_Page_GSave(r->page);
			HPDF_Page_SetExtGState(r->page, gs);
			set_fill(r->page, RED);
			HPDF_Page_BeginText(r->page);
			HPDF_Page_SetFontAndSize(r->page, r->bold.f, 110);
			HPDF_Page_SetTextMatrix(r->page, (HPDF_REAL)c, (HPDF_REAL)s, (HPDF_REAL)-s,
			    (HPDF_REAL)c, (HPDF_REAL)(cx - c * w / 2 + s * 40),
			    (HPDF_REAL)(cy - s * w / 2 - c * 40));
			HPDF_Page_ShowText(r->page, d);
			HPDF_Page_EndText(r->page);
			HPDF_Page_GRestore(r->page);
		}
	}
}

static int
load_font(struct rp *r, const char *dir, const char *file, struct font *f, char *err,
    size_t errlen)
{
	char path[512];
	const char *name;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path) ||
	    access(path, R_OK) != 0) {
		snprintf(err, errlen, "No se puede leer la fuente %s/%s (paquete fonts-dejavu-core).",
		    dir, file);
		return -1;
	}
	if ((name = HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE)) == NULL ||
	    (f->f = HPDF_GetFont(r->pdf, name, "WinAnsiEncoding")) == NULL) {
		snprintf(err, errlen, "libharu no pudo cargar la fuente %s (error 0x%04X).", path,
		    (unsigned)r->hpdf_err);
		return -1;
	}
	/* Glyph widths, once: the same per-glyph sums HPDF_Font_MeasureText makes. */
	f->w[0] = 0;
	for (int c = 1; c < 256; c++) {
		HPDF_BYTE b = (HPDF_BYTE)c;

		f->w[c] = (float)HPDF_Font_TextWidth(f->f, &b, 1).width;
	}
	return 0;
}

/* Document information, in UTF-8 (pdf-notes.md: set the UTF-8 encoder first). */
static void
metadata(struct rp *r)
{
	const struct matrix *m = r->m;
	time_t t = r->o->created ? r->o->created : time(NULL);
	struct tm tm;
	HPDF_Date d;
	const char *label = arena_printf(r->a, "%s de %d", month_name(r->o->period % 100),
	    r->o->period / 100);

	HPDF_UseUTFEncodings(r->pdf);
	HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_TITLE, arena_printf(r->a,
	    "LOTAIP literal a4) — Metas y objetivos de las unidades administrativas — %s%s", label,
	    r->o->draft ? " (BORRADOR)" : ""));
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_AUTHOR, m->name ? m->name : "");
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_SUBJECT, LOTAIP_A4);
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_KEYWORDS, "LOTAIP, Art. 7, literal a4, transparencia");
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_CREATOR, "metas");
	/* Ecuador keeps UTC-5 all year: no time zone database needed. */
	t -= 5 * 3600;
	if (gmtime_r(&t, &tm) != NULL) {
		memset(&d, 0, sizeof(d));
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
		d.hour = tm.tm_hour;
		d.minutes = tm.tm_min;
		d.seconds = tm.tm_sec;
		d.ind = '-';
		d.off_hour = 5;
		d.off_minutes = 0;
		HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_MOD_DATE, d);
	}
}

int
report_pdf_render(const struct matrix *m, const struct report_opts *o, struct buf *out,
    struct report_stats *stats, char *err, size_t errlen)
{
	struct rp r;
	size_t mark = out->len;
	const char *dir = o->font_dir ? o->font_dir : METAS_FONT_DIR;
	int rc = -1;

	err[0] = '\0';
	memset(&r, 0, sizeof(r));
	r.m = m;
	r.o = o;
	r.a = arena_new(256 * 1024);
	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	if ((r.pdf = HPDF_New(on_error, &r)) == NULL) {
		snprintf(err, errlen, "libharu no pudo crear el documento.");
		goto out;
	}
	/* Right after HPDF_New: the flag is read as each page and font is made. */
	HPDF_SetCompressionMode(r.pdf, HPDF_COMP_ALL);
	if (load_font(&r, dir, "DejaVuSans.ttf", &r.reg, err, errlen) != 0 ||
	    load_font(&r, dir, "DejaVuSans-Bold.ttf", &r.bold, err, errlen) != 0)
		goto out;
	load_logo(&r, m->logo_path);
	r.period = cp(&r, arena_printf(r.a, "%s de %d", month_name(o->period % 100),
	    o->period / 100));
	r.name = cp(&r, m->name);
	r.art7 = cp(&r, LOTAIP_ART7);
	r.a4 = cp(&r, LOTAIP_A4);
	r.header_h = page_header(&r, 0);
	build_colhead(&r);
	r.head = &r.colhead;
	r.cols = col_x;
	r.ncols = NCOLS;
	new_page(&r, 1);
	if (m->nlevels == 0)
		message_block(&r, arena_printf(r.a, "La institución no tiene unidades administrativas "
		    "activas en el plan %d: la matriz no tiene filas este mes.", o->period / 100));
	for (size_t l = 0; l < m->nlevels && !r.failed; l++) {
		const struct mx_level *lv = &m->levels[l];
		struct block head, first;

		level_block(&r, lv->name, &head);
		if (lv->nunits > 0) {
			/*
			 * Keep the heading with its first unit: all of it when the two
			 * fit on a page, else the lines a cut unit starts with.
			 */
			double after = r.y - BOTTOM - head.h, keep, cut;

			unit_block(&r, &lv->units[0], &first);
			if (first.h <= after)
				keep = first.h;
			else if (after >= 0.25 * page_room(&r) && (cut = row_cut(&first, 0, after)) > 0)
				keep = cut;		/* place() will cut it between rows */
			else if (head.h + first.h <= page_room(&r))
				keep = first.h;
			else
				keep = 4 * LEAD;
			place(&r, &head, keep);
			place(&r, &first, 0);
		} else
			place(&r, &head, 0);
		for (size_t u = 1; u < lv->nunits && !r.failed; u++) {
			struct block b;

			unit_block(&r, &lv->units[u], &b);
			place(&r, &b, 0);
		}
	}
	if (!r.failed)
		contact_block(&r);
	if (!r.failed && o->annex)
		annex(&r);
	if (!r.failed)
		signature_room(&r);
	if (!r.failed)
		page_footers(&r);
	if (!r.failed)
		metadata(&r);
	if (!r.failed && HPDF_SaveToStream(r.pdf) == HPDF_OK && !r.failed) {
		HPDF_UINT32 size = HPDF_GetStreamSize(r.pdf);
		unsigned char chunk[65536];

		for (;;) {
			HPDF_UINT32 n = sizeof(chunk);
			HPDF_STATUS st = HPDF_ReadFromStream(r.pdf, chunk, &n);

			if (n > 0)
				buf_put(out, chunk, n);
			if (st == HPDF_STREAM_EOF)
				break;
			if (st != HPDF_OK) {
				r.failed = 1;
				break;
			}
		}
		if (!r.failed && out->len - mark == size)
			rc = 0;
	}
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errlen, "libharu no pudo generar el PDF (error 0x%04X, detalle %u).",
		    (unsigned)r.hpdf_err, (unsigned)r.hpdf_detail);
	if (stats != NULL) {
		stats->pages = (int)r.npages;
		stats->replaced = r.replaced;
		stats->last_bottom = r.y;
	}
out:
	if (rc != 0) {
		out->len = mark;
		/* a buffer never grown still points at a constant "": leave it be */
		if (out->cap > 0)
			out->data[mark] = '\0';
	}
	if (r.pdf != NULL)
		HPDF_Free(r.pdf);
	arena_free(r.a);
	return rc;
}
