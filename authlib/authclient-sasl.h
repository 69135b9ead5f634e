#ifndef ESTAFETTE_AUTHCLIENT_SASL_H
#define ESTAFETTE_AUTHCLIENT_SASL_H

/*
 * Server side of the SASL mechanisms imapd and pop3d offer: PLAIN, LOGIN,
 * CRAM-MD5, CRAM-SHA1, CRAM-SHA256. The protocol layer base64-decodes each
 * client line and calls authclient_sasl_step(); this module says what to
 * send back (a raw challenge the caller base64-encodes) or that the
 * credentials are complete; authclient_sasl_auth() then asks authdaemond
 * (PLAIN and LOGIN as authtype "login", as Courier does).
 *
 * Limits: each client message at most AUTHCLIENT_MAX_USER +
 * AUTHCLIENT_MAX_PASS + 2 bytes; PLAIN with an authorization identity
 * other than the authentication identity is refused. Secrets are wiped by
 * authclient_sasl_free().
 */

#include <stdbool.h>
#include <stddef.h>

#include "authclient.h"

enum authclient_sasl_status {
	AUTHCLIENT_SASL_CONTINUE,	/* send *challenge_r, read more */
	AUTHCLIENT_SASL_DONE,		/* call authclient_sasl_auth() */
	AUTHCLIENT_SASL_ERROR,		/* malformed client data: fail */
};

struct authclient_sasl;

/* mech is matched without regard to case; hostname goes into the CRAM
   challenge. Returns NULL for an unsupported mechanism. */
struct authclient_sasl *authclient_sasl_new(const char *mech,
					    const char *hostname);
void authclient_sasl_free(struct authclient_sasl **sasl);

/*
 * One step. have_input is false when the client sent no (initial)
 * response. *challenge_r stays valid until the next call.
 */
enum authclient_sasl_status
authclient_sasl_step(struct authclient_sasl *sasl, bool have_input,
		     const void *input, size_t input_len,
		     const void **challenge_r, size_t *challenge_len_r,
		     const char **error_r);

/* The authentication identity once known (DONE), else NULL. */
const char *authclient_sasl_user(const struct authclient_sasl *sasl);

/* Verifies the collected credentials with authdaemond. */
enum authclient_result
authclient_sasl_auth(const struct authclient_settings *set,
		     struct authclient_sasl *sasl, const char *service,
		     struct auth_record *rec, const char **error_r);

#endif
