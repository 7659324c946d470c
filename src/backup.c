/*
 * metasctl backup and restore (backup.h).
 *
 * Why the dump is made here with the connector and not by mariadb-dump:
 * the password of the migrations owner never leaves this process (no
 * option file, no command line), servers need no extra package (Debian's
 * mariadb-dump comes with mariadb-client and its Perl modules), progress
 * is ours to show, and restore reads the same format back statement by
 * statement. The schema has no views, triggers, routines or events; the
 * dump refuses a database that has any rather than leave them out.
 *
 * Order: the database first, then the folders. Evidence files are named by
 * their SHA-256 and never removed, so every file a dumped row names is
 * already on disk when the folders are copied; a file uploaded meanwhile
 * is copied too and is harmless.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "backup.h"
#include "conf.h"
#include "db_admin.h"
#include "migrate.h"

#define FORMAT_VERSION	1
#define MANIFEST	"MANIFEST"
#define DUMP_FILE	"database.sql"
#define MAX_MANIFEST	(64 * 1024 * 1024)

struct entry {
	char			*path;
	char			 sha[65];
	unsigned long long	 size;
};

struct list {
	struct entry	*e;
	size_t		 n, cap;
};

struct progress {
	const char		*what;
	unsigned long long	 files, bytes;
	time_t			 last;
};

static void
list_add(struct list *l, const char *path, const char sha[65], unsigned long long size)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->e = xrealloc(l->e, l->cap * sizeof(*l->e));
	}
	l->e[l->n].path = xstrdup(path);
	memcpy(l->e[l->n].sha, sha, 65);
	l->e[l->n].size = size;
	l->n++;
}

static void
list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->e[i].path);
	free(l->e);
	memset(l, 0, sizeof(*l));
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static const struct entry *
list_find(const struct list *l, const char *path)
{
	struct entry key = { (char *)path, "", 0 };

	return l->n ? bsearch(&key, l->e, l->n, sizeof(*l->e), cmp_entry) : NULL;
}

static void
tick(struct progress *p, int force)
{
	time_t now = time(NULL);

	if (!force && now == p->last)
		return;
	p->last = now;
	fprintf(stderr, "metasctl:   %s: %llu archivos, %.1f MB\n", p->what, p->files,
	    (double)p->bytes / (1024.0 * 1024.0));
}

/* "2026-11-25T10:11:12-05:00" (America/Guayaquil, no daylight saving). */
static void
now_text(char *out, size_t len)
{
	time_t t = time(NULL) - 5 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(out, len, "%Y-%m-%dT%H:%M:%S-05:00", &tm) == 0)
		snprintf(out, len, "?");
}

static void
sha_hex(const unsigned char md[crypto_hash_sha256_BYTES], char out[65])
{
	sodium_bin2hex(out, 65, md, crypto_hash_sha256_BYTES);
}

/* SHA-256 and size of the regular file name in dirfd. 0, or -1 with err. */
static int
hash_file(int dirfd, const char *name, char sha[65], unsigned long long *size, char *err,
    size_t errlen)
{
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES], chunk[65536];
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t k;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	crypto_hash_sha256_init(&h);
	*size = 0;
	while ((k = read(fd, chunk, sizeof(chunk))) > 0) {
		crypto_hash_sha256_update(&h, chunk, (unsigned long long)k);
		*size += (unsigned long long)k;
	}
	close(fd);
	if (k < 0) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	crypto_hash_sha256_final(&h, md);
	sha_hex(md, sha);
	return 0;
}

/*
 * Copy the regular file sname of sfd to dname in dfd, through a temporary
 * name renamed at the end; the mode bits and times are kept, the owner set
 * to uid:gid unless uid is (uid_t)-1. The SHA-256 and size are those of
 * the bytes written. 0, or -1 with err set.
 */
static int
copy_file(int sfd, const char *sname, int dfd, const char *dname, uid_t uid, gid_t gid,
    char sha[65], unsigned long long *size, char *err, size_t errlen)
{
	static const char tmp[] = ".metasctl-copy";
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES], chunk[65536];
	struct timespec times[2];
	struct stat st;
	int in, out = -1, rc = -1;
	ssize_t k;

	if ((in = openat(sfd, sname, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", sname, strerror(errno));
		return -1;
	}
	if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: no es un archivo regular", sname);
		goto out;
	}
	(void)unlinkat(dfd, tmp, 0);
	if ((out = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "%s: %s", dname, strerror(errno));
		goto out;
	}
	crypto_hash_sha256_init(&h);
	*size = 0;
	while ((k = read(in, chunk, sizeof(chunk))) > 0) {
		for (ssize_t done = 0; done < k;) {
			ssize_t w = write(out, chunk + done, (size_t)(k - done));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				snprintf(err, errlen, "%s: %s", dname, strerror(errno));
				goto out;
			}
			done += w;
		}
		crypto_hash_sha256_update(&h, chunk, (unsigned long long)k);
		*size += (unsigned long long)k;
	}
	if (k < 0) {
		snprintf(err, errlen, "%s: %s", sname, strerror(errno));
		goto out;
	}
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	if (fchmod(out, st.st_mode & 0777) != 0 ||
	    (uid != (uid_t)-1 && fchown(out, uid, gid) != 0) ||
	    futimens(out, times) != 0 || fsync(out) != 0) {
		snprintf(err, errlen, "%s: %s", dname, strerror(errno));
		goto out;
	}
	if (close(out) != 0) {
		out = -1;
		snprintf(err, errlen, "%s: %s", dname, strerror(errno));
		goto out;
	}
	out = -1;
	if (renameat(dfd, tmp, dfd, dname) != 0) {
		snprintf(err, errlen, "%s: %s", dname, strerror(errno));
		goto out;
	}
	crypto_hash_sha256_final(&h, md);
	sha_hex(md, sha);
	rc = 0;
out:
	if (out >= 0)
		close(out);
	if (rc != 0)
		(void)unlinkat(dfd, tmp, 0);
	close(in);
	return rc;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names in directory fd, sorted, without "." and ".."; with skip_dot
 * also without other names starting with '.' (files being written).
 */
static char **
dir_names(int fd, int skip_dot, size_t *n, char *err, size_t errlen)
{
	int dfd = dup(fd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (d == NULL) {
		if (dfd >= 0)
			close(dfd);
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    (skip_dot && de->d_name[0] == '.'))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_name);
	if (names == NULL)
		names = xcalloc(1, sizeof(*names));
	return names;
}

static void
free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Copy the tree under sfd into dfd (which exists). Paths are recorded in l
 * as "prefix/relative/path". Folders are made with dir_mode and, unless uid
 * is (uid_t)-1, given to uid:gid like the files. Names starting with '.'
 * are skipped (temporary files being written); anything but files and
 * folders is an error.
 */
static int
copy_tree(int sfd, const char *prefix, int dfd, mode_t dir_mode, uid_t uid, gid_t gid,
    struct list *l, struct progress *p, char *err, size_t errlen)
{
	size_t n;
	char **names = dir_names(sfd, 1, &n, err, errlen);
	int rc = -1;

	if (names == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		char path[4096], sha[65];
		unsigned long long size;
		struct stat st;

		if (snprintf(path, sizeof(path), "%s/%s", prefix, name) >= (int)sizeof(path) ||
		    strpbrk(name, "\n\r") != NULL) {
			snprintf(err, errlen, "%s/%s: nombre no admitido", prefix, name);
			goto out;
		}
		if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			int s2, d2, r;

			if (mkdirat(dfd, name, dir_mode) != 0 && errno != EEXIST) {
				snprintf(err, errlen, "%s: %s", path, strerror(errno));
				goto out;
			}
			s2 = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			d2 = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (s2 < 0 || d2 < 0 || fchmod(d2, dir_mode) != 0 ||
			    (uid != (uid_t)-1 && fchown(d2, uid, gid) != 0)) {
				snprintf(err, errlen, "%s: %s", path, strerror(errno));
				if (s2 >= 0)
					close(s2);
				if (d2 >= 0)
					close(d2);
				goto out;
			}
			r = copy_tree(s2, path, d2, dir_mode, uid, gid, l, p, err, errlen);
			if (r == 0 && fsync(d2) != 0) {
				snprintf(err, errlen, "%s: %s", path, strerror(errno));
				r = -1;
			}
			close(s2);
			close(d2);
			if (r != 0)
				goto out;
		} else if (S_ISREG(st.st_mode)) {
			if (copy_file(sfd, name, dfd, name, uid, gid, sha, &size, err, errlen) != 0)
				goto out;
			list_add(l, path, sha, size);
			p->files++;
			p->bytes += size;
			tick(p, 0);
		} else {
			snprintf(err, errlen, "%s: no es un archivo ni una carpeta (¿enlace simbólico?)",
			    path);
			goto out;
		}
	}
	rc = 0;
out:
	free_names(names, n);
	return rc;
}

/* 0: path does not exist; 1: an empty folder; 2: a folder with entries; 3: not a folder. */
static int
dir_state(const char *path)
{
	struct stat st;
	size_t n;
	char **names, err[256];
	int fd;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : 3;
	if (!S_ISDIR(st.st_mode) || (fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 3;
	names = dir_names(fd, 0, &n, err, sizeof(err));
	close(fd);
	if (names == NULL)
		return 3;
	free_names(names, n);
	return n == 0 ? 1 : 2;
}

static int keep_root;

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	if (keep_root && f->level == 0)
		return 0;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Remove path and everything under it (keep: only what is under it). */
static void
rm_tree(const char *path, int keep)
{
	keep_root = keep;
	(void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* dir without trailing slashes, into out. */
static int
clean_dir(const char *dir, char *out, size_t len)
{
	size_t n;

	if (snprintf(out, len, "%s", dir) >= (int)len || out[0] == '\0')
		return -1;
	n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	return 0;
}

static void
dump_progress(const char *table, unsigned long long rows, void *arg)
{
	(void)arg;
	fprintf(stderr, "metasctl:   tabla %s: %llu filas\n", table, rows);
}

/* Copy one configured folder into backup subfolder sub. Missing: nothing to copy. */
static int
backup_folder(const char *src, int tmpfd, const char *sub, const char *what, struct list *l,
    char *err, size_t errlen)
{
	struct progress p = { what, 0, 0, 0 };
	int sfd, dfd, rc;

	if (src[0] == '\0')
		return 0;
	if ((sfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT) {
			fprintf(stderr, "metasctl: %s (%s) no existe: no hay archivos que copiar\n",
			    what, src);
			return 0;
		}
		snprintf(err, errlen, "%s: %s", src, strerror(errno));
		return -1;
	}
	if (mkdirat(tmpfd, sub, 0700) != 0 ||
	    (dfd = openat(tmpfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", sub, strerror(errno));
		close(sfd);
		return -1;
	}
	fprintf(stderr, "metasctl: copiando %s (%s)\n", what, src);
	rc = copy_tree(sfd, sub, dfd, 0700, (uid_t)-1, (gid_t)-1, l, &p, err, errlen);
	if (rc == 0 && fsync(dfd) != 0) {
		snprintf(err, errlen, "%s: %s", sub, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		tick(&p, 1);
	close(sfd);
	close(dfd);
	return rc;
}

int
backup_create(const struct conf *c, const char *dir_arg)
{
	struct list l = { NULL, 0, 0 };
	struct dba *d = NULL;
	char dir[4096], tmp[4200], err[10240], schema[1024], created[40], sha[65];
	unsigned long long size, total = 0;
	int tmpfd = -1, fd, rc = BACKUP_EXIT_FAIL, made = 0;
	FILE *f = NULL;

	err[0] = '\0';
	if (clean_dir(dir_arg, dir, sizeof(dir)) != 0)
		return BACKUP_EXIT_USAGE;
	switch (dir_state(dir)) {
	case 0:
	case 1:
		break;
	case 2:
		fprintf(stderr, "metasctl backup: la carpeta %s ya existe y no está vacía; "
		    "indique una carpeta nueva o vacía\n", dir);
		return BACKUP_EXIT_NOT_EMPTY;
	default:
		fprintf(stderr, "metasctl backup: %s existe y no es una carpeta\n", dir);
		return BACKUP_EXIT_NOT_EMPTY;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dir);
	if (mkdtemp(tmp) == NULL) {
		snprintf(err, sizeof(err), "no pude crear %s: %s", tmp, strerror(errno));
		goto out;
	}
	made = 1;
	if ((tmpfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, sizeof(err), "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fprintf(stderr, "metasctl: copia de seguridad en %s (se renombra a %s al terminar)\n",
	    tmp, dir);
	now_text(created, sizeof(created));

	/* 1. The database, in one consistent snapshot. */
	if ((d = dba_open(c, err, sizeof(err))) == NULL)
		goto out;
	if ((fd = openat(tmpfd, DUMP_FILE, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		snprintf(err, sizeof(err), "%s: %s", DUMP_FILE, strerror(errno));
		goto out;
	}
	fprintf(stderr, "metasctl: volcando la base de datos %s\n", c->db_name);
	if (dba_dump(d, f, dump_progress, NULL, schema, sizeof(schema), err, sizeof(err)) != 0)
		goto out;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		snprintf(err, sizeof(err), "%s: %s", DUMP_FILE, strerror(errno));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		snprintf(err, sizeof(err), "%s: %s", DUMP_FILE, strerror(errno));
		goto out;
	}
	f = NULL;
	dba_close(d);
	d = NULL;
	if (hash_file(tmpfd, DUMP_FILE, sha, &size, err, sizeof(err)) != 0)
		goto out;
	list_add(&l, DUMP_FILE, sha, size);

	/* 2. The folders. */
	if (backup_folder(c->evidence_dir, tmpfd, "evidence", "evidencias", &l, err,
	    sizeof(err)) != 0 ||
	    backup_folder(c->publication_dir, tmpfd, "publication", "publicaciones", &l, err,
	    sizeof(err)) != 0)
		goto out;

	/* 3. The manifest, then the rename that makes the backup real. */
	qsort(l.e, l.n, sizeof(*l.e), cmp_entry);
	if ((fd = openat(tmpfd, MANIFEST, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		snprintf(err, sizeof(err), "%s: %s", MANIFEST, strerror(errno));
		goto out;
	}
	fprintf(f, "metas-backup %d\ncreated %s\nmetas_version %s\ndatabase %s\n"
	    "schema_migrations %s\nfiles %zu\n", FORMAT_VERSION, created, PACKAGE_VERSION,
	    c->db_name, schema, l.n);
	for (size_t i = 0; i < l.n; i++) {
		fprintf(f, "%s %llu %s\n", l.e[i].sha, l.e[i].size, l.e[i].path);
		total += l.e[i].size;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
		snprintf(err, sizeof(err), "%s: %s", MANIFEST, strerror(errno));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		snprintf(err, sizeof(err), "%s: %s", MANIFEST, strerror(errno));
		goto out;
	}
	f = NULL;
	if (fsync(tmpfd) != 0 || rename(tmp, dir) != 0) {
		snprintf(err, sizeof(err), "no pude renombrar %s a %s: %s", tmp, dir, strerror(errno));
		goto out;
	}
	made = 0;
	{
		char parent[4096], *slash;
		int pfd;

		snprintf(parent, sizeof(parent), "%s", dir);
		slash = strrchr(parent, '/');
		if (slash == NULL)
			snprintf(parent, sizeof(parent), ".");
		else if (slash == parent)
			parent[1] = '\0';
		else
			*slash = '\0';
		if ((pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			(void)fsync(pfd);
			close(pfd);
		}
	}
	printf("Copia de seguridad completa en %s: %zu archivos, %.1f MB; migraciones %s.\n",
	    dir, l.n, (double)total / (1024.0 * 1024.0), schema);
	rc = BACKUP_EXIT_OK;
out:
	if (rc != BACKUP_EXIT_OK)
		fprintf(stderr, "metasctl backup: %s%s\n", err,
		    made ? " (la copia incompleta se borró)" : "");
	if (f != NULL)
		fclose(f);
	if (tmpfd >= 0)
		close(tmpfd);
	if (made)
		rm_tree(tmp, 0);
	dba_close(d);
	list_free(&l);
	return rc;
}

/* ---- restore -------------------------------------------------------------- */

struct manifest {
	int		 version;
	char		 created[64];
	char		 metas_version[64];
	char		 database[128];
	char		 schema[1024];
	struct list	 files;
};

/* A relative path of plain components (no "", ".", ".." nor leading '/'). */
static int
safe_path(const char *p)
{
	const char *s = p;

	if (*p == '\0' || *p == '/')
		return 0;
	while (*s) {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += n;
		if (*s == '/')
			s++;
		if (*s == '\0' && s[-1] == '/')
			return 0;
	}
	return 1;
}

/* Read dir/MANIFEST. 0, or -1 with err set. */
static int
manifest_read(int dfd, struct manifest *m, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0, nfiles = 0;
	ssize_t k;
	int fd, rc = -1, in_files = 0;
	struct stat st;
	FILE *f;

	memset(m, 0, sizeof(*m));
	m->version = -1;
	if ((fd = openat(dfd, MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_MANIFEST ||
	    (f = fdopen(fd, "r")) == NULL) {
		snprintf(err, errlen, "no encuentro el archivo MANIFEST (¿es una carpeta de "
		    "metasctl backup?)");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((k = getline(&line, &cap, f)) > 0) {
		char *sp, *v;

		if (line[k - 1] != '\n') {
			snprintf(err, errlen, "MANIFEST: la última línea está incompleta");
			goto out;
		}
		line[k - 1] = '\0';
		if (in_files) {
			char *s2, *end;
			unsigned long long size;

			sp = strchr(line, ' ');
			s2 = sp ? strchr(sp + 1, ' ') : NULL;
			if (sp == NULL || s2 == NULL || sp - line != 64) {
				snprintf(err, errlen, "MANIFEST: línea mal formada: %.80s", line);
				goto out;
			}
			*sp = '\0';
			*s2 = '\0';
			errno = 0;
			size = strtoull(sp + 1, &end, 10);
			if (errno != 0 || *end != '\0' || sp[1] < '0' || sp[1] > '9' ||
			    strspn(line, "0123456789abcdef") != 64 || !safe_path(s2 + 1)) {
				snprintf(err, errlen, "MANIFEST: línea mal formada: %.80s", s2 + 1);
				goto out;
			}
			list_add(&m->files, s2 + 1, line, size);
			continue;
		}
		if ((sp = strchr(line, ' ')) == NULL) {
			snprintf(err, errlen, "MANIFEST: línea mal formada: %.80s", line);
			goto out;
		}
		*sp = '\0';
		v = sp + 1;
		if (strcmp(line, "metas-backup") == 0)
			m->version = strcmp(v, "1") == 0 ? 1 : 0;
		else if (strcmp(line, "created") == 0)
			snprintf(m->created, sizeof(m->created), "%s", v);
		else if (strcmp(line, "metas_version") == 0)
			snprintf(m->metas_version, sizeof(m->metas_version), "%s", v);
		else if (strcmp(line, "database") == 0)
			snprintf(m->database, sizeof(m->database), "%s", v);
		else if (strcmp(line, "schema_migrations") == 0)
			snprintf(m->schema, sizeof(m->schema), "%s", v);
		else if (strcmp(line, "files") == 0) {
			char *end;

			nfiles = (size_t)strtoull(v, &end, 10);
			if (*end != '\0') {
				snprintf(err, errlen, "MANIFEST: «files» no es un número");
				goto out;
			}
			in_files = 1;
		}
		/* other keys: added by later versions of the same format; ignored */
	}
	if (m->version != FORMAT_VERSION) {
		snprintf(err, errlen, "MANIFEST: formato %s (este metasctl lee el formato %d)",
		    m->version < 0 ? "desconocido" : "más nuevo", FORMAT_VERSION);
		goto out;
	}
	if (!in_files || nfiles != m->files.n) {
		snprintf(err, errlen, "MANIFEST: anuncia %zu archivos y lista %zu", nfiles,
		    m->files.n);
		goto out;
	}
	qsort(m->files.e, m->files.n, sizeof(*m->files.e), cmp_entry);
	for (size_t i = 1; i < m->files.n; i++)
		if (strcmp(m->files.e[i].path, m->files.e[i - 1].path) == 0) {
			snprintf(err, errlen, "MANIFEST: %s aparece dos veces", m->files.e[i].path);
			goto out;
		}
	if (list_find(&m->files, DUMP_FILE) == NULL) {
		snprintf(err, errlen, "MANIFEST: no lista %s", DUMP_FILE);
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

/* Every file under fd (prefix "" at the top) must be in the manifest. */
static int
no_extra(int fd, const char *prefix, const struct list *files, char *err, size_t errlen)
{
	size_t n;
	char **names = dir_names(fd, 0, &n, err, errlen);
	int rc = -1;

	if (names == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s%s%s", prefix, prefix[0] ? "/" : "", names[i]);
		if (fstatat(fd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(fd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int r;

			if (sub < 0) {
				snprintf(err, errlen, "%s: %s", path, strerror(errno));
				goto out;
			}
			r = no_extra(sub, path, files, err, errlen);
			close(sub);
			if (r != 0)
				goto out;
		} else if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s: no es un archivo regular", path);
			goto out;
		} else if (strcmp(path, MANIFEST) != 0 && list_find(files, path) == NULL) {
			snprintf(err, errlen, "%s: archivo que el MANIFEST no lista", path);
			goto out;
		}
	}
	rc = 0;
out:
	free_names(names, n);
	return rc;
}

/* Check every listed file (present, regular, size, SHA-256) and that nothing else is there. */
static int
verify(int dfd, const struct manifest *m, char *err, size_t errlen)
{
	for (size_t i = 0; i < m->files.n; i++) {
		const struct entry *e = &m->files.e[i];
		unsigned long long size;
		char sha[65], why[512];
		struct stat st;

		if (fstatat(dfd, e->path, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			snprintf(err, errlen, "%s: falta el archivo", e->path);
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s: no es un archivo regular", e->path);
			return -1;
		}
		if ((unsigned long long)st.st_size != e->size) {
			snprintf(err, errlen, "%s: el tamaño no coincide (MANIFEST: %llu bytes; "
			    "archivo: %llu bytes)", e->path, e->size, (unsigned long long)st.st_size);
			return -1;
		}
		if (hash_file(dfd, e->path, sha, &size, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "%s", why);
			return -1;
		}
		if (strcmp(sha, e->sha) != 0 || size != e->size) {
			snprintf(err, errlen, "%s: el SHA-256 no coincide (MANIFEST: %.16s…; "
			    "archivo: %.16s…)", e->path, e->sha, sha);
			return -1;
		}
	}
	return no_extra(dfd, "", &m->files, err, errlen);
}

/* Check the backup's migrations against this installation's (sql_dir). */
static int
schema_compatible(const struct conf *c, const char *schema, int *pending, char *err,
    size_t errlen)
{
	struct migration *all = NULL;
	size_t nall = 0, napplied = 0, *todo = NULL;
	int *applied = xcalloc(strlen(schema) / 2 + 2, sizeof(int));
	int count, rc = -1;
	const char *s = schema;

	while (*s) {
		char *end;
		long v = strtol(s, &end, 10);

		if (end == s || v <= 0 || v > 99999) {
			snprintf(err, errlen, "MANIFEST: schema_migrations mal formado");
			goto out;
		}
		applied[napplied++] = (int)v;
		s = end;
		while (*s == ' ')
			s++;
	}
	if (migrate_scan(c->sql_dir, &all, &nall, err, errlen) != 0)
		goto out;
	todo = xcalloc(nall + 1, sizeof(*todo));
	if ((count = migrate_plan(all, nall, applied, napplied, todo, err, errlen)) < 0)
		goto out;
	*pending = count;
	rc = 0;
out:
	free(applied);
	free(all);
	free(todo);
	return rc;
}

struct load_progress {
	unsigned long long	total;
	int			last;	/* percent last shown */
};

static void
load_progress(unsigned long long done, void *arg)
{
	struct load_progress *p = arg;
	int pct = p->total ? (int)(done * 100 / p->total) : 100;

	if (pct / 10 > p->last / 10) {
		p->last = pct;
		fprintf(stderr, "metasctl:   base de datos: %d %%\n", pct);
	}
}

/*
 * Prepare a target folder: create it when missing (0750; given to the
 * configured user when running as root). Its owner and mode are those of
 * everything restored into it. Returns its descriptor or -1.
 */
static int
target_dir(const struct conf *c, const char *path, uid_t *uid, gid_t *gid, mode_t *mode,
    char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (mkdir(path, 0750) == 0) {
		struct passwd *pw = geteuid() == 0 ? getpwnam(c->user) : NULL;

		if (pw != NULL && pw->pw_uid != 0 && chown(path, pw->pw_uid, pw->pw_gid) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
	} else if (errno != EEXIST) {
		snprintf(err, errlen, "no pude crear %s: %s", path, strerror(errno));
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*uid = geteuid() == 0 ? st.st_uid : (uid_t)-1;
	*gid = st.st_gid;
	*mode = st.st_mode & 0777;
	return fd;
}

/* Copy backup subfolder sub into the configured folder dst; compare with the manifest. */
static int
restore_folder(const struct conf *c, int dfd, const char *sub, const char *dst,
    const char *what, const struct manifest *m, char *err, size_t errlen)
{
	struct progress p = { what, 0, 0, 0 };
	struct list got = { NULL, 0, 0 };
	size_t want = 0, plen = strlen(sub);
	uid_t uid;
	gid_t gid;
	mode_t mode;
	int sfd, tfd, rc = -1;

	for (size_t i = 0; i < m->files.n; i++)
		if (strncmp(m->files.e[i].path, sub, plen) == 0 && m->files.e[i].path[plen] == '/')
			want++;
	if ((sfd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && want == 0)
			return 0;
		snprintf(err, errlen, "%s: %s", sub, strerror(errno));
		return -1;
	}
	if (dst[0] == '\0') {
		close(sfd);
		if (want == 0)
			return 0;
		snprintf(err, errlen, "la copia tiene %s y la configuración no tiene carpeta para ellas",
		    what);
		return -1;
	}
	if ((tfd = target_dir(c, dst, &uid, &gid, &mode, err, errlen)) < 0) {
		close(sfd);
		return -1;
	}
	fprintf(stderr, "metasctl: copiando %s a %s\n", what, dst);
	if (copy_tree(sfd, sub, tfd, mode, uid, gid, &got, &p, err, errlen) != 0)
		goto out;
	tick(&p, 1);
	/* What was copied is exactly what was verified (nothing changed since). */
	if (got.n != want) {
		snprintf(err, errlen, "%s cambió durante la restauración", sub);
		goto out;
	}
	for (size_t i = 0; i < got.n; i++) {
		const struct entry *e = list_find(&m->files, got.e[i].path);

		if (e == NULL || strcmp(e->sha, got.e[i].sha) != 0 || e->size != got.e[i].size) {
			snprintf(err, errlen, "%s cambió durante la restauración", got.e[i].path);
			goto out;
		}
	}
	if (fsync(tfd) != 0) {
		snprintf(err, errlen, "%s: %s", dst, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	list_free(&got);
	close(sfd);
	close(tfd);
	return rc;
}

int
backup_restore(const struct conf *c, const char *dir_arg)
{
	struct manifest m;
	struct dba *d = NULL;
	char dir[4096], err[10240], json[2048], entity[64];
	int dfd = -1, rc = BACKUP_EXIT_FAIL, pending = 0, loading = 0, empty, have_manifest = 0;
	FILE *f = NULL;

	err[0] = '\0';
	memset(&m, 0, sizeof(m));
	if (clean_dir(dir_arg, dir, sizeof(dir)) != 0)
		return BACKUP_EXIT_USAGE;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "metasctl restore: no puedo abrir %s: %s\n", dir, strerror(errno));
		return BACKUP_EXIT_FAIL;
	}

	/* 1. The backup is exactly what its manifest says. */
	fprintf(stderr, "metasctl: verificando %s\n", dir);
	if (manifest_read(dfd, &m, err, sizeof(err)) != 0) {
		rc = BACKUP_EXIT_INVALID;
		goto out;
	}
	have_manifest = 1;
	if (verify(dfd, &m, err, sizeof(err)) != 0) {
		rc = BACKUP_EXIT_INVALID;
		goto out;
	}
	fprintf(stderr, "metasctl: %zu archivos verificados (copia del %s, metas %s)\n",
	    m.files.n, m.created, m.metas_version);
	if (schema_compatible(c, m.schema, &pending, err, sizeof(err)) != 0)
		goto out;

	/* 2. Only into an empty database and empty folders. */
	if ((d = dba_open(c, err, sizeof(err))) == NULL)
		goto out;
	if ((empty = dba_is_empty(d, err, sizeof(err))) < 0)
		goto out;
	if (!empty) {
		snprintf(err, sizeof(err), "la base de datos %s no está vacía: restore solo carga "
		    "en una base sin tablas (bórrela y créela de nuevo, vacía, si quiere reemplazarla)",
		    c->db_name);
		rc = BACKUP_EXIT_NOT_EMPTY;
		goto out;
	}
	{
		const char *dirs[2] = { c->evidence_dir, c->publication_dir };

		for (int i = 0; i < 2; i++) {
			int s = dirs[i][0] ? dir_state(dirs[i]) : 0;

			if (s >= 2) {
				snprintf(err, sizeof(err), "la carpeta %s %s: restore solo copia a "
				    "carpetas vacías o inexistentes", dirs[i],
				    s == 2 ? "no está vacía" : "no es una carpeta");
				rc = BACKUP_EXIT_NOT_EMPTY;
				goto out;
			}
		}
	}

	/* 3. Load; from here on a failure removes what was loaded. */
	loading = 1;
	if (dba_drop_all(d, err, sizeof(err)) != 0)	/* an empty schema_migrations, if any */
		goto out;
	{
		const struct entry *e = list_find(&m.files, DUMP_FILE);
		struct load_progress lp = { e->size, 0 };
		int fd = openat(dfd, DUMP_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

		if (fd < 0 || (f = fdopen(fd, "r")) == NULL) {
			snprintf(err, sizeof(err), "%s: %s", DUMP_FILE, strerror(errno));
			if (fd >= 0)
				close(fd);
			goto out;
		}
		fprintf(stderr, "metasctl: cargando la base de datos %s\n", c->db_name);
		if (dba_load(d, f, load_progress, &lp, err, sizeof(err)) != 0)
			goto out;
		if (lp.last < 100)
			fprintf(stderr, "metasctl:   base de datos: 100 %%\n");
		fclose(f);
		f = NULL;
	}
	if (restore_folder(c, dfd, "evidence", c->evidence_dir, "evidencias", &m, err,
	    sizeof(err)) != 0 ||
	    restore_folder(c, dfd, "publication", c->publication_dir, "publicaciones", &m, err,
	    sizeof(err)) != 0)
		goto out;

	/* 4. Grants of the runtime account (as migrate gives them) and the audit row. */
	if (dba_grant_runtime(d, c->db_name, c->db_user, c->db_user_host, err, sizeof(err)) != 0)
		goto out;
	snprintf(entity, sizeof(entity), "%.60s", m.created);
	snprintf(json, sizeof(json), "{\"backup_created\":\"%s\",\"metas_version\":\"%s\","
	    "\"schema_migrations\":\"%s\",\"files\":%zu}", m.created, m.metas_version, m.schema,
	    m.files.n);
	if (strpbrk(m.created, "\"\\") != NULL || strpbrk(m.metas_version, "\"\\") != NULL ||
	    strpbrk(m.schema, "\"\\") != NULL)
		snprintf(json, sizeof(json), "{\"files\":%zu}", m.files.n);
	if (dba_audit_restore(d, entity, json, err, sizeof(err)) != 0)
		goto out;
	loading = 0;
	printf("Restauración completa desde %s (copia del %s): %zu archivos.\n", dir, m.created,
	    m.files.n);
	if (pending > 0)
		printf("Faltan %d migraciones de esta versión: ejecute «metasctl migrate» antes de "
		    "iniciar metasd.\n", pending);
	rc = BACKUP_EXIT_OK;
out:
	if (f != NULL)
		fclose(f);
	if (rc != BACKUP_EXIT_OK) {
		if (rc == BACKUP_EXIT_INVALID)
			fprintf(stderr, "metasctl restore: la copia %s no es válida; no se cambió nada.\n"
			    "metasctl restore: %s\n", dir, err);
		else
			fprintf(stderr, "metasctl restore: %s\n", err);
	}
	if (loading) {
		char err2[512];

		/* Back to empty: the database and the folders were empty before. */
		if (d != NULL && dba_drop_all(d, err2, sizeof(err2)) != 0)
			fprintf(stderr, "metasctl restore: no pude vaciar la base de datos: %s\n", err2);
		if (c->evidence_dir[0])
			rm_tree(c->evidence_dir, 1);
		if (c->publication_dir[0])
			rm_tree(c->publication_dir, 1);
		fprintf(stderr, "metasctl restore: no se restauró nada; la base y las carpetas "
		    "quedaron vacías.\n");
	}
	(void)have_manifest;
	if (dfd >= 0)
		close(dfd);
	dba_close(d);
	list_free(&m.files);
	return rc;
}
