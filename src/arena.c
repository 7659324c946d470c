/*
 * Request arena (a list of chunks, bump allocation) and growable buffer.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"

#define ALIGN		16

struct chunk {
	struct chunk	*next;
	size_t		 size;	/* usable bytes after the header */
	size_t		 used;
	/* data follows, aligned */
};

struct arena {
	struct chunk	*head;	/* current chunk (most recent) */
	struct chunk	*first;	/* kept across resets */
	size_t		 chunk;
	size_t		 reserved;
};

#define HDR	((sizeof(struct chunk) + (ALIGN - 1)) & ~(size_t)(ALIGN - 1))

void
oom(void)
{
	static const char msg[] = "metas: out of memory, aborting\n";

	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - HDR)
		oom();
	c = xmalloc(HDR + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

struct arena *
arena_new(size_t chunk)
{
	struct arena *a = xcalloc(1, sizeof(*a));

	a->chunk = chunk < 1024 ? 1024 : chunk;
	a->first = a->head = chunk_new(a->chunk);
	a->reserved = a->chunk;
	return a;
}

void
arena_reset(struct arena *a)
{
	struct chunk *c, *next;

	for (c = a->head; c != NULL && c != a->first; c = next) {
		next = c->next;
		free(c);
	}
	a->head = a->first;
	a->first->used = 0;
	a->first->next = NULL;
	a->reserved = a->first->size;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	free(a->first);
	free(a);
}

size_t
arena_reserved(const struct arena *a)
{
	return a->reserved;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t need;

	if (n > SIZE_MAX - ALIGN)
		oom();
	need = (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
	if (need == 0)
		need = ALIGN;
	if (c->size - c->used < need) {
		size_t size = need > a->chunk ? need : a->chunk;

		c = chunk_new(size);
		c->next = a->head;
		a->head = c;
		a->reserved += size;
	}
	c->used += need;
	return (char *)c + HDR + c->used - need;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		oom();
	p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b, a);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.data;
}

/* ---- buffer ------------------------------------------------------------ */

void
buf_init(struct buf *b, struct arena *a)
{
	b->a = a;
	b->len = 0;
	b->cap = 0;
	b->data = (char *)"";
}

void
buf_release(struct buf *b)
{
	if (b->a == NULL && b->cap > 0)
		free(b->data);
	buf_init(b, b->a);
}

void
buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->data[0] = '\0';
}

static void
buf_grow(struct buf *b, size_t extra)
{
	size_t cap;
	char *p;

	if (extra > SIZE_MAX / 2 - b->len)
		oom();
	if (b->len + extra + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	if (b->a == NULL) {
		p = b->cap ? xrealloc(b->data, cap) : xmalloc(cap);
	} else {
		p = arena_alloc(b->a, cap);
		if (b->len)
			memcpy(p, b->data, b->len);
	}
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}
