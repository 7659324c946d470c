/*
 * Write epochs (epoch.h): a shared file of counters.
 *
 * Layout, all uint64_t words: magic, global, then EPOCH_UNITS counters for
 * units (a unit id hashes to one; two units sharing one only cost each
 * other a spurious reload). Every access is atomic; nothing is locked.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "epoch.h"
#include "log.h"

#define EPOCH_MAGIC	0x6d65746173657031ULL	/* "metasep1" */
#define EPOCH_UNITS	4096
#define W_MAGIC		0
#define W_GLOBAL	1
#define W_UNIT		2
#define EPOCH_WORDS	(W_UNIT + EPOCH_UNITS)
#define EPOCH_BYTES	(EPOCH_WORDS * sizeof(uint64_t))

static uint64_t *area;
static long long max_age_ms;

int
epoch_path(const char *socket, char *out, size_t n)
{
	int k = snprintf(out, n, "%s.epoch", socket);

	return k < 0 || (size_t)k >= n ? -1 : 0;
}

static uint64_t *
map_fd(int fd)
{
	void *p = mmap(NULL, EPOCH_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * A fresh file starts its counters from the clock, so that a copy stamped
 * against an earlier file (metasd restarted while metasctl kept one mapped)
 * does not match by chance.
 */
static void
seed(uint64_t *w)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (__atomic_load_n(&w[W_MAGIC], __ATOMIC_ACQUIRE) == EPOCH_MAGIC)
		return;
	w[W_GLOBAL] = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	__atomic_store_n(&w[W_MAGIC], EPOCH_MAGIC, __ATOMIC_RELEASE);
}

int
epoch_create(const char *path, uid_t uid, gid_t gid, int cache_ms)
{
	int fd, ok = 0;
	void *p;

	epoch_set_max_age(cache_ms);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0660);
	if (fd >= 0) {
		ok = ftruncate(fd, (off_t)EPOCH_BYTES) == 0 &&
		    (uid == (uid_t)-1 || fchown(fd, uid, gid) == 0) && fchmod(fd, 0660) == 0 &&
		    (area = map_fd(fd)) != NULL;
		close(fd);
	}
	if (ok) {
		seed(area);
		return 0;
	}
	log_msg(LOG_WARN, "epoch file %s not usable (%s): changes made by metasctl show "
	    "within cache_ms", path, strerror(errno));
	p = mmap(NULL, EPOCH_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	area = p;
	seed(area);
	return 1;
}

int
epoch_attach(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	uint64_t *w = NULL;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == (off_t)EPOCH_BYTES)
		w = map_fd(fd);
	close(fd);
	if (w == NULL)
		return -1;
	if (__atomic_load_n(&w[W_MAGIC], __ATOMIC_ACQUIRE) != EPOCH_MAGIC) {
		munmap(w, EPOCH_BYTES);
		return -1;
	}
	area = w;
	return 0;
}

void
epoch_set_max_age(int cache_ms)
{
	max_age_ms = cache_ms > 0 ? cache_ms : 0;
}

int
epoch_mapped(void)
{
	return area != NULL;
}

static size_t
unit_word(long long unit_id)
{
	uint64_t h = (uint64_t)unit_id * 0x9e3779b97f4a7c15ULL;

	return W_UNIT + (size_t)(h >> 52) % EPOCH_UNITS;
}

void
epoch_bump(void)
{
	if (area != NULL)
		__atomic_add_fetch(&area[W_GLOBAL], 1, __ATOMIC_SEQ_CST);
}

void
epoch_bump_unit(long long unit_id)
{
	if (area != NULL)
		__atomic_add_fetch(&area[unit_word(unit_id)], 1, __ATOMIC_SEQ_CST);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
epoch_stamp(struct epoch_stamp *s, long long unit_id)
{
	memset(s, 0, sizeof(*s));
	if (area == NULL)
		return;
	s->global = __atomic_load_n(&area[W_GLOBAL], __ATOMIC_SEQ_CST);
	s->unit_id = unit_id;
	if (unit_id != 0)
		s->unit = __atomic_load_n(&area[unit_word(unit_id)], __ATOMIC_SEQ_CST);
	s->at_ms = now_ms();
}

int
epoch_current(const struct epoch_stamp *s)
{
	if (area == NULL || max_age_ms == 0 || s->global == 0)
		return 0;
	if (now_ms() - s->at_ms >= max_age_ms)
		return 0;
	if (__atomic_load_n(&area[W_GLOBAL], __ATOMIC_SEQ_CST) != s->global)
		return 0;
	return s->unit_id == 0 ||
	    __atomic_load_n(&area[unit_word(s->unit_id)], __ATOMIC_SEQ_CST) == s->unit;
}

uint64_t
epoch_global(void)
{
	return area != NULL ? __atomic_load_n(&area[W_GLOBAL], __ATOMIC_SEQ_CST) : 0;
}
