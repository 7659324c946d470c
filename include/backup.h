/*
 * metasctl backup and restore: a database dump taken in one consistent
 * snapshot, copies of the evidence and publication folders, and a MANIFEST
 * with the SHA-256 and size of every file (docs/man/metasctl.8).
 *
 * Layout of a backup folder:
 *   MANIFEST          format version, date, metas version, database,
 *                     applied migrations, then "<sha256> <size> <path>"
 *   database.sql      the dump (db_admin.c's dba_dump)
 *   evidence/...      a copy of evidence_dir
 *   publication/...   a copy of publication_dir
 */
#ifndef METAS_BACKUP_H
#define METAS_BACKUP_H

struct conf;

/* Exit statuses of metasctl backup and restore. */
enum backup_exit {
	BACKUP_EXIT_OK		= 0,
	BACKUP_EXIT_FAIL	= 1,	/* database, file system: the message says why */
	BACKUP_EXIT_USAGE	= 2,
	BACKUP_EXIT_INVALID	= 3,	/* restore: the backup does not match its MANIFEST */
	BACKUP_EXIT_NOT_EMPTY	= 4,	/* backup: DIR has files; restore: the target has data */
};

/*
 * Write a backup into dir, which must not exist or be empty. The work goes
 * into "dir.tmp-XXXXXX" beside it, renamed to dir only when complete.
 * Progress on stderr. Returns an enum backup_exit.
 */
int	backup_create(const struct conf *, const char *dir);
/*
 * Verify the backup in dir against its MANIFEST, then load it into an
 * empty database and empty evidence and publication folders, give the
 * runtime account its grants and write an audit row "restore". A failure
 * after loading began removes what was loaded. Returns an enum backup_exit.
 */
int	backup_restore(const struct conf *, const char *dir);

#endif
