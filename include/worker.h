/*
 * The process model: the master (metasd.c) opens the socket, drops
 * privileges and forks workers; each worker runs worker_run(): its own
 * database connection, request arena and accept loop.
 */
#ifndef METAS_WORKER_H
#define METAS_WORKER_H

#include <stddef.h>

struct conf;
struct db;
struct worker {
	const struct conf	*conf;
	struct db		*db;
	int			 id;		/* 1..N */
	unsigned long		 requests;
	long long		 institution_id;	/* resolved on first use */
};

/* Serve requests on listen_fd until SIGTERM. Returns the exit status. */
int	worker_run(const struct conf *, int listen_fd, int id);

#endif
