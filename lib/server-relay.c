#include "config.h"

/*
 * After a login over TLS the login process stays on as the pipe between
 * the encrypted client connection and the session process's plain socket.
 * Each direction is read only while the other side's output buffer has
 * room, so a client that never reads (or a session that never reads) stops
 * the flow instead of growing memory: at most RELAY_OUT_MAX per direction.
 * A side that takes none of its pending output for stuck_ms ends the
 * relay; an idle connection with nothing pending is the session's
 * business (its own idle timeout).
 */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "server-login.h"

#define RELAY_OUT_MAX (256 * 1024)
#define RELAY_IN_SIZE (16 * 1024)
#define RELAY_DRAIN_MS 10000

/* Moves what from buffered can take into to's output. */
static void
relay_move(struct iostream *from, struct iostream *to)
{
	const char *data;
	size_t size, room;

	data = iostream_input(from, &size);
	room = iostream_out_avail(to);
	if (size > room)
		size = room;
	if (size == 0)
		return;
	(void)iostream_write(to, data, size);
	iostream_consume(from, size);
}

/* Reads from one side if the other can take it. Returns -1 at the end of
   the stream or on error, else 0. */
static int
relay_pump(struct iostream *from, struct iostream *to)
{
	ssize_t n;

	relay_move(from, to);
	while (iostream_out_avail(to) > 0) {
		n = iostream_fill(from);
		if (n == 0)
			return -1;
		if (n < 0)
			return errno == EAGAIN || errno == ENOBUFS ? 0 : -1;
		relay_move(from, to);
	}
	return 0;
}

static long long
relay_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A side with nothing to wait for is left out of poll() altogether (fd
   -1), so that a hang-up there cannot make poll() spin. */
static void
relay_poll_setup(struct pollfd *pfd, struct iostream *self,
		 struct iostream *peer)
{
	pfd->events = 0;
	if (iostream_out_avail(peer) > 0)
		pfd->events |= POLLIN;
	if (iostream_out_pending(self) > 0)
		pfd->events |= iostream_poll_events(self);
	pfd->fd = pfd->events != 0 ? iostream_fd(self) : -1;
}

/* Milliseconds poll() may wait: 0 when GnuTLS holds decrypted input
   (poll() cannot see it), the rest of the stuck budget while output is
   pending, else forever. -2 when the budget is used up. */
static int
relay_timeout(struct iostream *client, struct iostream *session,
	      long long progress_ms, unsigned int stuck_ms)
{
	long long left;

	if (iostream_has_pending(client) && iostream_out_avail(session) > 0)
		return 0;
	if (iostream_out_pending(client) == 0 &&
	    iostream_out_pending(session) == 0)
		return -1;
	left = progress_ms + stuck_ms - relay_now_ms();
	return left > 0 ? (int)left : -2;
}

void
login_relay(struct iostream *client, int session_fd, unsigned int stuck_ms)
{
	struct iostream *session;
	struct pollfd pfd[2];
	unsigned long long moved, last_moved = 0;
	long long progress_ms = relay_now_ms();
	int timeout;

	session = iostream_new(session_fd, RELAY_IN_SIZE, RELAY_OUT_MAX);
	for (;;) {
		if (relay_pump(client, session) < 0 ||
		    relay_pump(session, client) < 0)
			break;
		if (iostream_flush(client) < 0 || iostream_flush(session) < 0)
			break;
		moved = iostream_bytes_out(client) + iostream_bytes_out(session);
		if (moved != last_moved) {
			last_moved = moved;
			progress_ms = relay_now_ms();
		}
		relay_poll_setup(&pfd[0], client, session);
		relay_poll_setup(&pfd[1], session, client);
		timeout = relay_timeout(client, session, progress_ms, stuck_ms);
		if (timeout == -2) {
			log_info("relay: peer stopped reading, giving up");
			break;
		}
		if (poll(pfd, 2, timeout) < 0 && errno != EINTR) {
			log_error("relay: poll: %s", strerror(errno));
			break;
		}
	}
	/* Whatever one side said last still reaches the other. */
	relay_move(session, client);
	relay_move(client, session);
	(void)iostream_flush_wait(client, RELAY_DRAIN_MS);
	(void)iostream_flush_wait(session, RELAY_DRAIN_MS);
	iostream_free(&session);
}
