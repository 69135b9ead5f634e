/*
 * Fuzzes the bounded line reader against a reference: the input (after two
 * control bytes choosing max_line and the feeding pattern) is fed in
 * varying chunks, and the lines and TOO_LONG answers must be exactly those
 * of a plain split at LF. Any difference aborts.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "line-reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct reference {
	const char *data;
	size_t size, pos, max_line;
};

/* The next expected event: 1 = line (*line_r, *len_r), 2 = too long,
   0 = no complete line left. */
static int
reference_next(struct reference *ref, const char **line_r, size_t *len_r)
{
	const char *start = ref->data + ref->pos;
	const char *lf = memchr(start, '\n', ref->size - ref->pos);
	size_t len;

	if (lf == NULL)
		return 0;
	len = (size_t)(lf - start);
	ref->pos += len + 1;
	if (len > 0 && start[len - 1] == '\r')
		len--;
	if (len > ref->max_line)
		return 2;
	*line_r = start;
	*len_r = len;
	return 1;
}

/* Whether the unterminated tail must already be reported too long. */
static bool
reference_tail_too_long(const struct reference *ref)
{
	size_t len = ref->size - ref->pos;

	return len >= ref->max_line + 2 ||
	       (len == ref->max_line + 1 &&
		ref->data[ref->pos + ref->max_line] != '\r');
}

static void
expect(struct reference *ref, enum line_reader_result res, const char *line,
       size_t len)
{
	const char *want;
	size_t want_len;
	int ev = reference_next(ref, &want, &want_len);

	if (res == LINE_READER_READY) {
		if (ev != 1 || len != want_len || memcmp(line, want, len) != 0)
			abort();
	} else if (ev == 2) {
		return;
	} else if (ev != 0 || !reference_tail_too_long(ref)) {
		abort();
	} else {
		/* Too long before its LF: the reference skips it too. */
		ref->pos = ref->size;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reference ref;
	struct line_reader *lr;
	enum line_reader_result res;
	const char *line = NULL;
	size_t pos = 0, len = 0, chunk, step = 0;

	if (size < 2)
		return 0;
	ref.max_line = 1 + data[0] % 64;
	chunk = data[1];
	data += 2;
	size -= 2;
	ref.data = (const char *)data;
	ref.size = size;
	ref.pos = 0;
	lr = line_reader_new(ref.max_line);
	while (pos < size) {
		/* Chunk sizes cycle through a pattern chosen by data[1]. */
		size_t n = 1 + (((chunk >> (step++ % 8)) & 1) != 0
					? ref.max_line : 0) + (chunk & 7);

		if (n > size - pos)
			n = size - pos;
		pos += line_reader_feed(lr, data + pos, n);
		while ((res = line_reader_next(lr, &line, &len)) !=
		       LINE_READER_NEED_MORE) {
			if (res == LINE_READER_READY && len > ref.max_line)
				abort();
			expect(&ref, res, line, len);
			if (res == LINE_READER_TOO_LONG &&
			    !line_reader_skip_line(lr))
				abort();
		}
	}
	/* Whatever is left must be an unterminated line the reference also
	   has (or the rest of one being skipped). */
	if (line_reader_is_skipping(lr)) {
		if (ref.pos != ref.size || line_reader_pending(lr) != 0)
			abort();
	} else if (line_reader_pending(lr) != ref.size - ref.pos) {
		abort();
	}
	if (memchr(data + ref.pos, '\n', size - ref.pos) != NULL)
		abort();
	line_reader_free(&lr);
	return 0;
}
