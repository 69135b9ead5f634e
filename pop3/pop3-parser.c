#include "config.h"

#include <string.h>

#include "pop3-parser.h"
#include "strnum.h"

static bool
pop3_line_clean(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

static int
pop3_parse_verb(const char *line, size_t len, struct pop3_command *cmd)
{
	size_t i;

	if (len < 3 || len > POP3_VERB_MAX)
		return -1;
	for (i = 0; i < len; i++) {
		char c = line[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		/* Letters; digits after the first ("UTF8"). */
		if ((c < 'A' || c > 'Z') && (i == 0 || c < '0' || c > '9'))
			return -1;
		cmd->verb[i] = c;
	}
	cmd->verb[len] = '\0';
	return 0;
}

int
pop3_parse(char *line, size_t len, struct pop3_command *cmd)
{
	char *p, *space, *end = line + len;
	size_t verb_len;

	memset(cmd, 0, sizeof(*cmd));
	if (len == 0 || !pop3_line_clean(line, len))
		return -1;
	line[len] = '\0';
	space = memchr(line, ' ', len);
	verb_len = space != NULL ? (size_t)(space - line) : len;
	if (pop3_parse_verb(line, verb_len, cmd) < 0)
		return -1;
	if (space == NULL)
		return 0;
	p = space + 1;
	if (p == end)
		return -1; /* "VERB " with nothing after */
	if (strcmp(cmd->verb, "PASS") == 0) {
		cmd->args[0] = p;
		cmd->argc = 1;
		return 0;
	}
	while (p < end) {
		space = memchr(p, ' ', (size_t)(end - p));
		if (space != NULL && (space == p || space + 1 == end))
			return -1; /* empty argument */
		if (cmd->argc == POP3_MAX_ARGS) {
			cmd->too_many_args = true;
			return 0;
		}
		cmd->args[cmd->argc++] = p;
		if (space == NULL)
			break;
		*space = '\0';
		p = space + 1;
	}
	return 0;
}

int
pop3_parse_msgnum(const char *arg, unsigned int max, unsigned int *num_r)
{
	uint32_t n;

	if (arg == NULL || str_to_uint32(arg, &n) < 0 || n == 0 || n > max)
		return -1;
	*num_r = n;
	return 0;
}
