#ifndef ESTAFETTE_ARENA_H
#define ESTAFETTE_ARENA_H

/*
 * An arena (memory pool) for per-connection and per-command data: many
 * small allocations, released all at once by arena_clear() or
 * arena_free(). Individual allocations are never freed.
 *
 * Memory comes in blocks of block_size bytes (larger for a larger single
 * allocation). The total of all blocks is capped at max_total: an
 * allocation that would need more fails with NULL, so a client cannot make
 * a command use more than max_total bytes. Running out of system memory is
 * fatal (xalloc.h). Every pointer is aligned for any type and stays valid
 * until the next arena_clear() or arena_free().
 */

#include <stdarg.h>
#include <stddef.h>

#include "log.h"

struct arena;

/* block_size > 0; max_total >= block_size. Never NULL. The first block is
   allocated at once and kept across arena_clear(). */
struct arena *arena_new(size_t block_size, size_t max_total);
/* Frees *arena and all its memory; sets *arena to NULL. NULL is ignored. */
void arena_free(struct arena **arena);

/* Releases every allocation (all blocks but the first). */
void arena_clear(struct arena *arena);

/* size bytes (uninitialised / zeroed), or NULL if the cap is reached.
   size 0 gives a valid unique pointer. */
void *arena_alloc(struct arena *arena, size_t size);
void *arena_zalloc(struct arena *arena, size_t size);
/* n * size bytes, zeroed; NULL also on overflow. */
void *arena_calloc(struct arena *arena, size_t n, size_t size);

void *arena_memdup(struct arena *arena, const void *data, size_t size);
char *arena_strdup(struct arena *arena, const char *str);
/* Copies len bytes (which may hold NUL bytes) and adds a NUL. */
char *arena_strndup(struct arena *arena, const char *str, size_t len);
char *arena_printf(struct arena *arena, const char *fmt, ...)
	LOG_PRINTF(2, 3);
char *arena_vprintf(struct arena *arena, const char *fmt, va_list ap)
	LOG_PRINTF(2, 0);

/* Bytes handed out since the last clear (after alignment), and bytes of
   blocks currently held. */
size_t arena_used(const struct arena *arena);
size_t arena_allocated(const struct arena *arena);

#endif
