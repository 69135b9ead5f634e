#include "config.h"

#include <string.h>

#include "lmtp-command.h"
#include "../tests/unit/tap.h"

static int
parse(const char *line, struct lmtp_command *cmd, const char **reply)
{
	*reply = NULL;
	return lmtp_command_parse(line, strlen(line), cmd, reply);
}

static void
test_verbs(void)
{
	struct lmtp_command cmd;
	const char *reply;

	ok(parse("LHLO mx.example.org", &cmd, &reply) == 0 &&
		   cmd.verb == LMTP_VERB_LHLO &&
		   strcmp(cmd.arg, "mx.example.org") == 0,
	   "LHLO with a name");
	ok(parse("lhlo x", &cmd, &reply) == 0 && cmd.verb == LMTP_VERB_LHLO,
	   "verbs are case-insensitive");
	ok(parse("LHLO", &cmd, &reply) < 0 && strncmp(reply, "501 ", 4) == 0,
	   "LHLO needs a name");
	ok(parse("EHLO x", &cmd, &reply) == 0 && cmd.verb == LMTP_VERB_HELO,
	   "EHLO recognised (to be refused by the session)");
	ok(parse("DATA", &cmd, &reply) == 0 && cmd.verb == LMTP_VERB_DATA,
	   "DATA");
	ok(parse("DATA x", &cmd, &reply) < 0 && strncmp(reply, "501", 3) == 0,
	   "DATA takes no argument");
	ok(parse("QUIT", &cmd, &reply) == 0 && cmd.verb == LMTP_VERB_QUIT,
	   "QUIT");
	ok(parse("NOOP anything", &cmd, &reply) == 0, "NOOP ignores args");
	ok(parse("RSET", &cmd, &reply) == 0 && cmd.verb == LMTP_VERB_RSET,
	   "RSET");
	ok(parse("BDAT 10", &cmd, &reply) < 0 &&
		   cmd.verb == LMTP_VERB_UNKNOWN &&
		   strncmp(reply, "500 5.5.2", 9) == 0,
	   "unknown verb: 500 5.5.2");
	ok(parse("", &cmd, &reply) < 0 && strncmp(reply, "500", 3) == 0,
	   "empty line: 500");
	ok(lmtp_command_parse("NOOP\0x", 6, &cmd, &reply) < 0,
	   "NUL byte refused");
}

static void
test_mail(void)
{
	struct lmtp_command cmd;
	const char *reply;

	ok(parse("MAIL FROM:<alice@example.org>", &cmd, &reply) == 0 &&
		   strcmp(cmd.arg, "alice@example.org") == 0 &&
		   !cmd.size_given,
	   "MAIL FROM");
	ok(parse("MAIL FROM:<>", &cmd, &reply) == 0 && cmd.arg[0] == '\0',
	   "null reverse path");
	ok(parse("mail from: <a@b.c> SIZE=1234 BODY=8BITMIME", &cmd,
		 &reply) == 0 &&
		   cmd.size_given && cmd.size == 1234 &&
		   cmd.body == LMTP_BODY_8BITMIME,
	   "SIZE and BODY parameters");
	ok(parse("MAIL FROM:<a@b.c> SIZE=18446744073709551616", &cmd,
		 &reply) < 0 &&
		   strncmp(reply, "501", 3) == 0,
	   "SIZE overflow refused");
	ok(parse("MAIL FROM:<a@b.c> SIZE=", &cmd, &reply) < 0,
	   "empty SIZE refused");
	ok(parse("MAIL FROM:<a@b.c> SIZE=1 SIZE=2", &cmd, &reply) < 0,
	   "repeated SIZE refused");
	ok(parse("MAIL FROM:<a@b.c> BODY=BINARYMIME", &cmd, &reply) < 0,
	   "unknown BODY refused");
	ok(parse("MAIL FROM:<a@b.c> RET=FULL", &cmd, &reply) < 0 &&
		   strncmp(reply, "555 5.5.4", 9) == 0,
	   "unsupported parameter: 555");
	ok(parse("MAIL FROM:<@relay.example,@r2.example:a@b.c>", &cmd,
		 &reply) == 0 &&
		   strcmp(cmd.arg, "a@b.c") == 0,
	   "source route dropped");
	ok(parse("MAIL FROM:<\"john smith\"@example.org>", &cmd, &reply) ==
			   0 &&
		   strcmp(cmd.arg, "\"john smith\"@example.org") == 0,
	   "quoted local part");
	ok(parse("MAIL FROM:a@b.c", &cmd, &reply) < 0, "missing <> refused");
	ok(parse("MAIL FROM:<a@b.c", &cmd, &reply) < 0, "unclosed <");
	ok(parse("MAIL FROM:<a..b@c>", &cmd, &reply) < 0,
	   "double dot refused");
	ok(parse("MAIL FROM:<.a@c>", &cmd, &reply) < 0,
	   "leading dot refused");
	ok(parse("MAIL FROM:<a@c..d>", &cmd, &reply) < 0,
	   "empty domain label refused");
	ok(parse("MAIL FROM:<a>", &cmd, &reply) < 0,
	   "reverse path needs a domain");
	ok(parse("MAIL FROM:<a@[127.0.0.1]>", &cmd, &reply) == 0,
	   "address literal");
	ok(parse("MAIL FROM:<a@b.c>x", &cmd, &reply) < 0,
	   "junk after path refused");
	ok(parse("MAIL TO:<a@b.c>", &cmd, &reply) < 0, "MAIL TO refused");
}

static void
test_rcpt(void)
{
	struct lmtp_command cmd;
	const char *reply;
	char line[600];

	ok(parse("RCPT TO:<bob@example.org>", &cmd, &reply) == 0 &&
		   strcmp(cmd.arg, "bob@example.org") == 0,
	   "RCPT TO");
	ok(parse("RCPT TO:<demo>", &cmd, &reply) == 0 &&
		   strcmp(cmd.arg, "demo") == 0,
	   "bare local recipient");
	ok(parse("RCPT TO:<>", &cmd, &reply) < 0, "empty forward path");
	ok(parse("RCPT TO:<a@b> NOTIFY=NEVER", &cmd, &reply) < 0 &&
		   strncmp(reply, "555", 3) == 0,
	   "RCPT parameters unsupported");
	/* Limits: a 256-byte path is fine, 257 is too long. */
	memset(line, 0, sizeof(line));
	strcpy(line, "RCPT TO:<");
	memset(line + 9, 'a', 250);
	strcpy(line + 259, "@b.cde>");
	ok(parse(line, &cmd, &reply) == 0 && strlen(cmd.arg) == 256,
	   "256-byte path accepted");
	strcpy(line + 259, "@b.cdef>");
	ok(parse(line, &cmd, &reply) < 0 && strncmp(reply, "501 5.1.3", 9) == 0,
	   "257-byte path refused");
	ok(parse("RCPT TO:<a\"b@c>", &cmd, &reply) < 0, "stray quote refused");
	ok(parse("RCPT TO:<\"a\x01\"@c>", &cmd, &reply) < 0,
	   "control character in quoted part refused");
}

int
main(void)
{
	test_verbs();
	test_mail();
	test_rcpt();
	return tap_done();
}
