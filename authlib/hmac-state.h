#ifndef ESTAFETTE_HMAC_STATE_H
#define ESTAFETTE_HMAC_STATE_H

/*
 * Courier's precomputed CRAM secrets (userdb fields hmac-md5pw and
 * hmac-sha1pw, made by "userdbpw -hmac-md5" / "-hmac-sha1"): instead of the
 * clear password, the hash states after the first HMAC block, hex encoded:
 * the state after (key XOR opad), then the state after (key XOR ipad).
 * MD5 states are 16 bytes (little-endian words), SHA-1 states 20 bytes
 * (big-endian words). GnuTLS cannot start a hash from a saved state, so
 * the two compression functions live here.
 */

#include <stdbool.h>
#include <stddef.h>

#include "auth-cram.h"

/* Hex length of a precomputed secret: 64 (MD5) or 80 (SHA-1). */
#define HMAC_STATE_MAX_HEX 80

/* CRAM-MD5 and CRAM-SHA1 have precomputed forms; CRAM-SHA256 has not. */
bool hmac_state_supported(enum auth_cram_type type);

/* Computes the precomputed secret of key into hex_r (at least
   HMAC_STATE_MAX_HEX + 1 bytes). -1 for an unsupported type. */
int hmac_state_from_key(enum auth_cram_type type, const char *key,
			char *hex_r);

/*
 * HMAC of msg from a precomputed secret, as lower-case hex into hex_r (at
 * least 41 bytes). -1 when state_hex is malformed or the type unsupported.
 */
int hmac_state_digest(enum auth_cram_type type, const char *state_hex,
		      const void *msg, size_t len, char *hex_r);

#endif
