#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "xalloc.h"

#define BUFFER_MIN_ALLOC 64

void
buffer_init(struct buffer *buf, size_t max_size)
{
	buf->data = NULL;
	buf->len = 0;
	buf->alloc = 0;
	/* The trailing NUL needs one more byte than max_size. */
	buf->max_size = max_size < SIZE_MAX - 1 ? max_size : SIZE_MAX - 2;
}

void
buffer_deinit(struct buffer *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->alloc = 0;
}

struct buffer *
buffer_new(size_t max_size)
{
	struct buffer *buf = xmalloc(sizeof(*buf));

	buffer_init(buf, max_size);
	return buf;
}

void
buffer_free(struct buffer **buf)
{
	if (*buf == NULL)
		return;
	buffer_deinit(*buf);
	free(*buf);
	*buf = NULL;
}

/* Makes room for size more bytes plus the NUL; -1 if over the cap. */
static int
buffer_reserve(struct buffer *buf, size_t size)
{
	size_t need, new_alloc;

	if (size > buf->max_size - buf->len)
		return -1;
	need = buf->len + size + 1;
	if (need <= buf->alloc)
		return 0;
	new_alloc = buf->alloc < BUFFER_MIN_ALLOC ? BUFFER_MIN_ALLOC
						  : buf->alloc;
	while (new_alloc < need)
		new_alloc = new_alloc > SIZE_MAX / 2 ? need : new_alloc * 2;
	if (new_alloc > buf->max_size + 1)
		new_alloc = buf->max_size + 1;
	buf->data = xrealloc(buf->data, new_alloc);
	buf->alloc = new_alloc;
	return 0;
}

int
buffer_append(struct buffer *buf, const void *data, size_t size)
{
	if (buffer_reserve(buf, size) < 0)
		return -1;
	if (size > 0)
		memcpy(buf->data + buf->len, data, size);
	buf->len += size;
	buf->data[buf->len] = '\0';
	return 0;
}

int
buffer_append_c(struct buffer *buf, char c)
{
	return buffer_append(buf, &c, 1);
}

int
buffer_append_str(struct buffer *buf, const char *str)
{
	return buffer_append(buf, str, strlen(str));
}

int
buffer_vprintf(struct buffer *buf, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || buffer_reserve(buf, (size_t)n) < 0)
		return -1;
	if (vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap) != n) {
		buf->data[buf->len] = '\0';
		return -1;
	}
	buf->len += (size_t)n;
	return 0;
}

int
buffer_printf(struct buffer *buf, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = buffer_vprintf(buf, fmt, ap);
	va_end(ap);
	return ret;
}

const char *
buffer_cstr(const struct buffer *buf)
{
	return buf->data != NULL ? buf->data : "";
}

const void *
buffer_data(const struct buffer *buf)
{
	return buffer_cstr(buf);
}

size_t
buffer_len(const struct buffer *buf)
{
	return buf->len;
}

size_t
buffer_avail(const struct buffer *buf)
{
	return buf->max_size - buf->len;
}

void
buffer_truncate(struct buffer *buf, size_t len)
{
	if (len >= buf->len)
		return;
	buf->len = len;
	buf->data[len] = '\0';
}

void
buffer_clear(struct buffer *buf)
{
	buffer_truncate(buf, 0);
}

void
buffer_clear_secret(struct buffer *buf)
{
	if (buf->data != NULL)
		explicit_bzero(buf->data, buf->alloc);
	buf->len = 0;
}

char *
buffer_steal(struct buffer *buf, size_t *len_r)
{
	char *data;

	if (buf->data == NULL) {
		if (len_r != NULL)
			*len_r = 0;
		return xstrdup("");
	}
	data = buf->data;
	if (len_r != NULL)
		*len_r = buf->len;
	buf->data = NULL;
	buf->len = 0;
	buf->alloc = 0;
	return data;
}
