/*
 * Write epochs: what lets a worker use its copy of a session or of a month
 * without asking the database whether it is still current.
 *
 * One small file next to metasd's socket (epoch_path), mapped shared by the
 * master before it forks, so every worker sees it, and by metasctl when it
 * runs on the same machine. It holds counters:
 *
 *   global      bumped after every committed write (db.c does it in
 *               db_commit and after every write outside a transaction)
 *   unit[k]     bumped instead of global by the writes of a unit's months
 *               (values, evidence files, workflow: db_scope_unit), k a
 *               hash of the unit id
 *
 * A reader takes a stamp before it reads the database (epoch_stamp) and
 * keeps it with what it read; later the copy is current while the counters
 * still equal the stamp (epoch_current) and the stamp is younger than the
 * configured cache_ms. Taking the stamp first is what makes it safe: a
 * write that commits after the stamp was taken changes a counter, whether
 * the read saw it or not. cache_ms bounds what nobody announces: a change
 * made with SQL by hand is seen within it (or at once after `metasctl
 * invalidate`).
 *
 * Without a mapped file (unit tests, metasctl before epoch_attach, or
 * cache_ms = 0) no copy is ever current, so every request reads the
 * database, as it would without this module.
 */
#ifndef METAS_EPOCH_H
#define METAS_EPOCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct epoch_stamp {
	uint64_t	global;
	uint64_t	unit;		/* 0 when stamped for no unit */
	long long	unit_id;
	long long	at_ms;		/* CLOCK_MONOTONIC, ms */
};

/* The file for the socket path s: "<s>.epoch" in out (size n); -1 if too long. */
int	epoch_path(const char *socket, char *out, size_t n);
/*
 * metasd's master, before forking: create (or reuse) the file, owned by
 * uid:gid when running as root (uid = -1: leave it), and map it. If the file
 * cannot be made, an anonymous shared area serves the workers alone (then
 * metasctl's writes wait for cache_ms) and 1 is returned; 0 when the file
 * is mapped; -1 when nothing could be mapped (every copy is then checked
 * against the database).
 */
int	epoch_create(const char *path, uid_t uid, gid_t gid, int cache_ms);
/* metasctl: map an existing file; 0, or -1 when there is none (no metasd here). */
int	epoch_attach(const char *path);
/* The maximum age of a copy (conf cache_ms; a reload may change it). */
void	epoch_set_max_age(int cache_ms);
int	epoch_mapped(void);

/* Bump after a commit: everything, or only the months of one unit. */
void	epoch_bump(void);
void	epoch_bump_unit(long long unit_id);

/* Stamp now (unit_id 0: the global counter only); check later. */
void	epoch_stamp(struct epoch_stamp *, long long unit_id);
int	epoch_current(const struct epoch_stamp *);

/* For tests and /metrics-like views: the global counter (0 when unmapped). */
uint64_t epoch_global(void);

#endif
