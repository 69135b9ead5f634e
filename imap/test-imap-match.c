#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "imap-match.h"
#include "../tests/unit/tap.h"

static bool
m(const char *pattern, const char *name)
{
	struct imap_match *match = imap_match_new(pattern, '.');
	bool ret = imap_match(match, name);

	imap_match_free(&match);
	return ret;
}

static bool
mp(const char *pattern, const char *prefix)
{
	struct imap_match *match = imap_match_new(pattern, '.');
	bool ret = imap_match_prefix(match, prefix);

	imap_match_free(&match);
	return ret;
}

int
main(void)
{
	char *pattern, *name;
	struct imap_match *match;
	clock_t t0;
	size_t i;

	ok(m("*", "") && m("*", "INBOX") && m("*", "INBOX.a.b"), "* all");
	ok(m("%", "INBOX") && !m("%", "INBOX.a") && m("%", ""), "%% one level");
	ok(m("INBOX", "INBOX") && !m("INBOX", "inbox") &&
	       !m("INBOX", "INBOX.a"),
	   "literal");
	ok(m("INBOX.%", "INBOX.a") && !m("INBOX.%", "INBOX.a.b") &&
	       !m("INBOX.%", "INBOX"),
	   "INBOX.%%");
	ok(m("INBOX.*", "INBOX.a.b") && m("INBOX.*", "INBOX."), "INBOX.*");
	ok(m("%.%", "a.b") && !m("%.%", "a.b.c") && !m("%.%", "ab"), "%%.%%");
	ok(m("a*b%c", "a.x.bzc") && !m("a*b%c", "a.x.b.c"), "mixed");
	ok(m("**%", "x.y") && m("*%*", "x"), "merged stars");
	ok(!m("a", "") && !m("", "a") && m("", ""), "empty");
	ok(mp("INBOX.%", "INBOX") && !mp("INBOX.%", "INBOX.a") &&
	       mp("INBOX.*", "INBOX.a") && !mp("%", "INBOX") &&
	       mp("%.%", "Lists") && !mp("Sent", "Sent") && mp("*", "x"),
	   "prefix pruning");
	pattern = malloc(IMAP_MATCH_PATTERN_MAX + 2);
	memset(pattern, 'a', IMAP_MATCH_PATTERN_MAX + 1);
	pattern[IMAP_MATCH_PATTERN_MAX + 1] = '\0';
	ok(imap_match_new(pattern, '.') == NULL, "pattern too long");
	pattern[IMAP_MATCH_PATTERN_MAX] = '\0';
	match = imap_match_new(pattern, '.');
	ok(match != NULL, "pattern at the limit");
	imap_match_free(&match);
	/* "*a*a*...*b" against "aaaa...": quadratic at worst, not
	   exponential. */
	for (i = 0; i < IMAP_MATCH_PATTERN_MAX - 1; i += 2)
		memcpy(pattern + i, "*a", 2);
	strcpy(pattern + IMAP_MATCH_PATTERN_MAX - 2, "*b");
	name = malloc(10001);
	memset(name, 'a', 10000);
	name[10000] = '\0';
	match = imap_match_new(pattern, '.');
	t0 = clock();
	ok(!imap_match(match, name), "hostile pattern does not match");
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0,
	   "hostile pattern is fast");
	imap_match_free(&match);
	ok(match == NULL, "free sets NULL");
	free(name);
	free(pattern);
	return tap_done();
}
