#ifndef ESTAFETTE_POP3_CAPA_H
#define ESTAFETTE_POP3_CAPA_H

/* The CAPA reply (RFC 2449), before and after login. */

#include <stdbool.h>

#include "iostream.h"
#include "pop3-settings.h"

struct pop3_capa {
	bool tls;	 /* the connection is encrypted */
	bool offer_stls; /* STLS may be used now */
	bool login_ok;	 /* USER and SASL may be used now (not logged in,
			    and TLS is not required first) */
	bool logged_in;	 /* after login: USER is still listed, as Courier
			    and Dovecot list it (RFC 2449 6.1 allows it) */
};

/* Queues the whole multi-line reply. Returns 0, or -1 over the cap. */
int pop3_capa_write(struct iostream *stream, const struct pop3_settings *ps,
		    const struct pop3_capa *capa);

#endif
