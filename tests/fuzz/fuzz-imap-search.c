/*
 * Fuzzes SEARCH program parsing: the input follows "a SEARCH " and goes
 * through the parser and imap_search_parse(). An accepted program must
 * respect the depth limit and the node shapes (OR has two children, NOT
 * one).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../imap/imap-search-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DEPTH 20

static void
check(const struct imap_search_node *n, unsigned int depth)
{
	const struct imap_search_node *c;
	unsigned int count = 0;

	if (depth > 3 * MAX_DEPTH + 3)
		abort();
	for (c = n->children; c != NULL; c = c->next) {
		check(c, depth + 1);
		count++;
	}
	if ((n->key == IMAP_SEARCH_OR && count != 2) ||
	    (n->key == IMAP_SEARCH_NOT && count != 1) ||
	    (n->key == IMAP_SEARCH_AND && count == 0) ||
	    (n->key > IMAP_SEARCH_NOT && count != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imap_parser *p = imap_parser_new(&imap_parser_limits_session);
	struct arena *arena = arena_new(4096, 1 << 24);
	struct imap_search_program prog;
	const struct imap_arg *args;
	enum imap_parse_result r = IMAP_PARSE_NEED_MORE;
	size_t used, pos = 0;
	unsigned int count;
	const char *error;
	static const char head[] = "a SEARCH ";

	imap_parser_set_utf8(p, true);
	(void)imap_parser_feed(p, head, 9, &used);
	(void)imap_parser_feed(p, head + used, 9 - used, &used);
	while (pos < size) {
		r = imap_parser_feed(p, data + pos, size - pos, &used);
		pos += used;
		if (r != IMAP_PARSE_NEED_MORE && r != IMAP_PARSE_CONTINUE)
			break;
	}
	if (r == IMAP_PARSE_NEED_MORE || r == IMAP_PARSE_CONTINUE)
		r = imap_parser_feed(p, "\r\n", 2, &used);
	if (r == IMAP_PARSE_COMPLETE) {
		args = imap_parser_args(p, &count);
		if (imap_search_parse(arena, args, MAX_DEPTH, &prog, &error) ==
		    0)
			check(prog.root, 0);
	}
	arena_free(&arena);
	imap_parser_free(&p);
	return 0;
}
