#ifndef ESTAFETTE_LOGIN_BASE64_H
#define ESTAFETTE_LOGIN_BASE64_H

/*
 * Base64 (RFC 4648, standard alphabet, with padding) for SASL exchanges
 * before login. Decoding is strict: no white space, padding only at the
 * end and only as much as the length needs, no bits left over.
 */

#include <stddef.h>

/* Bytes needed to encode size bytes, including the NUL. */
#define BASE64_ENCODED_SIZE(size) ((((size) + 2) / 3) * 4 + 1)

/* Encodes src into dst (dst_size >= BASE64_ENCODED_SIZE(size)); returns
   the length without the NUL, or -1 if dst is too small. */
int base64_encode(const void *src, size_t size, char *dst, size_t dst_size);

/*
 * Decodes src (len bytes) into dst (at most dst_size bytes; the result is
 * NUL-terminated too when there is room). Returns the decoded length, or
 * -1 when src is not valid base64 or the result does not fit.
 */
int base64_decode(const char *src, size_t len, unsigned char *dst,
		  size_t dst_size);

#endif
