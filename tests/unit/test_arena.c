/*
 * Unit tests of arena.c: the request arena and the growable buffer.
 * Run under ASan, overlapping or out-of-bounds allocations also fail here.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "tap.h"

#define N 5000

static void
test_arena(void)
{
	static unsigned char *p[N];
	static size_t sz[N];
	struct arena *a = arena_new(4096);
	unsigned char *first, *big;
	int intact = 1, aligned = 1, distinct;
	char *s;

	CHECK(arena_reserved(a) == 4096, "arena: a new arena reserves one chunk");
	first = arena_alloc(a, 1);
	for (size_t i = 0; i < N; i++) {
		sz[i] = i % 97 + 1;
		p[i] = arena_alloc(a, sz[i]);
		memset(p[i], (int)(i & 0xff), sz[i]);
		if ((uintptr_t)p[i] % 16 != 0)
			aligned = 0;
	}
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < sz[i]; k++)
			if (p[i][k] != (unsigned char)(i & 0xff))
				intact = 0;
	CHECK(intact, "arena: many allocations across chunks do not overlap");
	CHECK(aligned && (uintptr_t)first % 16 == 0, "arena: every allocation is 16-byte aligned");
	CHECK(arena_reserved(a) > 4096, "arena: many allocations reserve more chunks");

	distinct = arena_alloc(a, 0) != NULL;
	distinct = distinct && arena_alloc(a, 0) != arena_alloc(a, 0);
	CHECK(distinct, "arena: zero-size allocations are distinct, non-NULL pointers");

	big = arena_alloc(a, 100000);
	memset(big, 0xab, 100000);
	CHECK(big[0] == 0xab && big[99999] == 0xab && (uintptr_t)big % 16 == 0,
	    "arena: an allocation larger than a chunk is usable and aligned");
	CHECK(arena_reserved(a) >= 4096 + 100000, "arena: a large allocation is counted in reserved");
	s = arena_alloc(a, 8);
	memcpy(s, "after!!", 8);
	CHECK(strcmp(s, "after!!") == 0 && big[99999] == 0xab,
	    "arena: small allocations after a large one still work");

	arena_reset(a);
	CHECK(arena_reserved(a) == 4096, "arena: reset drops back to the first chunk");
	CHECK(arena_alloc(a, 1) == first, "arena: after reset the first chunk is reused from its start");
	for (size_t i = 0; i < N; i++)
		p[i] = arena_alloc(a, 64);
	CHECK(arena_reserved(a) > 4096 && p[N - 1] != NULL, "arena: allocation keeps working after reset");
	arena_reset(a);
	arena_reset(a);
	CHECK(arena_reserved(a) == 4096, "arena: reset twice is harmless");

	s = arena_alloc(a, 32);
	memset(s, 0x5a, 32);
	arena_reset(a);
	s = arena_calloc(a, 4, 8);
	CHECK(s[0] == 0 && s[31] == 0, "arena: calloc zeroes reused memory");

	s = arena_strdup(a, "Dirección");
	CHECK(strcmp(s, "Dirección") == 0, "arena: strdup copies the string");
	s = arena_strndup(a, "abcdef", 3);
	CHECK(strcmp(s, "abc") == 0, "arena: strndup copies n bytes and terminates");
	s = arena_printf(a, "%s-%d-%05.1f", "x", -7, 3.14159);
	CHECK(strcmp(s, "x--7-003.1") == 0, "arena: printf formats into the arena");
	s = arena_printf(a, "%s", "");
	CHECK(s != NULL && s[0] == '\0', "arena: printf of an empty result is an empty string");
	arena_free(a);

	a = arena_new(0);
	CHECK(arena_reserved(a) == 1024, "arena: tiny chunk sizes are raised to 1024");
	arena_free(a);
	arena_free(NULL);	/* a no-op; a crash here fails the whole test */
}

static void
test_buf(void)
{
	struct arena *a = arena_new(1024);
	struct buf b;
	char want[3000];
	int ok = 1;
	size_t cap;

	buf_init(&b, a);
	CHECK(b.len == 0 && b.data != NULL && b.data[0] == '\0', "buf: a new buffer is empty and terminated");
	for (int i = 0; i < 2000; i++) {
		buf_putc(&b, (char)('a' + i % 26));
		if (b.data[b.len] != '\0')
			ok = 0;
	}
	for (int i = 0; i < 2000; i++)
		if (b.data[i] != (char)('a' + i % 26))
			ok = 0;
	CHECK(ok && b.len == 2000, "buf: growth in an arena keeps content and termination");
	CHECK(b.cap > 2000, "buf: capacity grows past the content");

	buf_clear(&b);
	cap = b.cap;
	CHECK(b.len == 0 && b.data[0] == '\0' && b.cap == cap, "buf: clear empties and keeps capacity");
	buf_put(&b, "a\0b", 3);
	CHECK(b.len == 3 && memcmp(b.data, "a\0b", 4) == 0, "buf: put copies embedded NUL bytes");
	buf_put(&b, "zzz", 0);
	CHECK(b.len == 3, "buf: put of zero bytes changes nothing");

	buf_init(&b, a);
	buf_puts(&b, "n=");
	buf_printf(&b, "%d;%s", 42, "ok");
	buf_printf(&b, "|%c", '!');
	CHECK(strcmp(b.data, "n=42;ok|!") == 0 && b.len == 9, "buf: printf appends formatted text");
	memset(want, 'q', 2999);
	want[2999] = '\0';
	buf_printf(&b, "%s", want);
	CHECK(b.len == 9 + 2999 && strcmp(b.data + 9, want) == 0,
	    "buf: printf of more than the capacity grows the buffer");
	buf_init(&b, a);
	buf_printf(&b, "%s", "");
	CHECK(b.len == 0 && b.data[0] == '\0', "buf: printf of nothing leaves it empty");
	arena_free(a);

	buf_init(&b, NULL);
	for (int i = 0; i < 3000; i++)
		buf_putc(&b, 'h');
	CHECK(b.len == 3000 && b.data[2999] == 'h' && b.data[3000] == '\0',
	    "buf: growth on the heap (no arena) keeps content");
	buf_printf(&b, "%05d", 12);
	CHECK(b.len == 3005 && strcmp(b.data + 3000, "00012") == 0, "buf: printf on the heap appends");
	buf_release(&b);
	CHECK(b.len == 0 && b.cap == 0 && b.data[0] == '\0', "buf: release leaves an empty buffer");
	buf_puts(&b, "again");
	CHECK(strcmp(b.data, "again") == 0, "buf: a released buffer can be used again");
	buf_release(&b);
	buf_release(&b);	/* a double free here is caught by ASan */
	CHECK(b.len == 0 && b.cap == 0 && b.data[0] == '\0', "buf: releasing twice leaves it empty");
}

static void
test_x(void)
{
	char *s = xstrdup("metas");
	char *p = xmalloc(0);
	int *z = xcalloc(4, sizeof(int));

	CHECK(strcmp(s, "metas") == 0, "xstrdup: copies the string");
	CHECK(p != NULL, "xmalloc: zero bytes still gives a pointer");
	CHECK(z[0] == 0 && z[3] == 0, "xcalloc: memory is zeroed");
	z = xrealloc(z, 100 * sizeof(int));
	z[99] = 7;
	CHECK(z[0] == 0 && z[99] == 7, "xrealloc: keeps content and grows");
	free(s);
	free(p);
	free(z);
}

int
main(void)
{
	test_arena();
	test_buf();
	test_x();
	return TAP_DONE();
}
