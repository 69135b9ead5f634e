#include "config.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define ARENA_ALIGN alignof(max_align_t)

struct arena_block {
	struct arena_block *prev;
	size_t size; /* usable bytes in data */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	/* Small allocations come from current; ->prev chains every block
	   (dedicated big ones are linked in behind current). */
	struct arena_block *current;
	struct arena_block *first; /* kept across arena_clear() */
	size_t block_size;
	size_t max_total;
	size_t allocated; /* sum of block sizes */
	size_t used;
};

static struct arena_block *
arena_block_new(size_t size)
{
	struct arena_block *block;

	if (size > SIZE_MAX - sizeof(*block))
		fatal("arena: block of %zu bytes", size);
	block = xmalloc(sizeof(*block) + size);
	block->prev = NULL;
	block->size = size;
	block->used = 0;
	return block;
}

struct arena *
arena_new(size_t block_size, size_t max_total)
{
	struct arena *arena = xcalloc(1, sizeof(*arena));

	if (block_size == 0 || max_total < block_size)
		fatal("arena_new: bad sizes %zu/%zu", block_size, max_total);
	arena->block_size = block_size;
	arena->max_total = max_total;
	arena->current = arena->first = arena_block_new(block_size);
	arena->allocated = block_size;
	return arena;
}

/* Frees every block but the first, which is kept for reuse. */
static void
arena_release(struct arena *arena)
{
	struct arena_block *block = arena->current;

	while (block != NULL) {
		struct arena_block *prev = block->prev;

		if (block != arena->first)
			free(block);
		block = prev;
	}
	arena->first->prev = NULL;
	arena->first->used = 0;
	arena->current = arena->first;
	arena->allocated = arena->first->size;
	arena->used = 0;
}

void
arena_free(struct arena **_arena)
{
	struct arena *arena = *_arena;

	if (arena == NULL)
		return;
	arena_release(arena);
	free(arena->first);
	free(arena);
	*_arena = NULL;
}

void
arena_clear(struct arena *arena)
{
	arena_release(arena);
}

void *
arena_alloc(struct arena *arena, size_t size)
{
	struct arena_block *block = arena->current;
	size_t need, new_size;
	void *ptr;

	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	if (need > block->size - block->used) {
		new_size = need > arena->block_size ? need : arena->block_size;
		if (new_size > arena->max_total - arena->allocated) {
			/* A smaller block that just fits may still do. */
			new_size = need;
			if (new_size > arena->max_total - arena->allocated)
				return NULL;
		}
		block = arena_block_new(new_size);
		arena->allocated += new_size;
		if (new_size > arena->block_size) {
			/* Dedicated block: keep filling the current one. */
			block->prev = arena->current->prev;
			arena->current->prev = block;
		} else {
			block->prev = arena->current;
			arena->current = block;
		}
	}
	ptr = block->data + block->used;
	block->used += need;
	arena->used += need;
	return ptr;
}

void *
arena_zalloc(struct arena *arena, size_t size)
{
	void *ptr = arena_alloc(arena, size);

	if (ptr != NULL)
		memset(ptr, 0, size);
	return ptr;
}

void *
arena_calloc(struct arena *arena, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	return arena_zalloc(arena, n * size);
}

void *
arena_memdup(struct arena *arena, const void *data, size_t size)
{
	void *ptr = arena_alloc(arena, size);

	if (ptr != NULL && size > 0)
		memcpy(ptr, data, size);
	return ptr;
}

char *
arena_strndup(struct arena *arena, const char *str, size_t len)
{
	char *copy;

	if (len == SIZE_MAX)
		return NULL;
	copy = arena_alloc(arena, len + 1);
	if (copy == NULL)
		return NULL;
	memcpy(copy, str, len);
	copy[len] = '\0';
	return copy;
}

char *
arena_strdup(struct arena *arena, const char *str)
{
	return arena_strndup(arena, str, strlen(str));
}

char *
arena_vprintf(struct arena *arena, const char *fmt, va_list ap)
{
	va_list ap2;
	char *str;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	str = arena_alloc(arena, (size_t)n + 1);
	if (str == NULL)
		return NULL;
	if (vsnprintf(str, (size_t)n + 1, fmt, ap) != n)
		return NULL;
	return str;
}

char *
arena_printf(struct arena *arena, const char *fmt, ...)
{
	va_list ap;
	char *str;

	va_start(ap, fmt);
	str = arena_vprintf(arena, fmt, ap);
	va_end(ap);
	return str;
}

size_t
arena_used(const struct arena *arena)
{
	return arena->used;
}

size_t
arena_allocated(const struct arena *arena)
{
	return arena->allocated;
}
