#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "line-reader.h"
#include "xalloc.h"
#include "../tests/unit/tap.h"

/*
 * Feeds input to a reader in chunks of chunk bytes, calling next() after
 * every feed until NEED_MORE, skipping over-long lines. Describes what
 * happened in out: "[line]" per READY (bytes other than printable ASCII
 * as \xHH), "!" per TOO_LONG, and at the end "+N" for N pending bytes.
 */
static void
run(size_t max_line, const char *input, size_t size, size_t chunk,
    struct buffer *out)
{
	struct line_reader *lr = line_reader_new(max_line);
	size_t pos = 0, i;
	enum line_reader_result res;
	const char *line;
	size_t len;

	buffer_clear(out);
	while (pos < size) {
		size_t n = size - pos < chunk ? size - pos : chunk;

		pos += line_reader_feed(lr, input + pos, n);
		while ((res = line_reader_next(lr, &line, &len)) !=
		       LINE_READER_NEED_MORE) {
			if (res == LINE_READER_TOO_LONG) {
				buffer_append_c(out, '!');
				line_reader_skip_line(lr);
				continue;
			}
			buffer_append_c(out, '[');
			for (i = 0; i < len; i++) {
				unsigned char c = (unsigned char)line[i];

				if (c >= 0x20 && c < 0x7f)
					buffer_append_c(out, (char)c);
				else
					buffer_printf(out, "\\x%02x", c);
			}
			buffer_append_c(out, ']');
		}
	}
	if (line_reader_pending(lr) > 0)
		buffer_printf(out, "+%zu", line_reader_pending(lr));
	line_reader_free(&lr);
}

/* Checks the result for every chunk size from 1 (byte by byte) to 9 and
   for the whole input at once. */
static void
check(size_t max_line, const char *input, size_t size, const char *want,
      const char *name)
{
	struct buffer out;
	size_t chunk;
	bool same = true;

	buffer_init(&out, 1024 * 1024);
	for (chunk = 1; chunk <= 10 && same; chunk++) {
		run(max_line, input, size, chunk == 10 ? size + 1 : chunk,
		    &out);
		same = strcmp(buffer_cstr(&out), want) == 0;
	}
	if (!tap_ok(same, "%s", name))
		printf("# chunk %zu: got \"%s\", want \"%s\"\n", chunk - 1,
		       buffer_cstr(&out), want);
	buffer_deinit(&out);
}

#define CHECK(max, lit, want, name) check(max, lit, sizeof(lit) - 1, want, name)

static void
test_lines(void)
{
	CHECK(10, "a\n", "[a]", "LF line");
	CHECK(10, "a\r\n", "[a]", "CRLF line");
	CHECK(10, "\n\r\n", "[][]", "empty lines");
	CHECK(10, "a\nb\r\nc\n", "[a][b][c]", "several lines");
	CHECK(10, "a\r\r\n", "[a\\x0d]", "only one CR is the ending");
	CHECK(10, "a\rb\n", "[a\\x0db]", "bare CR kept");
	CHECK(10, "a\0b\n", "[a\\x00b]", "NUL byte kept, length reported");
	CHECK(10, "abc", "+3", "partial line pending");
	CHECK(10, "a\nbc\r", "[a]+3", "partial CRLF pending");
}

static void
test_limits(void)
{
	/* max_line 4: content of 4 fits, 5 does not, with LF or CRLF. */
	CHECK(4, "abcd\n", "[abcd]", "max bytes + LF");
	CHECK(4, "abcd\r\n", "[abcd]", "max bytes + CRLF");
	CHECK(4, "abcde\n", "!", "max + 1 bytes + LF");
	CHECK(4, "abcde\r\n", "!", "max + 1 bytes + CRLF");
	CHECK(4, "abc\n", "[abc]", "max - 1 bytes");
	CHECK(4, "abcde\nxy\n", "![xy]", "reading goes on after skip");
	CHECK(4, "abcd\rX\n", "!", "CR not followed by LF counts");
	CHECK(4, "abcd\r\r\n", "!", "CR CR LF is max + 1");
	CHECK(4, "abcdefghijklmnopqrstuvwxyz\nok\n", "![ok]",
	      "much longer line skipped");
	CHECK(4, "abcdefghijkl\nabcdefghijkl\nok\r\n", "!![ok]",
	      "two long lines in a row");
	CHECK(4, "abcde", "!", "too long detected before the newline");
	CHECK(4, "abcd", "+4", "max bytes without newline: need more");
	CHECK(4, "abcd\r", "+5", "max bytes + CR: need more");
	CHECK(4, "a\nabcd\nb\n", "[a][abcd][b]", "limit after a line");
	CHECK(1, "\n\r\nx\r\nxy\n", "[][][x]!", "max_line 1");
}

static void
test_api(void)
{
	struct line_reader *lr = line_reader_new(4);
	const char *line, *line2, *data;
	size_t len, len2, n;

	is_int(line_reader_feed(lr, "ab\ncd\nefghij", 12), 6,
	       "feed takes only what fits (4 + 2)");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_READY &&
		   len == 2 && memcmp(line, "ab", 2) == 0,
	   "first line");
	ok(line_reader_next(lr, &line2, &len2) == LINE_READER_READY &&
		   len2 == 2 && memcmp(line2, "cd", 2) == 0 &&
		   memcmp(line, "ab", 2) == 0,
	   "second line; first still valid (no copy)");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_NEED_MORE,
	   "need more");
	ok(!line_reader_skip_line(lr), "skip_line refused without TOO_LONG");
	is_int(line_reader_feed(lr, "efghij", 6), 6, "room after lines read");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_TOO_LONG,
	   "too long");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_TOO_LONG,
	   "too long is sticky");
	is_int(line_reader_take(lr, &data, 10), 0,
	       "no raw take after too long");
	ok(line_reader_skip_line(lr) && line_reader_is_skipping(lr),
	   "skip mode");
	is_int(line_reader_pending(lr), 0, "skip drops buffered bytes");
	is_int(line_reader_feed(lr, "xxxxxxxxxxxxxxxxxxxxxxxxxx", 26), 26,
	       "skip mode swallows any amount");
	is_int(line_reader_feed(lr, "x\nok\nrest", 9), 8,
	       "skip ends at LF; then the buffer fills (2 + 6)");
	ok(!line_reader_is_skipping(lr), "skip mode over");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_READY &&
		   len == 2 && memcmp(line, "ok", 2) == 0,
	   "line after skipped one");
	n = line_reader_take(lr, &data, 3);
	ok(n == 3 && memcmp(data, "res", 3) == 0, "raw take (literal)");
	is_int(line_reader_take(lr, &data, 100), 0, "raw take: nothing left");
	is_int(line_reader_feed(lr, "t", 1), 1, "feed after take");
	n = line_reader_take(lr, &data, 100);
	ok(n == 1 && data[0] == 't', "raw take of the rest");
	line_reader_feed(lr, "abc", 3);
	line_reader_reset(lr);
	is_int(line_reader_pending(lr), 0, "reset drops buffered bytes");
	line_reader_free(&lr);
	ok(lr == NULL, "free clears the pointer");
	line_reader_free(&lr);
}

static void
test_fd(void)
{
	struct line_reader *lr = line_reader_new(8);
	int fds[2];
	const char *line;
	size_t len;
	ssize_t n;

	if (pipe(fds) < 0) {
		ok(false, "pipe: %s", strerror(errno));
		return;
	}
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	n = line_reader_read_fd(lr, fds[0]);
	ok(n < 0 && errno == EAGAIN, "read_fd: EAGAIN on empty pipe");
	n = write(fds[1], "hello\r\nworld", 12);
	is_int(line_reader_read_fd(lr, fds[0]), 10, "read_fd fills capacity");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_READY &&
		   len == 5 && memcmp(line, "hello", 5) == 0,
	   "line read from fd");
	is_int(line_reader_read_fd(lr, fds[0]), 2, "read_fd compacts");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_NEED_MORE,
	   "partial line");
	n = write(fds[1], "123456", 6);
	(void)n;
	is_int(line_reader_read_fd(lr, fds[0]), 5, "read up to capacity");
	ok(line_reader_next(lr, &line, &len) == LINE_READER_TOO_LONG,
	   "too long from fd");
	n = line_reader_read_fd(lr, fds[0]);
	ok(n < 0 && errno == ENOBUFS, "full buffer: ENOBUFS");
	close(fds[1]);
	line_reader_skip_line(lr);
	is_int(line_reader_read_fd(lr, fds[0]), 1, "last byte");
	is_int(line_reader_read_fd(lr, fds[0]), 0, "end of file");
	close(fds[0]);
	line_reader_free(&lr);
}

static void
test_scan(void)
{
	size_t len = 99, consumed = 99;

	ok(line_scan("ab\r\ncd", 6, 2, &len, &consumed) == LINE_READER_READY &&
		   len == 2 && consumed == 4,
	   "scan CRLF at the limit");
	ok(line_scan("abc\n", 4, 2, &len, &consumed) == LINE_READER_TOO_LONG,
	   "scan limit + 1");
	ok(line_scan("ab\r", 3, 2, &len, &consumed) == LINE_READER_NEED_MORE,
	   "scan waits for LF after CR");
	ok(line_scan("abc", 3, 2, &len, &consumed) == LINE_READER_TOO_LONG,
	   "scan too long before LF");
	ok(line_scan("abcdef\n", 7, 2, &len, &consumed) ==
		   LINE_READER_TOO_LONG,
	   "scan looks at max + 2 bytes only");
	ok(line_scan("", 0, 2, &len, &consumed) == LINE_READER_NEED_MORE,
	   "scan empty");
}

/* A large random stream against a simple reference split. */
static void
test_random(void)
{
	struct buffer in, want, got;
	unsigned int seed = 12345, i;
	size_t start = 0, pos;

	buffer_init(&in, SIZE_MAX);
	buffer_init(&want, SIZE_MAX);
	buffer_init(&got, SIZE_MAX);
	for (i = 0; i < 20000; i++) {
		static const char alphabet[] = "ab\r\n\n\0";

		seed = seed * 1103515245 + 12345;
		buffer_append_c(&in, alphabet[(seed >> 16) % 6]);
	}
	/* Reference: split at LF, one CR removed, over 6 bytes is "!". */
	for (pos = 0; pos < buffer_len(&in); pos++) {
		const char *d = buffer_cstr(&in);
		size_t len;

		if (d[pos] != '\n')
			continue;
		len = pos - start;
		if (len > 0 && d[pos - 1] == '\r')
			len--;
		if (len > 6) {
			buffer_append_c(&want, '!');
		} else {
			size_t k;

			buffer_append_c(&want, '[');
			for (k = 0; k < len; k++) {
				unsigned char c = (unsigned char)d[start + k];

				if (c >= 0x20 && c < 0x7f)
					buffer_append_c(&want, (char)c);
				else
					buffer_printf(&want, "\\x%02x", c);
			}
			buffer_append_c(&want, ']');
		}
		start = pos + 1;
	}
	if (start < buffer_len(&in)) {
		size_t len = buffer_len(&in) - start;

		if (len >= 8 ||
		    (len == 7 && buffer_cstr(&in)[start + 6] != '\r'))
			buffer_append_c(&want, '!');
		else
			buffer_printf(&want, "+%zu", len);
	}
	check(6, buffer_cstr(&in), buffer_len(&in), buffer_cstr(&want),
	      "20000 random bytes match a reference split");
	buffer_deinit(&in);
	buffer_deinit(&want);
	buffer_deinit(&got);
}

int
main(void)
{
	test_lines();
	test_limits();
	test_api();
	test_fd();
	test_scan();
	test_random();
	return tap_done();
}
