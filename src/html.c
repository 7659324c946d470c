/*
 * Escaping HTML writer and the page skeleton.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "html.h"

void
html_raw(struct buf *b, const char *literal)
{
	buf_puts(b, literal);
}

void
html_textn(struct buf *b, const char *s, size_t n)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, n - start);
}

void
html_text(struct buf *b, const char *s)
{
	if (s != NULL)
		html_textn(b, s, strlen(s));
}

void
html_int(struct buf *b, long long v)
{
	buf_printf(b, "%lld", v);
}

void
html_page_begin(struct buf *b, const char *title, const char *lang)
{
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"");
	html_text(b, lang);
	html_raw(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	html_text(b, title);
	html_raw(b, "</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/metas.css\">\n"
	    "</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#contenido\">Saltar al contenido</a>\n");
}

void
html_page_end(struct buf *b)
{
	html_raw(b, "</body>\n</html>\n");
}
