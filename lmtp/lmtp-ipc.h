#ifndef ESTAFETTE_LMTP_IPC_H
#define ESTAFETTE_LMTP_IPC_H

/*
 * The messages between lmtpd's protocol process (unprivileged, parses the
 * client) and its delivery process (root). Each is one frame: a type byte,
 * a two-byte big-endian length, and at most LMTP_IPC_MAX payload bytes.
 * The delivery process parses nothing else from that side.
 *
 *   protocol -> delivery            delivery -> protocol
 *   'M' sender address              'm' (empty)
 *   'R' recipient address           'r' one status byte
 *   'X' (reset the transaction)     'x' (empty)
 *   'D' 8-byte big-endian size:     'd' one status byte per accepted
 *       the message is in the           recipient, in order
 *       spool file, from offset 0
 */

#include <stddef.h>
#include <stdint.h>

#define LMTP_IPC_MAX 1024

enum lmtp_ipc_status {
	LMTP_IPC_OK = 0,
	LMTP_IPC_UNKNOWN = 1,	 /* RCPT: no such user */
	LMTP_IPC_TEMPFAIL = 2,	 /* try again later */
	LMTP_IPC_OVER_QUOTA = 3, /* DATA: mailbox full */
};

struct lmtp_ipc_msg {
	char type;
	uint16_t len;
	unsigned char data[LMTP_IPC_MAX + 1]; /* NUL-terminated */
};

/* Sends one frame (blocking). Returns 0, or -1 (len too big, I/O). */
int lmtp_ipc_send(int fd, char type, const void *data, size_t len);

/*
 * Receives one frame (blocking, timeout_ms <= 0: no timeout). Returns 1,
 * 0 on a clean end of file before a frame, -1 on error, timeout or a
 * frame longer than LMTP_IPC_MAX.
 */
int lmtp_ipc_recv(int fd, struct lmtp_ipc_msg *msg, int timeout_ms);

#endif
