#ifndef ESTAFETTE_SETTINGS_PRIVATE_H
#define ESTAFETTE_SETTINGS_PRIVATE_H

/*
 * Shared between settings.c (the key store) and the two file parsers
 * settings-shell.c and settings-fields.c. Not for other users.
 */

#include <stddef.h>

#include "log.h"
#include "settings.h"

/*
 * Stores key (key_len bytes) = value (value_len bytes, no NUL inside) read
 * from file (an interned name, see settings_intern). Enforces
 * SETTINGS_VALUE_MAX, SETTINGS_KEYS_MAX and SETTINGS_TOTAL_MAX: returns -1
 * with *reason_r set to a static string when one would be exceeded.
 */
int settings_assign(struct settings *set, const char *key, size_t key_len,
		    const char *value, size_t value_len, const char *file,
		    const char **reason_r);

/* Returns key's value, or NULL; key need not be NUL-terminated. */
const char *settings_lookup(const struct settings *set, const char *key,
			    size_t key_len);

/* Returns a copy of name owned by set (kept until set is freed). */
const char *settings_intern(struct settings *set, const char *name);

/* Replaces set's error message with the formatted one and returns it. */
const char *settings_set_error(struct settings *set, const char *fmt, ...)
	LOG_PRINTF(2, 3);

/*
 * Splits data into physical lines for the parsers. Returns 1 and sets
 * *line_r and *len_r (without the LF) for the next line, 0 at the end, or -1
 * with *reason_r set when the line is longer than SETTINGS_LINE_MAX or
 * holds a NUL byte. *pos is the offset of the next line, start at 0.
 */
int settings_next_line(const char *data, size_t size, size_t *pos,
		       const char **line_r, size_t *len_r,
		       const char **reason_r);

/* True for the bytes a KEY may hold ([A-Za-z0-9_]; not a digit first). */
int settings_is_key_start(char c);
int settings_is_key_char(char c);

#endif
