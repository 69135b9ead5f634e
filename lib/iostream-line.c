#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "iostream.h"
#include "line-reader.h"

static long long
line_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum iostream_line_result
iostream_read_line(struct iostream *stream, char *buf, size_t max_line,
		   int timeout_ms, size_t *len_r)
{
	long long deadline = line_now_ms() + timeout_ms;
	size_t size, len, consumed;
	const char *data;
	ssize_t n;
	int left;

	for (;;) {
		data = iostream_input(stream, &size);
		switch (line_scan(data, size, max_line, &len, &consumed)) {
		case LINE_READER_READY:
			memcpy(buf, data, len);
			buf[len] = '\0';
			iostream_consume(stream, consumed);
			*len_r = len;
			return IOSTREAM_LINE_OK;
		case LINE_READER_TOO_LONG:
			return IOSTREAM_LINE_TOO_LONG;
		case LINE_READER_NEED_MORE:
			break;
		}
		left = (int)(deadline - line_now_ms());
		if (left <= 0)
			return IOSTREAM_LINE_TIMEOUT;
		n = iostream_read_wait(stream, left);
		if (n == 0)
			return IOSTREAM_LINE_EOF;
		if (n < 0) {
			if (errno == ETIMEDOUT)
				return IOSTREAM_LINE_TIMEOUT;
			/* A full buffer without a line: line_scan says
			   TOO_LONG on the next round. */
			if (errno != ENOBUFS)
				return IOSTREAM_LINE_ERROR;
		}
	}
}
