#ifndef ESTAFETTE_AUTHCLIENT_H
#define ESTAFETTE_AUTHCLIENT_H

/*
 * Client of authdaemond's socket (Courier's protocol, authlib(7)): what
 * imapd, pop3d, lmtpd and the auth tools call. Each call opens one
 * connection, sends one request and reads the whole reply.
 *
 * Results:
 *   AUTHCLIENT_OK        success; *rec filled in (caller clears it)
 *   AUTHCLIENT_FAIL      wrong credentials, unknown user, refused input
 *   AUTHCLIENT_TEMPFAIL  the daemon is not running, timed out, closed
 *                        without a reply (a backend is down) or replied
 *                        garbage: try again later; *error_r says why
 * Input the protocol cannot carry (a line break or control character in
 * a user name, a user name over AUTHCLIENT_MAX_USER bytes, an empty
 * password) gives AUTHCLIENT_FAIL without contacting the daemon.
 */

#include <stdbool.h>
#include <stddef.h>

#include "auth-cram.h"
#include "auth-record.h"

#define AUTHCLIENT_MAX_USER 1024
#define AUTHCLIENT_MAX_PASS 1024
#define AUTHCLIENT_MAX_REPLY 65536

enum authclient_result {
	AUTHCLIENT_OK = 0,
	AUTHCLIENT_FAIL = -1,
	AUTHCLIENT_TEMPFAIL = -2,
};

struct authclient_settings {
	const char *socket_path;	/* NULL: the compiled-in default */
	unsigned int connect_timeout_ms; /* 0: 10 s */
	unsigned int timeout_ms;	/* whole exchange; 0: 30 s */
	const char *remote_ip;		/* sent as TCPREMOTEIP=, may be NULL */
};

/* *error_r strings are static or live until the next call. */
enum authclient_result
authclient_login(const struct authclient_settings *set, const char *service,
		 const char *user, const char *pass, struct auth_record *rec,
		 const char **error_r);

/* PRE: module NULL means any module ("."). */
enum authclient_result
authclient_lookup(const struct authclient_settings *set, const char *module,
		  const char *service, const char *user,
		  struct auth_record *rec, const char **error_r);

/* AUTH cram-*: challenge as sent to the client, response decoded from
   the client's base64 ("user hexdigest"). */
enum authclient_result
authclient_cram(const struct authclient_settings *set, const char *service,
		enum auth_cram_type type, const void *challenge,
		size_t challenge_len, const void *response,
		size_t response_len, struct auth_record *rec,
		const char **error_r);

enum authclient_result
authclient_passwd(const struct authclient_settings *set, const char *service,
		  const char *user, const char *oldpass, const char *newpass,
		  const char **error_r);

struct authclient_enum_entry {
	const char *module;	/* from the "# module" line */
	const char *name;
	unsigned long uid;
	unsigned long gid;
	const char *home;
	const char *maildir;	/* "" when none */
	const char *options;	/* "" when none */
};

/* Calls cb for every account; strings are valid during the call only. */
enum authclient_result
authclient_enumerate(const struct authclient_settings *set,
		     void (*cb)(const struct authclient_enum_entry *entry,
				void *context),
		     void *context, const char **error_r);

/*
 * Sends a raw request and collects the raw reply (for tools and tests).
 * *reply_r is malloc()ed; an empty reply means the daemon closed without
 * answering.
 */
enum authclient_result
authclient_raw(const struct authclient_settings *set, const void *request,
	       size_t request_len, size_t max_reply, char **reply_r,
	       size_t *reply_len_r, const char **error_r);

#endif
