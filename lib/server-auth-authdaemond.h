#ifndef ESTAFETTE_SERVER_AUTH_AUTHDAEMOND_H
#define ESTAFETTE_SERVER_AUTH_AUTHDAEMOND_H

/*
 * The runtime's auth function over authdaemond (authlib/authclient.h):
 * authtype "login" ("user\npass\n") and "cram-md5"/"cram-sha1"/
 * "cram-sha256" ("b64challenge\nb64response\n") become AUTH requests with
 * the client's address as TCPREMOTEIP; "apop" ("stamp\ndigest\n") becomes
 * a PRE lookup whose clear-text PASSWD2 is checked here
 * (server-auth-apop.h), as authdaemond has no APOP request. A record with
 * USERNAME takes its uid from the password database, as Courier's client
 * does.
 */

#include "server-auth.h"

struct server_authdaemond {
	/* authdaemond's socket; NULL for the compiled-in default. */
	const char *socket_path;
};

/* server_auth_fn; context is a struct server_authdaemond. */
enum server_auth_status server_auth_authdaemond(
	void *context, const char *service, const struct server_creds *creds,
	const char *remote_ip, struct server_account *account_r,
	const char **error_r);

#endif
