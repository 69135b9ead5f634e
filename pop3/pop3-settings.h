#ifndef ESTAFETTE_POP3_SETTINGS_H
#define ESTAFETTE_POP3_SETTINGS_H

/*
 * pop3d's own keys from the pop3d and pop3d-ssl files (Courier's names):
 *   POP3AUTH           SASL mechanisms listed in CAPA before TLS
 *   POP3AUTH_TLS       mechanisms listed once TLS is on
 *   POP3_STARTTLS      offer STLS (YES/NO; the -ssl daemon never does)
 *   POP3_TLS_REQUIRED  no login before STLS, except from 127.0.0.1/::1
 *   POP3_LOG_DELETIONS log each deleted message
 *   POP3_APOP          offer APOP (RFC 1939): a timestamp in the greeting
 *                      (ours; Courier has no APOP, so the default is NO)
 * Read once by main(); handlers get them through server_protocol.context.
 */

#include <stdbool.h>

#include "settings.h"

struct pop3_settings {
	const char *auth_mechs;
	const char *auth_mechs_tls;
	bool starttls;
	bool tls_required;
	bool log_deletions;
	bool apop;
};

/* Strings are borrowed from set. Returns 0 or -1 with *error_r. */
int pop3_settings_init(struct pop3_settings *ps, const struct settings *set,
		       bool implicit_tls, const char **error_r);

#endif
