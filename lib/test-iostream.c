#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iostream.h"
#include "../tests/unit/tap.h"

static struct iostream *
make_pair(int *peer_r, size_t in_size, size_t out_max)
{
	int fds[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0)
		return NULL;
	*peer_r = fds[1];
	return iostream_new(fds[0], in_size, out_max);
}

static void
test_output_cap(void)
{
	struct iostream *s;
	char block[4096], got[64];
	int peer, ret = 0;
	size_t total = 0;

	s = make_pair(&peer, 16, 4096);
	memset(block, 'x', sizeof(block));
	ok(iostream_write(s, block, 4096 - 1) == 0, "write cap-1 fits");
	ok(iostream_write(s, "ab", 2) < 0 && errno == ENOBUFS,
	   "write over cap fails with ENOBUFS");
	is_int(iostream_out_pending(s), 4095, "failed write appended nothing");
	ok(iostream_write(s, "a", 1) == 0, "write exactly to cap fits");
	is_int(iostream_out_avail(s), 0, "no room left at cap");
	/* The peer never reads: flushing must stop, not block. */
	while (ret == 0 || ret == 1) {
		ret = iostream_flush(s);
		if (ret == 1) {
			total += 4096;
			if (total > 64 * 1024 * 1024)
				break;
			ret = iostream_write(s, block, sizeof(block));
			ret = ret == 0 ? 1 : -1;
		} else {
			break;
		}
	}
	is_int(ret, 0, "flush to a peer that does not read returns 0");
	ok(iostream_out_pending(s) > 0, "unsent output stays buffered");
	ok(iostream_flush_wait(s, 50) < 0 && errno == ETIMEDOUT,
	   "flush_wait times out");
	iostream_free(&s);
	ok(s == NULL, "free clears the pointer");
	close(peer);

	s = make_pair(&peer, 16, 64);
	ok(iostream_printf(s, "+OK %d %s\r\n", 42, "done") == 0, "printf");
	is_int(iostream_flush(s), 1, "flush everything");
	memset(got, 0, sizeof(got));
	is_int(read(peer, got, sizeof(got) - 1), 13, "peer got 13 bytes");
	is_str(got, "+OK 42 done\r\n", "peer got the formatted line");
	is_int(iostream_bytes_out(s), 13, "bytes_out counted");
	iostream_free(&s);
	close(peer);
}

static void
test_input(void)
{
	struct iostream *s;
	const char *data;
	size_t size;
	int peer;

	s = make_pair(&peer, 8, 64);
	ok(iostream_fill(s) < 0 && errno == EAGAIN, "nothing yet: EAGAIN");
	is_int(write(peer, "abc", 3), 3, "peer sends 3");
	is_int(iostream_fill(s), 3, "fill gets 3");
	data = iostream_input(s, &size);
	ok(size == 3 && memcmp(data, "abc", 3) == 0, "input shows abc");
	iostream_consume(s, 1);
	data = iostream_input(s, &size);
	ok(size == 2 && memcmp(data, "bc", 2) == 0, "consume drops 1");
	is_int(write(peer, "defghijk", 8), 8, "peer sends 8 more");
	is_int(iostream_fill(s), 6, "fill stops at capacity (8)");
	data = iostream_input(s, &size);
	ok(size == 8 && memcmp(data, "bcdefghi", 8) == 0,
	   "buffer compacted and full");
	ok(iostream_fill(s) < 0 && errno == ENOBUFS, "full buffer: ENOBUFS");
	iostream_discard_input(s);
	(void)iostream_input(s, &size);
	is_int(size, 0, "discard empties the input");
	is_int(iostream_read_wait(s, 1000), 2, "read_wait gets the rest");
	ok(iostream_read_wait(s, 30) < 0 && errno == ETIMEDOUT,
	   "read_wait times out");
	close(peer);
	is_int(iostream_fill(s), 0, "closed peer: end of stream");
	ok(!iostream_is_tls(s) && !iostream_has_pending(s), "plain stream");
	is_int(iostream_bytes_in(s), 11, "bytes_in counted");
	iostream_free(&s);
}

static void
test_read_line(void)
{
	struct iostream *s;
	char line[16];
	size_t len = 0, i;
	int peer;
	enum iostream_line_result r = IOSTREAM_LINE_ERROR;
	const char *cmd = "CAPA\r\nNOOP\n";

	s = make_pair(&peer, 16, 64);
	/* One byte at a time: nothing until the LF. */
	for (i = 0; i < 6; i++) {
		is_int(write(peer, cmd + i, 1), 1, "peer sends one byte");
		r = iostream_read_line(s, line, 10, 20, &len);
		if (i < 5)
			is_int(r, IOSTREAM_LINE_TIMEOUT, "partial line: wait");
	}
	ok(r == IOSTREAM_LINE_OK && len == 4 && strcmp(line, "CAPA") == 0,
	   "CRLF line complete at its LF");
	is_int(write(peer, cmd + 6, 5), 5, "bare LF line");
	ok(iostream_read_line(s, line, 10, 1000, &len) == IOSTREAM_LINE_OK &&
		   strcmp(line, "NOOP") == 0,
	   "LF-only line");
	/* max_line 10: 10 bytes pass, 11 do not, even before the LF. */
	is_int(write(peer, "0123456789\r\n", 12), 12, "10-byte line");
	ok(iostream_read_line(s, line, 10, 1000, &len) == IOSTREAM_LINE_OK &&
		   len == 10,
	   "line of max_line bytes accepted");
	is_int(write(peer, "0123456789A", 11), 11, "11 bytes, no LF yet");
	is_int(iostream_read_line(s, line, 10, 1000, &len),
	       IOSTREAM_LINE_TOO_LONG, "max_line+1 is too long before the LF");
	iostream_discard_input(s);
	is_int(write(peer, "ab\0c\n", 5), 5, "line with a NUL");
	ok(iostream_read_line(s, line, 10, 1000, &len) == IOSTREAM_LINE_OK &&
		   len == 4 && line[2] == '\0',
	   "NUL bytes kept, length says so");
	is_int(write(peer, "partial", 7), 7, "partial line then close");
	close(peer);
	is_int(iostream_read_line(s, line, 10, 1000, &len), IOSTREAM_LINE_EOF,
	       "end of stream");
	iostream_free(&s);
}

int
main(void)
{
	test_output_cap();
	test_input();
	test_read_line();
	return tap_done();
}
