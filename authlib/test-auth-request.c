#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-request.h"
#include "../tests/unit/tap.h"

static struct auth_request req;

/* Feeds data one byte at a time: every proper prefix must need more,
   the whole must give want. */
static int
parse_bytewise(const char *data, size_t size, int want)
{
	const char *err = NULL;
	size_t i;
	int r;

	for (i = 0; i < size; i++) {
		r = auth_request_parse(data, i, &req, &err);
		if (r != 0)
			return r == want && want == -1 ? -1 : 99;
	}
	return auth_request_parse(data, size, &req, &err);
}

#define PARSE(str, want) parse_bytewise(str, sizeof(str) - 1, want)

static void
test_commands(void)
{
	is_int(PARSE("ENUMERATE\n", 1), 1, "ENUMERATE");
	is_int(req.type, AUTH_REQUEST_ENUMERATE, "type");

	is_int(PARSE("PRE . imap vuser@example.test\n", 1), 1, "PRE");
	is_str(req.module, ".", "PRE module");
	is_str(req.service, "imap", "PRE service");
	is_str(req.user, "vuser@example.test", "PRE user");
	is_int(PARSE("PRE authuserdb pop3 a b c\n", 1), 1, "PRE user spaces");
	is_str(req.user, "a b c", "user keeps spaces");

	is_int(PARSE("TCPREMOTEIP=127.0.0.1\nAUTH 23\nimap\nlogin\nctest\n"
		     "ctest\n", 1), 1, "AUTH with meta");
	is_str(req.remote_ip, "127.0.0.1", "remote ip");
	is_int(req.type, AUTH_REQUEST_AUTH, "AUTH type");
	is_str(req.service, "imap", "AUTH service");
	is_str(req.authtype, "login", "AUTH authtype");
	is_int(req.authdata_len, 12, "authdata length");
	is_str(req.authdata, "ctest\nctest\n", "authdata");
	is_int(PARSE("AUTH 11\nimap\nlogin\n", 1), 1, "AUTH empty data");
	is_int(req.authdata_len, 0, "empty authdata");

	is_int(PARSE("PASSWD imap\tu@x\told\tnew\n", 1), 1, "PASSWD");
	ok(!req.passwd_invalid, "PASSWD valid");
	is_str(req.user, "u@x", "PASSWD user");
	is_str(req.oldpass, "old", "PASSWD old");
	is_str(req.newpass, "new", "PASSWD new");
	is_int(PARSE("PASSWD imap\tu\to\x01ld\tnew\n", 1), 1, "PASSWD ctrl");
	ok(req.passwd_invalid, "control char makes PASSWD invalid");
	is_int(PARSE("PASSWD imap\tu\told\n", 1), 1, "PASSWD 3 fields");
	ok(req.passwd_invalid, "missing field makes PASSWD invalid");
	is_int(PARSE("PASSWD imap\tu\to\tn\tx\n", 1), 1, "PASSWD tab in new");
	ok(!req.passwd_invalid && strcmp(req.newpass, "n\tx") == 0,
	   "tab kept in new password");
}

static void
test_malformed(void)
{
	is_int(PARSE("BOGUS\n", -1), -1, "unknown command");
	is_int(PARSE("ENUMERATE \n", -1), -1, "ENUMERATE with junk");
	is_int(PARSE("PRE . imap\n", -1), -1, "PRE without user");
	is_int(PARSE("PRE  imap x\n", -1), -1, "PRE empty module");
	is_int(PARSE("PRE . imap u\x01x\n", -1), -1, "PRE control char");
	is_int(PARSE("PRE . imap a\0b\n", -1), -1, "PRE NUL");
	is_int(PARSE("AUTH -1\n", -1), -1, "AUTH negative");
	is_int(PARSE("AUTH 1x\n", -1), -1, "AUTH junk");
	is_int(PARSE("AUTH 99999999999\n", -1), -1, "AUTH overflow");
	is_int(PARSE("AUTH 9\nimaplogin", -1), -1, "AUTH no newline");
	is_int(PARSE("AUTH 6\n\nlogin", -1), -1, "AUTH empty service");
	is_int(PARSE("AUTH 5\nimap\n\n", -1), -1, "AUTH empty authtype");
	is_int(PARSE("auth 11\nimap\nlogin\n", -1), -1, "lower-case verb");
}

static void
test_limits(void)
{
	char *buf = malloc(AUTH_REQUEST_MAX + 64);
	const char *err;
	size_t hdr, n, i;
	int len;

	/* AUTH whose total size is exactly the maximum, and one more. */
	for (n = 0; n < 2; n++) {
		size_t body;

		/* "AUTH 8182\n" is 10 bytes: the body fills the rest. */
		len = snprintf(buf, 64, "AUTH %u\n", AUTH_REQUEST_MAX - 10 +
			       (unsigned int)n);
		hdr = (size_t)len;
		body = AUTH_REQUEST_MAX - hdr + n;
		memcpy(buf + hdr, "imap\nlogin\n", 11);
		memset(buf + hdr + 11, 'a', body - 11);
		is_int(auth_request_parse(buf, hdr + body, &req, &err),
		       n == 0 ? 1 : -1, n == 0 ? "AUTH at max size"
					       : "AUTH at max+1 refused");
	}
	/* A line without newline: need more until the cap, then refused. */
	memset(buf, 'x', AUTH_REQUEST_MAX);
	memcpy(buf, "PRE . imap ", 11);
	is_int(auth_request_parse(buf, AUTH_REQUEST_MAX - 1, &req, &err), 0,
	       "max-1 bytes without newline needs more");
	is_int(auth_request_parse(buf, AUTH_REQUEST_MAX, &req, &err), -1,
	       "max bytes without newline refused");
	buf[AUTH_REQUEST_MAX - 1] = '\n';
	is_int(auth_request_parse(buf, AUTH_REQUEST_MAX, &req, &err), 1,
	       "PRE line of exactly max bytes");
	is_int(strlen(req.user), AUTH_REQUEST_MAX - 12, "long user kept");
	/* Meta lines: 16 allowed, 17 refused. */
	for (n = 16; n <= 17; n++) {
		size_t pos = 0;

		for (i = 0; i < n; i++)
			pos += (size_t)sprintf(buf + pos, "X%zu=y\n", i);
		pos += (size_t)sprintf(buf + pos, "ENUMERATE\n");
		is_int(auth_request_parse(buf, pos, &req, &err),
		       n == 16 ? 1 : -1, n == 16 ? "16 meta lines"
						 : "17 meta lines refused");
	}
	/* Over-long TCPREMOTEIP is ignored, not stored. */
	len = sprintf(buf, "TCPREMOTEIP=%0*d\nENUMERATE\n",
		      AUTH_REQUEST_MAX_IP + 1, 0);
	ok(auth_request_parse(buf, (size_t)len, &req, &err) == 1 &&
	   req.remote_ip == NULL, "over-long remote ip ignored");
	len = sprintf(buf, "TCPREMOTEIP=%0*d\nENUMERATE\n",
		      AUTH_REQUEST_MAX_IP, 0);
	ok(auth_request_parse(buf, (size_t)len, &req, &err) == 1 &&
	   req.remote_ip != NULL &&
	   strlen(req.remote_ip) == AUTH_REQUEST_MAX_IP, "max remote ip");
	free(buf);
}

static void
test_trailing(void)
{
	const char *err;
	static const char two[] = "ENUMERATE\nPRE . imap x\n";

	is_int(auth_request_parse(two, sizeof(two) - 1, &req, &err), 1,
	       "bytes after the request are ignored");
	is_int(req.type, AUTH_REQUEST_ENUMERATE, "first request wins");
}

int
main(void)
{
	test_commands();
	test_malformed();
	test_limits();
	test_trailing();
	return tap_done();
}
