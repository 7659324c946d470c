/*
 * Staff pages: the common layout (header with who is logged in and a
 * logout button, navigation by role) and form pieces with labels, hints
 * and errors next to their field. All output goes through html.h.
 */
#ifndef METAS_PAGE_H
#define METAS_PAGE_H

#include "monthly.h"

struct ctx;
struct buf;

void	page_begin(struct ctx *, const char *title);
/* page_begin with a class on <main> (NULL for none), as error pages use. */
void	page_open(struct ctx *, const char *title, const char *main_class);
void	page_end(struct ctx *);
/* <input type="hidden" name="csrf" value="..."> for the session's token. */
void	page_csrf(struct ctx *);
/* A labelled input; error (may be NULL) is shown under it and linked by aria-describedby. */
void	page_input(struct buf *, const char *name, const char *label, const char *type,
	    const char *value, const char *error, const char *hint, const char *autocomplete);
/* A message box: kind is "ok", "error" or "info". */
void	page_message(struct buf *, const char *kind, const char *text);
/* A month's workflow state as a badge: <span class="badge badge-borrador">Borrador</span>. */
void	page_state_badge(struct buf *, enum period_state);

#endif
