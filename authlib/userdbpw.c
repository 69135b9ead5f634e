/*
 * userdbpw [-md5|-sha256|-sha512|-yescrypt|-hmac-md5|-hmac-sha1]: reads a
 * password (twice on a terminal) and prints its crypt(3) hash for
 * "userdbpw | userdb addr set systempw", or with -hmac-* Courier's
 * precomputed CRAM secret for "userdb addr set hmac-md5pw".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-str.h"
#include "hmac-state.h"
#include "password-scheme.h"
#include "tool-password.h"

int
main(int argc, char **argv)
{
	const char *scheme = "yescrypt", *err;
	char *pw, *hash = NULL;
	int ret = 1;

	log_open("userdbpw", true);
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: userdbpw [-md5|-sha256|-sha512|-yescrypt|"
		       "-hmac-md5|-hmac-sha1]\n"
		       "Reads a password and prints its hash for userdb; "
		       "see userdbpw(8).\n");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "-md5") == 0)
		scheme = "md5crypt";
	else if (argc == 2 && strcmp(argv[1], "-sha256") == 0)
		scheme = "sha256crypt";
	else if (argc == 2 && strcmp(argv[1], "-sha512") == 0)
		scheme = "sha512crypt";
	else if (argc == 2 && strcmp(argv[1], "-yescrypt") == 0)
		scheme = "yescrypt";
	else if (argc == 2 && strcmp(argv[1], "-hmac-md5") == 0)
		scheme = "hmac-md5";
	else if (argc == 2 && strcmp(argv[1], "-hmac-sha1") == 0)
		scheme = "hmac-sha1";
	else if (argc != 1) {
		fprintf(stderr, "usage: userdbpw [-md5|-sha256|-sha512|"
				"-yescrypt|-hmac-md5|-hmac-sha1]\n");
		return 1;
	}
	pw = tool_read_password("userdbpw", true);
	if (pw == NULL)
		return 1;
	if (strncmp(scheme, "hmac-", 5) == 0) {
		char hex[HMAC_STATE_MAX_HEX + 1];

		hmac_state_from_key(strcmp(scheme, "hmac-md5") == 0
					    ? AUTH_CRAM_MD5
					    : AUTH_CRAM_SHA1,
				    pw, hex);
		hash = xstrdup(hex);
		explicit_bzero(hex, sizeof(hex));
		printf("%s\n", hash);
		ret = fflush(stdout) == 0 ? 0 : 1;
	} else if (password_hash(scheme, pw, &hash, &err) < 0) {
		fprintf(stderr, "userdbpw: %s\n", err);
	} else {
		printf("%s\n", hash);
		ret = fflush(stdout) == 0 ? 0 : 1;
	}
	str_free_secret(&pw);
	str_free_secret(&hash);
	return ret;
}
