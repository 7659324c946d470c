/*
 * The one way from data to HTML: every byte of data goes through
 * html_text()/html_textn(), which escape < > & " ' so the same call is safe
 * in element content and in quoted attribute values. html_raw() is only for
 * constant template text written in our own source.
 */
#ifndef METAS_HTML_H
#define METAS_HTML_H

#include <stddef.h>

struct buf;

void	html_raw(struct buf *, const char *literal);
void	html_text(struct buf *, const char *);
void	html_textn(struct buf *, const char *, size_t);
void	html_int(struct buf *, long long);
/* Page skeleton shared by every HTML page: head, header bar, main. */
void	html_page_begin(struct buf *, const char *title, const char *lang);
void	html_page_end(struct buf *);

#endif
