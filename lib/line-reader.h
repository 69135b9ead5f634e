#ifndef ESTAFETTE_LINE_READER_H
#define ESTAFETTE_LINE_READER_H

/*
 * A bounded line reader for untrusted input (protocol commands, internal
 * messages). It has a fixed capacity: max_line bytes of line content plus
 * the CR LF. The caller feeds it bytes (from a buffer, or by letting it
 * read() a file descriptor) and asks for the next line, getting one of:
 *
 *  LINE_READER_READY      a complete line ending in LF or CR LF; the line
 *                         is returned without its ending, with its length
 *                         (it may contain NUL bytes and bare CRs);
 *  LINE_READER_NEED_MORE  no complete line is buffered yet;
 *  LINE_READER_TOO_LONG   the current line has more than max_line bytes of
 *                         content. This is detected as soon as the bytes
 *                         are there, before any newline arrives, so a
 *                         client cannot make us buffer more. The line is
 *                         never truncated and never returned: the caller
 *                         either disconnects or calls
 *                         line_reader_skip_line(), which discards the rest
 *                         of that line up to and including its LF (however
 *                         long it is), after which reading goes on.
 *                         Until then every line_reader_next() answers
 *                         TOO_LONG again.
 *
 * Lines are returned in place (no copy). Unread bytes are moved to the
 * front of the buffer only when a feed or read needs the room.
 *
 * line_scan() is the same rule over a caller's buffer, for input layers
 * that keep their own buffer (iostream.h).
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum line_reader_result {
	LINE_READER_READY,
	LINE_READER_NEED_MORE,
	LINE_READER_TOO_LONG,
};

struct line_reader;

/* A reader for lines of at most max_line bytes of content (> 0). Never NULL
   (out-of-memory is fatal). */
struct line_reader *line_reader_new(size_t max_line);
/* Frees *lr and sets it to NULL; NULL is ignored. */
void line_reader_free(struct line_reader **lr);

/*
 * Copies up to size bytes of data into the reader and returns how many it
 * took (less than size when the buffer is full: call line_reader_next()
 * and feed the rest afterwards). In skip mode bytes up to and including
 * the next LF are taken and dropped.
 */
size_t line_reader_feed(struct line_reader *lr, const void *data,
			size_t size);

/*
 * One read() from fd into the free space (retrying on EINTR). Returns the
 * count (> 0), 0 at end of file, or -1 with errno (EAGAIN for a
 * non-blocking fd with no data; ENOBUFS when the buffer is full, which
 * cannot happen if line_reader_next() was called until NEED_MORE).
 */
ssize_t line_reader_read_fd(struct line_reader *lr, int fd);

/*
 * Returns the next line (see above). On READY, *line_r and *len_r describe
 * the line; the pointer stays valid until the next feed, read_fd,
 * take, skip_line or free (further line_reader_next() calls keep it).
 * *line_r is not NUL-terminated.
 */
enum line_reader_result line_reader_next(struct line_reader *lr,
					 const char **line_r, size_t *len_r);

/*
 * After TOO_LONG: drops the over-long line, including bytes still to come
 * up to its LF. Returns false (and does nothing) if the last answer was
 * not TOO_LONG.
 */
bool line_reader_skip_line(struct line_reader *lr);

/* True between skip_line() and the LF that ends the skipped line. */
bool line_reader_is_skipping(const struct line_reader *lr);

/* Buffered bytes not yet returned as lines (e.g. a partial last line at
   end of file, which the caller should treat as an error). */
size_t line_reader_pending(const struct line_reader *lr);

/*
 * Takes up to max buffered bytes raw, without looking for lines (for an
 * IMAP literal that follows a command line). *data_r stays valid like a
 * READY line. Returns the count (0 if nothing is buffered or after
 * TOO_LONG / in skip mode).
 */
size_t line_reader_take(struct line_reader *lr, const char **data_r,
			size_t max);

/* Drops everything buffered and any TOO_LONG or skip state (e.g. when
   STARTTLS begins: bytes sent in the clear must not be read as TLS). */
void line_reader_reset(struct line_reader *lr);

/*
 * Stateless form: looks at data[0..size) for one line of at most max_line
 * bytes of content. On READY sets *len_r (content length, without CR LF)
 * and *consumed_r (bytes including the ending). On NEED_MORE and TOO_LONG
 * nothing is set. Examines at most max_line + 2 bytes.
 */
enum line_reader_result line_scan(const char *data, size_t size,
				  size_t max_line, size_t *len_r,
				  size_t *consumed_r);

#endif
