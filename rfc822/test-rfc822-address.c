#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "rfc822-address.h"
#include "rfc822-msgid.h"
#include "../tests/unit/tap.h"

/* Renders a list the way IMAP's ENVELOPE shows it, NIL for NULL. */
static void
render(const struct rfc822_address *a, struct buffer *out)
{
	for (; a != NULL; a = a->next) {
		buffer_printf(out, "(%s %s %s %s)%s", a->name ? a->name : "NIL",
			      a->route ? a->route : "NIL",
			      a->mailbox ? a->mailbox : "NIL",
			      a->domain ? a->domain : "NIL",
			      a->invalid_syntax ? "!" : "");
	}
}

static void
check(const char *in, const char *want, const char *name)
{
	struct arena *arena = arena_new(1024, 1024 * 1024);
	struct rfc822_address *list;
	struct buffer out;

	buffer_init(&out, 65536);
	ok(rfc822_address_parse(arena, in, strlen(in), 0, &list) == 0,
	   "%s: parses", name);
	render(list, &out);
	is_str(buffer_cstr(&out), want, name);
	buffer_deinit(&out);
	arena_free(&arena);
}

static void
test_forms(void)
{
	check("", "", "empty");
	check("  (just a comment) ", "", "only a comment");
	check("a@b", "(NIL NIL a b)", "addr-spec");
	check("\"Doe, John\" <j@x.org>", "(Doe, John NIL j x.org)",
	      "quoted display name with comma");
	check("John Q. Public <jqp@example.org>",
	      "(John Q. Public NIL jqp example.org)", "obsolete dot in phrase");
	check("\"john doe\"@example.org", "(NIL NIL john doe example.org)",
	      "quoted local part");
	check("<@r1,@r2:user@host>", "(NIL @r1,@r2 user host)", "source route");
	check("a@b, , c@d,", "(NIL NIL a b)(NIL NIL c d)",
	      "empty elements dropped");
	check("grp: a@b, c@d; e@f",
	      "(NIL NIL grp NIL)(NIL NIL a b)(NIL NIL c d)(NIL NIL NIL NIL)"
	      "(NIL NIL e f)",
	      "group");
	check("grp: a@b", "(NIL NIL grp NIL)(NIL NIL a b)(NIL NIL NIL NIL)!",
	      "unclosed group closed");
	check("undisclosed-recipients:;",
	      "(NIL NIL undisclosed-recipients NIL)(NIL NIL NIL NIL)",
	      "empty group");
	check(":;", "(NIL NIL  NIL)(NIL NIL NIL NIL)", "nameless group");
	check("<a@b", "(NIL NIL a b)!", "unclosed angle");
	check("a@b>", "(NIL NIL a b)!", "stray closing angle");
	check("user@[1.2.3.4]", "(NIL NIL user [1.2.3.4])", "domain literal");
	check("\"quoted\\\"x\" <a@b>", "(quoted\"x NIL a b)",
	      "quoted-pair in name");
	check("(comment) a@b (second)", "(second NIL a b)",
	      "last comment becomes the name");
	check("john . doe @ example . org", "(NIL NIL john.doe example.org)",
	      "blanks around dots");
	check("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
	      "(Pete NIL pete silly.test)", "RFC 5322 comments example");
	check("a@b c@d", "(NIL NIL a b)!", "junk after address skipped");
	check("@b", "(NIL NIL MISSING_MAILBOX b)!", "missing local part");
	check("a@", "(NIL NIL a MISSING_DOMAIN)!", "missing domain");
	check("user", "(NIL NIL user MISSING_DOMAIN)!", "bare word");
	check("John Doe", "(John Doe NIL MISSING_MAILBOX MISSING_DOMAIN)!",
	      "bare phrase is a name");
	check("<>", "(NIL NIL MISSING_MAILBOX MISSING_DOMAIN)!",
	      "null address");
	check("=?utf-8?q?J=C3=B6rg?= <j@x>", "(=?utf-8?q?J=C3=B6rg?= NIL j x)",
	      "encoded word kept");
	check("x@y:z", "(NIL NIL x y)!", "colon after address");
	check("a@b@c", "(NIL NIL a b)!", "double at");
	check("\"unterminated <a@b>",
	      "(unterminated <a@b> NIL MISSING_MAILBOX MISSING_DOMAIN)!",
	      "unterminated quote runs to the end");
	check("a\x08it!, b@c", "(NIL NIL a MISSING_DOMAIN)!(NIL NIL b c)",
	      "control character ends the address");
	check("x]y@z, b@c", "(NIL NIL x MISSING_DOMAIN)!(NIL NIL b c)",
	      "stray special ends the address");
	check("a@\"q\".org", "(NIL NIL a MISSING_DOMAIN)!",
	      "quoted string is no domain");
	check(">, a@b",
	      "(NIL NIL MISSING_MAILBOX MISSING_DOMAIN)!(NIL NIL a b)",
	      "stray angle is an invalid address");
	check("a@b ]junk (y), c@d", "(NIL NIL a b)!(NIL NIL c d)",
	      "comments inside junk are no name");
	check("(unterminated a@b", "", "unterminated comment");
	check("Mary Smith <mary@x.test>, jdoe@example.org, "
	      "Who? <one@y.test>",
	      "(Mary Smith NIL mary x.test)(NIL NIL jdoe example.org)"
	      "(Who? NIL one y.test)",
	      "RFC 5322 example list");
	check(
	    "A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
	    "(NIL NIL A Group NIL)(Ed Jones NIL c a.test)"
	    "(NIL NIL joe where.test)(John NIL jdoe one.test)"
	    "(NIL NIL NIL NIL)",
	    "RFC 5322 group example");
	check("a@b,\r\n c@d", "(NIL NIL a b)(NIL NIL c d)", "folded list");
	check("\"\" <a@b>", "(NIL NIL a b)", "empty quoted name is NIL");
}

static void
test_limits(void)
{
	struct arena *arena = arena_new(1024, 1024 * 1024);
	struct rfc822_address *list, *a;
	unsigned int n;
	char *big;
	size_t i;

	ok(rfc822_address_parse(arena, "a@b,c@d,e@f", 11, 2, &list) == 0,
	   "parse with max 2");
	for (n = 0, a = list; a != NULL; a = a->next)
		n++;
	is_int(n, 2, "address count capped at max");
	ok(rfc822_address_parse(arena, "a@b,c@d", 7, 2, &list) == 0,
	   "parse at max");
	for (n = 0, a = list; a != NULL; a = a->next)
		n++;
	is_int(n, 2, "count at max kept");
	arena_free(&arena);

	/* a budget too small for the result fails cleanly */
	arena = arena_new(64, 64);
	ok(rfc822_address_parse(arena,
				"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@b,"
				"cccccccccccccccccccccccccccccccc@d",
				70, 0, &list) < 0 &&
	       list == NULL,
	   "arena budget reached");
	arena_free(&arena);

	/* deeply nested comments and a huge token are bounded */
	big = malloc(300001);
	memset(big, '(', 100000);
	memset(big + 100000, 'x', 100000);
	memset(big + 200000, ')', 100000);
	big[300000] = '\0';
	arena = arena_new(4096, 1024 * 1024);
	ok(rfc822_address_parse(arena, big, 300000, 0, &list) == 0 &&
	       list == NULL,
	   "100000 nested comments");
	for (i = 0; i < 300000; i++)
		big[i] = i % 2 == 0 ? 'a' : ',';
	ok(rfc822_address_parse(arena, big, 300000, 0, &list) == 0,
	   "150000 addresses parse");
	for (n = 0, a = list; a != NULL; a = a->next)
		n++;
	is_int(n, RFC822_ADDRESS_MAX, "default address cap");
	arena_clear(arena);
	memset(big, 'x', 300000);
	big[100] = '@';
	ok(rfc822_address_parse(arena, big, 300000, 0, &list) == 0 &&
	       list != NULL && strlen(list->domain) == 8192,
	   "huge domain cut at the token cap");
	arena_free(&arena);
	free(big);
}

/* Every prefix of a tricky list parses without error. */
static void
test_prefixes(void)
{
	static const char in[] = "\"A \\\"B\" (c) <@r:x@[1.2]>, g: d@e (f);, h";
	struct arena *arena = arena_new(1024, 1024 * 1024);
	struct rfc822_address *list;
	size_t i;
	bool all = true;

	for (i = 0; i <= sizeof(in) - 1; i++) {
		char *copy = malloc(i + 1);

		memcpy(copy, in, i);
		if (rfc822_address_parse(arena, copy, i, 0, &list) < 0)
			all = false;
		free(copy);
		arena_clear(arena);
	}
	ok(all, "every prefix parses");
	arena_free(&arena);
}

static void
check_ids(const char *in, const char *want, const char *name)
{
	struct arena *arena = arena_new(1024, 1024 * 1024);
	struct buffer out;
	const char **ids;
	unsigned int n, i;

	buffer_init(&out, 65536);
	ok(rfc822_msgid_list_parse(arena, in, strlen(in), &ids, &n) == 0,
	   "%s: parses", name);
	for (i = 0; i < n; i++)
		buffer_printf(&out, "%s[%s]", i > 0 ? " " : "", ids[i]);
	is_str(buffer_cstr(&out), want, name);
	buffer_deinit(&out);
	arena_free(&arena);
}

static void
test_msgids(void)
{
	struct arena *arena = arena_new(1024, 1024 * 1024);
	struct buffer in;
	const char **ids;
	unsigned int n, i;

	check_ids("<a@b>", "[a@b]", "one id");
	check_ids("<a@b> <c@d>\n\t<e@f>", "[a@b] [c@d] [e@f]", "list");
	check_ids("<a@b> (comment <x@y>) <c@d>", "[a@b] [c@d]",
		  "comment skipped");
	check_ids("junk <a@b> more junk", "[a@b]", "junk between");
	check_ids("<no-at> <@x> <x@> <a@b>", "[a@b]", "invalid ids dropped");
	check_ids("<unclosed <a@b>", "[a@b]", "unclosed restarts");
	check_ids("<a b\n @c>", "[ab@c]", "blanks inside removed");
	check_ids("<\"q x\"@c>", "[qx@c]", "quotes removed");
	check_ids("", "", "empty");
	check_ids("<a\x01b@c> <d@e>", "[d@e]", "control character refused");
	buffer_init(&in, 1024 * 1024);
	for (i = 0; i < RFC822_MSGID_MAX + 5; i++)
		buffer_printf(&in, "<%u@x> ", i);
	ok(rfc822_msgid_list_parse(arena, buffer_cstr(&in), buffer_len(&in),
				   &ids, &n) == 0 &&
	       n == RFC822_MSGID_MAX && strcmp(ids[0], "5@x") == 0 &&
	       strcmp(ids[n - 1], "260@x") == 0,
	   "over the cap the oldest ids go");
	buffer_deinit(&in);
	arena_free(&arena);
}

int
main(void)
{
	test_msgids();
	test_forms();
	test_limits();
	test_prefixes();
	return tap_done();
}
