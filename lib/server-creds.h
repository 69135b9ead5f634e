#ifndef ESTAFETTE_SERVER_CREDS_H
#define ESTAFETTE_SERVER_CREDS_H

/*
 * The one message the master parses: credentials a login process collected,
 * sent over the login process's socketpair. The login process is
 * unprivileged and may be compromised, so the master trusts nothing in it
 * beyond what this parser checks.
 *
 * Layout (integers big-endian):
 *   "ECR1"                 4 bytes magic
 *   flags                  1 byte (SERVER_CREDS_TLS; other bits must be 0)
 *   authtype length        1 byte  (1..SERVER_CREDS_MAX_AUTHTYPE)
 *   user length            1 byte  (0..SERVER_CREDS_MAX_USER, for logs)
 *   authdata length        2 bytes (1..SERVER_CREDS_MAX_AUTHDATA)
 *   leftover length        2 bytes (0..SERVER_CREDS_MAX_LEFTOVER)
 *   authtype, user, authdata, leftover bytes
 *
 * authtype is Courier's authdaemon type ("login", "cram-md5", ...):
 * lower-case letters, digits and '-'. user holds no control characters.
 * leftover is client input the login process read after the credentials
 * (pipelined commands) for the session process to execute.
 *
 * The master answers with one byte: SERVER_REPLY_OK, _FAIL or _TEMPFAIL.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"

#define SERVER_CREDS_MAGIC "ECR1"
#define SERVER_CREDS_HEADER 11
#define SERVER_CREDS_TLS 0x01
#define SERVER_CREDS_MAX_AUTHTYPE 32
#define SERVER_CREDS_MAX_USER 255
#define SERVER_CREDS_MAX_AUTHDATA 4096
#define SERVER_CREDS_MAX_LEFTOVER 16384
#define SERVER_CREDS_MAX                                                     \
	(SERVER_CREDS_HEADER + SERVER_CREDS_MAX_AUTHTYPE +                   \
	 SERVER_CREDS_MAX_USER + SERVER_CREDS_MAX_AUTHDATA +                 \
	 SERVER_CREDS_MAX_LEFTOVER)

#define SERVER_REPLY_OK 'O'
#define SERVER_REPLY_FAIL 'F'
#define SERVER_REPLY_TEMPFAIL 'T'

/* A parsed message; strings are NUL-terminated copies (authdata and
   leftover may hold NUL bytes: use the lengths). */
struct server_creds {
	bool tls;
	char authtype[SERVER_CREDS_MAX_AUTHTYPE + 1];
	char user[SERVER_CREDS_MAX_USER + 1];
	char authdata[SERVER_CREDS_MAX_AUTHDATA + 1];
	size_t authdata_len;
	char leftover[SERVER_CREDS_MAX_LEFTOVER + 1];
	size_t leftover_len;
};

/*
 * Looks at data[0..size): 1 and *creds filled (*used_r = message length)
 * when a whole valid message is there, 0 when more bytes are needed, -1
 * with *error_r (static) when it can never be valid.
 */
int server_creds_parse(const uint8_t *data, size_t size,
		       struct server_creds *creds, size_t *used_r,
		       const char **error_r);

/*
 * Builds a message into out (SERVER_CREDS_MAX bytes). Returns its length,
 * or -1 when a field is out of range (the same checks as the parser).
 */
int server_creds_build(uint8_t *out, bool tls, const char *authtype,
		       const char *user, const void *authdata,
		       size_t authdata_len, const void *leftover,
		       size_t leftover_len);

/* Overwrites the secrets in creds. */
void server_creds_wipe(struct server_creds *creds);

#endif
