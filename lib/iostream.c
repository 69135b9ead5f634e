#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "iostream.h"
#include "tls-gnutls.h"
#include "xalloc.h"

/* One TLS record's worth: GnuTLS fragments bigger writes anyway. */
#define IOSTREAM_SEND_CHUNK 16384
#define IOSTREAM_OUT_INITIAL 4096
/* How long and how much a closing stream reads and drops (see
   iostream_linger_close). */
#define IOSTREAM_LINGER_MS 500
#define IOSTREAM_LINGER_MAX (64 * 1024)

struct iostream {
	int fd;
	struct tls_session *tls;

	char *in;
	size_t in_start, in_len, in_size;

	char *out;
	size_t out_start, out_len, out_alloc, out_max;
	/* Bytes handed to GnuTLS by a send that returned EAGAIN: the next
	   send must offer exactly these again. */
	size_t tls_retry;

	unsigned long long bytes_in, bytes_out;
};

static long long
iostream_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct iostream *
iostream_new(int fd, size_t in_size, size_t out_max)
{
	struct iostream *stream = xcalloc(1, sizeof(*stream));
	int flags = fcntl(fd, F_GETFL);

	if (flags >= 0)
		(void)fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	stream->fd = fd;
	stream->in_size = in_size;
	stream->in = xmalloc(in_size);
	stream->out_max = out_max;
	return stream;
}

/*
 * Closing a TCP socket that still has unread input makes the kernel send
 * a reset, and the peer may lose our last reply (or see an error instead
 * of our TLS close_notify). So: stop sending, then read and drop what the
 * peer still sends, for a short, bounded while.
 */
static void
iostream_linger_close(int fd)
{
	long long deadline = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[4096];
	size_t total = 0;
	ssize_t n;
	int left;

	if (shutdown(fd, SHUT_WR) < 0)
		goto out;
	deadline = iostream_now_ms() + IOSTREAM_LINGER_MS;
	while (total < IOSTREAM_LINGER_MAX) {
		left = (int)(deadline - iostream_now_ms());
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			break;
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		total += (size_t)n;
	}
out:
	close(fd);
}

void
iostream_free(struct iostream **streamp)
{
	struct iostream *stream = *streamp;

	if (stream == NULL)
		return;
	if (stream->tls != NULL) {
		tls_session_bye(stream->tls);
		tls_session_free(&stream->tls);
	}
	if (stream->fd >= 0)
		iostream_linger_close(stream->fd);
	free(stream->in);
	free(stream->out);
	free(stream);
	*streamp = NULL;
}

int
iostream_fd(const struct iostream *stream)
{
	return stream->fd;
}

int
iostream_release_fd(struct iostream *stream)
{
	int fd = stream->fd;

	stream->fd = -1;
	return fd;
}

bool
iostream_is_tls(const struct iostream *stream)
{
	return stream->tls != NULL;
}

const char *
iostream_describe(const struct iostream *stream, char *buf, size_t size)
{
	if (stream->tls == NULL) {
		snprintf(buf, size, "plain");
		return buf;
	}
	return tls_session_describe(stream->tls, buf, size);
}

int
iostream_start_tls(struct iostream *stream, struct tls_context *ctx,
		   int timeout_ms, const char **error_r)
{
	if (stream->tls != NULL) {
		*error_r = "TLS is already active";
		return -1;
	}
	iostream_discard_input(stream);
	if (iostream_flush_wait(stream, timeout_ms) < 0) {
		*error_r = "cannot send reply before TLS handshake";
		return -1;
	}
	if (tls_session_new(ctx, stream->fd, &stream->tls, error_r) < 0)
		return -1;
	if (tls_session_handshake(stream->tls, timeout_ms, error_r) < 0) {
		tls_session_free(&stream->tls);
		return -1;
	}
	return 0;
}

static ssize_t
iostream_raw_read(struct iostream *stream, void *buf, size_t size)
{
	ssize_t n;

	if (stream->tls != NULL)
		return tls_session_recv(stream->tls, buf, size);
	do {
		n = read(stream->fd, buf, size);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EWOULDBLOCK)
		errno = EAGAIN;
	/* A reset connection is an end of stream to the protocol. */
	if (n < 0 && errno == ECONNRESET)
		n = 0;
	return n;
}

ssize_t
iostream_fill(struct iostream *stream)
{
	size_t space;
	ssize_t n;

	if (stream->in_start > 0 && stream->in_len > 0)
		memmove(stream->in, stream->in + stream->in_start,
			stream->in_len);
	stream->in_start = 0;
	space = stream->in_size - stream->in_len;
	if (space == 0) {
		errno = ENOBUFS;
		return -1;
	}
	n = iostream_raw_read(stream, stream->in + stream->in_len, space);
	if (n > 0) {
		stream->in_len += (size_t)n;
		stream->bytes_in += (unsigned long long)n;
	}
	return n;
}

const char *
iostream_input(const struct iostream *stream, size_t *size_r)
{
	*size_r = stream->in_len;
	return stream->in + stream->in_start;
}

void
iostream_consume(struct iostream *stream, size_t size)
{
	if (size >= stream->in_len) {
		stream->in_start = 0;
		stream->in_len = 0;
		return;
	}
	stream->in_start += size;
	stream->in_len -= size;
}

int
iostream_preload(struct iostream *stream, const void *data, size_t size)
{
	if (size > stream->in_size - stream->in_len) {
		errno = ENOBUFS;
		return -1;
	}
	if (stream->in_len > 0)
		memmove(stream->in + size, stream->in + stream->in_start,
			stream->in_len);
	memcpy(stream->in, data, size);
	stream->in_start = 0;
	stream->in_len += size;
	return 0;
}

void
iostream_discard_input(struct iostream *stream)
{
	stream->in_start = 0;
	stream->in_len = 0;
}

bool
iostream_has_pending(const struct iostream *stream)
{
	return stream->tls != NULL && tls_session_pending(stream->tls) > 0;
}


short
iostream_poll_events(const struct iostream *stream)
{
	if (stream->tls != NULL && stream->tls_retry > 0 &&
	    !tls_session_wants_write(stream->tls))
		return POLLIN;
	return POLLOUT;
}

ssize_t
iostream_read_wait(struct iostream *stream, int timeout_ms)
{
	long long deadline = iostream_now_ms() + timeout_ms;
	struct pollfd pfd = { .fd = stream->fd };
	ssize_t n;
	int left;

	for (;;) {
		if (stream->out_len > 0 && iostream_flush(stream) < 0)
			return -1;
		n = iostream_fill(stream);
		if (n >= 0 || errno != EAGAIN)
			return n;
		left = (int)(deadline - iostream_now_ms());
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.events = POLLIN;
		if (stream->out_len > 0)
			pfd.events |= iostream_poll_events(stream);
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			return -1;
	}
}

static void
iostream_out_reserve(struct iostream *stream, size_t size)
{
	size_t need = stream->out_len + size, alloc;

	if (stream->out_start + need <= stream->out_alloc)
		return;
	/* Compacting is only safe when no TLS retry points into the data
	   (GnuTLS ignores the bytes on a retry, so moving them is fine; the
	   count is what must stay the same). */
	if (stream->out_start > 0) {
		memmove(stream->out, stream->out + stream->out_start,
			stream->out_len);
		stream->out_start = 0;
	}
	if (need <= stream->out_alloc)
		return;
	alloc = stream->out_alloc > 0 ? stream->out_alloc
				      : IOSTREAM_OUT_INITIAL;
	while (alloc < need)
		alloc *= 2;
	if (alloc > stream->out_max)
		alloc = stream->out_max;
	stream->out = xrealloc(stream->out, alloc);
	stream->out_alloc = alloc;
}

int
iostream_write(struct iostream *stream, const void *data, size_t size)
{
	if (size > stream->out_max - stream->out_len) {
		errno = ENOBUFS;
		return -1;
	}
	if (size == 0)
		return 0;
	iostream_out_reserve(stream, size);
	memcpy(stream->out + stream->out_start + stream->out_len, data, size);
	stream->out_len += size;
	return 0;
}

int
iostream_write_str(struct iostream *stream, const char *str)
{
	return iostream_write(stream, str, strlen(str));
}

int
iostream_printf(struct iostream *stream, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int len, ret;

	va_start(ap, fmt);
	len = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (len < 0)
		return -1;
	if ((size_t)len < sizeof(small))
		return iostream_write(stream, small, (size_t)len);
	va_start(ap, fmt);
	big = xvasprintf(fmt, ap);
	va_end(ap);
	ret = iostream_write(stream, big, (size_t)len);
	free(big);
	return ret;
}

size_t
iostream_out_pending(const struct iostream *stream)
{
	return stream->out_len;
}

size_t
iostream_out_avail(const struct iostream *stream)
{
	return stream->out_max - stream->out_len;
}

static ssize_t
iostream_raw_write(struct iostream *stream)
{
	const char *data = stream->out + stream->out_start;
	size_t size = stream->out_len;
	ssize_t n;

	if (stream->tls != NULL) {
		if (stream->tls_retry > 0)
			size = stream->tls_retry;
		else if (size > IOSTREAM_SEND_CHUNK)
			size = IOSTREAM_SEND_CHUNK;
		n = tls_session_send(stream->tls, data, size);
		stream->tls_retry = n < 0 && errno == EAGAIN ? size : 0;
		return n;
	}
	do {
		n = write(stream->fd, data, size);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EWOULDBLOCK)
		errno = EAGAIN;
	return n;
}

int
iostream_flush(struct iostream *stream)
{
	ssize_t n;

	while (stream->out_len > 0) {
		n = iostream_raw_write(stream);
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		stream->out_start += (size_t)n;
		stream->out_len -= (size_t)n;
		stream->bytes_out += (unsigned long long)n;
	}
	stream->out_start = 0;
	return 1;
}

int
iostream_flush_wait(struct iostream *stream, int timeout_ms)
{
	long long deadline = iostream_now_ms() + timeout_ms;
	struct pollfd pfd = { .fd = stream->fd };
	int ret, left;

	for (;;) {
		ret = iostream_flush(stream);
		if (ret != 0)
			return ret > 0 ? 0 : -1;
		left = (int)(deadline - iostream_now_ms());
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.events = iostream_poll_events(stream);
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			return -1;
	}
}

unsigned long long
iostream_bytes_in(const struct iostream *stream)
{
	return stream->bytes_in;
}

unsigned long long
iostream_bytes_out(const struct iostream *stream)
{
	return stream->bytes_out;
}
