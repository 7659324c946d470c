/*
 * Evidence file types and content-addressed storage.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "evidence.h"

static int evidence_dir = -1;

int
evidence_open_dir(const char *path)
{
	if (mkdir(path, 0750) != 0 && errno != EEXIST)
		return -1;
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

void
evidence_set_dir(int fd)
{
	evidence_dir = fd;
}

static const struct {
	const char	*ext;
	const char	*ctype;
	const char	*magic;
	size_t		 mlen;
} kinds[] = {
	{ "pdf",  "application/pdf", "%PDF-", 5 },
	{ "png",  "image/png", "\x89PNG\r\n\x1a\n", 8 },
	{ "jpg",  "image/jpeg", "\xff\xd8\xff", 3 },
	{ "jpeg", "image/jpeg", "\xff\xd8\xff", 3 },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04", 4 },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04", 4 },
	{ "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PK\x03\x04", 4 },
	{ "odt",  "application/vnd.oasis.opendocument.text", "PK\x03\x04", 4 },
	{ "ods",  "application/vnd.oasis.opendocument.spreadsheet", "PK\x03\x04", 4 },
	{ "doc",  "application/msword", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8 },
	{ "xls",  "application/vnd.ms-excel", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8 },
};

const char *
evidence_kind(const char *filename, const unsigned char *data, size_t len)
{
	const char *dot = strrchr(filename, '.');

	if (dot == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcasecmp(dot + 1, kinds[i].ext) == 0)
			return len >= kinds[i].mlen && memcmp(data, kinds[i].magic, kinds[i].mlen) == 0 ?
			    kinds[i].ctype : NULL;
	return NULL;
}

void
evidence_sha256(const void *data, size_t len, char out[65])
{
	unsigned char md[32];

	crypto_hash_sha256(md, data, len);
	sodium_bin2hex(out, 65, md, sizeof(md));
}

int
evidence_store(const void *data, size_t len, const char sha[65])
{
	char sub[3], name[80], tmp[96];
	const char *p = data;
	size_t done = 0;
	int fd, rc = -1;

	if (evidence_dir < 0)
		return -1;
	memcpy(sub, sha, 2);
	sub[2] = '\0';
	if (mkdirat(evidence_dir, sub, 0750) != 0 && errno != EEXIST)
		return -1;
	snprintf(name, sizeof(name), "%s/%s", sub, sha);
	if (faccessat(evidence_dir, name, F_OK, 0) == 0)
		return 0;	/* the same bytes are already there */
	snprintf(tmp, sizeof(tmp), "%s/.%s.%d", sub, sha, (int)getpid());
	if ((fd = openat(evidence_dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0)
		return -1;
	while (done < len) {
		ssize_t k = write(fd, p + done, len - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			goto out;
		done += (size_t)k;
	}
	if (fsync(fd) != 0)
		goto out;
	rc = 0;
out:
	close(fd);
	if (rc == 0 && renameat(evidence_dir, tmp, evidence_dir, name) != 0)
		rc = -1;
	if (rc != 0)
		(void)unlinkat(evidence_dir, tmp, 0);
	return rc;
}

int
evidence_open(const char sha[65])
{
	char name[80];

	if (evidence_dir < 0)
		return -1;
	snprintf(name, sizeof(name), "%.2s/%s", sha, sha);
	return openat(evidence_dir, name, O_RDONLY | O_CLOEXEC);
}

int
evidence_lock(int exclusive)
{
	int fd;

	if (evidence_dir < 0)
		return -1;
	if ((fd = openat(evidence_dir, ".lock", O_RDONLY | O_CREAT | O_CLOEXEC, 0640)) < 0)
		return -1;
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0)
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	return fd;
}

void
evidence_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* closing the descriptor releases the flock */
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int
is_sha_name(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!is_hex(s[i]))
			return 0;
	return i == 64;
}

static int
cmp_key(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

static int
cmp_entries(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

void
evidence_sort(const char **shas, size_t n)
{
	if (n > 1)
		qsort(shas, n, sizeof(*shas), cmp_entries);
}

int
evidence_in(const char *sha, const char *const *shas, size_t n)
{
	return n > 0 && bsearch(sha, shas, n, sizeof(*shas), cmp_key) != NULL;
}

/* One subfolder ("00".."ff") of the purge. */
static int
purge_sub(const char *sub, const char *const *live, size_t n, int dry_run,
    void (*each)(const char *, unsigned long long, void *), void *arg,
    struct evidence_purged *out)
{
	int dfd = openat(evidence_dir, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *de;
	time_t hour_ago = time(NULL) - 3600;
	int rc = 0;

	if (d == NULL) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		struct stat st;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		    fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (is_sha_name(name) && strncmp(name, sub, 2) == 0) {
			if (evidence_in(name, live, n)) {
				out->kept++;
				continue;
			}
			if (!dry_run && unlinkat(dfd, name, 0) != 0) {
				out->failed++;
				continue;
			}
			out->files++;
			out->bytes += (unsigned long long)st.st_size;
			if (each != NULL)
				each(name, (unsigned long long)st.st_size, arg);
		} else if (name[0] == '.' && st.st_mtime < hour_ago) {
			/* ".<sha>.<pid>": a store that never reached its rename */
			if (!dry_run && unlinkat(dfd, name, 0) != 0) {
				out->failed++;
				continue;
			}
			out->temps++;
		}
	}
	closedir(d);
	return rc;
}

int
evidence_purge(const char *const *live, size_t n, int dry_run,
    void (*each)(const char *, unsigned long long, void *), void *arg,
    struct evidence_purged *out)
{
	int fd;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (evidence_dir < 0 || (fd = openat(evidence_dir, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		const char *h = de->d_name;

		if (is_hex(h[0]) && is_hex(h[1]) && h[2] == '\0')
			rc = purge_sub(h, live, n, dry_run, each, arg, out);
	}
	closedir(d);
	return rc;
}
