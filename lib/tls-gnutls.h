#ifndef ESTAFETTE_TLS_GNUTLS_H
#define ESTAFETTE_TLS_GNUTLS_H

/*
 * The one place that talks to GnuTLS: server credentials and server-side
 * sessions. Protocol code never calls this directly; it goes through
 * iostream.h, which wraps a session when TLS is on.
 *
 * A tls_context holds the certificate, key, DH parameters, priority string
 * and trust store read from the files named by Courier's TLS_* keys. It is
 * created by the master as root, before any fork, so that the
 * unprivileged, chrooted login processes inherit the loaded credentials
 * and never need to open a file. On SIGHUP the master builds a new context
 * and, only when that succeeds, replaces the old one.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum tls_verify {
	TLS_VERIFY_NONE,	/* no client certificate asked for */
	TLS_VERIFY_PEER,	/* asked for; checked when one is sent */
	TLS_VERIFY_REQUIREPEER, /* a valid client certificate is required */
};

struct tls_config {
	const char *certfile;	/* TLS_CERTFILE: PEM cert chain (+ key) */
	const char *keyfile;	/* TLS_PRIVATE_KEYFILE, or NULL: in cert */
	const char *dhparams;	/* TLS_DHPARAMS or NULL */
	const char *priority;	/* TLS_PRIORITY or NULL: "NORMAL" */
	const char *trustcerts; /* TLS_TRUSTCERTS or NULL */
	enum tls_verify verify; /* TLS_VERIFYPEER */
};

struct tls_context;
struct tls_session;

/* Parses a TLS_VERIFYPEER value (NONE, PEER, REQUIREPEER; case blind). */
int tls_verify_parse(const char *value, enum tls_verify *verify_r);

/*
 * Reads the files named by config (which is only borrowed for the call) and
 * returns a new context, or -1 with *error_r naming the file and the
 * GnuTLS error (static storage, valid until the next call).
 */
int tls_context_new(const struct tls_config *config,
		    struct tls_context **ctx_r, const char **error_r);
/* Frees *ctx (sessions made from it must be freed first); NULL is fine. */
void tls_context_free(struct tls_context **ctx);

/*
 * Starts a server session on the connected socket fd (borrowed: the caller
 * keeps owning and closing it). The socket may be non-blocking.
 */
int tls_session_new(struct tls_context *ctx, int fd,
		    struct tls_session **session_r, const char **error_r);
void tls_session_free(struct tls_session **session);

/*
 * Runs the handshake to completion, waiting at most timeout_ms in total
 * (the socket may be non-blocking). Returns 0, or -1 with *error_r set.
 */
int tls_session_handshake(struct tls_session *session, int timeout_ms,
			  const char **error_r);

/*
 * Reads decrypted bytes: > 0 count, 0 at a clean or abrupt end of stream,
 * -1 with errno EAGAIN (try again when the socket is readable; also
 * returned when GnuTLS was interrupted) or EIO (TLS failure;
 * tls_session_last_error() tells which).
 */
ssize_t tls_session_recv(struct tls_session *session, void *buf, size_t size);
/*
 * Encrypts and sends: > 0 count, -1 with errno EAGAIN or EIO. After
 * EAGAIN the next call must pass the same bytes again (GnuTLS keeps the
 * record it already built).
 */
ssize_t tls_session_send(struct tls_session *session, const void *buf,
			 size_t size);
/* Decrypted bytes already received and waiting to be read. */
size_t tls_session_pending(struct tls_session *session);
/* True while GnuTLS waits to write (EAGAIN on send) rather than to read. */
bool tls_session_wants_write(struct tls_session *session);
/* Sends close_notify without waiting for the peer's. */
void tls_session_bye(struct tls_session *session);

/* The error of the last failed recv/send (static storage). */
const char *tls_session_last_error(struct tls_session *session);
/* "TLSv1.3 AES-256-GCM" style description for logs, into buf. */
const char *tls_session_describe(struct tls_session *session, char *buf,
				 size_t size);

#endif
