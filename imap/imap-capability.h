#ifndef ESTAFETTE_IMAP_CAPABILITY_H
#define ESTAFETTE_IMAP_CAPABILITY_H

/*
 * The CAPABILITY list, in Courier's shape (COURIER.md section f): the
 * configured IMAP_CAPABILITY, or IMAP_CAPABILITY_TLS once TLS is on; then
 * "ACL ACL2=UNION" when IMAP_ACL is on; "STARTTLS" before login while TLS
 * is possible and not on, and "LOGINDISABLED" with it when
 * IMAP_TLS_REQUIRED; then the extensions the server implements that the
 * configured list does not name already; then "ENABLE UTF8=ACCEPT".
 * Tokens are never repeated (compared case-insensitively).
 */

#include <stdbool.h>

#include "buffer.h"

struct imap_capability_settings {
	const char *capability;	    /* IMAP_CAPABILITY; "" or NULL: IMAP4rev1 */
	const char *capability_tls; /* IMAP_CAPABILITY_TLS; "" or NULL: the
				       plain list */
	bool acl;		    /* IMAP_ACL */
	bool tls_required;	    /* IMAP_TLS_REQUIRED */
	/* Extensions implemented beyond the configured list, space
	   separated, e.g. "LITERAL+ ID UNSELECT MOVE". */
	const char *builtin;
};

struct imap_capability_state {
	bool tls_active;
	bool starttls_possible; /* TLS configured, not on yet */
	bool logged_in;
};

/* Appends the capability tokens (no "* CAPABILITY" prefix, no CR LF) to
   out. Returns -1 if out's cap is reached. */
int imap_capability_build(const struct imap_capability_settings *settings,
			  const struct imap_capability_state *state,
			  struct buffer *out);

#endif
