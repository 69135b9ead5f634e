/*
 * Tests for the streaming IMAP parser. Every case is fed whole, then in
 * chunks of 1, 2, 3 and 7 bytes, and must give the same transcript.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "imap-parser.h"
#include "../tests/unit/tap.h"

static void
serialize(struct buffer *out, const struct imap_arg *args)
{
	const struct imap_arg *a;
	size_t i;

	for (a = args; a->type != IMAP_ARG_EOL; a++) {
		if (a != args)
			buffer_append_c(out, ' ');
		switch (a->type) {
		case IMAP_ARG_NIL:
			buffer_append_str(out, "NIL");
			break;
		case IMAP_ARG_ATOM:
			buffer_append_str(out, a->v.str);
			break;
		case IMAP_ARG_STRING:
			buffer_append_c(out, '"');
			buffer_append(out, a->v.str, a->len);
			buffer_append_c(out, '"');
			break;
		case IMAP_ARG_LITERAL:
			buffer_printf(out, "%s{%zu%s}", a->literal8 ? "~" : "",
				      a->len, a->nonsync ? "+" : "");
			for (i = 0; i < a->len; i++)
				buffer_append_c(out, a->v.str[i] == '\0'
							 ? '0'
							 : a->v.str[i]);
			break;
		case IMAP_ARG_LIST:
			buffer_append_c(out, '(');
			serialize(out, a->v.list);
			buffer_append_c(out, ')');
			break;
		case IMAP_ARG_STREAMED:
			buffer_printf(out, "<stream %llu>",
				      (unsigned long long)a->v.size);
			break;
		case IMAP_ARG_EOL:
			break;
		}
	}
}

static bool
on_event(struct imap_parser *p, enum imap_parse_result r, struct buffer *out,
	 const char *in, size_t len, size_t *pos)
{
	const struct imap_literal_info *lit;
	const struct imap_arg *args;
	unsigned int count;
	const char *name, *msg;
	bool fatal;

	switch (r) {
	case IMAP_PARSE_NEED_MORE:
		return *pos < len;
	case IMAP_PARSE_NAME:
		name = imap_parser_name(p);
		if (strcasecmp(name, "FETCH") == 0)
			imap_parser_set_flags(p, IMAP_PARSE_FLAG_SECTIONS);
		else if (strcasecmp(name, "APPEND") == 0)
			imap_parser_set_flags(p,
					      IMAP_PARSE_FLAG_STREAM_LITERALS |
						  IMAP_PARSE_FLAG_LITERAL8);
		else if (strcasecmp(name, "REJECT") == 0) {
			buffer_printf(out, "%s NO rejected|",
				      imap_parser_tag(p));
			imap_parser_discard(p);
		}
		return true;
	case IMAP_PARSE_CONTINUE:
		buffer_append_str(out, "+|");
		return true;
	case IMAP_PARSE_LITERAL_STREAM:
		lit = imap_parser_literal(p);
		args = imap_parser_args_so_far(p, &count);
		buffer_printf(out, "~%llu%s@%u/%u|",
			      (unsigned long long)lit->size,
			      lit->sync ? "" : "+", count, lit->depth);
		if (lit->size == 10) {
			imap_parser_discard(p);
			buffer_append_str(out, "discarded|");
			return true;
		}
		*pos += lit->size < len - *pos ? lit->size : len - *pos;
		imap_parser_literal_streamed(p);
		return true;
	case IMAP_PARSE_COMPLETE:
		args = imap_parser_args(p, &count);
		buffer_printf(out, "%s %s%s[%u]", imap_parser_tag(p),
			      imap_parser_is_uid(p) ? "UID " : "",
			      imap_parser_name(p), count);
		serialize(out, args);
		buffer_append_c(out, '|');
		return true;
	case IMAP_PARSE_ERROR:
		msg = imap_parser_error(p, &fatal);
		if (fatal) {
			buffer_printf(out, "* BYE %s|", msg);
			return false;
		}
		buffer_printf(out, "%s BAD %s|",
			      imap_parser_tag(p) ? imap_parser_tag(p) : "*",
			      msg);
		return true;
	}
	return false;
}

static char *
run(const char *in, size_t len, size_t chunk,
    const struct imap_parser_limits *limits, bool utf8)
{
	struct imap_parser *p = imap_parser_new(limits);
	struct buffer out;
	size_t pos = 0, n, used;
	enum imap_parse_result r;
	unsigned int guard = 0;

	buffer_init(&out, 1 << 20);
	imap_parser_set_utf8(p, utf8);
	for (;;) {
		n = len - pos < chunk ? len - pos : chunk;
		r = imap_parser_feed(p, in + pos, n, &used);
		pos += used;
		if (r == IMAP_PARSE_NEED_MORE && used != n) {
			buffer_append_str(&out, "BUG: short NEED_MORE|");
			break;
		}
		if (!on_event(p, r, &out, in, len, &pos))
			break;
		if (++guard > 10000000) {
			buffer_append_str(&out, "BUG: loop|");
			break;
		}
	}
	if (pos < len)
		buffer_printf(&out, "left %zu", len - pos);
	imap_parser_free(&p);
	return buffer_steal(&out, NULL);
}

static void
check_limits(const char *in, size_t len, const char *want,
	     const struct imap_parser_limits *limits, bool utf8)
{
	static const size_t chunks[] = {(size_t)-1, 1, 2, 3, 7};
	size_t i;
	char *got;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		got = run(in, len, chunks[i], limits, utf8);
		if (i == 0 || strcmp(got, want) != 0) {
			char name[120];

			size_t k;

			snprintf(name, sizeof(name), "chunk %zu: %.60s",
				 chunks[i] == (size_t)-1 ? 0 : chunks[i], in);
			for (k = 0; name[k] != '\0'; k++)
				if ((unsigned char)name[k] < 0x20)
					name[k] = '.';
			is_str(got, want, name);
		}
		free(got);
	}
}

/* For inputs holding NUL bytes: the length of a string literal. */
#define CHECKN(in, want, limits, utf8)                                         \
	check_limits((in), sizeof(in) - 1, (want), (limits), (utf8))

static void
check(const char *in, const char *want)
{
	check_limits(in, strlen(in), want, &imap_parser_limits_session, false);
}

static void
test_basic(void)
{
	check("a NOOP\r\n", "a NOOP[0]|");
	check("a noop\n", "a noop[0]|");
	check("a1 LOGIN user pass\r\nb2 LOGOUT\r\n",
	      "a1 LOGIN[2]user pass|b2 LOGOUT[0]|");
	check("a LOGIN \"us\\\"er\" \"p\\\\w\"\r\n",
	      "a LOGIN[2]\"us\"er\" \"p\\w\"|");
	check("a X nil NIL \"NIL\" ()\r\n", "a X[4]NIL NIL \"NIL\" ()|");
	check("a X (a (b (c)) d) e\r\n", "a X[2](a (b (c)) d) e|");
	check("a X \"\"\r\n", "a X[1]\"\"|");
	check("a X () x (()) (a ()) ((b))\r\n",
	      "a X[5]() x (()) (a ()) ((b))|");
	check("a UID FETCH 1:* FLAGS\r\n", "a UID FETCH[2]1:* FLAGS|");
	check("a uid store 1 +FLAGS (\\Seen)\r\n",
	      "a UID store[3]1 +FLAGS (\\Seen)|");
	check("a LIST \"\" %\r\n", "a LIST[2]\"\" %|");
	check("a SELECT a]b[c\r\n", "a SELECT[1]a]b[c|");
	check("[a] NOOP\r\n", "[a] NOOP[0]|");
	check("a NOOP \r\n", "a NOOP[0]|");
	check("a X a \r\n", "a X[1]a|");
}

static void
test_fetch_sections(void)
{
	check("a FETCH 1 (FLAGS BODY[HEADER.FIELDS (A B)]<0.100>)\r\n",
	      "a FETCH[2]1 (FLAGS BODY[HEADER.FIELDS (A B)]<0.100>)|");
	check("a FETCH 1 BODY.PEEK[1.2.MIME]\r\n",
	      "a FETCH[2]1 BODY.PEEK[1.2.MIME]|");
	check("a FETCH 1 BODY[HEADER.FIELDS (\"X]\")]\r\n",
	      "a FETCH[2]1 BODY[HEADER.FIELDS (\"X]\")]|");
	check("a FETCH 1 BODY[]\r\n", "a FETCH[2]1 BODY[]|");
	check("a FETCH 1 BODY[\r\n", "a BAD Missing ']'|");
	check("a FETCH 1 BODY[{3}\r\n", "a BAD Invalid characters in section|");
	check("a FETCH 1 BODY[a[b]]\r\n",
	      "a BAD Invalid characters in section|");
	/* Without the flag the same bytes are separate arguments. */
	check("a SEARCH BODY[X (A B) ]\r\n", "a SEARCH[3]BODY[X (A B) ]|");
	check("a SEARCH BODY[X (A B)]\r\n",
	      "a BAD Missing space between arguments|");
}

static void
test_literals(void)
{
	check("a LOGIN {4}\r\nuser {4}\r\npass\r\n",
	      "+|+|a LOGIN[2]{4}user {4}pass|");
	check("a LOGIN {4+}\r\nuser {4+}\r\npass\r\n",
	      "a LOGIN[2]{4+}user {4+}pass|");
	check("a X {0}\r\n\r\n", "+|a X[1]{0}|");
	check("a X ({2}\r\n\r\n)\r\n", "+|a X[1]({2}\r\n)|");
	check("a X {3}\r\na\nb\r\n", "+|a X[1]{3}a\nb|");
	check("a X {0001}\r\nz\r\n", "+|a X[1]{1}z|");
	CHECKN("a X {3}\r\na\0b\r\nb NOOP\r\n",
	       "+|a BAD NUL in literal|b NOOP[0]|", &imap_parser_limits_session,
	       false);
	check("a X {}\r\n", "a BAD Invalid literal size|");
	check("a X {1x}\r\nb NOOP\r\n",
	      "a BAD Invalid literal size|b NOOP[0]|");
	check("a X {1}x\r\n", "a BAD Invalid literal syntax|");
	check("a X {1}\r\r\n", "a BAD CR without LF|");
	check("a X ~{1}\r\nz\r\n",
	      "a BAD Unexpected '~'|* BAD Missing command name|");
	check("a X {4294967295}\r\nb NOOP\r\n",
	      "a BAD [TOOBIG] Literal too large|b NOOP[0]|");
	check("a X {4294967296}\r\nb NOOP\r\n",
	      "a BAD [TOOBIG] Literal too large|b NOOP[0]|");
	check("a X {18446744073709551616}\r\nb NOOP\r\n",
	      "a BAD [TOOBIG] Literal too large|b NOOP[0]|");
	check("a X {99999999999999999999999999999999}\r\nb NOOP\r\n",
	      "a BAD [TOOBIG] Literal too large|b NOOP[0]|");
	check("a X {4294967296+}\r\nb NOOP\r\n",
	      "* BYE [TOOBIG] Literal too large|left 8");
	check("a X {18446744073709551616+}\r\nxx",
	      "* BYE [TOOBIG] Literal too large|left 2");
}

static void
test_append_stream(void)
{
	check("a APPEND INBOX {3}\r\nabc\r\n",
	      "~3@1/0|a APPEND[2]INBOX <stream 3>|");
	check("a APPEND {5}\r\nINBOX (\\Seen) \"1-Jan-2020 00:00:00 +0000\""
	      " {3+}\r\nabc {2}\r\nde\r\n",
	      "+|~3+@3/0|~2@4/0|a APPEND[5]{5}INBOX (\\Seen) "
	      "\"1-Jan-2020 00:00:00 +0000\" <stream 3> <stream 2>|");
	check("a APPEND INBOX UTF8 (~{2}\r\nab)\r\n",
	      "~2@2/1|a APPEND[3]INBOX UTF8 (<stream 2>)|");
	/* Discarded by the handler: sync means no data, + means skip it. */
	check("a APPEND INBOX {10}\r\nb NOOP\r\n",
	      "~10@1/0|discarded|b NOOP[0]|");
	check("a APPEND INBOX {10+}\r\n0123456789 x {3+}\r\nabc\r\nb NOOP\r\n",
	      "~10+@1/0|discarded|b NOOP[0]|");
	/* Stream budget is separate from the in-memory one. */
	check("a APPEND INBOX {104857601}\r\nb NOOP\r\n",
	      "a BAD [TOOBIG] Literal too large|b NOOP[0]|");
}

static void
test_errors(void)
{
	check("\r\n", "* BAD Empty command line|");
	check("a\r\nb NOOP\r\n", "* BAD Missing command name|b NOOP[0]|");
	check("a \r\n", "a BAD Missing command name|");
	check("a UID\r\n", "a BAD Missing command after UID|");
	check("a+ NOOP\r\nb NOOP\r\n", "* BAD Invalid tag|b NOOP[0]|");
	check("a* NOOP\r\n", "* BAD Invalid tag|");
	check("a NO(OP\r\n", "a BAD Invalid command name|");
	check("a X  b\r\nc NOOP\r\n", "a BAD Unexpected space|c NOOP[0]|");
	check("a X (a\r\n", "a BAD Missing ')'|");
	check("a X (\r\n", "a BAD Missing ')'|");
	check("a X a)\r\n", "a BAD Unexpected ')'|");
	check("a X (a)b\r\n", "a BAD Missing space between arguments|");
	check("a X \"abc\r\n", "a BAD Missing '\"'|");
	check("a X \"a\\b\"\r\n", "a BAD Invalid escape in quoted string|");
	check("a X a\"b\r\n", "a BAD Invalid characters in atom|");
	check("a X a{b\r\n", "a BAD Invalid characters in atom|");
	check("a X a\rb\r\n", "a BAD CR without LF|");
	CHECKN("a X \"a\0b\"\r\nb NOOP\r\n",
	       "a BAD NUL in quoted string|b NOOP[0]|",
	       &imap_parser_limits_session, false);
	CHECKN("a X a\0b\r\n", "a BAD Invalid characters in atom|",
	       &imap_parser_limits_session, false);
	check("a X \"caf\xc3\xa9\"\r\n", "a BAD 8-bit data in quoted string|");
	check("a X caf\xc3\xa9\r\n", "a BAD Invalid characters in atom|");
	check("a X {2}\r\n\xc3\xa9\r\n", "+|a X[1]{2}\xc3\xa9|");
	/* The skipped rest of a bad line may announce LITERAL+ data, which
	   is skipped too instead of being run as commands. */
	check("a X ) {12+}\r\nb LOGOUT\r\n\r\n\r\nc NOOP\r\n",
	      "a BAD Unexpected ')'|c NOOP[0]|");
	check("a X ) {12}\r\nb LOGOUT\r\n",
	      "a BAD Unexpected ')'|b LOGOUT[0]|");
	check("a REJECT x {3+}\r\nabc\r\nb NOOP\r\n",
	      "a NO rejected|b NOOP[0]|");
	check("a REJECT\r\nb NOOP\r\n", "a NO rejected|b NOOP[0]|");
}

static void
test_utf8(void)
{
	const struct imap_parser_limits *l = &imap_parser_limits_session;

	CHECKN("a X \"caf\xc3\xa9\"\r\n", "a X[1]\"caf\xc3\xa9\"|", l, true);
	CHECKN("a X \"caf\xc3\"\r\n", "a BAD Invalid UTF-8 in quoted string|",
	       l, true);
	CHECKN("a X \"\xc0\xaf\"\r\n", "a BAD Invalid UTF-8 in quoted string|",
	       l, true);
	CHECKN("a X \"\xed\xa0\x80\"\r\n",
	       "a BAD Invalid UTF-8 in quoted string|", l, true);
	CHECKN("a X caf\xc3\xa9\r\n", "a BAD Invalid characters in atom|", l,
	       true);
}

static struct imap_parser_limits small = {
    .max_line = 20,
    .max_command = 60,
    .max_literal = 10,
    .max_stream = 30,
    .max_depth = 3,
    .max_literals = 2,
    .max_args = 5,
};

static void
check_small(const char *in, const char *want)
{
	check_limits(in, strlen(in), want, &small, false);
}

static void
test_limits(void)
{
	/* max_line 20: content bytes, CR LF excluded. */
	check_small("a X 0123456789012345\r\n", "a X[1]0123456789012345|");
	check_small("a X 01234567890123456\r\nb NOOP\r\n",
		    "a BAD [TOOBIG] Command line too long|b NOOP[0]|");
	check_small("a X 0123456789012345\nb NOOP\n",
		    "a X[1]0123456789012345|b NOOP[0]|");
	/* max_literal 10. */
	check_small("a X {10}\r\n0123456789\r\n", "+|a X[1]{10}0123456789|");
	check_small("a X {11}\r\nb NOOP\r\n",
		    "a BAD [TOOBIG] Literal too large|b NOOP[0]|");
	check_small("a X {11+}\r\n01234567890\r\n",
		    "* BYE [TOOBIG] Literal too large|left 13");
	/* max_literals 2. */
	check_small("a X {1}\r\na {1}\r\nb\r\n", "+|+|a X[2]{1}a {1}b|");
	check_small("a X {1}\r\na {1}\r\nb {1}\r\nz NOOP\r\n",
		    "+|+|a BAD Too many literals|z NOOP[0]|");
	check_small("a X {1+}\r\na {1+}\r\nb {1+}\r\nc\r\n",
		    "* BYE Too many literals|left 3");
	/* max_depth 3. */
	check_small("a X (((a)))\r\n", "a X[1](((a)))|");
	check_small("a X ((((a))))\r\nb NOOP\r\n",
		    "a BAD Too deeply nested lists|b NOOP[0]|");
	/* max_args 5: lists count. */
	check_small("a X 1 2 3 4 5\r\n", "a X[5]1 2 3 4 5|");
	check_small("a X 1 2 3 4 5 6\r\nb NOOP\r\n",
		    "a BAD Too many arguments|b NOOP[0]|");
	check_small("a X (1 2) (3)\r\n", "a X[2](1 2) (3)|");
	check_small("a X (1 2) (3 4)\r\n", "a BAD Too many arguments|");
	/* max_command 60 over several lines. */
	check_small("a X {10}\r\n0123456789 {10}\r\n0123456789\r\n",
		    "+|+|a X[2]{10}0123456789 {10}0123456789|");
	check_small("a X {10}\r\n0123456789 {10}\r\n0123456789 {10}\r\n",
		    "+|+|a BAD Too many literals|");
	/* max_stream 30 for APPEND messages. */
	check_small("a APPEND I {30}\r\n012345678901234567890123456789\r\n",
		    "~30@1/0|a APPEND[2]I <stream 30>|");
	check_small("a APPEND I {31}\r\nb NOOP\r\n",
		    "a BAD [TOOBIG] Literal too large|b NOOP[0]|");
}

static void
test_command_size(void)
{
	struct imap_parser_limits l = small;

	l.max_literals = 10;
	l.max_literal = 20;
	/* 10 + 9 + 20 (lines) + 20 (literal) = 59 <= 60 */
	CHECKN("a X {20}\r\n01234567890123456789\r\n",
	       "+|a X[1]{20}01234567890123456789|", &l, false);
	l.max_command = 30;
	l.max_literal = 25;
	/* Every byte counts, CR LF included: 10 + 18 + 2 = 30. */
	CHECKN("a X {18}\r\n012345678901234567\r\n",
	       "+|a X[1]{18}012345678901234567|", &l, false);
	CHECKN("a X {19}\r\n0123456789012345678\r\n",
	       "+|a BAD [TOOBIG] Command too large|", &l, false);
	CHECKN("a X {20}\r\n01234567890123456789\r\n",
	       "+|a BAD [TOOBIG] Command too large|", &l, false);
	CHECKN("a X {21}\r\nb NOOP\r\n",
	       "a BAD [TOOBIG] Literal too large|b NOOP[0]|", &l, false);
}

static void
test_32bit_boundary(void)
{
	struct imap_parser_limits l = imap_parser_limits_session;

	/* With a budget of 2^32-1 the last 32-bit size is accepted and the
	   next one refused: the size is never wrapped. */
	l.max_stream = UINT32_MAX;
	CHECKN("a APPEND I {4294967295}\r\n", "~4294967295@1/0|", &l, false);
	CHECKN("a APPEND I {4294967296}\r\nb NOOP\r\n",
	       "a BAD [TOOBIG] Literal too large|b NOOP[0]|", &l, false);
	CHECKN("a APPEND I {00004294967295+}\r\n", "~4294967295+@1/0|", &l,
	       false);
}

static void
test_hostile(void)
{
	size_t n = 1000000, i;
	char *in = malloc(n + 32);
	char *got;
	struct imap_parser *p;
	size_t used;

	/* A million '(' before login: refused at the depth limit, the rest
	   skipped without memory. */
	memcpy(in, "a X ", 4);
	memset(in + 4, '(', n);
	memcpy(in + 4 + n, "\r\nb NOOP\r\n", 10);
	got = run(in, n + 14, (size_t)-1, &imap_parser_limits_prelogin, false);
	is_str(got, "a BAD Too deeply nested lists|b NOOP[0]|",
	       "a million ( before login");
	free(got);
	got = run(in, n + 14, 4096, &imap_parser_limits_prelogin, false);
	is_str(got, "a BAD Too deeply nested lists|b NOOP[0]|",
	       "a million ( in 4 KiB reads");
	free(got);
	/* 10,000 literals in one APPEND. */
	p = imap_parser_new(&imap_parser_limits_session);
	ok(imap_parser_feed(p, "a APPEND INBOX", 14, &used) ==
		   IMAP_PARSE_NAME &&
	       used == 9,
	   "APPEND name");
	imap_parser_set_flags(p, IMAP_PARSE_FLAG_STREAM_LITERALS);
	ok(imap_parser_feed(p, "INBOX", 5, &used) == IMAP_PARSE_NEED_MORE,
	   "mailbox");
	for (i = 0; i < 10000; i++) {
		enum imap_parse_result r;

		r = imap_parser_feed(p, " {1+}\r\nx", 8, &used);
		if (r == IMAP_PARSE_LITERAL_STREAM) {
			imap_parser_literal_streamed(p);
			r = imap_parser_feed(p, "", 0, &used);
		}
		if (r == IMAP_PARSE_ERROR)
			break;
	}
	ok(i == imap_parser_limits_session.max_literals,
	   "10,000 literals: refused after max_literals (%zu)", i);
	ok(strcmp(imap_parser_error(p, NULL), "Too many literals") == 0,
	   "too many literals error");
	imap_parser_free(&p);
	free(in);
}

static void
test_api(void)
{
	struct imap_parser *p = imap_parser_new(&imap_parser_limits_prelogin);
	const struct imap_arg *args;
	unsigned int count;
	const char *s;
	size_t used, len;
	bool fatal;

	ok(imap_parser_feed(p, "a LOGIN", 7, &used) == IMAP_PARSE_NEED_MORE &&
	       used == 7,
	   "partial name needs more");
	ok(imap_parser_set_limits(p, &imap_parser_limits_session) < 0,
	   "limits refused mid-command");
	ok(imap_parser_feed(p, " x \"y\" z", 8, &used) == IMAP_PARSE_NAME &&
	       used == 1,
	   "name event after the space");
	ok(imap_parser_feed(p, "x \"y\" z", 7, &used) == IMAP_PARSE_NEED_MORE &&
	       used == 7,
	   "args need more");
	ok(imap_parser_feed(p, "\r\nb", 3, &used) == IMAP_PARSE_COMPLETE &&
	       used == 2,
	   "complete stops at the line end");
	args = imap_parser_args(p, &count);
	ok(count == 3 && imap_arg_astring(&args[0], &s, &len) &&
	       strcmp(s, "x") == 0 && len == 1,
	   "astring atom");
	ok(imap_arg_string(&args[1], &s, &len) && strcmp(s, "y") == 0,
	   "string");
	ok(!imap_arg_string(&args[0], &s, &len), "atom is no string");
	ok(imap_arg_nstring(&args[1], &s, NULL) && s != NULL, "nstring");
	ok(args[3].type == IMAP_ARG_EOL, "EOL sentinel");
	ok(imap_parser_set_limits(p, &imap_parser_limits_session) == 0,
	   "limits changed between commands");
	ok(imap_parser_feed(p, "b X {5+}\r\n", 10, &used) == IMAP_PARSE_NAME,
	   "name");
	ok(imap_parser_feed(p, "{5+}\r\nab", 8, &used) ==
		   IMAP_PARSE_NEED_MORE &&
	       used == 8,
	   "literal+ data partial");
	ok(imap_parser_feed(p, "c\0e\r\n", 5, &used) == IMAP_PARSE_ERROR &&
	       used == 2,
	   "NUL inside literal data");
	imap_parser_reset(p);
	ok(imap_parser_feed(p, "c X {5+}\r\n", 10, &used) == IMAP_PARSE_NAME &&
	       used == 4,
	   "after reset");
	ok(imap_parser_feed(p, "{5+}\r\n", 6, &used) == IMAP_PARSE_NEED_MORE,
	   "literal header");
	ok(imap_parser_feed(p, "a\0", 2, &used) == IMAP_PARSE_ERROR &&
	       used == 2,
	   "NUL in literal is an error at once");
	ok(strcmp(imap_parser_error(p, &fatal), "NUL in literal") == 0 &&
	       !fatal,
	   "not fatal");
	ok(imap_parser_feed(p, "xyz\r\nd NOOP\r\n", 13, &used) ==
		   IMAP_PARSE_NAME &&
	       used == 13,
	   "rest of literal and line skipped");
	ok(strcmp(imap_parser_tag(p), "d") == 0, "next tag");
	ok(imap_parser_feed(p, "", 0, &used) == IMAP_PARSE_COMPLETE,
	   "d NOOP complete");
	ok(imap_parser_feed(p, "e X ) rest", 10, &used) == IMAP_PARSE_NAME,
	   "name before an error");
	ok(imap_parser_feed(p, ") rest", 6, &used) == IMAP_PARSE_ERROR,
	   "error mid-line");
	ok(imap_parser_feed(p, " more", 5, &used) == IMAP_PARSE_NEED_MORE &&
	       imap_parser_set_limits(p, &imap_parser_limits_prelogin) < 0,
	   "no new limits while the bad line is skipped");
	ok(imap_parser_feed(p, "\r\n", 2, &used) == IMAP_PARSE_NEED_MORE &&
	       imap_parser_set_limits(p, &imap_parser_limits_prelogin) == 0,
	   "new limits once it ended");
	imap_parser_free(&p);
	imap_parser_free(&p);
	ok(p == NULL, "free sets NULL");
}

int
main(void)
{
	test_basic();
	test_fetch_sections();
	test_literals();
	test_append_stream();
	test_errors();
	test_utf8();
	test_limits();
	test_command_size();
	test_32bit_boundary();
	test_hostile();
	test_api();
	return tap_done();
}
