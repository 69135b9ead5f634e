#ifndef ESTAFETTE_AUTHCLIENT_SASL_H
#define ESTAFETTE_AUTHCLIENT_SASL_H

/*
 * The one server-side implementation of the SASL exchanges imapd and
 * pop3d offer: PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195), CRAM-SHA1
 * and CRAM-SHA256. Used by the chrooted login processes (POP3 AUTH, IMAP
 * AUTHENTICATE) and by authlib's tools.
 *
 * The exchange itself never talks to authdaemond: it ends with the
 * credentials in authdaemond's terms (authclient_sasl_authdata(): authtype
 * "login" with "user\npass\n" for PLAIN and LOGIN, as Courier does, or
 * "cram-md5"/"cram-sha1"/"cram-sha256" with "b64challenge\nb64response\n"),
 * which a login process hands to its master. Only authclient_sasl_auth()
 * connects to authdaemond; a login process never calls it.
 *
 * Two framings of the same steps: authclient_sasl_step() takes and gives
 * raw bytes; authclient_sasl_step_b64() takes a client line in base64
 * ("=" is an empty response; the caller handles the "*" cancel) and gives
 * the base64 challenge to send after "+ ".
 *
 * Limits: each decoded client message at most AUTHCLIENT_SASL_MAX_INPUT
 * bytes, a user name at most AUTHCLIENT_MAX_USER bytes without control
 * characters, a password without line breaks. PLAIN with an authorization
 * identity other than the authentication identity is refused. Secrets are
 * wiped by authclient_sasl_free().
 */

#include <stdbool.h>
#include <stddef.h>

#include "authclient.h"

#define AUTHCLIENT_SASL_MAX_INPUT                                            \
	(AUTHCLIENT_MAX_USER + AUTHCLIENT_MAX_PASS + 2)

enum authclient_sasl_status {
	AUTHCLIENT_SASL_CONTINUE,	/* send *challenge_r, read more */
	AUTHCLIENT_SASL_DONE,		/* the credentials are complete */
	AUTHCLIENT_SASL_ERROR,		/* malformed client data: fail */
};

struct authclient_sasl;

/* mech is matched without regard to case; hostname goes into the CRAM
   challenge. Returns NULL for an unsupported mechanism. */
struct authclient_sasl *authclient_sasl_new(const char *mech,
					    const char *hostname);
void authclient_sasl_free(struct authclient_sasl **sasl);

/* The canonical (upper-case) name of a supported mechanism, else NULL. */
const char *authclient_sasl_mech_name(const char *mech);

/*
 * One step with raw bytes. have_input is false when the client sent no
 * (initial) response. *challenge_r stays valid until the next call.
 */
enum authclient_sasl_status
authclient_sasl_step(struct authclient_sasl *sasl, bool have_input,
		     const void *input, size_t input_len,
		     const void **challenge_r, size_t *challenge_len_r,
		     const char **error_r);

/*
 * One step with base64 text (line NULL: no initial response). On CONTINUE
 * *challenge_r is the base64 challenge (valid until the next call).
 */
enum authclient_sasl_status
authclient_sasl_step_b64(struct authclient_sasl *sasl, const char *line,
			 const char **challenge_r, const char **error_r);

/* The authentication identity once known (DONE), else NULL. */
const char *authclient_sasl_user(const struct authclient_sasl *sasl);

/*
 * After DONE: *authtype_r (static) and the AUTH data, written into
 * buf[size] (not NUL-terminated; the caller wipes it). Returns the data
 * length, or -1 with *error_r when it does not fit.
 */
int authclient_sasl_authdata(const struct authclient_sasl *sasl,
			     const char **authtype_r, char *buf, size_t size,
			     const char **error_r);

/* Verifies the collected credentials with authdaemond. */
enum authclient_result
authclient_sasl_auth(const struct authclient_settings *set,
		     struct authclient_sasl *sasl, const char *service,
		     struct auth_record *rec, const char **error_r);

/* Bytes needed to encode size bytes in base64, including the NUL. */
#define AUTHCLIENT_B64_SIZE(size) ((((size) + 2) / 3) * 4 + 1)

/* Base64 (RFC 4648, standard alphabet, padded). Encodes src into dst
   (dst_size >= AUTHCLIENT_B64_SIZE(size)); returns the length without
   the NUL, or -1 when dst is too small. */
int authclient_b64_encode(const void *src, size_t size, char *dst,
			  size_t dst_size);

/*
 * Strict decoding: no white space, padding only at the end and only as
 * much as the length needs, no bits left over. Writes at most dst_size
 * bytes (NUL-terminated too when there is room). Returns the decoded
 * length, or -1 when src is not valid or the result does not fit.
 */
int authclient_b64_decode(const char *src, size_t len, unsigned char *dst,
			  size_t dst_size);

#endif
