#ifndef ESTAFETTE_AUTH_STR_H
#define ESTAFETTE_AUTH_STR_H

/*
 * Small string helpers shared by authdaemond, its backends and the tools:
 * a growable byte buffer whose old blocks are wiped as it grows (it holds
 * replies with password hashes), secret wiping and constant-time compares.
 * Allocation failure is fatal (xalloc.h): the master replaces a worker.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "log.h"
#include "xalloc.h"

struct abuf {
	char *data;	/* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
};

#define ABUF_INIT { NULL, 0, 0 }

void abuf_append(struct abuf *buf, const void *data, size_t len);
void abuf_append_str(struct abuf *buf, const char *str);
void abuf_printf(struct abuf *buf, const char *fmt, ...) LOG_PRINTF(2, 3);
/* Empties buf but keeps its memory (wiped first: it may hold secrets). */
void abuf_reset(struct abuf *buf);
/* Wipes and frees the contents; buf may be reused afterwards. */
void abuf_free(struct abuf *buf);

/* Wipes str with explicit_bzero() and frees it; sets *str to NULL. */
void str_free_secret(char **str);
/* Frees *str and sets it to NULL. */
void str_free(char **str);

/* Constant-time comparison of two byte strings (time depends only on the
   lengths). */
bool mem_equal_secret(const void *a, size_t a_len, const void *b,
		      size_t b_len);

/* True if str[0..len) holds a byte < 0x20 or 0x7f. */
bool str_has_ctrl(const char *str, size_t len);

#endif
