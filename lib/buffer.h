#ifndef ESTAFETTE_BUFFER_H
#define ESTAFETTE_BUFFER_H

/*
 * A growable byte buffer with a hard cap. An append that would make the
 * contents longer than max_size fails with -1 and leaves the buffer exactly
 * as it was: nothing is ever silently truncated. The contents are always
 * followed by a NUL byte (not counted in the length), so text can be used
 * as a C string; binary data (with NUL bytes) is fine too.
 *
 * Memory grows on demand (doubling) up to max_size + 1 bytes; running out
 * of memory is fatal (xalloc.h). The struct may live on the stack
 * (buffer_init / buffer_deinit) or on the heap (buffer_new / buffer_free).
 * Its fields are private: use the functions.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "log.h"

struct buffer {
	char *data;	 /* allocated storage, NULL until the first append */
	size_t len;	 /* bytes used, not counting the NUL */
	size_t alloc;	 /* bytes allocated */
	size_t max_size; /* hard cap on len */
};

/* Prepares buf (no allocation yet). */
void buffer_init(struct buffer *buf, size_t max_size);
/* Releases buf's memory; buf may be initialised again. */
void buffer_deinit(struct buffer *buf);

/* Heap-allocated variant; never NULL. */
struct buffer *buffer_new(size_t max_size);
/* Frees *buf and sets it to NULL; NULL is ignored. */
void buffer_free(struct buffer **buf);

/* Append functions return 0, or -1 if the cap would be exceeded (buf is
   then unchanged). */
int buffer_append(struct buffer *buf, const void *data, size_t size);
int buffer_append_c(struct buffer *buf, char c);
int buffer_append_str(struct buffer *buf, const char *str);
int buffer_printf(struct buffer *buf, const char *fmt, ...) LOG_PRINTF(2, 3);
int buffer_vprintf(struct buffer *buf, const char *fmt, va_list ap)
	LOG_PRINTF(2, 0);

/*
 * Contents: valid (and stable) until the next append, truncate or deinit.
 * buffer_cstr never returns NULL (an empty buffer gives "").
 */
const char *buffer_cstr(const struct buffer *buf);
const void *buffer_data(const struct buffer *buf);
size_t buffer_len(const struct buffer *buf);
/* Bytes that may still be appended before the cap. */
size_t buffer_avail(const struct buffer *buf);

/* Shortens the contents to len (no-op if already shorter). Keeps memory. */
void buffer_truncate(struct buffer *buf, size_t len);
/* Empties the buffer, keeping its memory. */
void buffer_clear(struct buffer *buf);
/*
 * Empties the buffer and overwrites the bytes it ever held with zeros
 * (explicit_bzero), for buffers that held secrets.
 */
void buffer_clear_secret(struct buffer *buf);

/*
 * Hands the contents over as a malloc()ed NUL-terminated string (the caller
 * frees it) and leaves buf empty. *len_r (may be NULL) gets the length.
 */
char *buffer_steal(struct buffer *buf, size_t *len_r);

#endif
