/*
 * Unit tests of html.c: the escaping writer and the page skeleton.
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "arena.h"
#include "html.h"
#include "tap.h"

static struct arena *a;

/* html_text(s) into a fresh buffer; the result belongs to the arena. */
static const char *
esc(const char *s)
{
	struct buf b;

	buf_init(&b, a);
	html_text(&b, s);
	return b.data;
}

static int
esc_is(const char *in, const char *want)
{
	return strcmp(esc(in), want) == 0;
}

int
main(void)
{
	char plain[256];
	size_t n = 0;
	struct buf b;

	a = arena_new(4096);

	CHECK(esc_is("<", "&lt;"), "html: '<' becomes &lt;");
	CHECK(esc_is(">", "&gt;"), "html: '>' becomes &gt;");
	CHECK(esc_is("&", "&amp;"), "html: '&' becomes &amp;");
	CHECK(esc_is("\"", "&quot;"), "html: '\"' becomes &quot;");
	CHECK(esc_is("'", "&#39;"), "html: '\\'' becomes &#39;");
	CHECK(esc_is("<a href=\"x\">O'Reilly & co</a>",
	    "&lt;a href=&quot;x&quot;&gt;O&#39;Reilly &amp; co&lt;/a&gt;"),
	    "html: mixed markup is escaped in place");
	CHECK(esc_is("&amp;", "&amp;amp;"), "html: an existing entity is escaped again");
	CHECK(esc_is("<<>>", "&lt;&lt;&gt;&gt;"), "html: consecutive specials are each escaped");

	/* Every other byte 0x01..0xff passes unchanged. */
	for (int c = 1; c < 256; c++)
		if (strchr("<>&\"'", c) == NULL)
			plain[n++] = (char)c;
	plain[n] = '\0';
	CHECK(esc_is(plain, plain), "html: no byte other than < > & \" ' is changed");
	CHECK(esc_is("Año «Dirección» ¿sí? “ok” €", "Año «Dirección» ¿sí? “ok” €"),
	    "html: UTF-8 text passes through");
	CHECK(esc_is("", ""), "html: the empty string writes nothing");

	buf_init(&b, a);
	buf_puts(&b, "keep");
	html_text(&b, NULL);
	CHECK(b.len == 4 && strcmp(b.data, "keep") == 0, "html: html_text(NULL) is a no-op");

	buf_init(&b, a);
	html_textn(&b, "a\0<b", 4);
	CHECK(b.len == 7 && memcmp(b.data, "a\0&lt;b", 7) == 0,
	    "html: html_textn copies an embedded NUL and escapes past it");
	buf_init(&b, a);
	html_textn(&b, "<<x", 1);
	CHECK(strcmp(b.data, "&lt;") == 0, "html: html_textn stops after n bytes");
	buf_init(&b, a);
	html_textn(&b, "<", 0);
	CHECK(b.len == 0, "html: html_textn with n = 0 writes nothing");
	buf_init(&b, a);
	html_textn(&b, "x\xff<", 3);
	CHECK(b.len == 6 && memcmp(b.data, "x\xff&lt;", 6) == 0,
	    "html: html_textn passes non-ASCII bytes through");

	buf_init(&b, a);
	html_raw(&b, "<p class=\"x\">");
	CHECK(strcmp(b.data, "<p class=\"x\">") == 0, "html: html_raw writes template text unescaped");

	buf_init(&b, a);
	html_int(&b, -42);
	html_raw(&b, " ");
	html_int(&b, LLONG_MIN);
	CHECK(strcmp(b.data, "-42 -9223372036854775808") == 0, "html: html_int prints decimal");

	buf_init(&b, a);
	html_page_begin(&b, "<Título & \"x\">", "es\"EC");
	CHECK(strstr(b.data, "<title>&lt;Título &amp; &quot;x&quot;&gt;</title>") != NULL,
	    "html: the page title is escaped");
	CHECK(strstr(b.data, "<html lang=\"es&quot;EC\">") != NULL,
	    "html: the lang attribute is escaped");
	CHECK(strncmp(b.data, "<!DOCTYPE html>\n", 16) == 0 &&
	    strstr(b.data, "<meta charset=\"utf-8\">") != NULL,
	    "html: the page begins with a doctype and declares UTF-8");
	html_page_end(&b);
	n = strlen("</body>\n</html>\n");
	CHECK(b.len > n && strcmp(b.data + b.len - n, "</body>\n</html>\n") == 0,
	    "html: html_page_end closes body and html");

	arena_free(a);
	return TAP_DONE();
}
