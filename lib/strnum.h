#ifndef ESTAFETTE_STRNUM_H
#define ESTAFETTE_STRNUM_H

/*
 * Strict number parsing: decimal digits only, no sign, no white space, no
 * trailing junk, no overflow. Return 0 and set *num_r on success, -1 and
 * leave *num_r alone otherwise. The _n variants take an explicit length and
 * need no NUL terminator.
 */

#include <stddef.h>
#include <stdint.h>

int str_to_uint32(const char *str, uint32_t *num_r);
int str_to_uint64(const char *str, uint64_t *num_r);
int str_to_uint32_n(const char *str, size_t len, uint32_t *num_r);
int str_to_uint64_n(const char *str, size_t len, uint64_t *num_r);
/* Signed: an optional leading '-' followed by digits. */
int str_to_int64(const char *str, int64_t *num_r);
/* Octal digits only (for umask/mode values such as "022"). */
int str_to_mode(const char *str, unsigned int *mode_r);

/*
 * Reads leading digits of str into *num_r and sets *end_r to the first byte
 * after them. Fails (-1) when there is no digit or on overflow.
 */
int str_parse_uint64(const char *str, uint64_t *num_r, const char **end_r);

#endif
