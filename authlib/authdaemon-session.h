#ifndef ESTAFETTE_AUTHDAEMON_SESSION_H
#define ESTAFETTE_AUTHDAEMON_SESSION_H

/*
 * One connection to authdaemond: reads one request (bounded by
 * AUTH_REQUEST_MAX bytes and cfg->request_timeout seconds in total),
 * answers it through the module chain and returns; the caller closes fd.
 * Malformed, oversized or slow requests are dropped without a reply, and so
 * is a request a module cannot answer now (temporary failure), as Courier
 * does.
 */

#include "auth-chain.h"
#include "authdaemon-config.h"

void authdaemon_session(const struct authdaemon_config *cfg,
			struct auth_chain *chain, int fd);

#endif
