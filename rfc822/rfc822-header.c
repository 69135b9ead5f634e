/* Header field iteration over a message in memory; see rfc822-header.h. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "rfc822-header.h"

const struct rfc822_header_limits rfc822_header_default_limits = {
    .max_header_size = RFC822_HEADER_DEFAULT_MAX_SIZE,
    .max_field_size = RFC822_HEADER_DEFAULT_MAX_FIELD,
    .max_fields = RFC822_HEADER_DEFAULT_MAX_FIELDS,
};

size_t
rfc822_crlf_size(const char *data, size_t size)
{
	size_t n = size;
	const char *p = data, *end = data + size;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if (p == data || p[-1] != '\r')
			n++;
		p++;
	}
	return n;
}

unsigned int
rfc822_count_lines(const char *data, size_t size)
{
	unsigned int n = 0;
	const char *p = data, *end = data + size;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

int
rfc822_append_crlf(struct buffer *out, const char *data, size_t size)
{
	size_t start = buffer_len(out), i, run = 0;

	for (i = 0; i < size; i++) {
		if (data[i] != '\n' || (i > 0 && data[i - 1] == '\r'))
			continue;
		if (buffer_append(out, data + run, i - run) < 0 ||
		    buffer_append(out, "\r", 1) < 0)
			goto fail;
		run = i;
	}
	if (buffer_append(out, data + run, size - run) < 0)
		goto fail;
	return 0;
fail:
	buffer_truncate(out, start);
	return -1;
}

void
rfc822_header_iter_init(struct rfc822_header_iter *iter, const char *data,
			size_t size, const struct rfc822_header_limits *limits)
{
	memset(iter, 0, sizeof(*iter));
	iter->data = data;
	iter->size = size;
	iter->limits = limits != NULL ? *limits : rfc822_header_default_limits;
}

/* Returns the offset just past the line starting at pos (past its LF, or
   the end of data), counting it into the iterator. */
static size_t
header_line_end(struct rfc822_header_iter *iter, size_t pos)
{
	const char *nl = memchr(iter->data + pos, '\n', iter->size - pos);
	size_t end = nl == NULL ? iter->size : (size_t)(nl - iter->data) + 1;

	if (!iter->has_nul && memchr(iter->data + pos, '\0', end - pos) != NULL)
		iter->has_nul = true;
	if (nl != NULL) {
		iter->lines++;
		if (nl == iter->data || nl[-1] != '\r')
			iter->crlf_pos++;
	}
	iter->crlf_pos += end - pos;
	return end;
}

/* Is the line at pos empty (LF or CRLF alone)? */
static bool
header_line_is_empty(const struct rfc822_header_iter *iter, size_t pos)
{
	const char *p = iter->data + pos;
	size_t left = iter->size - pos;

	return (left >= 1 && p[0] == '\n') ||
	       (left >= 2 && p[0] == '\r' && p[1] == '\n');
}

/* Length of the line content [start, end) without its LF or CRLF. */
static size_t
line_content_len(const char *data, size_t start, size_t end)
{
	size_t len = end - start;

	if (len > 0 && data[end - 1] == '\n') {
		len--;
		if (len > 0 && data[end - 2] == '\r')
			len--;
	}
	return len;
}

static void
field_split(const char *data, size_t start, size_t first_end, size_t end,
	    struct rfc822_field *f)
{
	size_t first_len = line_content_len(data, start, first_end);
	const char *colon = memchr(data + start, ':', first_len);
	size_t value_start;

	f->name = data + start;
	if (colon == NULL) {
		f->missing_colon = true;
		f->name_len = first_len;
		value_start = start + first_len;
	} else {
		f->name_len = (size_t)(colon - f->name);
		value_start = (size_t)(colon - data) + 1;
	}
	while (f->name_len > 0 && (f->name[f->name_len - 1] == ' ' ||
				   f->name[f->name_len - 1] == '\t'))
		f->name_len--;
	f->value = data + value_start;
	if (value_start > end)
		value_start = end;
	f->value_len = start + line_content_len(data, start, end) - value_start;
	if (colon == NULL)
		f->value_len = 0;
}

bool
rfc822_header_iter_next(struct rfc822_header_iter *iter,
			struct rfc822_field *field_r)
{
	for (;;) {
		size_t start = iter->pos, crlf_start = iter->crlf_pos;
		size_t first_end, end;
		bool skip;

		if (iter->done || start >= iter->size) {
			iter->done = true;
			return false;
		}
		if (header_line_is_empty(iter, start)) {
			iter->pos = header_line_end(iter, start);
			iter->has_eoh = true;
			iter->done = true;
			return false;
		}
		first_end = end = header_line_end(iter, start);
		while (end < iter->size &&
		       (iter->data[end] == ' ' || iter->data[end] == '\t'))
			end = header_line_end(iter, end);
		iter->pos = end;

		skip = start >= iter->limits.max_header_size ||
		       iter->fields >= iter->limits.max_fields;
		if (skip) {
			iter->truncated = true;
			continue;
		}
		iter->fields++;
		memset(field_r, 0, sizeof(*field_r));
		field_r->offset = start;
		field_r->crlf_offset = crlf_start;
		field_r->size = end - start;
		field_r->crlf_size = iter->crlf_pos - crlf_start;
		field_split(iter->data, start, first_end, end, field_r);
		if (field_r->value_len > iter->limits.max_field_size) {
			field_r->value_len = iter->limits.max_field_size;
			field_r->truncated = true;
		}
		return true;
	}
}

void
rfc822_header_iter_finish(struct rfc822_header_iter *iter,
			  struct rfc822_header_info *info_r)
{
	struct rfc822_field field;

	while (rfc822_header_iter_next(iter, &field))
		;
	memset(info_r, 0, sizeof(*info_r));
	info_r->size = iter->pos;
	info_r->crlf_size = iter->crlf_pos;
	info_r->lines = iter->lines;
	info_r->has_eoh = iter->has_eoh;
	info_r->has_nul = iter->has_nul;
	info_r->truncated = iter->truncated;
}

void
rfc822_header_scan(const char *data, size_t size,
		   struct rfc822_header_info *info_r)
{
	struct rfc822_header_iter iter;
	struct rfc822_header_limits none = {0, 0, 0};

	/* With zero limits every field is skipped without being split. */
	rfc822_header_iter_init(&iter, data, size, &none);
	rfc822_header_iter_finish(&iter, info_r);
	info_r->truncated = false;
}

bool
rfc822_field_is(const struct rfc822_field *field, const char *name)
{
	size_t len = strlen(name);

	return field->name_len == len &&
	       strncasecmp(field->name, name, len) == 0 &&
	       memchr(field->name, '\0', len) == NULL;
}

int
rfc822_field_unfold(const struct rfc822_field *field, struct buffer *out)
{
	const char *v = field->value;
	size_t len = field->value_len, i, start = buffer_len(out), run;

	while (len > 0 &&
	       (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t' ||
			   v[len - 1] == '\r' || v[len - 1] == '\n'))
		len--;
	run = 0;
	for (i = 0; i < len; i++) {
		if (v[i] != '\n' &&
		    !(v[i] == '\r' && i + 1 < len && v[i + 1] == '\n'))
			continue;
		if (buffer_append(out, v + run, i - run) < 0)
			goto fail;
		run = i + 1;
	}
	if (buffer_append(out, v + run, len - run) < 0)
		goto fail;
	return 0;
fail:
	buffer_truncate(out, start);
	return -1;
}

int
rfc822_header_get(const char *data, size_t size, const char *name,
		  struct buffer *out)
{
	struct rfc822_header_iter iter;
	struct rfc822_field field;

	rfc822_header_iter_init(&iter, data, size, NULL);
	while (rfc822_header_iter_next(&iter, &field)) {
		if (rfc822_field_is(&field, name))
			return rfc822_field_unfold(&field, out) < 0 ? -1 : 1;
	}
	return 0;
}
