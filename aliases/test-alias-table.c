#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "alias-table.h"
#include "../tests/unit/tap.h"

/* Parses src (fed as one buffer), expands, and returns the table or NULL
   with the error copied to err. */
static struct alias_table *
load(const char *src, char *err, size_t errsize)
{
	struct alias_table *t = alias_table_new("host.example");
	const char *error;

	err[0] = '\0';
	if (alias_table_parse(t, "src", src, strlen(src), &error) < 0 ||
	    alias_table_expand(t, &error) < 0) {
		snprintf(err, errsize, "%s", error);
		alias_table_free(&t);
		return NULL;
	}
	return t;
}

/* The members of name joined with ",". */
static const char *
members(const struct alias_table *t, const char *name)
{
	static char buf[4096];
	const struct alias_entry *e = alias_table_find(t, name);
	size_t i, len = 0;

	if (e == NULL)
		return "(none)";
	buf[0] = '\0';
	for (i = 0; i < e->count; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i > 0 ? "," : "", e->members[i]);
	return buf;
}

static void
test_canonical(void)
{
	const char *error;
	char *s;

	s = alias_canonical(" <Bob@Example.ORG> ", 19, "me", &error);
	is_str(s, "bob@example.org", "canonical strips <> and lowercases");
	free(s);
	s = alias_canonical("Root", 4, "Host.Example", &error);
	is_str(s, "root@host.example", "bare name gets @me");
	free(s);
	ok(alias_canonical("a@b@c", 5, "me", &error) == NULL,
	   "two @ refused");
	ok(alias_canonical("@b", 2, "me", &error) == NULL,
	   "empty local part refused");
	ok(alias_canonical("a@", 2, "me", &error) == NULL,
	   "empty domain refused");
	ok(alias_canonical("a b", 3, "me", &error) == NULL, "blank refused");
	ok(alias_canonical("a\nb", 3, "me", &error) == NULL,
	   "newline refused");
	ok(alias_canonical("a\0b", 3, "me", &error) == NULL, "NUL refused");
	ok(alias_canonical("a\"b", 3, "me", &error) == NULL, "quote refused");
	ok(alias_canonical("", 0, "me", &error) == NULL, "empty refused");
}

static void
test_parse(void)
{
	char err[1024];
	struct alias_table *t;

	t = load("# comment\n"
		 "staff: alice, Bob@Example.org,\n"
		 "  carol\n"
		 "\n"
		 "postmaster:\n"
		 "root: postmaster, staff\n"
		 "archive: /var/mail/archive\n"
		 "log: | /usr/bin/logger -t mail, really\n"
		 "@virt.example: vuser\n"
		 "staff: dave\n",
		 err, sizeof(err));
	ok(t != NULL, "valid source parses");
	if (t == NULL) {
		tap_diag(err);
		return;
	}
	is_str(members(t, "staff@host.example"),
	       "alice@host.example,bob@example.org,carol@host.example,"
	       "dave@host.example",
	       "continuation and repeated entry merged in order");
	is_str(members(t, "root@host.example"),
	       "postmaster@host.example,alice@host.example,bob@example.org,"
	       "carol@host.example,dave@host.example",
	       "nested alias expanded; empty alias kept as address");
	ok(alias_table_find(t, "postmaster@host.example") == NULL,
	   "member-less alias left out");
	is_str(members(t, "archive@host.example"), "/var/mail/archive",
	       "file target kept");
	is_str(members(t, "log@host.example"),
	       "| /usr/bin/logger -t mail, really",
	       "program target runs to the end with its commas");
	is_str(members(t, "@virt.example"), "vuser@host.example",
	       "virtual domain");
	alias_table_free(&t);
}

static void
test_expand(void)
{
	char err[1024];
	struct alias_table *t;

	t = load("a: b, c\nb: c, d\nroot: root, admin\n", err, sizeof(err));
	ok(t != NULL, "dedup source parses");
	if (t != NULL) {
		is_str(members(t, "a@host.example"),
		       "c@host.example,d@host.example",
		       "duplicates removed, first kept");
		is_str(members(t, "root@host.example"),
		       "root@host.example,admin@host.example",
		       "self member stays literal");
		alias_table_free(&t);
	}
	t = load("a: b\nb: c\nc: a\n", err, sizeof(err));
	ok(t == NULL && strstr(err, "alias loop") != NULL &&
		   strstr(err, "a@host.example -> b@host.example -> "
			       "c@host.example -> a@host.example") != NULL,
	   "loop reported with its chain");
	tap_diag(err);
}

static void
test_errors(void)
{
	char err[1024];
	struct alias_table *t;

	t = load("ok: a\nbad line\n", err, sizeof(err));
	ok(t == NULL && strcmp(err, "src:2: missing ':' after alias name") ==
				0,
	   "missing colon names file and line");
	tap_diag(err);
	t = load("  indented: a\n", err, sizeof(err));
	ok(t == NULL && strstr(err, "src:1: continuation") != NULL,
	   "continuation without entry");
	t = load("x: a\n\nb: c d\n", err, sizeof(err));
	ok(t == NULL && strncmp(err, "src:3:", 6) == 0,
	   "blank inside an address refused at its line");
	t = load(": a\n", err, sizeof(err));
	ok(t == NULL && strstr(err, "empty alias name") != NULL,
	   "empty name refused");
	t = load("@dom: a@b\n", err, sizeof(err));
	ok(t == NULL && strstr(err, "virtual domain") != NULL,
	   "virtual domain to a full address refused");
	t = load("x: :include:relative\n", err, sizeof(err));
	ok(t == NULL && strstr(err, "absolute") != NULL,
	   "relative include refused");
	t = load("x: :include:/nonexistent/list\n", err, sizeof(err));
	ok(t == NULL && strstr(err, "No such file") != NULL,
	   "missing include reported");
	t = load("x: |\n", err, sizeof(err));
	ok(t == NULL && strstr(err, "empty program") != NULL,
	   "empty program refused");
}

static void
test_limits(void)
{
	char err[1024];
	struct alias_table *t;
	size_t n = 70, i, len = 0;
	char *src = malloc(n * 32);

	/* A chain of 70 nested aliases is deeper than ALIAS_DEPTH_MAX. */
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(src + len, "a%zu: a%zu\n", i, i + 1);
	t = load(src, err, sizeof(err));
	ok(t == NULL && strstr(err, "nested deeper") != NULL,
	   "depth limit");
	free(src);

	/* 1000 x 1000 fan-out: 10^6 members, over ALIAS_MEMBERS_MAX. */
	src = malloc(12 * 1024 * 1024);
	len = (size_t)sprintf(src, "big:");
	for (i = 0; i < 1000; i++)
		len += (size_t)sprintf(src + len, "%s l%zu", i ? "," : "", i);
	src[len++] = '\n';
	for (i = 0; i < 1000; i++) {
		size_t j;

		len += (size_t)sprintf(src + len, "l%zu:", i);
		for (j = 0; j < 1000; j++)
			len += (size_t)sprintf(src + len, "%s u%zu", j ? "," : "",
					       j + i * 1000);
		src[len++] = '\n';
	}
	src[len] = '\0';
	t = load(src, err, sizeof(err));
	ok(t == NULL && strstr(err, "more than 100000 members") != NULL,
	   "member limit");
	tap_diag(err);
	free(src);
}

static void
test_bytewise(void)
{
	/* Every prefix of a valid source either parses or fails cleanly;
	   the whole text gives the full result. */
	const char *src = "staff: alice,\n bob\nx: | prog a, b\n@d.example: u\n";
	size_t len = strlen(src), i;
	bool all_ok = true;

	for (i = 0; i <= len; i++) {
		struct alias_table *t = alias_table_new("m");
		const char *error;

		if (alias_table_parse(t, "p", src, i, &error) == 0 &&
		    alias_table_expand(t, &error) < 0)
			all_ok = false;
		alias_table_free(&t);
	}
	ok(all_ok, "every prefix parses or fails without crashing");
}

int
main(void)
{
	test_canonical();
	test_parse();
	test_expand();
	test_errors();
	test_limits();
	test_bytewise();
	return tap_done();
}
