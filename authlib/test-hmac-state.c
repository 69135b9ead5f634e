#include "config.h"

#include <string.h>

#include "hmac-state.h"
#include "../tests/unit/tap.h"

int
main(void)
{
	static const char chal[] = "<1896.697170952@postoffice.reston.mci.net>";
	char hex[HMAC_STATE_MAX_HEX + 1], mac[129], want[129];
	const char *types[2] = { "MD5", "SHA1" };
	enum auth_cram_type t[2] = { AUTH_CRAM_MD5, AUTH_CRAM_SHA1 };
	const char *keys[3] = { "tanstaaftanstaaf", "", NULL };
	char longkey[100];
	int i, j;

	/* Courier's "userdbpw -hmac-md5" / "-hmac-sha1" for "secret". */
	ok(hmac_state_from_key(AUTH_CRAM_MD5, "secret", hex) == 0 &&
	   strcmp(hex, "cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bb"
		  "aac395731b56") == 0, "MD5 state as Courier's userdbpw");
	ok(hmac_state_from_key(AUTH_CRAM_SHA1, "secret", hex) == 0 &&
	   strcmp(hex, "091e0f4c6cb5277ee2beb639a60d0831b5c8adcdaee172433df3"
		  "e96ba4f00fb1b6a490c3929d2034") == 0,
	   "SHA-1 state as Courier's userdbpw");
	ok(hmac_state_from_key(AUTH_CRAM_SHA256, "x", hex) < 0,
	   "no precomputed SHA-256");
	memset(longkey, 'k', sizeof(longkey) - 1);
	longkey[sizeof(longkey) - 1] = '\0';
	keys[2] = longkey;
	/* The precomputed digest equals GnuTLS's HMAC, for short, empty
	   and over-long keys and messages around the block size. */
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 3; j++) {
			size_t lens[4] = { strlen(chal), 0, 55, 64 };
			char msg[200];
			int m;

			memset(msg, 'm', sizeof(msg));
			memcpy(msg, chal, strlen(chal));
			hmac_state_from_key(t[i], keys[j], hex);
			for (m = 0; m < 4; m++) {
				hmac_state_digest(t[i], hex, msg, lens[m], mac);
				auth_cram_digest(t[i], keys[j], msg, lens[m],
						 want);
				ok(strcmp(mac, want) == 0,
				   "%s key %d message %zu bytes", types[i], j,
				   lens[m]);
			}
		}
	}
	hmac_state_from_key(AUTH_CRAM_MD5, "tanstaaftanstaaf", hex);
	ok(hmac_state_digest(AUTH_CRAM_MD5, hex, chal, strlen(chal), mac) ==
	   0 && strcmp(mac, "b913a602c7eda7a495b4e6e7334d3890") == 0,
	   "RFC 2195 example from the precomputed state");
	ok(hmac_state_digest(AUTH_CRAM_MD5, "abc", chal, 3, mac) < 0,
	   "short state refused");
	hex[5] = 'x';
	ok(hmac_state_digest(AUTH_CRAM_MD5, hex, chal, 3, mac) < 0,
	   "non-hex state refused");
	return tap_done();
}
