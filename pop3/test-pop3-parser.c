#include "config.h"

#include <string.h>

#include "pop3-parser.h"
#include "../tests/unit/tap.h"

static int
parse(const char *text, struct pop3_command *cmd)
{
	static char line[1024];
	size_t len = strlen(text);

	memcpy(line, text, len + 1);
	return pop3_parse(line, len, cmd);
}

int
main(void)
{
	struct pop3_command cmd;
	unsigned int n = 0;
	char nul_line[] = "US\0R x";

	ok(parse("STAT", &cmd) == 0 && strcmp(cmd.verb, "STAT") == 0 &&
		   cmd.argc == 0,
	   "STAT");
	ok(parse("stat", &cmd) == 0 && strcmp(cmd.verb, "STAT") == 0,
	   "verb is case-blind");
	ok(parse("top 1 10", &cmd) == 0 && cmd.argc == 2 &&
		   strcmp(cmd.args[0], "1") == 0 &&
		   strcmp(cmd.args[1], "10") == 0,
	   "TOP with two arguments");
	ok(parse("TOP 1 2 3", &cmd) == 0 && cmd.too_many_args,
	   "three arguments: too many");
	ok(parse("PASS my secret pw", &cmd) == 0 && cmd.argc == 1 &&
		   strcmp(cmd.args[0], "my secret pw") == 0,
	   "PASS keeps spaces");
	ok(parse("PASS  x", &cmd) == 0 && strcmp(cmd.args[0], " x") == 0,
	   "PASS keeps a leading space of the password");
	ok(parse("TOP", &cmd) == 0, "3-letter verb");
	is_int(parse("", &cmd), -1, "empty line");
	is_int(parse("ST", &cmd), -1, "2-letter verb");
	is_int(parse("STATS", &cmd), -1, "5-letter verb");
	is_int(parse("4TAT", &cmd), -1, "verb starting with a digit");
	ok(parse("utf8", &cmd) == 0 && strcmp(cmd.verb, "UTF8") == 0,
	   "digit after the first letter (UTF8)");
	is_int(parse("ST-T", &cmd), -1, "punctuation in verb");
	is_int(parse("LIST ", &cmd), -1, "trailing space");
	is_int(parse("TOP 1  2", &cmd), -1, "double space");
	is_int(parse(" LIST", &cmd), -1, "leading space");
	is_int(parse("USER a\tb", &cmd), -1, "control byte");
	is_int(pop3_parse(nul_line, sizeof(nul_line) - 1, &cmd), -1,
	       "NUL byte");
	ok(pop3_parse_msgnum("1", 1, &n) == 0 && n == 1, "msgnum 1 of 1");
	is_int(pop3_parse_msgnum("2", 1, &n), -1, "msgnum max+1");
	is_int(pop3_parse_msgnum("0", 5, &n), -1, "msgnum 0");
	is_int(pop3_parse_msgnum("+1", 5, &n), -1, "msgnum sign");
	is_int(pop3_parse_msgnum("4294967296", 5, &n), -1, "msgnum overflow");
	return tap_done();
}
