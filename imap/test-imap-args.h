#ifndef ESTAFETTE_TEST_IMAP_ARGS_H
#define ESTAFETTE_TEST_IMAP_ARGS_H

/* For unit tests: runs one command line through the parser (FETCH gets
   sections) and returns its arguments, or NULL on a parse error. The
   parser is kept in *p until the caller frees it. */

#include <string.h>
#include <strings.h>

#include "imap-parser.h"

static __attribute__((unused)) const struct imap_arg *
test_parse_line(struct imap_parser **p, const char *line)
{
	size_t used, pos = 0, len = strlen(line);
	enum imap_parse_result r;
	unsigned int count;

	imap_parser_free(p);
	*p = imap_parser_new(&imap_parser_limits_session);
	imap_parser_set_utf8(*p, true);
	while ((r = imap_parser_feed(*p, line + pos, len - pos, &used)) !=
	       IMAP_PARSE_COMPLETE) {
		pos += used;
		if (r == IMAP_PARSE_NAME &&
		    strcasecmp(imap_parser_name(*p), "FETCH") == 0)
			imap_parser_set_flags(*p, IMAP_PARSE_FLAG_SECTIONS);
		else if (r != IMAP_PARSE_NAME && r != IMAP_PARSE_CONTINUE)
			return NULL;
	}
	return imap_parser_args(*p, &count);
}

#endif
