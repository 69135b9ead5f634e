#ifndef ESTAFETTE_AUTH_CRAM_H
#define ESTAFETTE_AUTH_CRAM_H

/*
 * CRAM-MD5, CRAM-SHA1 and CRAM-SHA256 (RFC 2195 and its SHA variants):
 * the response is "<user> <hex HMAC(secret, challenge)>". authdaemond gets
 * "<base64 challenge>\n<base64 response>\n" as the AUTH data of authtype
 * cram-md5 / cram-sha1 / cram-sha256.
 */

#include <stdbool.h>
#include <stddef.h>

enum auth_cram_type {
	AUTH_CRAM_MD5,
	AUTH_CRAM_SHA1,
	AUTH_CRAM_SHA256,
};

#define AUTH_CRAM_MAX_FIELD 1024

struct auth_cram {
	enum auth_cram_type type;
	char challenge[AUTH_CRAM_MAX_FIELD + 1];
	size_t challenge_len;
	char user[AUTH_CRAM_MAX_FIELD + 1];
	char digest[AUTH_CRAM_MAX_FIELD + 1];	/* hex, as sent */
};

/* Maps "cram-md5" (any case) etc. to a type; -1 when not a CRAM type. */
int auth_cram_type_parse(const char *authtype, enum auth_cram_type *type_r);

/*
 * Decodes AUTH data "b64challenge\nb64response\n" (the final newline is
 * optional). Returns 0 or -1 with *error_r (malformed base64, missing
 * parts, over AUTH_CRAM_MAX_FIELD, control characters in the user name).
 */
int auth_cram_parse(enum auth_cram_type type, const char *authdata,
		    size_t len, struct auth_cram *cram, const char **error_r);

/* True when cram->digest is the HMAC of the challenge keyed with secret. */
bool auth_cram_verify(const struct auth_cram *cram, const char *secret);
/* Same with a precomputed secret (hmac-state.h; CRAM-MD5 and -SHA1). */
bool auth_cram_verify_state(const struct auth_cram *cram,
			    const char *state_hex);

/*
 * Client side: computes the hex HMAC of challenge keyed with secret into
 * hex_r (at least 129 bytes). Returns 0 or -1.
 */
int auth_cram_digest(enum auth_cram_type type, const char *secret,
		     const void *challenge, size_t challenge_len,
		     char *hex_r);

/* Wipes a decoded exchange. */
void auth_cram_wipe(struct auth_cram *cram);

#endif
