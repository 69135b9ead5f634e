#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-str.h"

static void
abuf_reserve(struct abuf *buf, size_t more)
{
	size_t want, cap;
	char *p;

	if (more > (size_t)-1 / 2 - buf->len)
		fatal("abuf: size overflow");
	want = buf->len + more + 1;
	if (want <= buf->cap)
		return;
	cap = buf->cap == 0 ? 128 : buf->cap;
	while (cap < want)
		cap *= 2;
	/* Not realloc(): the old block may hold a secret and is wiped. */
	p = xmalloc(cap);
	if (buf->data != NULL) {
		memcpy(p, buf->data, buf->len + 1);
		explicit_bzero(buf->data, buf->cap);
		free(buf->data);
	}
	buf->data = p;
	buf->cap = cap;
}

void
abuf_append(struct abuf *buf, const void *data, size_t len)
{
	abuf_reserve(buf, len);
	if (len > 0)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

void
abuf_append_str(struct abuf *buf, const char *str)
{
	abuf_append(buf, str, strlen(str));
}

void
abuf_printf(struct abuf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("abuf_printf: bad format");
	abuf_reserve(buf, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)n;
}

void
abuf_reset(struct abuf *buf)
{
	if (buf->data != NULL) {
		explicit_bzero(buf->data, buf->cap);
		buf->data[0] = '\0';
	}
	buf->len = 0;
}

void
abuf_free(struct abuf *buf)
{
	if (buf->data != NULL) {
		explicit_bzero(buf->data, buf->cap);
		free(buf->data);
	}
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void
str_free_secret(char **str)
{
	if (*str != NULL) {
		explicit_bzero(*str, strlen(*str));
		free(*str);
		*str = NULL;
	}
}

void
str_free(char **str)
{
	free(*str);
	*str = NULL;
}

bool
mem_equal_secret(const void *a, size_t a_len, const void *b, size_t b_len)
{
	const volatile unsigned char *pa = a, *pb = b;
	unsigned char diff = 0;
	size_t i;

	if (a_len != b_len)
		return false;
	for (i = 0; i < a_len; i++)
		diff |= pa[i] ^ pb[i];
	return diff == 0;
}

bool
str_has_ctrl(const char *str, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)str[i];

		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}
