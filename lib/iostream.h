#ifndef ESTAFETTE_IOSTREAM_H
#define ESTAFETTE_IOSTREAM_H

/*
 * The I/O layer every protocol handler uses: one connection, read and
 * written through a plain socket or a TLS session, with an input buffer of
 * fixed capacity and an output buffer with a hard cap. Handlers never know
 * whether TLS is on.
 *
 * Input: iostream_fill() reads what is available into the input buffer
 * (never more than its capacity); iostream_input() shows the buffered bytes
 * and iostream_consume() drops the ones a parser used. A full buffer that
 * the parser cannot use is the parser's "line too long" case.
 *
 * Output: iostream_write() appends to the output buffer and fails (-1,
 * nothing appended) when the hard cap would be exceeded, so a client that
 * never reads costs at most out_max bytes; iostream_flush() sends what the
 * socket takes without blocking, iostream_flush_wait() waits with a
 * timeout.
 *
 * The socket is switched to non-blocking mode. The stream owns fd and
 * closes it in iostream_free().
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "log.h"

struct iostream;
struct tls_context;

/* Takes ownership of fd. in_size: input capacity (> 0); out_max: cap on
   unsent output. Never NULL (out-of-memory is fatal). */
struct iostream *iostream_new(int fd, size_t in_size, size_t out_max);
/* Ends the connection and frees: TLS close_notify (best effort), then a
   short lingering close (iostream.c). NULL is fine. */
void iostream_free(struct iostream **stream);

int iostream_fd(const struct iostream *stream);
/*
 * Gives the socket up without touching the connection (no TLS bye, no
 * shutdown): for a process that hands the connection to another one that
 * holds the same socket. Returns the fd, now the caller's to close().
 */
int iostream_release_fd(struct iostream *stream);
bool iostream_is_tls(const struct iostream *stream);
/* "TLSv1.3 AES-256-GCM" or "plain", into buf. */
const char *iostream_describe(const struct iostream *stream, char *buf,
			      size_t size);

/*
 * Turns TLS on: discards every byte buffered so far (input sent before the
 * handshake must never be taken as sent inside it — RFC 2595 / 3207),
 * flushes pending output in the clear (the "begin TLS" reply) and runs the
 * handshake, all within timeout_ms. ctx is borrowed and must outlive the
 * stream. Returns 0, or -1 with *error_r (static storage).
 */
int iostream_start_tls(struct iostream *stream, struct tls_context *ctx,
		       int timeout_ms, const char **error_r);

/*
 * Reads what is available without blocking into the input buffer.
 * Returns > 0 bytes added, 0 at end of stream, -1 with errno: EAGAIN
 * (nothing yet), ENOBUFS (input buffer full) or another error.
 */
ssize_t iostream_fill(struct iostream *stream);
/* Buffered input: *size_r bytes at the returned address, valid until the
   next fill, consume or start_tls. */
const char *iostream_input(const struct iostream *stream, size_t *size_r);
/* Drops the first size buffered bytes (size <= buffered). */
void iostream_consume(struct iostream *stream, size_t size);
/* Puts data (input read earlier by another process) in front of anything
   read later. -1 (errno ENOBUFS, nothing added) if it does not fit. */
int iostream_preload(struct iostream *stream, const void *data, size_t size);
/* Drops all buffered input. */
void iostream_discard_input(struct iostream *stream);
/* True when input is buffered in the TLS layer, which poll() cannot see:
   call iostream_fill() without waiting. */
bool iostream_has_pending(const struct iostream *stream);

/*
 * Waits until input arrives (and is buffered by iostream_fill) or
 * timeout_ms passes, flushing output meanwhile. Returns > 0 bytes added,
 * 0 at end of stream, -1 with errno ETIMEDOUT, ENOBUFS, or another error.
 */
ssize_t iostream_read_wait(struct iostream *stream, int timeout_ms);

enum iostream_line_result {
	IOSTREAM_LINE_OK,
	IOSTREAM_LINE_EOF,	/* peer closed (a partial line is dropped) */
	IOSTREAM_LINE_TIMEOUT,	/* no complete line within timeout_ms */
	IOSTREAM_LINE_TOO_LONG, /* more than max_line bytes before LF */
	IOSTREAM_LINE_ERROR,	/* I/O or TLS error */
};

/*
 * Reads one line ending in LF or CR LF (iostream-line.c). The whole line
 * must arrive within timeout_ms, so a client trickling bytes cannot hold
 * the connection longer than that. max_line must be smaller than the input
 * capacity. On OK the line, without its ending, is copied to buf
 * (max_line + 1 bytes, NUL-terminated; it may contain NUL bytes, *len_r
 * says how long it is) and consumed from the input; pipelined input after
 * it stays buffered. Callers wipe buf when it held a secret.
 */
enum iostream_line_result iostream_read_line(struct iostream *stream,
					     char *buf, size_t max_line,
					     int timeout_ms, size_t *len_r);

/* Appends to the output; -1 (errno ENOBUFS, nothing appended) over cap. */
int iostream_write(struct iostream *stream, const void *data, size_t size);
int iostream_write_str(struct iostream *stream, const char *str);
int iostream_printf(struct iostream *stream, const char *fmt, ...)
	LOG_PRINTF(2, 3);
/* Bytes waiting to be sent. */
size_t iostream_out_pending(const struct iostream *stream);
/* Bytes that may still be appended before the cap. */
size_t iostream_out_avail(const struct iostream *stream);

/*
 * Sends buffered output without blocking: 1 everything sent, 0 some left
 * (socket full), -1 error (errno set). iostream_flush_wait() keeps going
 * for at most timeout_ms: 0 all sent, -1 with errno ETIMEDOUT or other.
 */
int iostream_flush(struct iostream *stream);
int iostream_flush_wait(struct iostream *stream, int timeout_ms);
/* Whether a blocked flush waits for readability (TLS) or writability. */
short iostream_poll_events(const struct iostream *stream);

/* Bytes received from and sent to the peer (application data). */
unsigned long long iostream_bytes_in(const struct iostream *stream);
unsigned long long iostream_bytes_out(const struct iostream *stream);

#endif
