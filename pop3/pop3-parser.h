#ifndef ESTAFETTE_POP3_PARSER_H
#define ESTAFETTE_POP3_PARSER_H

/*
 * Splits one POP3 command line (RFC 1939, RFC 2449: a keyword of 3 or 4
 * letters and digits starting with a letter, case-insensitive, then
 * arguments separated by single spaces)
 * into its verb and arguments. The line comes from the bounded line
 * reader, without its CR LF; it may contain any byte.
 *
 * The parser works in place: it writes NULs into line, and cmd's pointers
 * point into it. PASS takes the rest of the line as one argument (a
 * password may contain spaces).
 */

#include <stdbool.h>
#include <stddef.h>

#define POP3_VERB_MAX 4
#define POP3_MAX_ARGS 2

struct pop3_command {
	char verb[POP3_VERB_MAX + 1]; /* upper case */
	const char *args[POP3_MAX_ARGS];
	unsigned int argc;
	bool too_many_args;
};

/*
 * Returns 0 and fills cmd, or -1 when the line cannot be a command: empty,
 * a NUL or other control byte anywhere, a verb that is not 3-4 ASCII
 * letters or digits starting with a letter, an empty argument (two spaces
 * in a row, a trailing space).
 * More than POP3_MAX_ARGS arguments set too_many_args (the handler's
 * table entry decides). line must have room for len + 1 bytes.
 */
int pop3_parse(char *line, size_t len, struct pop3_command *cmd);

/*
 * Parses a message number argument: decimal 1..max with no sign or junk.
 * Returns 0 and *num_r, or -1.
 */
int pop3_parse_msgnum(const char *arg, unsigned int max, unsigned int *num_r);

#endif
