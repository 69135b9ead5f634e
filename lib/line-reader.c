#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "line-reader.h"
#include "xalloc.h"

struct line_reader {
	char *buf;
	size_t size;	 /* allocated: max_line + 2 (CR LF) */
	size_t max_line; /* content limit */
	size_t start;	 /* first unread byte */
	size_t end;	 /* one past the last buffered byte */
	/* Bytes from start already searched without finding an LF, so
	   byte-by-byte feeding does not rescan the line each time. */
	size_t scanned;
	bool too_long;	 /* sticky until skip_line() or reset() */
	bool skipping;	 /* dropping bytes up to the next LF */
};

struct line_reader *
line_reader_new(size_t max_line)
{
	struct line_reader *lr = xcalloc(1, sizeof(*lr));

	if (max_line == 0 || max_line > SIZE_MAX - 2)
		fatal("line_reader_new: bad max_line %zu", max_line);
	lr->max_line = max_line;
	lr->size = max_line + 2;
	lr->buf = xmalloc(lr->size);
	return lr;
}

void
line_reader_free(struct line_reader **_lr)
{
	struct line_reader *lr = *_lr;

	if (lr == NULL)
		return;
	free(lr->buf);
	free(lr);
	*_lr = NULL;
}

/*
 * The rule shared by line_scan() and line_reader_next(): given avail bytes
 * at data with no LF among them, is the line already known to be too long?
 * Content is what precedes the LF minus one CR, so max_line + 1 bytes are
 * still fine if the last one is a CR (the LF may follow).
 */
static bool
line_overflows(const char *data, size_t avail, size_t max_line)
{
	if (avail >= max_line + 2)
		return true;
	return avail == max_line + 1 && data[max_line] != '\r';
}

/* data[lf] is an LF; returns the content length before it. */
static size_t
line_content_len(const char *data, size_t lf)
{
	return lf > 0 && data[lf - 1] == '\r' ? lf - 1 : lf;
}

enum line_reader_result
line_scan(const char *data, size_t size, size_t max_line, size_t *len_r,
	  size_t *consumed_r)
{
	size_t limit = size < max_line + 2 ? size : max_line + 2;
	const char *lf = memchr(data, '\n', limit);
	size_t len;

	if (lf == NULL) {
		return line_overflows(data, size, max_line)
			       ? LINE_READER_TOO_LONG
			       : LINE_READER_NEED_MORE;
	}
	len = line_content_len(data, (size_t)(lf - data));
	if (len > max_line)
		return LINE_READER_TOO_LONG;
	*len_r = len;
	*consumed_r = (size_t)(lf - data) + 1;
	return LINE_READER_READY;
}

/* Moves the unread bytes to the front of the buffer. */
static void
line_reader_compact(struct line_reader *lr)
{
	if (lr->start == 0)
		return;
	if (lr->end > lr->start)
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
	lr->end -= lr->start;
	lr->start = 0;
}

/* Free space after end, compacting only if there is none. */
static size_t
line_reader_room(struct line_reader *lr)
{
	if (lr->end == lr->size)
		line_reader_compact(lr);
	return lr->size - lr->end;
}

size_t
line_reader_feed(struct line_reader *lr, const void *data, size_t size)
{
	const char *p = data;
	size_t taken = 0, room;

	if (lr->skipping && lr->start == lr->end) {
		const char *lf = memchr(p, '\n', size);

		if (lf == NULL)
			return size;
		lr->skipping = false;
		taken = (size_t)(lf - p) + 1;
	}
	room = line_reader_room(lr);
	if (room > size - taken)
		room = size - taken;
	if (room > 0)
		memcpy(lr->buf + lr->end, p + taken, room);
	lr->end += room;
	return taken + room;
}

ssize_t
line_reader_read_fd(struct line_reader *lr, int fd)
{
	size_t room = line_reader_room(lr);
	ssize_t n;

	if (room == 0) {
		errno = ENOBUFS;
		return -1;
	}
	do {
		n = read(fd, lr->buf + lr->end, room);
	} while (n < 0 && errno == EINTR);
	if (n > 0)
		lr->end += (size_t)n;
	return n;
}

/* In skip mode: drops buffered bytes through the next LF, if any. */
static void
line_reader_skip_buffered(struct line_reader *lr)
{
	const char *lf = memchr(lr->buf + lr->start, '\n',
				lr->end - lr->start);

	lr->scanned = 0;
	if (lf == NULL) {
		lr->start = lr->end = 0;
		return;
	}
	lr->start = (size_t)(lf - lr->buf) + 1;
	lr->skipping = false;
}

enum line_reader_result
line_reader_next(struct line_reader *lr, const char **line_r, size_t *len_r)
{
	const char *data, *lf = NULL;
	size_t avail, limit, len;

	if (lr->too_long)
		return LINE_READER_TOO_LONG;
	if (lr->skipping) {
		line_reader_skip_buffered(lr);
		if (lr->skipping)
			return LINE_READER_NEED_MORE;
	}
	data = lr->buf + lr->start;
	avail = lr->end - lr->start;
	limit = avail < lr->max_line + 2 ? avail : lr->max_line + 2;
	if (limit > lr->scanned)
		lf = memchr(data + lr->scanned, '\n', limit - lr->scanned);
	if (lf == NULL) {
		lr->scanned = limit;
		lr->too_long = line_overflows(data, avail, lr->max_line);
		return lr->too_long ? LINE_READER_TOO_LONG
				    : LINE_READER_NEED_MORE;
	}
	len = line_content_len(data, (size_t)(lf - data));
	if (len > lr->max_line) {
		lr->too_long = true;
		return LINE_READER_TOO_LONG;
	}
	*line_r = data;
	*len_r = len;
	lr->start += (size_t)(lf - data) + 1;
	lr->scanned = 0;
	return LINE_READER_READY;
}

bool
line_reader_skip_line(struct line_reader *lr)
{
	if (!lr->too_long)
		return false;
	lr->too_long = false;
	lr->skipping = true;
	line_reader_skip_buffered(lr);
	return true;
}

bool
line_reader_is_skipping(const struct line_reader *lr)
{
	return lr->skipping;
}

size_t
line_reader_pending(const struct line_reader *lr)
{
	return lr->end - lr->start;
}

size_t
line_reader_take(struct line_reader *lr, const char **data_r, size_t max)
{
	size_t n = lr->end - lr->start;

	if (lr->too_long || lr->skipping)
		return 0;
	if (n > max)
		n = max;
	*data_r = lr->buf + lr->start;
	lr->start += n;
	lr->scanned = 0;
	return n;
}

void
line_reader_reset(struct line_reader *lr)
{
	lr->start = lr->end = lr->scanned = 0;
	lr->too_long = false;
	lr->skipping = false;
}
