#ifndef ESTAFETTE_LOGIN_SASL_H
#define ESTAFETTE_LOGIN_SASL_H

/*
 * Server side of the SASL mechanisms offered before login (PLAIN, LOGIN,
 * CRAM-MD5; RFC 4616, draft-murchison-sasl-login, RFC 2195), independent
 * of the protocol that frames them (POP3 AUTH, IMAP AUTHENTICATE). The
 * exchange ends in authdaemond's terms: an authtype ("login",
 * "cram-md5") and its authdata ("user\npass\n", or
 * "b64challenge\nb64response\n"), ready for login_client_auth().
 *
 * Responses are base64 text without the line ending; the caller handles
 * the "*" cancel. All decoded secrets live inside struct login_sasl and
 * are wiped by login_sasl_wipe(), which the caller must call on every path.
 */

#include <stdbool.h>
#include <stddef.h>

#include "server-creds.h"

enum login_sasl_mech {
	LOGIN_SASL_PLAIN,
	LOGIN_SASL_LOGIN,
	LOGIN_SASL_CRAM_MD5,
};

enum login_sasl_result {
	LOGIN_SASL_CONTINUE, /* send "+ " challenge, read a response */
	LOGIN_SASL_DONE,     /* authtype, user and authdata are set */
	LOGIN_SASL_ERROR,    /* malformed exchange */
};

struct login_sasl {
	enum login_sasl_mech mech;
	unsigned int step;
	const char *authtype;
	char user[SERVER_CREDS_MAX_USER + 1];
	char authdata[SERVER_CREDS_MAX_AUTHDATA];
	size_t authdata_len;
	char challenge[128];	 /* CRAM-MD5 challenge, plain text */
	char challenge_b64[176]; /* what was sent */
};

/* Case-insensitive mechanism name. Returns -1 for an unknown one. */
int login_sasl_mech_parse(const char *name, enum login_sasl_mech *mech_r);
const char *login_sasl_mech_name(enum login_sasl_mech mech);

/*
 * Starts an exchange. initial is the initial response (base64, "=" for an
 * empty one) or NULL when the client sent none. On CONTINUE *challenge_r
 * is the base64 challenge to send (valid while sasl lives).
 */
enum login_sasl_result login_sasl_start(struct login_sasl *sasl,
					enum login_sasl_mech mech,
					const char *initial,
					const char **challenge_r);
/* Feeds the client's next response (base64). */
enum login_sasl_result login_sasl_continue(struct login_sasl *sasl,
					   const char *response,
					   const char **challenge_r);
void login_sasl_wipe(struct login_sasl *sasl);

#endif
