#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "buffer.h"
#include "imap-search-parse.h"
#include "test-imap-args.h"
#include "../tests/unit/tap.h"

static struct arena *arena;
static struct imap_parser *parser;

static const char *const key_names[] = {
    "AND",    "OR",	 "NOT",	   "ALL",   "SEQ",	  "UID",    "FLAG",
    "KW",     "BEFORE",	 "ON",	   "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE",
    "LARGER", "SMALLER", "HEADER", "BODY",  "TEXT",
};

static void
dump(struct buffer *b, const struct imap_search_node *n)
{
	const struct imap_search_node *c;

	buffer_append_str(b, key_names[n->key]);
	switch (n->key) {
	case IMAP_SEARCH_AND:
	case IMAP_SEARCH_OR:
	case IMAP_SEARCH_NOT:
		buffer_append_c(b, '(');
		for (c = n->children; c != NULL; c = c->next) {
			dump(b, c);
			if (c->next != NULL)
				buffer_append_c(b, ' ');
		}
		buffer_append_c(b, ')');
		break;
	case IMAP_SEARCH_SEQSET:
	case IMAP_SEARCH_UIDSET:
		buffer_printf(b, ":%s%u", n->v.set.searchres ? "$" : "",
			      n->v.set.count);
		break;
	case IMAP_SEARCH_FLAG:
		buffer_printf(b, ":%u", n->v.flag);
		break;
	case IMAP_SEARCH_KEYWORD:
	case IMAP_SEARCH_BODY:
	case IMAP_SEARCH_TEXT:
		buffer_printf(b, ":%s", n->v.str);
		break;
	case IMAP_SEARCH_BEFORE:
	case IMAP_SEARCH_ON:
	case IMAP_SEARCH_SINCE:
	case IMAP_SEARCH_SENTBEFORE:
	case IMAP_SEARCH_SENTON:
	case IMAP_SEARCH_SENTSINCE:
		buffer_printf(b, ":%lld", (long long)n->v.day);
		break;
	case IMAP_SEARCH_LARGER:
	case IMAP_SEARCH_SMALLER:
		buffer_printf(b, ":%u", n->v.size);
		break;
	case IMAP_SEARCH_HEADER:
		buffer_printf(b, ":%s=%s", n->v.header.field,
			      n->v.header.value);
		break;
	case IMAP_SEARCH_ALL:
		break;
	}
}

static const char *
search(const char *program)
{
	static char out[4096];
	char *line;
	const struct imap_arg *args;
	struct imap_search_program prog;
	const char *error;
	struct buffer b;
	int ret;

	line = malloc(strlen(program) + 16);
	sprintf(line, "a SEARCH %s\r\n", program);
	args = test_parse_line(&parser, line);
	free(line);
	if (args == NULL)
		return "PARSE";
	ret = imap_search_parse(arena, args, 50, &prog, &error);
	if (ret == IMAP_SEARCH_BADCHARSET)
		return "BADCHARSET";
	if (ret < 0)
		return error;
	buffer_init(&b, sizeof(out) - 1);
	if (prog.esearch)
		buffer_printf(&b, "R%x ", prog.return_options);
	if (prog.charset != NULL)
		buffer_printf(&b, "C%s ", prog.charset);
	dump(&b, prog.root);
	snprintf(out, sizeof(out), "%s", buffer_cstr(&b));
	buffer_deinit(&b);
	return out;
}

int
main(void)
{
	char *deep;
	size_t i;

	arena = arena_new(4096, 1 << 22);
	is_str(search("ALL"), "AND(ALL)", "ALL");
	is_str(search("1:5,7"), "AND(SEQ:2)", "sequence set");
	is_str(search("$"), "AND(SEQ:$0)", "searchres");
	is_str(search("UID 1:*"), "AND(UID:1)", "UID set");
	is_str(search("DELETED UNSEEN"), "AND(FLAG:8 NOT(FLAG:16))", "flags");
	is_str(search("NEW"), "AND(AND(FLAG:32 NOT(FLAG:16)))", "NEW");
	is_str(search("OLD"), "AND(NOT(FLAG:32))", "OLD");
	is_str(search("ANSWERED DRAFT FLAGGED RECENT SEEN UNANSWERED "
		      "UNDELETED UNDRAFT UNFLAGGED"),
	       "AND(FLAG:2 FLAG:1 FLAG:4 FLAG:32 FLAG:16 NOT(FLAG:2) "
	       "NOT(FLAG:8) NOT(FLAG:1) NOT(FLAG:4))",
	       "every flag key");
	is_str(search("KEYWORD $Junk UNKEYWORD Work"),
	       "AND(KW:$Junk NOT(KW:Work))", "keywords");
	is_str(search("FROM a TO b CC c BCC d SUBJECT \"x y\""),
	       "AND(HEADER:From=a HEADER:To=b HEADER:Cc=c HEADER:Bcc=d "
	       "HEADER:Subject=x y)",
	       "address keys");
	is_str(search("HEADER Message-ID \"\" BODY x TEXT {3}\r\nabc"),
	       "AND(HEADER:Message-ID= BODY:x TEXT:abc)", "header/body/text");
	is_str(search("BEFORE 1-Jan-1970 ON \"2-Jan-1970\" SINCE 01-Jan-1970 "
		      "SENTBEFORE 1-Jan-1970 SENTON 1-Jan-1970 "
		      "SENTSINCE 1-Jan-1970"),
	       "AND(BEFORE:0 ON:1 SINCE:0 SENTBEFORE:0 SENTON:0 SENTSINCE:0)",
	       "dates");
	is_str(search("LARGER 100 SMALLER 4294967295"),
	       "AND(LARGER:100 SMALLER:4294967295)", "sizes");
	is_str(search("OR SEEN (DELETED FROM x) NOT 2"),
	       "AND(OR(FLAG:16 AND(FLAG:8 HEADER:From=x)) NOT(SEQ:1))",
	       "OR, NOT, parentheses");
	is_str(search("CHARSET UTF-8 SUBJECT \"caf\xc3\xa9\""),
	       "CUTF-8 AND(HEADER:Subject=caf\xc3\xa9)", "UTF-8");
	is_str(search("CHARSET us-ascii SUBJECT x"),
	       "Cus-ascii AND(HEADER:Subject=x)", "US-ASCII");
	is_str(search("CHARSET ISO-8859-1 SUBJECT x"), "BADCHARSET",
	       "unsupported charset");
	is_str(search("RETURN (MIN MAX COUNT) ALL"), "Rb AND(ALL)",
	       "ESEARCH RETURN");
	is_str(search("RETURN () ALL"), "R4 AND(ALL)", "RETURN () is ALL");
	is_str(search("RETURN (SAVE) ALL"), "R14 AND(ALL)", "RETURN SAVE");
	is_str(search("RETURN (MIN) CHARSET UTF-8 ALL"), "R1 CUTF-8 AND(ALL)",
	       "RETURN then CHARSET");

	is_str(search("CHARSET US-ASCII SUBJECT \"caf\xc3\xa9\""),
	       "8-bit search string with US-ASCII", "8-bit with US-ASCII");
	is_str(search("SUBJECT {3}\r\n\xc3\x28x"),
	       "Invalid UTF-8 in search string", "invalid UTF-8 literal");
	is_str(search("FOO"), "Unknown search key", "unknown key");
	is_str(search("SUBJECT"), "Missing search string", "missing string");
	is_str(search("HEADER"), "Invalid search key argument",
	       "missing header field");
	is_str(search("HEADER a:b x"), "Invalid search key argument",
	       "bad header field");
	is_str(search("HEADER x"), "Missing search string",
	       "missing header value");
	is_str(search("OR SEEN"), "Missing search key", "OR needs two");
	is_str(search("NOT"), "Missing search key", "NOT needs one");
	is_str(search("()"), "Missing search key", "empty parentheses");
	is_str(search("BEFORE 30-Feb-2020"), "Invalid search key argument",
	       "bad date");
	is_str(search("LARGER -1"), "Invalid search key argument", "bad size");
	is_str(search("LARGER 4294967296"), "Invalid search key argument",
	       "size overflow");
	is_str(search("KEYWORD \\Seen"), "Invalid search key argument",
	       "system flag as keyword");
	is_str(search("UID"), "Missing UID set", "UID without set");
	is_str(search("1:0"), "Invalid sequence set", "bad set");
	is_str(search("RETURN (FOO) ALL"), "Invalid RETURN options",
	       "bad RETURN option");
	is_str(search("\"ALL\""), "Invalid search key", "quoted key");
	is_str(search("CHARSET"), "Missing charset", "CHARSET alone");

	/* Depth: 50 NOTs pass, 51 do not; parentheses count too. */
	deep = malloc(51 * 4 + 8);
	for (i = 0; i < 50; i++)
		memcpy(deep + i * 4, "NOT ", 4);
	strcpy(deep + 200, "ALL");
	ok(strncmp(search(deep), "AND(NOT(", 8) == 0, "50 NOTs");
	for (i = 0; i < 51; i++)
		memcpy(deep + i * 4, "NOT ", 4);
	strcpy(deep + 204, "ALL");
	is_str(search(deep), "Search program nested too deeply", "51 NOTs");
	free(deep);
	deep = malloc(51 * 2 + 8);
	memset(deep, '(', 51);
	strcpy(deep + 51, "ALL");
	memset(deep + 54, ')', 51);
	deep[105] = '\0';
	is_str(search(deep), "Search program nested too deeply",
	       "51 parentheses");
	deep[104] = '\0';
	ok(strncmp(search(deep + 1), "AND(AND(", 8) == 0, "50 parentheses");
	free(deep);
	imap_parser_free(&parser);
	arena_free(&arena);
	return tap_done();
}
