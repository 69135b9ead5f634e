#ifndef ESTAFETTE_SERVER_AUTH_APOP_H
#define ESTAFETTE_SERVER_AUTH_APOP_H

/*
 * APOP (RFC 1939 section 7). The login process sends authtype "apop"
 * with the AUTH data "<timestamp>\n<hex digest>\n": the timestamp it put
 * in its greeting and the client's MD5(timestamp + secret). authdaemond
 * has no APOP request, so the (root) session process fetches the
 * account's clear-text secret (PASSWD2) with a PRE lookup and checks the
 * digest here, in constant time. Accounts without a clear-text secret
 * cannot use APOP.
 */

#include <stdbool.h>
#include <stddef.h>

/* "<" ... ">" with printable ASCII inside, as a greeting carries it. */
#define SERVER_APOP_MAX_STAMP 255
#define SERVER_APOP_DIGEST_LEN 32

struct server_apop {
	char stamp[SERVER_APOP_MAX_STAMP + 1];
	char digest[SERVER_APOP_DIGEST_LEN + 1]; /* lower-case hex */
};

/* Checks a timestamp: "<", 1..SERVER_APOP_MAX_STAMP-2 printable ASCII
   bytes without '<', '>' or space, ">". */
bool server_apop_stamp_valid(const char *stamp, size_t len);

/*
 * Parses AUTH data "stamp\ndigest\n" (len bytes). The digest may be in
 * either case and is stored in lower case. Returns 0, or -1 with *error_r
 * (static).
 */
int server_apop_parse(const char *authdata, size_t len,
		      struct server_apop *apop_r, const char **error_r);

/* True when apop->digest is MD5(stamp + secret); secret "" never
   matches. Compares in constant time. */
bool server_apop_verify(const struct server_apop *apop, const char *secret);

/* Wipes the digest. */
void server_apop_wipe(struct server_apop *apop);

#endif
