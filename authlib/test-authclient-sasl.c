#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authclient-sasl.h"
#include "../tests/unit/tap.h"

#define STEP(s, in, len)                                                     \
	authclient_sasl_step(s, (in) != NULL, in, len, &chal, &clen, &err)

static const void *chal;
static size_t clen;
static const char *err;

static void
test_plain(void)
{
	struct authclient_sasl *s = authclient_sasl_new("plain", NULL);

	ok(s != NULL, "PLAIN supported");
	is_int(STEP(s, NULL, 0), AUTHCLIENT_SASL_CONTINUE,
	       "PLAIN without initial response asks");
	is_int(clen, 0, "empty challenge");
	is_int(STEP(s, "\0tim\0tanstaaf", 13), AUTHCLIENT_SASL_DONE,
	       "PLAIN response");
	is_str(authclient_sasl_user(s), "tim", "PLAIN user");
	authclient_sasl_free(&s);
	ok(s == NULL, "free clears the pointer");
	s = authclient_sasl_new("PLAIN", NULL);
	is_int(STEP(s, "tim\0tim\0pw", 10), AUTHCLIENT_SASL_DONE,
	       "authzid equal to authcid");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	is_int(STEP(s, "root\0tim\0pw", 11), AUTHCLIENT_SASL_ERROR,
	       "other authzid refused");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	is_int(STEP(s, "\0tim\0", 5), AUTHCLIENT_SASL_ERROR, "empty password");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	is_int(STEP(s, "\0tim", 4), AUTHCLIENT_SASL_ERROR, "one NUL");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	is_int(STEP(s, "\0t\0p\0x", 6), AUTHCLIENT_SASL_ERROR, "three NULs");
	authclient_sasl_free(&s);
}

static void
test_login(void)
{
	struct authclient_sasl *s = authclient_sasl_new("LOGIN", NULL);

	is_int(STEP(s, NULL, 0), AUTHCLIENT_SASL_CONTINUE, "LOGIN asks");
	ok(clen == 9 && memcmp(chal, "Username:", 9) == 0, "Username:");
	is_int(STEP(s, "tim", 3), AUTHCLIENT_SASL_CONTINUE, "user given");
	ok(clen == 9 && memcmp(chal, "Password:", 9) == 0, "Password:");
	is_int(STEP(s, "pw", 2), AUTHCLIENT_SASL_DONE, "password given");
	is_str(authclient_sasl_user(s), "tim", "LOGIN user");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("LOGIN", NULL);
	STEP(s, NULL, 0);
	is_int(STEP(s, "", 0), AUTHCLIENT_SASL_ERROR, "empty user refused");
	authclient_sasl_free(&s);
}

static void
test_cram(void)
{
	struct authclient_sasl *s = authclient_sasl_new("CRAM-MD5", "mx.test");
	char buf[300];

	ok(authclient_sasl_new("CRAM-SHA512", NULL) == NULL,
	   "unknown CRAM refused");
	ok(authclient_sasl_new("GSSAPI", NULL) == NULL, "GSSAPI refused");
	is_int(STEP(s, NULL, 0), AUTHCLIENT_SASL_CONTINUE, "CRAM challenge");
	memcpy(buf, chal, clen);
	buf[clen] = '\0';
	ok(buf[0] == '<' && strstr(buf, "@mx.test>") != NULL,
	   "challenge has the host name");
	is_int(STEP(s, "tim b913a602c7eda7a495b4e6e7334d3890", 36),
	       AUTHCLIENT_SASL_DONE, "CRAM response");
	is_str(authclient_sasl_user(s), "tim", "CRAM user");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("cram-sha256", NULL);
	is_int(STEP(s, "x", 1), AUTHCLIENT_SASL_ERROR,
	       "CRAM initial response refused");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("cram-sha1", NULL);
	STEP(s, NULL, 0);
	is_int(STEP(s, "nospace", 7), AUTHCLIENT_SASL_ERROR,
	       "CRAM response without digest");
	authclient_sasl_free(&s);
}

static void
test_limits(void)
{
	struct authclient_sasl *s = authclient_sasl_new("PLAIN", NULL);
	size_t max = AUTHCLIENT_SASL_MAX_INPUT;
	char *big = calloc(1, max + 2);

	/* "\0" user(1024) "\0" pass(1024): exactly the limit */
	memset(big + 1, 'u', AUTHCLIENT_MAX_USER);
	memset(big + 2 + AUTHCLIENT_MAX_USER, 'p', AUTHCLIENT_MAX_PASS);
	is_int(STEP(s, big, max), AUTHCLIENT_SASL_DONE, "PLAIN at the limit");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	big[max] = 'p';
	is_int(STEP(s, big, max + 1), AUTHCLIENT_SASL_ERROR,
	       "PLAIN at the limit + 1");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	big[AUTHCLIENT_MAX_USER + 1] = 'u';	/* user 1025, pass 1023 */
	big[AUTHCLIENT_MAX_USER + 2] = '\0';
	is_int(STEP(s, big, max), AUTHCLIENT_SASL_ERROR,
	       "user name at the limit + 1");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("LOGIN", NULL);
	STEP(s, NULL, 0);
	is_int(STEP(s, "a\tb", 3), AUTHCLIENT_SASL_ERROR,
	       "control character in a user name");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("LOGIN", NULL);
	STEP(s, NULL, 0);
	STEP(s, "a", 1);
	is_int(STEP(s, "p\nq", 3), AUTHCLIENT_SASL_ERROR,
	       "line break in a password");
	authclient_sasl_free(&s);
	free(big);
}

static void
test_base64(void)
{
	char enc[16];
	unsigned char out[16];

	is_int(authclient_b64_encode("", 0, enc, sizeof(enc)), 0,
	       "encode empty");
	is_int(authclient_b64_encode("f", 1, enc, sizeof(enc)), 4, "encode 1");
	is_str(enc, "Zg==", "f");
	authclient_b64_encode("fo", 2, enc, sizeof(enc));
	is_str(enc, "Zm8=", "fo");
	authclient_b64_encode("foobar", 6, enc, sizeof(enc));
	is_str(enc, "Zm9vYmFy", "foobar");
	is_int(authclient_b64_encode("foo", 3, enc, 4), -1,
	       "encode into short dst");
	is_int(authclient_b64_encode("foo", 3, enc, 5), 4, "exact dst");
	is_int(authclient_b64_decode("Zm9vYmFy", 8, out, sizeof(out)), 6,
	       "decode foobar");
	ok(memcmp(out, "foobar", 7) == 0, "decoded bytes, NUL-terminated");
	is_int(authclient_b64_decode("Zg==", 4, out, sizeof(out)), 1,
	       "decode f");
	is_int(authclient_b64_decode("Zm8=", 4, out, sizeof(out)), 2,
	       "decode fo");
	is_int(authclient_b64_decode("Zm8", 3, out, sizeof(out)), -1,
	       "no padding");
	is_int(authclient_b64_decode("Zh==", 4, out, sizeof(out)), -1,
	       "left-over bits (2 pads)");
	is_int(authclient_b64_decode("Zm9=", 4, out, sizeof(out)), -1,
	       "left-over bits (1 pad)");
	is_int(authclient_b64_decode("Z===", 4, out, sizeof(out)), -1,
	       "3 pads");
	is_int(authclient_b64_decode("Zg==Zg==", 8, out, sizeof(out)), -1,
	       "padding in the middle");
	is_int(authclient_b64_decode("Zm 9", 4, out, sizeof(out)), -1,
	       "space");
	is_int(authclient_b64_decode("Zm9vYmFy", 8, out, 6), 6, "exact room");
	is_int(authclient_b64_decode("Zm9vYmFy", 8, out, 5), -1, "room - 1");
}

/* The base64 framing and the AUTH data a login process sends. */
static void
test_b64_steps(void)
{
	struct authclient_sasl *s = authclient_sasl_new("plain", NULL);
	const char *ch, *type = NULL;
	char data[64], b64[200], line[400];
	int len, i;

	is_int(authclient_sasl_step_b64(s, "AGN0ZXN0AHNlY3JldA==", &ch, &err),
	       AUTHCLIENT_SASL_DONE, "PLAIN initial response in base64");
	len = authclient_sasl_authdata(s, &type, data, sizeof(data), &err);
	ok(len == 13 && memcmp(data, "ctest\nsecret\n", 13) == 0,
	   "PLAIN AUTH data user\\npass\\n");
	is_str(type, "login", "PLAIN goes as authtype login");
	is_int(authclient_sasl_authdata(s, &type, data, 12, &err), -1,
	       "AUTH data one byte too big for the buffer");
	is_int(authclient_sasl_authdata(s, &type, data, 13, &err), 13,
	       "AUTH data exactly fits");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	is_int(authclient_sasl_step_b64(s, NULL, &ch, &err),
	       AUTHCLIENT_SASL_CONTINUE, "PLAIN without initial response");
	is_str(ch, "", "empty base64 challenge");
	is_int(authclient_sasl_step_b64(s, "!!!!", &ch, &err),
	       AUTHCLIENT_SASL_ERROR, "bad base64 refused");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("LOGIN", NULL);
	is_int(authclient_sasl_authdata(s, &type, data, sizeof(data), &err),
	       -1, "no AUTH data before DONE");
	authclient_sasl_step_b64(s, NULL, &ch, &err);
	is_str(ch, "VXNlcm5hbWU6", "LOGIN: Username: in base64");
	authclient_sasl_step_b64(s, "Y3Rlc3Q=", &ch, &err);
	is_str(ch, "UGFzc3dvcmQ6", "LOGIN: Password: in base64");
	is_int(authclient_sasl_step_b64(s, "cHc=", &ch, &err),
	       AUTHCLIENT_SASL_DONE, "LOGIN done");
	is_int(authclient_sasl_step_b64(s, "cHc=", &ch, &err),
	       AUTHCLIENT_SASL_ERROR, "no step after DONE");
	len = authclient_sasl_authdata(s, &type, data, sizeof(data), &err);
	ok(len == 9 && memcmp(data, "ctest\npw\n", 9) == 0, "LOGIN AUTH data");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("LOGIN", NULL);
	is_int(authclient_sasl_step_b64(s, "=", &ch, &err),
	       AUTHCLIENT_SASL_ERROR, "LOGIN: \"=\" is an empty user name");
	authclient_sasl_free(&s);

	s = authclient_sasl_new("Cram-Sha256", "mx.test");
	is_str(authclient_sasl_mech_name("cram-sha256"), "CRAM-SHA256",
	       "canonical mechanism name");
	ok(authclient_sasl_mech_name("CRAM-SHA512") == NULL,
	   "no name for an unknown mechanism");
	is_int(authclient_sasl_step_b64(s, NULL, &ch, &err),
	       AUTHCLIENT_SASL_CONTINUE, "CRAM-SHA256 challenge");
	ok(strlen(ch) > 8, "base64 challenge");
	len = snprintf(line, sizeof(line), "bob ");
	for (i = 0; i < 64; i++)
		line[len++] = 'a';
	authclient_b64_encode(line, (size_t)len, b64, sizeof(b64));
	is_int(authclient_sasl_step_b64(s, b64, &ch, &err),
	       AUTHCLIENT_SASL_DONE, "CRAM-SHA256 response");
	len = authclient_sasl_authdata(s, &type, line, sizeof(line), &err);
	is_str(type, "cram-sha256", "authtype cram-sha256");
	ok(len > 0 && line[len - 1] == '\n' &&
		   (char *)memchr(line, '\n', (size_t)len) < line + len - 1,
	   "AUTH data b64challenge\\nb64response\\n");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("CRAM-SHA1", NULL);
	authclient_sasl_step_b64(s, NULL, &ch, &err);
	authclient_b64_encode("bob 0123456789abcdef0123456789abcdef", 36, b64,
			      sizeof(b64));
	is_int(authclient_sasl_step_b64(s, b64, &ch, &err),
	       AUTHCLIENT_SASL_ERROR, "CRAM-SHA1 with an MD5-sized digest");
	authclient_sasl_free(&s);
}

int
main(void)
{
	test_plain();
	test_login();
	test_cram();
	test_limits();
	test_base64();
	test_b64_steps();
	return tap_done();
}
