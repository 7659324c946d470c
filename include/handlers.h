/*
 * HTTP handlers: glue between requests and the service functions.
 */
#ifndef METAS_HANDLERS_H
#define METAS_HANDLERS_H

struct ctx;

void	h_matrix(struct ctx *);		/* GET /: the public a4 matrix */
void	h_healthz(struct ctx *);	/* GET /healthz */

#endif
