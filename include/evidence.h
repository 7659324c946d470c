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

#endif
