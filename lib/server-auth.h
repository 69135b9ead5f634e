#ifndef ESTAFETTE_SERVER_AUTH_H
#define ESTAFETTE_SERVER_AUTH_H

/*
 * How the runtime checks credentials: one function, called in the
 * (still root) session process the master forks for each set of
 * credentials a login process sends. The daemon supplies it in its
 * server_protocol; server_auth_authdaemond() asks Courier's authdaemond
 * (our authlib) over its Unix socket.
 */

#include <stdbool.h>
#include <sys/types.h>

#include "server-creds.h"

enum server_auth_status {
	SERVER_AUTH_OK,
	SERVER_AUTH_FAILED,   /* wrong credentials, unknown user */
	SERVER_AUTH_TEMPFAIL, /* authdaemond down or a backend failed */
};

/* An authenticated account. Strings are malloc()ed and owned (freed by
   server_account_clear()); NULL when authdaemond did not send the field. */
struct server_account {
	char *address; /* login name as authdaemond knows it (ADDRESS) */
	char *sysuser; /* USERNAME: system account for uid/gid/groups */
	uid_t uid;
	gid_t gid;
	char *home;
	char *maildir; /* MAILDIR, else the daemon uses MAILDIRPATH */
	char *quota;
	char *options; /* "disablepop3=1,..." */
};

typedef enum server_auth_status server_auth_fn(
	void *context, const char *service, const struct server_creds *creds,
	const char *remote_ip, struct server_account *account_r,
	const char **error_r);

void server_account_clear(struct server_account *account);

/*
 * Returns the value of an account option ("disablepop3") as a bool: a
 * bare key or a value other than "0"/"" is true; absent is false.
 */
bool server_account_option(const struct server_account *account,
			   const char *key);

#endif
