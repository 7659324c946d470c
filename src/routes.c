/*
 * The route table of metasd. Every route declares who may call it;
 * route_table_check() refuses to start with one that does not.
 */
#include "config.h"

#include "handlers.h"
#include "route.h"
#include "worker.h"

const struct route routes[] = {
	{ METHOD_GET,	"/",		h_matrix,	ROLE_PUBLIC,	"matrix" },
	{ METHOD_GET,	"/healthz",	h_healthz,	ROLE_PUBLIC,	"health" },
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
