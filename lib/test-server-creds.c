#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "server-creds.h"
#include "../tests/unit/tap.h"

static struct server_creds creds;

static void
test_roundtrip(void)
{
	static uint8_t msg[SERVER_CREDS_MAX];
	const char *error = NULL;
	size_t used = 0, i;
	int len, ret = -2;

	len = server_creds_build(msg, true, "login", "ctest", "ctest\nsecret\n",
				 13, "STAT\r\n", 6);
	is_int(len, SERVER_CREDS_HEADER + 5 + 5 + 13 + 6, "built length");
	/* One byte at a time: need more until the last byte. */
	for (i = 0; i < (size_t)len; i++) {
		ret = server_creds_parse(msg, i, &creds, &used, &error);
		if (ret != 0)
			break;
	}
	is_int(i, len, "every prefix needs more");
	is_int(server_creds_parse(msg, (size_t)len, &creds, &used, &error), 1,
	       "whole message parses");
	is_int(used, len, "used is the message length");
	ok(creds.tls, "tls flag");
	is_str(creds.authtype, "login", "authtype");
	is_str(creds.user, "ctest", "user");
	ok(creds.authdata_len == 13 &&
		   memcmp(creds.authdata, "ctest\nsecret\n", 13) == 0,
	   "authdata");
	ok(creds.leftover_len == 6 && strcmp(creds.leftover, "STAT\r\n") == 0,
	   "leftover");
	server_creds_wipe(&creds);
	is_int(creds.authdata_len, 0, "wipe clears authdata");
	ok(creds.authdata[0] == 0, "wipe zeroes the secret");
}

static void
test_limits(void)
{
	static uint8_t msg[SERVER_CREDS_MAX + 16];
	static char big[SERVER_CREDS_MAX_LEFTOVER + 2];
	char type[SERVER_CREDS_MAX_AUTHTYPE + 2];
	const char *error = NULL;
	size_t used;
	int len;

	memset(type, 'a', sizeof(type));
	type[SERVER_CREDS_MAX_AUTHTYPE] = '\0';
	ok(server_creds_build(msg, false, type, "", "x", 1, NULL, 0) > 0,
	   "authtype at max");
	type[SERVER_CREDS_MAX_AUTHTYPE] = 'a';
	type[SERVER_CREDS_MAX_AUTHTYPE + 1] = '\0';
	is_int(server_creds_build(msg, false, type, "", "x", 1, NULL, 0), -1,
	       "authtype max+1 refused");
	is_int(server_creds_build(msg, false, "", "", "x", 1, NULL, 0), -1,
	       "empty authtype refused");
	is_int(server_creds_build(msg, false, "LOGIN", "", "x", 1, NULL, 0), -1,
	       "upper-case authtype refused");
	is_int(server_creds_build(msg, false, "login", "a\nb", "x", 1, NULL, 0),
	       -1, "control character in user refused");
	is_int(server_creds_build(msg, false, "login", "", "x", 0, NULL, 0), -1,
	       "empty authdata refused");
	memset(big, 'L', sizeof(big));
	len = server_creds_build(msg, false, "login", "", "x", 1, big,
				 SERVER_CREDS_MAX_LEFTOVER);
	ok(len > 0 && (size_t)len <= SERVER_CREDS_MAX, "leftover at max");
	is_int(server_creds_parse(msg, (size_t)len, &creds, &used, &error), 1,
	       "leftover at max parses");
	is_int(server_creds_build(msg, false, "login", "", "x", 1, big,
				  SERVER_CREDS_MAX_LEFTOVER + 1),
	       -1, "leftover max+1 refused");
	/* Forge a header with leftover max+1. */
	msg[9] = (uint8_t)((SERVER_CREDS_MAX_LEFTOVER + 1) >> 8);
	msg[10] = (uint8_t)(SERVER_CREDS_MAX_LEFTOVER + 1);
	is_int(server_creds_parse(msg, SERVER_CREDS_HEADER, &creds, &used,
				  &error),
	       -1, "forged leftover max+1 refused from the header");
}

static void
test_bad(void)
{
	static uint8_t msg[SERVER_CREDS_MAX];
	const char *error = NULL;
	size_t used;
	int len;

	is_int(server_creds_parse((const uint8_t *)"EC", 2, &creds, &used,
				  &error),
	       0, "magic prefix needs more");
	is_int(server_creds_parse((const uint8_t *)"XX", 2, &creds, &used,
				  &error),
	       -1, "bad magic detected early");
	len = server_creds_build(msg, false, "login", "u", "p", 1, NULL, 0);
	msg[4] = 0x80;
	is_int(server_creds_parse(msg, (size_t)len, &creds, &used, &error), -1,
	       "unknown flag refused");
	msg[4] = 0;
	msg[SERVER_CREDS_HEADER] = 'L';
	is_int(server_creds_parse(msg, (size_t)len, &creds, &used, &error), -1,
	       "bad authtype byte refused");
	msg[SERVER_CREDS_HEADER] = 'l';
	msg[7] = 0;
	msg[8] = 0;
	is_int(server_creds_parse(msg, (size_t)len, &creds, &used, &error), -1,
	       "zero authdata length refused");
}

int
main(void)
{
	test_roundtrip();
	test_limits();
	test_bad();
	return tap_done();
}
