#include "config.h"

#include <string.h>

#include "login-base64.h"
#include "login-sasl.h"
#include "../tests/unit/tap.h"

static void
test_base64(void)
{
	unsigned char out[64];
	char enc[64];

	is_int(base64_encode("", 0, enc, sizeof(enc)), 0, "encode empty");
	is_int(base64_encode("f", 1, enc, sizeof(enc)), 4, "encode 1");
	is_str(enc, "Zg==", "f");
	base64_encode("fo", 2, enc, sizeof(enc));
	is_str(enc, "Zm8=", "fo");
	base64_encode("foobar", 6, enc, sizeof(enc));
	is_str(enc, "Zm9vYmFy", "foobar");
	is_int(base64_encode("foo", 3, enc, 4), -1, "encode into short dst");
	is_int(base64_decode("Zm9vYmFy", 8, out, sizeof(out)), 6,
	       "decode foobar");
	is_str((char *)out, "foobar", "decoded text");
	is_int(base64_decode("Zg==", 4, out, sizeof(out)), 1, "decode f");
	is_int(base64_decode("Zm8=", 4, out, sizeof(out)), 2, "decode fo");
	is_int(base64_decode("Zm8", 3, out, sizeof(out)), -1, "no padding");
	is_int(base64_decode("Zh==", 4, out, sizeof(out)), -1,
	       "leftover bits refused");
	is_int(base64_decode("Zm9=", 4, out, sizeof(out)), -1,
	       "leftover bits refused (1 pad)");
	is_int(base64_decode("Z===", 4, out, sizeof(out)), -1, "3 pads");
	is_int(base64_decode("Zg==Zg==", 8, out, sizeof(out)), -1,
	       "padding inside");
	is_int(base64_decode("Zm 9", 4, out, sizeof(out)), -1, "space");
	is_int(base64_decode("Zm9vYmFy", 8, out, 6), 6, "exact room");
	is_int(base64_decode("Zm9vYmFy", 8, out, 5), -1, "room-1");
}

static void
test_plain(void)
{
	struct login_sasl s;
	const char *ch = NULL;
	char b64[128];

	/* "\0ctest\0secret" */
	base64_encode("\0ctest\0secret", 13, b64, sizeof(b64));
	is_int(login_sasl_start(&s, LOGIN_SASL_PLAIN, b64, &ch),
	       LOGIN_SASL_DONE, "PLAIN initial response");
	is_str(s.authtype, "login", "authtype login");
	is_str(s.user, "ctest", "user");
	ok(s.authdata_len == 13 && memcmp(s.authdata, "ctest\nsecret\n", 13) ==
					   0,
	   "authdata user\\npass\\n");
	login_sasl_wipe(&s);
	base64_encode("ctest\0ctest\0pw", 14, b64, sizeof(b64));
	is_int(login_sasl_start(&s, LOGIN_SASL_PLAIN, b64, &ch),
	       LOGIN_SASL_DONE, "authzid = authcid accepted");
	base64_encode("root\0ctest\0pw", 13, b64, sizeof(b64));
	is_int(login_sasl_start(&s, LOGIN_SASL_PLAIN, b64, &ch),
	       LOGIN_SASL_ERROR, "other authzid refused");
	base64_encode("\0ctest", 6, b64, sizeof(b64));
	is_int(login_sasl_start(&s, LOGIN_SASL_PLAIN, b64, &ch),
	       LOGIN_SASL_ERROR, "missing password field");
	base64_encode("\0a\nb\0pw", 8, b64, sizeof(b64));
	is_int(login_sasl_start(&s, LOGIN_SASL_PLAIN, b64, &ch),
	       LOGIN_SASL_ERROR, "newline in user refused");
	is_int(login_sasl_start(&s, LOGIN_SASL_PLAIN, NULL, &ch),
	       LOGIN_SASL_CONTINUE, "PLAIN without initial response");
	is_str(ch, "", "empty challenge");
	base64_encode("\0u\0p", 4, b64, sizeof(b64));
	is_int(login_sasl_continue(&s, b64, &ch), LOGIN_SASL_DONE,
	       "PLAIN response");
	login_sasl_wipe(&s);
}

static void
test_login_cram(void)
{
	struct login_sasl s;
	const char *ch = NULL;
	enum login_sasl_mech m;
	char b64[128];

	ok(login_sasl_mech_parse("cram-md5", &m) == 0 &&
		   m == LOGIN_SASL_CRAM_MD5,
	   "mechanism names are case-blind");
	ok(login_sasl_mech_parse("GSSAPI", &m) < 0, "unknown mechanism");
	is_int(login_sasl_start(&s, LOGIN_SASL_LOGIN, NULL, &ch),
	       LOGIN_SASL_CONTINUE, "LOGIN asks");
	is_str(ch, "VXNlcm5hbWU6", "Username:");
	is_int(login_sasl_continue(&s, "Y3Rlc3Q=", &ch), LOGIN_SASL_CONTINUE,
	       "LOGIN user");
	is_str(ch, "UGFzc3dvcmQ6", "Password:");
	is_int(login_sasl_continue(&s, "cHc=", &ch), LOGIN_SASL_DONE,
	       "LOGIN password");
	ok(s.authdata_len == 9 && memcmp(s.authdata, "ctest\npw\n", 9) == 0,
	   "LOGIN authdata");
	is_int(login_sasl_start(&s, LOGIN_SASL_LOGIN, "!!", &ch),
	       LOGIN_SASL_ERROR, "bad base64");
	is_int(login_sasl_start(&s, LOGIN_SASL_CRAM_MD5, NULL, &ch),
	       LOGIN_SASL_CONTINUE, "CRAM-MD5 challenge");
	ok(strlen(ch) > 8 && s.challenge[0] == '<', "challenge looks right");
	base64_encode("bob 0123456789abcdef0123456789abcdef", 36, b64,
		      sizeof(b64));
	is_int(login_sasl_continue(&s, b64, &ch), LOGIN_SASL_DONE,
	       "CRAM-MD5 response");
	is_str(s.authtype, "cram-md5", "authtype cram-md5");
	is_str(s.user, "bob", "cram user");
	ok(strncmp(s.authdata, s.challenge_b64, strlen(s.challenge_b64)) == 0,
	   "authdata starts with the challenge");
	is_int(login_sasl_start(&s, LOGIN_SASL_CRAM_MD5, "eA==", &ch),
	       LOGIN_SASL_ERROR, "CRAM-MD5 initial response refused");
	login_sasl_wipe(&s);
}

int
main(void)
{
	test_base64();
	test_plain();
	test_login_cram();
	return tap_done();
}
