#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <gnutls/gnutls.h>

#include "log.h"
#include "safe-io.h"
#include "tls-gnutls.h"

/* A DH parameter file is a few KB; anything bigger is not one. */
#define TLS_DHPARAMS_MAX_SIZE (64 * 1024)

struct tls_context {
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t priority;
	gnutls_dh_params_t dh;
	enum tls_verify verify;
};

struct tls_session {
	gnutls_session_t gs;
	struct tls_context *ctx;
	int last_error;
	bool wants_write;
};

static char tls_error_buf[512];

static const char *
tls_error(const char *what, const char *path, int gerr)
{
	if (path != NULL)
		snprintf(tls_error_buf, sizeof(tls_error_buf), "%s %s: %s",
			 what, path, gnutls_strerror(gerr));
	else
		snprintf(tls_error_buf, sizeof(tls_error_buf), "%s: %s", what,
			 gnutls_strerror(gerr));
	return tls_error_buf;
}

int
tls_verify_parse(const char *value, enum tls_verify *verify_r)
{
	if (value == NULL || *value == '\0' || strcasecmp(value, "NONE") == 0)
		*verify_r = TLS_VERIFY_NONE;
	else if (strcasecmp(value, "PEER") == 0)
		*verify_r = TLS_VERIFY_PEER;
	else if (strcasecmp(value, "REQUIREPEER") == 0)
		*verify_r = TLS_VERIFY_REQUIREPEER;
	else
		return -1;
	return 0;
}

/*
 * Courier's default TLS_DHPARAMS names a file that mkdhparams creates
 * later; without it GnuTLS's well-known groups serve (they only matter for
 * the old DHE key exchanges anyway).
 */
static int
tls_load_dhparams(struct tls_context *ctx, const char *path,
		  const char **error_r)
{
	gnutls_datum_t datum;
	char *data = NULL;
	size_t size;
	int gerr, ret = -1;

	if (path == NULL || *path == '\0' ||
	    (read_file(path, TLS_DHPARAMS_MAX_SIZE, &data, &size) < 0 &&
	     errno == ENOENT)) {
		gerr = gnutls_certificate_set_known_dh_params(
			ctx->cred, GNUTLS_SEC_PARAM_MEDIUM);
		if (gerr < 0) {
			*error_r = tls_error("DH parameters", NULL, gerr);
			return -1;
		}
		return 0;
	}
	if (data == NULL) {
		snprintf(tls_error_buf, sizeof(tls_error_buf), "%s: %s", path,
			 strerror(errno));
		*error_r = tls_error_buf;
		return -1;
	}
	if ((gerr = gnutls_dh_params_init(&ctx->dh)) < 0) {
		*error_r = tls_error("DH parameters", NULL, gerr);
		goto out;
	}
	datum.data = (unsigned char *)data;
	datum.size = (unsigned int)size;
	gerr = gnutls_dh_params_import_pkcs3(ctx->dh, &datum,
					     GNUTLS_X509_FMT_PEM);
	if (gerr < 0) {
		*error_r = tls_error("cannot read DH parameters", path, gerr);
		goto out;
	}
	gnutls_certificate_set_dh_params(ctx->cred, ctx->dh);
	ret = 0;
out:
	free(data);
	return ret;
}

static int
tls_load_credentials(struct tls_context *ctx, const struct tls_config *config,
		     const char **error_r)
{
	const char *keyfile = config->keyfile;
	int gerr;

	if (config->certfile == NULL || *config->certfile == '\0') {
		*error_r = "TLS_CERTFILE is not set";
		return -1;
	}
	if (keyfile == NULL || *keyfile == '\0')
		keyfile = config->certfile;
	gerr = gnutls_certificate_set_x509_key_file2(
		ctx->cred, config->certfile, keyfile, GNUTLS_X509_FMT_PEM,
		NULL, 0);
	if (gerr < 0) {
		*error_r = tls_error("cannot load certificate and key",
				     config->certfile, gerr);
		return -1;
	}
	if (ctx->verify != TLS_VERIFY_NONE && config->trustcerts != NULL &&
	    *config->trustcerts != '\0') {
		gerr = gnutls_certificate_set_x509_trust_file(
			ctx->cred, config->trustcerts, GNUTLS_X509_FMT_PEM);
		if (gerr < 0) {
			*error_r = tls_error("cannot load trusted certificates",
					     config->trustcerts, gerr);
			return -1;
		}
	}
	return tls_load_dhparams(ctx, config->dhparams, error_r);
}

int
tls_context_new(const struct tls_config *config, struct tls_context **ctx_r,
		const char **error_r)
{
	struct tls_context *ctx;
	const char *priority = config->priority, *err_pos = NULL;
	int gerr;

	if (priority == NULL || *priority == '\0')
		priority = "NORMAL";
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL) {
		*error_r = "out of memory";
		return -1;
	}
	ctx->verify = config->verify;
	if ((gerr = gnutls_certificate_allocate_credentials(&ctx->cred)) < 0) {
		*error_r = tls_error("credentials", NULL, gerr);
		goto fail;
	}
	if (tls_load_credentials(ctx, config, error_r) < 0)
		goto fail;
	gerr = gnutls_priority_init(&ctx->priority, priority, &err_pos);
	if (gerr < 0) {
		snprintf(tls_error_buf, sizeof(tls_error_buf),
			 "TLS_PRIORITY \"%s\": %s near \"%.40s\"", priority,
			 gnutls_strerror(gerr), err_pos != NULL ? err_pos : "");
		*error_r = tls_error_buf;
		goto fail;
	}
	*ctx_r = ctx;
	return 0;
fail:
	tls_context_free(&ctx);
	return -1;
}

void
tls_context_free(struct tls_context **ctxp)
{
	struct tls_context *ctx = *ctxp;

	if (ctx == NULL)
		return;
	if (ctx->priority != NULL)
		gnutls_priority_deinit(ctx->priority);
	if (ctx->cred != NULL)
		gnutls_certificate_free_credentials(ctx->cred);
	if (ctx->dh != NULL)
		gnutls_dh_params_deinit(ctx->dh);
	free(ctx);
	*ctxp = NULL;
}

int
tls_session_new(struct tls_context *ctx, int fd,
		struct tls_session **session_r, const char **error_r)
{
	struct tls_session *session;
	int gerr;

	session = calloc(1, sizeof(*session));
	if (session == NULL) {
		*error_r = "out of memory";
		return -1;
	}
	session->ctx = ctx;
	gerr = gnutls_init(&session->gs, GNUTLS_SERVER | GNUTLS_NONBLOCK);
	if (gerr < 0)
		goto fail;
	if ((gerr = gnutls_priority_set(session->gs, ctx->priority)) < 0 ||
	    (gerr = gnutls_credentials_set(session->gs,
					   GNUTLS_CRD_CERTIFICATE,
					   ctx->cred)) < 0)
		goto fail;
	if (ctx->verify == TLS_VERIFY_PEER)
		gnutls_certificate_server_set_request(session->gs,
						      GNUTLS_CERT_REQUEST);
	else if (ctx->verify == TLS_VERIFY_REQUIREPEER)
		gnutls_certificate_server_set_request(session->gs,
						      GNUTLS_CERT_REQUIRE);
	gnutls_transport_set_int(session->gs, fd);
	*session_r = session;
	return 0;
fail:
	*error_r = tls_error("TLS session", NULL, gerr);
	tls_session_free(&session);
	return -1;
}

void
tls_session_free(struct tls_session **sessionp)
{
	struct tls_session *session = *sessionp;

	if (session == NULL)
		return;
	if (session->gs != NULL)
		gnutls_deinit(session->gs);
	free(session);
	*sessionp = NULL;
}

static int
tls_check_peer(struct tls_session *session, const char **error_r)
{
	unsigned int status = 0;
	int gerr;

	if (session->ctx->verify == TLS_VERIFY_NONE)
		return 0;
	if (gnutls_certificate_get_peers(session->gs, NULL) == NULL) {
		if (session->ctx->verify == TLS_VERIFY_PEER)
			return 0;
		*error_r = "client sent no certificate";
		return -1;
	}
	gerr = gnutls_certificate_verify_peers2(session->gs, &status);
	if (gerr < 0) {
		*error_r = tls_error("client certificate", NULL, gerr);
		return -1;
	}
	if (status != 0) {
		*error_r = "client certificate is not trusted";
		return -1;
	}
	return 0;
}

static long long
tls_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
tls_session_handshake(struct tls_session *session, int timeout_ms,
		      const char **error_r)
{
	long long deadline = tls_now_ms() + timeout_ms;
	struct pollfd pfd;
	int gerr, left;

	pfd.fd = gnutls_transport_get_int(session->gs);
	for (;;) {
		gerr = gnutls_handshake(session->gs);
		if (gerr == GNUTLS_E_SUCCESS)
			break;
		if (gerr != GNUTLS_E_AGAIN && gerr != GNUTLS_E_INTERRUPTED &&
		    gnutls_error_is_fatal(gerr)) {
			*error_r = tls_error("TLS handshake failed", NULL,
					     gerr);
			return -1;
		}
		left = (int)(deadline - tls_now_ms());
		if (left <= 0) {
			*error_r = "TLS handshake timed out";
			return -1;
		}
		pfd.events = gnutls_record_get_direction(session->gs) != 0
				     ? POLLOUT
				     : POLLIN;
		if (poll(&pfd, 1, left) < 0 && errno != EINTR) {
			*error_r = "poll failed during TLS handshake";
			return -1;
		}
	}
	return tls_check_peer(session, error_r);
}

static ssize_t
tls_io_result(struct tls_session *session, ssize_t n, bool sending)
{
	if (n >= 0)
		return n;
	if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
		session->wants_write =
			gnutls_record_get_direction(session->gs) != 0;
		errno = EAGAIN;
		return -1;
	}
	if (!sending && (n == GNUTLS_E_PREMATURE_TERMINATION ||
			 n == GNUTLS_E_UNEXPECTED_PACKET_LENGTH))
		return 0; /* peer closed the TCP connection without a bye */
	session->last_error = (int)n;
	errno = EIO;
	return -1;
}

ssize_t
tls_session_recv(struct tls_session *session, void *buf, size_t size)
{
	ssize_t n;

	session->wants_write = false;
	n = gnutls_record_recv(session->gs, buf, size);
	/* A renegotiation or key update attempt is not an error to us. */
	if (n == GNUTLS_E_REHANDSHAKE || n == GNUTLS_E_WARNING_ALERT_RECEIVED) {
		errno = EAGAIN;
		return -1;
	}
	return tls_io_result(session, n, false);
}

ssize_t
tls_session_send(struct tls_session *session, const void *buf, size_t size)
{
	session->wants_write = false;
	return tls_io_result(session, gnutls_record_send(session->gs, buf,
							 size),
			     true);
}

size_t
tls_session_pending(struct tls_session *session)
{
	return gnutls_record_check_pending(session->gs);
}

bool
tls_session_wants_write(struct tls_session *session)
{
	return session->wants_write;
}

void
tls_session_bye(struct tls_session *session)
{
	(void)gnutls_bye(session->gs, GNUTLS_SHUT_WR);
}

const char *
tls_session_last_error(struct tls_session *session)
{
	return gnutls_strerror(session->last_error);
}

const char *
tls_session_describe(struct tls_session *session, char *buf, size_t size)
{
	const char *proto, *cipher;

	proto = gnutls_protocol_get_name(
		gnutls_protocol_get_version(session->gs));
	cipher = gnutls_cipher_get_name(gnutls_cipher_get(session->gs));
	snprintf(buf, size, "%s %s", proto != NULL ? proto : "?",
		 cipher != NULL ? cipher : "?");
	return buf;
}
