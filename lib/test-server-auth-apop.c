#include "config.h"

#include <stdio.h>
#include <string.h>

#include "server-auth-apop.h"
#include "../tests/unit/tap.h"

/* RFC 1939 section 7's example. */
#define STAMP "<1896.697170952@dbc.mtview.ca.us>"
#define DIGEST "c4c9334bac560ecc979e58001b3e22fb"

static int
parse(const char *data, struct server_apop *apop)
{
	const char *err;

	return server_apop_parse(data, strlen(data), apop, &err);
}

static void
test_parse(void)
{
	struct server_apop a;
	char stamp[SERVER_APOP_MAX_STAMP + 2], data[400];

	is_int(parse(STAMP "\n" DIGEST "\n", &a), 0, "RFC 1939 example");
	is_str(a.stamp, STAMP, "stamp");
	is_str(a.digest, DIGEST, "digest");
	is_int(parse(STAMP "\nC4C9334BAC560ECC979E58001B3E22FB\n", &a), 0,
	       "upper-case digest");
	is_str(a.digest, DIGEST, "stored in lower case");
	is_int(parse(STAMP "\n" DIGEST, &a), -1, "no final newline");
	is_int(parse(STAMP "\n" DIGEST "0\n", &a), -1, "digest 33 chars");
	is_int(parse(STAMP "\nc4c9334bac560ecc979e58001b3e22f\n", &a), -1,
	       "digest 31 chars");
	is_int(parse(STAMP "\nc4c9334bac560ecc979e58001b3e22fg\n", &a), -1,
	       "non-hex digit");
	is_int(parse("1896@x\n" DIGEST "\n", &a), -1, "stamp without <>");
	is_int(parse("<a b>\n" DIGEST "\n", &a), -1, "space in stamp");
	is_int(parse("<>\n" DIGEST "\n", &a), -1, "empty stamp");
	is_int(parse(DIGEST "\n", &a), -1, "no stamp");
	memset(stamp, 'x', sizeof(stamp));
	stamp[0] = '<';
	stamp[SERVER_APOP_MAX_STAMP - 1] = '>';
	stamp[SERVER_APOP_MAX_STAMP] = '\0';
	snprintf(data, sizeof(data), "%s\n%s\n", stamp, DIGEST);
	is_int(parse(data, &a), 0, "stamp at the limit");
	stamp[SERVER_APOP_MAX_STAMP - 1] = 'x';
	stamp[SERVER_APOP_MAX_STAMP] = '>';
	stamp[SERVER_APOP_MAX_STAMP + 1] = '\0';
	snprintf(data, sizeof(data), "%s\n%s\n", stamp, DIGEST);
	is_int(parse(data, &a), -1, "stamp at the limit + 1");
	server_apop_wipe(&a);
	ok(a.digest[0] == '\0', "wipe");
}

static void
test_verify(void)
{
	struct server_apop a;

	(void)parse(STAMP "\n" DIGEST "\n", &a);
	ok(server_apop_verify(&a, "tanstaaf"), "right secret");
	ok(!server_apop_verify(&a, "tanstaaF"), "wrong secret");
	ok(!server_apop_verify(&a, ""), "empty secret never matches");
	ok(!server_apop_verify(&a, NULL), "no secret never matches");
	(void)parse("<1896.697170953@dbc.mtview.ca.us>\n" DIGEST "\n", &a);
	ok(!server_apop_verify(&a, "tanstaaf"), "other stamp");
}

int
main(void)
{
	test_parse();
	test_verify();
	return tap_done();
}
