#ifndef ESTAFETTE_XALLOC_H
#define ESTAFETTE_XALLOC_H

/*
 * Allocation that cannot fail: on out-of-memory these log through fatal()
 * and exit(1). Meant for start-up data and small bookkeeping; memory sized
 * by client input comes from a capped struct buffer or struct arena.
 * xmalloc(0) and friends return a unique non-NULL pointer.
 */

#include <stdarg.h>
#include <stddef.h>

#include "log.h"

void *xmalloc(size_t size);
/* Zero-filled; fails (fatal) if n * size overflows. */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xrealloc(ptr, n * size) with an overflow check. */
void *xreallocarray(void *ptr, size_t n, size_t size);
char *xstrdup(const char *str);
/* Copies at most len bytes of str (stopping at a NUL) and terminates. */
char *xstrndup(const char *str, size_t len);
/* Returns a malloc()ed formatted string. */
char *xasprintf(const char *fmt, ...) LOG_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) LOG_PRINTF(1, 0);

#endif
