/*
 * Evidence files: which uploads are accepted (by extension and by their
 * first bytes, never by the type the browser claims), and their storage in
 * the evidence folder under their SHA-256. The folder is opened once by the
 * master before it drops privileges; workers reach it through that
 * descriptor only (openat), so they need no access to its parent path.
 */
#ifndef METAS_EVIDENCE_H
#define METAS_EVIDENCE_H

#include <stddef.h>

/* Open the folder (creating it if missing). Returns the descriptor or -1. */
int		 evidence_open_dir(const char *path);
void		 evidence_set_dir(int fd);
/*
 * The content type to serve a file with, when its name's extension and its
 * first bytes agree on an allowed type (PDF, PNG, JPEG, office documents);
 * NULL otherwise.
 */
const char	*evidence_kind(const char *filename, const unsigned char *data, size_t len);
/* SHA-256 of data as 64 lowercase hex digits (out: 65 bytes). */
void		 evidence_sha256(const void *data, size_t len, char out[65]);
/* Store data as <sha[0..2]>/<sha> (atomically, fsync'd). 0 or -1. */
int		 evidence_store(const void *data, size_t len, const char sha[65]);
/* Open a stored file for reading. -1 when missing. */
int		 evidence_open(const char sha[65]);
/*
 * The folder's lock (flock on its ".lock" file): an upload holds it shared
 * from storing its bytes until its row is committed, the purge holds it
 * exclusive, so the purge never erases bytes that a row is about to name.
 * Returns the descriptor for evidence_unlock, or -1.
 */
int		 evidence_lock(int exclusive);
void		 evidence_unlock(int fd);
/* Sort SHA-256 texts (strcmp order) for evidence_in and evidence_purge. */
void		 evidence_sort(const char **shas, size_t n);
/* Whether sha is one of the sorted shas. */
int		 evidence_in(const char *sha, const char *const *shas, size_t n);
/* What a purge erased (or, in a dry run, would erase). */
struct evidence_purged {
	size_t		 files;		/* stored files no row on a month names */
	unsigned long long bytes;
	size_t		 temps;		/* temporary files left by a crash, over an hour old */
	size_t		 kept;		/* stored files still named by a month */
	size_t		 failed;	/* files that could not be erased (left as they were) */
};
/*
 * Erase every stored file whose SHA-256 is not in live (sorted by
 * evidence_sort, n entries), and the temporary files of a store that crashed more
 * than an hour ago; each(sha, size, arg), when not NULL, is told of every
 * file erased. dry_run: erase nothing, only count. Call with the exclusive
 * lock held. 0, or -1 with errno when the folder cannot be read; a file
 * that cannot be erased is counted in failed and the rest go on.
 */
int		 evidence_purge(const char *const *live, size_t n, int dry_run,
		    void (*each)(const char *sha, unsigned long long size, void *), void *arg,
		    struct evidence_purged *out);

#endif
