/*
 * Request arena and growable buffer.
 *
 * Everything a request allocates comes from its arena and is freed at once
 * by arena_reset() when the request ends; nothing outlives a request but the
 * worker's configuration, database handle and page cache.
 *
 * Allocation failure policy (the same everywhere): the process logs and
 * aborts. A worker that aborts is replaced by the master, so no caller
 * checks for NULL.
 */
#ifndef METAS_ARENA_H
#define METAS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Create an arena whose chunks are at least chunk bytes. Free with arena_free(). */
struct arena	*arena_new(size_t chunk);
void		 arena_free(struct arena *);
/* Free every allocation, keeping the first chunk for the next request. */
void		 arena_reset(struct arena *);
/* Bytes currently reserved from the system (all chunks). */
size_t		 arena_reserved(const struct arena *);

/* Memory aligned for any type, never NULL. Owned by the arena. */
void		*arena_alloc(struct arena *, size_t);
void		*arena_calloc(struct arena *, size_t n, size_t size);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Process-wide allocation helpers with the same failure policy. */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);
void		 oom(void) __attribute__((noreturn));

/*
 * A growable byte buffer. With an arena its memory belongs to the arena;
 * with a NULL arena it is heap memory released by buf_release().
 * data is always NUL-terminated.
 */
struct buf {
	struct arena	*a;
	char		*data;
	size_t		 len;
	size_t		 cap;
};

void	buf_init(struct buf *, struct arena *);
void	buf_release(struct buf *);
void	buf_put(struct buf *, const void *, size_t);
void	buf_puts(struct buf *, const char *);
void	buf_putc(struct buf *, char);
void	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	buf_clear(struct buf *);

#endif
