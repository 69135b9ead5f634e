#include "config.h"

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
	size_t max = AUTHCLIENT_MAX_USER + AUTHCLIENT_MAX_PASS + 2;
	char *big = calloc(1, max + 2);

	memset(big + 1, 'u', 10);
	memset(big + 12, 'p', max - 12);
	is_int(STEP(s, big, max), AUTHCLIENT_SASL_DONE, "PLAIN at the limit");
	authclient_sasl_free(&s);
	s = authclient_sasl_new("PLAIN", NULL);
	big[max] = 'p';
	is_int(STEP(s, big, max + 1), AUTHCLIENT_SASL_ERROR,
	       "PLAIN at the limit + 1");
	authclient_sasl_free(&s);
	free(big);
}

int
main(void)
{
	test_plain();
	test_login();
	test_cram();
	test_limits();
	return tap_done();
}
