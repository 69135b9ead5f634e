#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "lmtp-ipc.h"
#include "safe-io.h"

int
lmtp_ipc_send(int fd, char type, const void *data, size_t len)
{
	unsigned char frame[3 + LMTP_IPC_MAX];

	if (len > LMTP_IPC_MAX)
		return -1;
	frame[0] = (unsigned char)type;
	frame[1] = (unsigned char)(len >> 8);
	frame[2] = (unsigned char)(len & 0xff);
	if (len > 0)
		memcpy(frame + 3, data, len);
	return write_full(fd, frame, 3 + len);
}

/* Reads exactly size bytes. 1, 0 at EOF before any byte, -1 otherwise. */
static int
read_exact(int fd, void *buf, size_t size, int timeout_ms)
{
	unsigned char *p = buf;
	size_t done = 0;

	while (done < size) {
		ssize_t n;

		if (timeout_ms > 0) {
			struct pollfd pfd = { fd, POLLIN, 0 };
			int r = poll(&pfd, 1, timeout_ms);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return -1;
		}
		n = read(fd, p + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return done == 0 ? 0 : -1;
		done += (size_t)n;
	}
	return 1;
}

int
lmtp_ipc_recv(int fd, struct lmtp_ipc_msg *msg, int timeout_ms)
{
	unsigned char head[3];
	int r = read_exact(fd, head, sizeof(head), timeout_ms);

	if (r <= 0)
		return r;
	msg->type = (char)head[0];
	msg->len = (uint16_t)((head[1] << 8) | head[2]);
	if (msg->len > LMTP_IPC_MAX)
		return -1;
	if (msg->len > 0 &&
	    read_exact(fd, msg->data, msg->len, timeout_ms) != 1)
		return -1;
	msg->data[msg->len] = '\0';
	return 1;
}
