#include "config.h"

#include "login-base64.h"

static const char b64_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
base64_encode(const void *src, size_t size, char *dst, size_t dst_size)
{
	const unsigned char *s = src;
	size_t i, o = 0;
	unsigned int v;

	if (dst_size < BASE64_ENCODED_SIZE(size))
		return -1;
	for (i = 0; i + 2 < size; i += 3) {
		v = (unsigned int)s[i] << 16 | (unsigned int)s[i + 1] << 8 |
		    s[i + 2];
		dst[o++] = b64_chars[(v >> 18) & 63];
		dst[o++] = b64_chars[(v >> 12) & 63];
		dst[o++] = b64_chars[(v >> 6) & 63];
		dst[o++] = b64_chars[v & 63];
	}
	if (i < size) {
		v = (unsigned int)s[i] << 16;
		if (i + 1 < size)
			v |= (unsigned int)s[i + 1] << 8;
		dst[o++] = b64_chars[(v >> 18) & 63];
		dst[o++] = b64_chars[(v >> 12) & 63];
		dst[o++] = i + 1 < size ? b64_chars[(v >> 6) & 63] : '=';
		dst[o++] = '=';
	}
	dst[o] = '\0';
	return (int)o;
}

static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
base64_decode(const char *src, size_t len, unsigned char *dst,
	      size_t dst_size)
{
	size_t i, k, o = 0, pad = 0, out_len;
	unsigned int acc = 0;
	int v, j;

	if (len % 4 != 0)
		return -1;
	if (len >= 1 && src[len - 1] == '=')
		pad = 1;
	if (len >= 2 && src[len - 2] == '=')
		pad = 2;
	out_len = len / 4 * 3 - pad;
	if (out_len > dst_size)
		return -1;
	for (i = 0; i < len; i += 4) {
		acc = 0;
		for (j = 0; j < 4; j++) {
			k = i + (size_t)j;
			if (k >= len - pad) {
				acc <<= 6; /* a padding position */
				continue;
			}
			if ((v = b64_value(src[k])) < 0)
				return -1;
			acc = acc << 6 | (unsigned int)v;
		}
		for (j = 0; j < 3 && o < out_len; j++)
			dst[o++] = (unsigned char)(acc >> (16 - 8 * j));
	}
	/* The bits a padded group does not use must be zero. */
	if ((pad == 1 && (acc & 0xff) != 0) ||
	    (pad == 2 && (acc & 0xffff) != 0))
		return -1;
	if (o < dst_size)
		dst[o] = '\0';
	return (int)o;
}
