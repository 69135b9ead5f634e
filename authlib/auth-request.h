#ifndef ESTAFETTE_AUTH_REQUEST_H
#define ESTAFETTE_AUTH_REQUEST_H

/*
 * Parser for one request on the authdaemond socket (Courier's protocol,
 * see authlib(7)):
 *
 *   [NAME=value\n]...            meta lines (TCPREMOTEIP=... and friends)
 *   PRE <module|.> <service> <user>\n
 *   AUTH <n>\n<service>\n<authtype>\n<authdata>   (n = bytes after "AUTH n\n")
 *   PASSWD <service>\t<user>\t<oldpw>\t<newpw>\n
 *   ENUMERATE\n
 *
 * The daemon feeds the bytes read so far; the parser says whether they hold
 * a whole request, need more, or can never become one. A request is at most
 * AUTH_REQUEST_MAX bytes; bytes after the end of the request are ignored.
 */

#include <stdbool.h>
#include <stddef.h>

#define AUTH_REQUEST_MAX 8192
#define AUTH_REQUEST_MAX_META 16
#define AUTH_REQUEST_MAX_IP 64

enum auth_request_type {
	AUTH_REQUEST_PRE,
	AUTH_REQUEST_AUTH,
	AUTH_REQUEST_PASSWD,
	AUTH_REQUEST_ENUMERATE,
};

/*
 * A parsed request. Every string points into storage and is NUL-terminated;
 * they live as long as the struct. authdata may contain NUL bytes; its
 * length is authdata_len. Fields not used by the type are NULL.
 */
struct auth_request {
	enum auth_request_type type;
	/* Value of a TCPREMOTEIP meta line (at most AUTH_REQUEST_MAX_IP
	   bytes), or NULL. */
	const char *remote_ip;
	/* PRE: module name, "." for any module. */
	const char *module;
	const char *service;
	const char *user;
	/* AUTH */
	const char *authtype;
	const char *authdata;
	size_t authdata_len;
	/* PASSWD */
	const char *oldpass;
	const char *newpass;
	/* PASSWD with control characters in a field: answer FAIL. */
	bool passwd_invalid;
	char storage[AUTH_REQUEST_MAX + 16];
};

/*
 * Looks at data[0..size). Returns 1 when it starts with a complete request
 * (then *req is filled in), 0 when more bytes are needed, -1 when it can
 * never become a valid request (malformed, unknown command, too long);
 * *error_r then says why (a static string). *req is overwritten (and
 * wiped unless 1 is returned).
 */
int auth_request_parse(const char *data, size_t size,
		       struct auth_request *req, const char **error_r);

/* Wipes the request's storage (it may hold passwords). */
void auth_request_wipe(struct auth_request *req);

#endif
