#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-cram.h"
#include "password-scheme.h"
#include "../tests/unit/tap.h"

/* Known vectors for the password "secret": Courier's authpasswd output
   and Python's crypt/hashlib. */
static const char *const good[] = {
	"$1$EllBr$pTHThVrIYfbFUKSR8IoZc/",
	"{CRYPT}$1$EllBr$pTHThVrIYfbFUKSR8IoZc/",
	"$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5k"
	"nV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1",
	"$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA",
	"$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5",
	"$gy$j9T$saltsaltsalt$Wgwp6LRNOmeOrvri/pIlQeAg35m8ps9A/PGj8CAWTw9",
	"$7$CU..../....saltsaltsalt$"
	"DRp9S/OXVeZy1D0mi6uFNr0b65vIk8qcPMxsudE40T3",
	"$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a",
	"abNANd1rDfiNc",
	"{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==",
	"{md5}Xr4ilOzQ4PCOq3aQ0qbuaQ==",
	"{MD5RAW}5ebe2294ecd0e0f08eab7690d2a6ee69",
	"{MD5RAW}5EBE2294ECD0E0F08EAB7690D2A6EE69",
	"{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
	"{SSHA}DZVxu+xJV+Yj6e363wuWLIYn8jVt7p56",
	"{SSHA}Es6wRSfyvsdlEs/z+EbLTdidCVbtI8Ll",
	"{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=",
	"{SSHA256}A7N1lAy5bBb4T6qH9e85zAvHBmzNPhRFbZ105DjjWDIBAgMEBQYHCA==",
	"{SHA512}vSsar3708Jvp9Szi2NWZZ02Bqp1qRCFpbcTZPdBhnWgs5WtNZKnvCXdhzt"
	"meD2cmW192CF5bDufKRpayrW/isg==",
	"{SSHA512}KO8EsMPQTwZrxxbOkDAOOXEeVCc2grMQg1pnZwZhC1bBQLby8zCmFn7qT"
	"ZRvoTd+yQdROQQNYHWpTUST4zjTdQECAwQFBgcI",
	"{CLEAR}secret",
	"{PLAIN}secret",
};

static const char *const unusable[] = {
	"", "*", "!", "!$1$EllBr$pTHThVrIYfbFUKSR8IoZc/", "{FOO}bar",
	"{MD5}not-base64!!", "{MD5}AAAA", "{MD5RAW}5ebe", "{SHA}",
	"{CRYPT}*", "$9$nonsense",
};

static void
test_verify(void)
{
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		is_int(password_verify("secret", good[i]), 1, good[i]);
		is_int(password_verify("Secret", good[i]), 0, good[i]);
		is_int(password_verify("", good[i]), 0, good[i]);
	}
	for (i = 0; i < sizeof(unusable) / sizeof(unusable[0]); i++)
		is_int(password_verify("secret", unusable[i]), -1,
		       unusable[i]);
	is_int(password_verify("secret", NULL), -1, "NULL hash");
}

static void
test_hash_roundtrip(void)
{
	size_t i;

	for (i = 0; password_scheme_names[i] != NULL; i++) {
		const char *name = password_scheme_names[i], *err = NULL;
		char *h1 = NULL, *h2 = NULL;
		int r1 = password_hash(name, "pa ss|wörd", &h1, &err);
		int r2 = password_hash(name, "pa ss|wörd", &h2, &err);

		if (!ok(r1 == 0 && r2 == 0, "hash %s", name)) {
			printf("# %s\n", err != NULL ? err : "?");
			continue;
		}
		is_int(password_verify("pa ss|wörd", h1), 1, h1);
		is_int(password_verify("pa ss|word", h1), 0, h1);
		if (strcmp(name, "md5") != 0 && strcmp(name, "md5raw") != 0 &&
		    strcmp(name, "sha1") != 0 && strcmp(name, "sha256") != 0 &&
		    strcmp(name, "sha512") != 0)
			ok(strcmp(h1, h2) != 0, "%s salts differ", name);
		free(h1);
		free(h2);
	}
	{
		const char *err = NULL;
		char *h = NULL;

		ok(password_hash("rot13", "x", &h, &err) < 0 && err != NULL,
		   "unknown scheme refused");
		ok(password_hash(NULL, "x", &h, &err) == 0 &&
		   strncmp(h, "$y$", 3) == 0, "default is yescrypt");
		free(h);
	}
}

static void
test_cram(void)
{
	/* RFC 2195 example. */
	static const char chal[] = "<1896.697170952@postoffice.reston.mci.net>";
	/* base64 of chal, then of "tim b913a602c7eda7a495b4e6e7334d3890" */
	static const char data[] =
		"PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\n"
		"dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n";
	struct auth_cram cram;
	enum auth_cram_type type;
	const char *err;
	char hex[129];

	ok(auth_cram_type_parse("CRAM-MD5", &type) == 0 &&
	   type == AUTH_CRAM_MD5, "cram-md5 type");
	ok(auth_cram_type_parse("cram-sha256", &type) == 0 &&
	   type == AUTH_CRAM_SHA256, "cram-sha256 type");
	ok(auth_cram_type_parse("login", &type) < 0, "login is not CRAM");
	ok(auth_cram_parse(AUTH_CRAM_MD5, data, strlen(data), &cram, &err) ==
	   0, "RFC 2195 data parses");
	is_str(cram.user, "tim", "user");
	ok(auth_cram_verify(&cram, "tanstaaftanstaaf"), "RFC 2195 verifies");
	ok(!auth_cram_verify(&cram, "tanstaaftanstaag"), "wrong secret");
	ok(!auth_cram_verify(&cram, NULL), "no secret");
	ok(auth_cram_digest(AUTH_CRAM_MD5, "tanstaaftanstaaf", chal,
			    strlen(chal), hex) == 0 &&
	   strcmp(hex, "b913a602c7eda7a495b4e6e7334d3890") == 0,
	   "client digest");
	ok(auth_cram_parse(AUTH_CRAM_MD5, data, 10, &cram, &err) < 0,
	   "truncated data refused");
	ok(auth_cram_parse(AUTH_CRAM_MD5, "!!\n!!\n", 6, &cram, &err) < 0,
	   "bad base64 refused");
	/* "dGlt" = "tim": no space, no digest */
	ok(auth_cram_parse(AUTH_CRAM_MD5, "YQ==\ndGlt\n", 10, &cram, &err) < 0,
	   "response without digest refused");
}

int
main(void)
{
	test_verify();
	test_hash_roundtrip();
	test_cram();
	return tap_done();
}
