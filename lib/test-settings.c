#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "log.h"
#include "safe-io.h"
#include "settings.h"
#include "xalloc.h"
#include "../tests/unit/tap.h"

static const char *last_error;

/* Parses text as a shell-style file "t" into a fresh set; returns it. */
static struct settings *
shell(const char *text, int *ret_r)
{
	struct settings *set = settings_new();

	last_error = NULL;
	*ret_r = settings_parse_shell(set, "t", text, strlen(text),
				      &last_error);
	return set;
}

/*
 * What /bin/sh makes of text as a sourced file: the value of key, or NULL
 * when it cannot tell (no /bin/sh). Runs with an empty environment.
 */
static char *
sh_value(const char *text, const char *key)
{
	char path[] = "/tmp/test-settings-sh-XXXXXX";
	char cmd[512];
	struct buffer out;
	FILE *f;
	int fd, c;

	if (access("/bin/sh", X_OK) < 0 || (fd = mkstemp(path)) < 0)
		return NULL;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		unlink(path);
		return NULL;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "env -i /bin/sh -c '. \"$0\"; printf %%s \"$%s\"' %s",
		 key, path);
	buffer_init(&out, 1024 * 1024);
	f = popen(cmd, "r");
	while (f != NULL && (c = fgetc(f)) != EOF)
		buffer_append_c(&out, (char)c);
	if (f != NULL)
		pclose(f);
	unlink(path);
	return buffer_steal(&out, NULL);
}

/*
 * Checks that text parses and KEY gets want, and that /bin/sh (which
 * Courier's scripts use to source these files) agrees.
 */
static void
shell_is(const char *text, const char *key, const char *want,
	 const char *name)
{
	int ret;
	struct settings *set = shell(text, &ret);
	char *sh;

	if (ret < 0)
		printf("# error: %s\n", last_error);
	is_str(ret == 0 ? settings_get(set, key) : "(parse failed)", want,
	       name);
	settings_free(&set);
	sh = sh_value(text, key);
	if (sh == NULL) {
		printf("ok %u - %s: /bin/sh agrees # SKIP no /bin/sh\n",
		       ++tap_count, name);
	} else {
		char sh_name[256];

		snprintf(sh_name, sizeof(sh_name), "%s: /bin/sh agrees", name);
		is_str(sh, want != NULL ? want : "", sh_name);
	}
	free(sh);
}

/* Checks that text fails with exactly the error want. */
static void
shell_fails(const char *text, const char *want, const char *name)
{
	int ret;
	struct settings *set = shell(text, &ret);

	is_str(ret < 0 ? last_error : "(parsed)", want, name);
	settings_free(&set);
}

static void
fields_is(const char *text, const char *key, const char *want,
	  const char *name)
{
	struct settings *set = settings_new();
	const char *error = NULL;
	int ret = settings_parse_fields(set, "f", text, strlen(text), &error);

	if (ret < 0)
		printf("# error: %s\n", error);
	is_str(ret == 0 ? settings_get(set, key) : "(parse failed)", want,
	       name);
	settings_free(&set);
}

static void
fields_fails(const char *text, const char *want, const char *name)
{
	struct settings *set = settings_new();
	const char *error = NULL;
	int ret = settings_parse_fields(set, "f", text, strlen(text), &error);

	is_str(ret < 0 ? error : "(parsed)", want, name);
	settings_free(&set);
}

/* The parsers read exactly size bytes: no NUL terminator needed. */
static void
test_bounded_input(void)
{
	struct settings *set = settings_new();
	const char *error = NULL;

	ok(settings_parse_shell(set, "t", "A=1\nB=2", 4, &error) == 0 &&
		   settings_get(set, "B") == NULL,
	   "shell: bytes after size ignored");
	ok(settings_parse_shell(set, "t", "C=12", 3, &error) == 0 &&
		   strcmp(settings_get(set, "C"), "1") == 0,
	   "shell: value cut at size");
	ok(settings_parse_fields(set, "t", "D 1\nE 2", 4, &error) == 0 &&
		   settings_get(set, "E") == NULL,
	   "fields: bytes after size ignored");
	ok(settings_parse_shell(set, "t", "", 0, &error) == 0 &&
		   settings_parse_fields(set, "t", "", 0, &error) == 0,
	   "empty input");
	settings_free(&set);
}

static void
test_shell_values(void)
{
	shell_is("A=1\n", "A", "1", "bare value");
	shell_is("A=1", "A", "1", "no final newline");
	shell_is("A=\n", "A", "", "empty value");
	shell_is("A=\"\"\n", "A", "", "empty double quotes");
	shell_is("A=''\n", "A", "", "empty single quotes");
	shell_is("A=\"-nodnslookup -noidentlookup\"\n", "A",
		 "-nodnslookup -noidentlookup", "double quoted blanks");
	shell_is("A='x  y'\n", "A", "x  y", "single quoted blanks");
	shell_is("A=\"x\"'y'z\n", "A", "xyz", "concatenated parts");
	shell_is("A='$B \\ \"'\n", "A", "$B \\ \"",
		 "single quotes are literal");
	shell_is("A=\"a\\\"b\\\\c\\$d\\`e\\nf\"\n", "A", "a\"b\\c$d`e\\nf",
		 "escapes inside double quotes");
	shell_is("A=a\\ b\\#c\n", "A", "a b#c", "backslash outside quotes");
	shell_is("A=a#b\n", "A", "a#b", "# inside a word is literal");
	shell_is("A=a #comment\n", "A", "a", "comment after value");
	shell_is("A=#x\n", "A", "#x", "# right after = is a value byte");
	shell_is("A= #x\n", "A", "", "blank then # is a comment");
	shell_is("A=\"a # b\"\n", "A", "a # b", "# inside quotes");
	shell_is("  \tA=1\n", "A", "1", "leading blanks");
	shell_is("A=1   \t\n", "A", "1", "trailing blanks");
	shell_is("export A=1\n", "A", "1", "export prefix");
	shell_is("export A=1 B=2\n", "B", "2", "export two");
	shell_is("export\tA\nA=3\n", "A", "3", "export without value");
	shell_is("A=1 B=$A\n", "B", "1", "two assignments on one line");
	shell_is("A=1\nA=2\n", "A", "2", "later assignment wins");
	shell_is("A=x=y\n", "A", "x=y", "= in value");
	shell_is("A=*.[ch]?\n", "A", "*.[ch]?", "no globbing in assignment");
	shell_is("A=caf\xc3\xa9\n", "A", "caf\xc3\xa9", "UTF-8 value");
	shell_is("A=\"~\"/x\n", "A", "~/x", "quoted tilde");
	shell_is("A=x~\n", "A", "x~", "tilde not first");
	shell_is("#A=1\n", "A", NULL, "commented key unset");
	shell_is("##NAME: A:0\n\n# text\nA=2\n", "A", "2", "section marker");
	shell_is("##VERSION: $Id: 1 $\nA=3\n", "A", "3", "version line");
	shell_is("\n\n   \n\t\nA=4\n", "A", "4", "blank lines");
	shell_is("_a9=5\n", "_a9", "5", "key characters");
	shell_is("A=1\n#\rcomment\r\n", "A", "1", "CR in comment is fine");
}

static void
test_shell_expansion(void)
{
	shell_is("B=x\nA=$B\n", "A", "x", "$NAME");
	shell_is("B=x\nA=${B}y\n", "A", "xy", "${NAME}");
	shell_is("B=x\nA=$By\n", "A", "", "$NAME takes the longest name");
	shell_is("B=x\nA=\"$B y\"\n", "A", "x y", "$NAME in double quotes");
	shell_is("B=x\nA='$B'\n", "A", "$B", "no expansion in single quotes");
	shell_is("A=$NOPE.\n", "A", ".", "unknown name expands to empty");
	shell_is("B='a b'\nA=$B\n", "A", "a b", "no field splitting");
	shell_is("A=$\n", "A", "$", "lone $");
	shell_is("A=\"$\"\n", "A", "$", "lone $ in quotes");
	shell_is("A=$/x\n", "A", "$/x", "$ before non-name");
	shell_is("A=a$\"b\"\n", "A", "a$b", "$ before quote");
	shell_is("A=\\$B\n", "A", "$B", "escaped $");
	shell_is("A=1\nA=${A}2\n", "A", "12", "self reference appends");
	shell_is("IMAP_CAPABILITY=\"IMAP4rev1 IDLE\"\n"
		 "IMAP_CAPABILITY_TLS=\"$IMAP_CAPABILITY AUTH=PLAIN\"\n",
		 "IMAP_CAPABILITY_TLS", "IMAP4rev1 IDLE AUTH=PLAIN",
		 "Courier's capability idiom");
}

static void
test_shell_errors(void)
{
	shell_fails("A=a b\n", "t:1: expected '=' after \"b\" (quote values "
			       "that contain blanks)",
		    "blank in bare value");
	shell_fails("A=1\nB=2\nC=x y z\n",
		    "t:3: expected '=' after \"y\" (quote values that "
		    "contain blanks)",
		    "error names the line");
	shell_fails("A\n", "t:1: expected '=' after \"A\" (quote values that "
			   "contain blanks)",
		    "key without =");
	shell_fails("A =1\n", "t:1: expected '=' after \"A\" (quote values "
			      "that contain blanks)",
		    "blank before =");
	shell_fails("1A=1\n", "t:1: expected KEY=value", "key starts digit");
	shell_fails("A-B=1\n", "t:1: expected KEY=value", "bad key char");
	shell_fails("=1\n", "t:1: expected KEY=value", "missing key");
	shell_fails("A=1 export B=1\n",
		    "t:1: expected '=' after \"export\" (quote values that "
		    "contain blanks)",
		    "export not first");
	shell_fails("A=\"abc\n", "t:1: unterminated double quote (a value "
				 "must fit on one line)",
		    "open double quote");
	shell_fails("A='abc\n", "t:1: unterminated single quote (a value "
				"must fit on one line)",
		    "open single quote");
	shell_fails("A=abc\\\nB=1\n", "t:1: \\ at end of line: continuation "
				      "lines are not supported",
		    "continuation");
	shell_fails("A=\"abc\\\n", "t:1: unterminated double quote (a value "
				   "must fit on one line)",
		    "continuation in quotes");
}

/* What sh would expand or run in ways we do not model. */
static void
test_shell_expansion_errors(void)
{
	shell_fails("A=`id`\n", "t:1: command substitution `...` not "
				"supported",
		    "backquote");
	shell_fails("A=\"`id`\"\n", "t:1: command substitution `...` not "
				    "supported",
		    "backquote in quotes");
	shell_fails("A=$(id)\n", "t:1: command substitution $(...) not "
				 "supported",
		    "$( )");
	shell_fails("A=${B:-x}\n", "t:1: unsupported ${...} expansion (only "
				   "${NAME} is supported)",
		    "${NAME:-x}");
	shell_fails("A=${}\n", "t:1: unsupported ${...} expansion (only "
			       "${NAME} is supported)",
		    "${}");
	shell_fails("A=${1}\n", "t:1: unsupported ${...} expansion (only "
				"${NAME} is supported)",
		    "${1}");
	shell_fails("A=${B\n", "t:1: unterminated ${", "${ unterminated");
	shell_fails("A=$1\n", "t:1: special parameter $1 not supported",
		    "$1");
	shell_fails("A=\"$$\"\n", "t:1: special parameter $$ not supported",
		    "$$");
	shell_fails("A=$?\n", "t:1: special parameter $? not supported",
		    "$?");
	shell_fails("A=a;b\n", "t:1: unquoted ';' in value (quote the value)",
		    "semicolon");
	shell_fails("A=a|b\n", "t:1: unquoted '|' in value (quote the value)",
		    "pipe");
	shell_fails("A=a&\n", "t:1: unquoted '&' in value (quote the value)",
		    "ampersand");
	shell_fails("A=>x\n", "t:1: unquoted '>' in value (quote the value)",
		    "redirect");
	shell_fails("A=(x)\n", "t:1: unquoted '(' in value (quote the value)",
		    "parenthesis");
	shell_fails("A=~/x\n", "t:1: unquoted ~ at the start of a value "
			       "(tilde expansion) not supported",
		    "tilde");
	shell_fails("A=1\r\n", "t:1: carriage return in line (DOS line ends?)",
		    "CRLF");
	shell_fails("A=1 \"\n", "t:1: expected KEY=value", "quote as word");
	shell_fails("echo hi\n", "t:1: expected '=' after \"echo\" (quote "
				 "values that contain blanks)",
		    "a command");
	{
		static const char nul[] = "A=1\nB=x\0y\n";
		struct settings *set = settings_new();
		const char *error = NULL;

		ok(settings_parse_shell(set, "t", nul, sizeof(nul) - 1,
					&error) < 0 &&
			   strcmp(error, "t:2: NUL byte in line") == 0,
		   "NUL byte");
		is_str(settings_get(set, "A"), "1",
		       "lines before an error stay set");
		settings_free(&set);
	}
}

static void
test_fields(void)
{
	fields_is("LDAP_URI\t\tldaps://a, ldaps://b\n", "LDAP_URI",
		  "ldaps://a, ldaps://b", "tab separated");
	fields_is("X    y z   \t\n", "X", "y z", "trailing blanks removed");
	fields_is("X\n", "X", "", "field without value");
	fields_is("  X 1\n", "X", "1", "leading blanks");
	fields_is("X 1\r\n", "X", "1", "CRLF");
	fields_is("#X 1\n", "X", NULL, "comment");
	fields_is("  # X 1\n", "X", NULL, "indented comment");
	fields_is("X a#b $c \"d\"\n", "X", "a#b $c \"d\"",
		  "no quoting, comments or expansion");
	fields_is("X 1\nX 2\n", "X", "2", "later wins");
	fields_is("X   \\\n   host=a \\\n\t port=1   \\\n  user=u\nY 2\n", "X",
		  "host=a port=1 user=u", "continuation joined by one space");
	fields_is("X a\\\nb\n", "X", "a b", "continuation without blanks");
	fields_is("X a \\\n# not a comment\n", "X", "a # not a comment",
		  "continuation line starting with #");
	fields_is("X a \\\n\nY 1\n", "X", "a", "continuation onto blank line");
	fields_is("X a \\\n\nY 1\n", "Y", "1", "line after continuation");
	fields_is("X a\\b\n", "X", "a\\b", "inner backslash literal");
	fields_fails("X a \\\n", "f:1: continuation (\\) at end of file",
		     "continuation at EOF");
	fields_fails("X a \\", "f:1: continuation (\\) at end of file",
		     "continuation at EOF without newline");
	fields_fails("A 1\nX-Y 1\n", "f:2: invalid field name", "bad name");
	fields_fails("9X 1\n", "f:1: invalid field name", "digit first");
	fields_fails("A=1\n", "f:1: invalid field name", "shell syntax");
	{
		static const char nul[] = "A 1\\\nB\0\n";
		struct settings *set = settings_new();
		const char *error = NULL;

		ok(settings_parse_fields(set, "f", nul, sizeof(nul) - 1,
					 &error) < 0 &&
			   strcmp(error, "f:2: NUL byte in line") == 0,
		   "NUL byte in continuation");
		settings_free(&set);
	}
}

/* A line of n bytes: "A=" then n-2 'x' then LF. */
static char *
long_line(const char *prefix, size_t n)
{
	size_t plen = strlen(prefix);
	char *s = xmalloc(n + 2);

	memcpy(s, prefix, plen);
	memset(s + plen, 'x', n - plen);
	s[n] = '\n';
	s[n + 1] = '\0';
	return s;
}

static void
test_limits(void)
{
	char *s;
	int ret;
	struct settings *set;
	const char *error = NULL;

	s = long_line("A=", SETTINGS_LINE_MAX);
	set = shell(s, &ret);
	ok(ret == 0 && strlen(settings_get(set, "A")) ==
				SETTINGS_LINE_MAX - 2,
	   "shell line at the limit");
	settings_free(&set);
	free(s);
	s = long_line("A=", SETTINGS_LINE_MAX + 1);
	set = shell(s, &ret);
	is_str(ret < 0 ? last_error : "(parsed)", "t:1: line too long",
	       "shell line over the limit");
	settings_free(&set);
	free(s);
	s = long_line("A ", SETTINGS_LINE_MAX + 1);
	set = settings_new();
	ret = settings_parse_fields(set, "f", s, strlen(s), &error);
	is_str(ret < 0 ? error : "(parsed)", "f:1: line too long",
	       "field line over the limit");
	settings_free(&set);
	free(s);

	/* Values: B has VALUE_MAX - 1 bytes, one more byte still fits,
	   two do not. */
	s = long_line("", SETTINGS_VALUE_MAX - 1);
	s[SETTINGS_VALUE_MAX - 1] = '\0';
	set = settings_new();
	settings_set(set, "B", s);
	ret = settings_parse_shell(set, "t", "A=${B}c\n", 8, &error);
	ok(ret == 0 && strlen(settings_get(set, "A")) == SETTINGS_VALUE_MAX,
	   "expansion to exactly VALUE_MAX");
	ret = settings_parse_shell(set, "t", "A=${B}cd\n", 9, &error);
	is_str(ret < 0 ? error : "(parsed)", "t:1: value too long",
	       "expansion to VALUE_MAX + 1");
	ret = settings_parse_shell(set, "t", "C=$B$B\n", 7, &error);
	is_str(ret < 0 ? error : "(parsed)", "t:1: value too long",
	       "doubling expansion capped");
	settings_free(&set);
	free(s);

	/* Field continuation joins past the value cap. */
	{
		struct buffer b;

		buffer_init(&b, SIZE_MAX);
		buffer_append_str(&b, "X \\\n");
		s = long_line("", SETTINGS_LINE_MAX - 2);
		s[SETTINGS_LINE_MAX - 2] = '\0';
		buffer_printf(&b, "%s\\\n%s\n", s, s);
		free(s);
		set = settings_new();
		ret = settings_parse_fields(set, "f", buffer_cstr(&b),
					    buffer_len(&b), &error);
		is_str(ret < 0 ? error : "(parsed)", "f:3: value too long",
		       "joined field value over the limit");
		settings_free(&set);
		buffer_deinit(&b);
	}
}

static void
test_key_limits(void)
{
	struct buffer b;
	struct settings *set = settings_new();
	const char *error = NULL;
	unsigned int i;
	int ret;

	buffer_init(&b, SIZE_MAX);
	for (i = 0; i < SETTINGS_KEYS_MAX; i++)
		buffer_printf(&b, "K%u=%u\n", i, i);
	ret = settings_parse_shell(set, "t", buffer_cstr(&b), buffer_len(&b),
				   &error);
	ok(ret == 0, "SETTINGS_KEYS_MAX keys");
	is_str(settings_get(set, "K4095"), "4095", "last key readable");
	ret = settings_parse_shell(set, "t", "K0=again\n", 9, &error);
	ok(ret == 0, "replacing a key at the key limit");
	ret = settings_parse_shell(set, "u", "\nNEW=1\n", 7, &error);
	is_str(ret < 0 ? error : "(parsed)", "u:2: too many settings",
	       "one key more than SETTINGS_KEYS_MAX");
	settings_free(&set);

	/* Total size: V (1 + VALUE_MAX - 2 bytes) and then copies Wnn of it
	   (3 + VALUE_MAX - 2 bytes each) until the total would pass
	   TOTAL_MAX: the k-th copy fails for the first k with
	   (VALUE_MAX - 1) + k * (VALUE_MAX + 1) > TOTAL_MAX. */
	set = settings_new();
	buffer_clear(&b);
	buffer_append_str(&b, "V=");
	for (i = 0; i < SETTINGS_VALUE_MAX - 2; i++)
		buffer_append_c(&b, 'v');
	ret = settings_parse_shell(set, "t", buffer_cstr(&b), buffer_len(&b),
				   &error);
	for (i = 0; ret == 0 && i < 70; i++) {
		char line[64];

		snprintf(line, sizeof(line), "W%02u=$V\n", i);
		ret = settings_parse_shell(set, "t", line, strlen(line),
					   &error);
	}
	is_int(i, (SETTINGS_TOTAL_MAX - (SETTINGS_VALUE_MAX - 1)) /
			  (SETTINGS_VALUE_MAX + 1) + 1,
	       "total size cap reached at the first byte over");
	is_str(ret < 0 ? error : "(parsed)",
	       "t:1: settings too large in total", "total size error");
	settings_free(&set);
	buffer_deinit(&b);
}

static void
test_accessors(void)
{
	struct settings *set = settings_new();
	const char *error = NULL;
	uint64_t n = 99;
	bool b = false;

	settings_set(set, "N", "42");
	settings_set(set, "E", "");
	settings_set(set, "BAD", "4x");
	settings_set(set, "BIG", "18446744073709551616");
	settings_set(set, "Y", "Yes");
	settings_set(set, "F", "OFF");
	ok(settings_get_uint(set, "N", 7, &n, &error) == 0 && n == 42, "uint");
	ok(settings_get_uint(set, "E", 7, &n, &error) == 0 && n == 7,
	   "empty uint gives default");
	ok(settings_get_uint(set, "UNSET", 8, &n, &error) == 0 && n == 8,
	   "unset uint gives default");
	ok(settings_get_uint(set, "BAD", 7, &n, &error) < 0 &&
		   strcmp(error, "BAD=\"4x\": not a number") == 0,
	   "junk uint fails with key and value");
	ok(settings_get_uint(set, "BIG", 7, &n, &error) < 0,
	   "overflowing uint fails");
	ok(settings_get_bool(set, "Y", false, &b, &error) == 0 && b, "Yes");
	ok(settings_get_bool(set, "F", true, &b, &error) == 0 && !b, "OFF");
	ok(settings_get_bool(set, "N", true, &b, &error) < 0 &&
		   strcmp(error, "N=\"42\": not a boolean (use 1 or 0)") == 0,
	   "bad bool");
	ok(settings_get_bool(set, "UNSET", true, &b, &error) == 0 && b,
	   "unset bool gives default");
	is_str(settings_get_str(set, "UNSET", "d"), "d", "get_str default");
	is_str(settings_get_str(set, "N", "d"), "42", "get_str value");
	settings_set(set, "N", "43");
	is_str(settings_get(set, "N"), "43", "settings_set replaces");
	is_str(settings_get(set, "n"), NULL, "keys are case sensitive");
	settings_free(&set);
	ok(set == NULL, "settings_free clears the pointer");
	settings_free(&set);
}

static void
collect(const char *key, const char *value, void *context)
{
	struct buffer *b = context;

	buffer_printf(b, "%s=%s;", key, value);
}

static void
test_foreach(void)
{
	struct settings *set = settings_new();
	struct buffer b;
	const char *error;
	char key[16];
	unsigned int i;

	buffer_init(&b, 1024 * 1024);
	settings_parse_shell(set, "t", "B=1\nA=2\nB=3\n", 12, &error);
	settings_foreach(set, collect, &b);
	is_str(buffer_cstr(&b), "B=3;A=2;", "foreach in first-set order");
	/* Enough keys to make the hash table grow several times. */
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "K%u", i);
		settings_set(set, key, key + 1);
	}
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "K%u", i);
		if (strcmp(settings_get_str(set, key, ""), key + 1) != 0)
			break;
	}
	is_int(i, 1000, "1000 keys survive table growth");
	settings_free(&set);
	buffer_deinit(&b);
}

/* Runs fn with stderr sent to a temporary file; returns what it wrote. */
static char *
capture_stderr(void (*fn)(void *), void *context)
{
	char path[] = "/tmp/test-settings-XXXXXX";
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	char *data = NULL;
	size_t size;

	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	fn(context);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	if (read_file(path, 65536, &data, &size) < 0)
		data = xstrdup("(unreadable)");
	unlink(path);
	return data;
}

static void
warn_unknown(void *context)
{
	static const char *const known[] = { "PORT", "ADDRESS", NULL };
	static const char *const prefixes[] = { "TLS_", NULL };

	settings_warn_unknown(context, known, prefixes);
}

static void
test_warn_unknown(void)
{
	struct settings *set = settings_new();
	const char *error;
	char *out;

	log_open("test", true);
	settings_parse_shell(set, "/etc/x", "PORT=1\nFOO=2\nTLS_A=3\n", 22,
			     &error);
	settings_set(set, "BAR", "1");
	out = capture_stderr(warn_unknown, set);
	is_str(out, "test: WARN: /etc/x: unsupported setting FOO ignored\n"
		    "test: WARN: unsupported setting BAR ignored\n",
	       "unknown keys are logged once with their file");
	free(out);
	settings_free(&set);
}

static void
write_text(const char *path, const char *text)
{
	if (safe_write_file(path, text, strlen(text), 0644) < 0)
		printf("# cannot write %s: %s\n", path, strerror(errno));
}

static void
test_files(void)
{
	char dir[] = "/tmp/test-settings-dir-XXXXXX";
	char a[128], b[128], c[128], link[128], want[256];
	struct settings *set = settings_new();
	const char *error = NULL;

	if (mkdtemp(dir) == NULL) {
		ok(false, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(a, sizeof(a), "%s/imapd", dir);
	snprintf(b, sizeof(b), "%s/imapd-ssl", dir);
	snprintf(c, sizeof(c), "%s/authldaprc", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	write_text(a, "PORT=143\nCAP=\"IMAP4rev1\"\nTLS_PROTOCOL=TLS1_2\n");
	write_text(b, "PORT=993\nCAP_TLS=\"$CAP AUTH=PLAIN\"\n"
		      "TLS_STARTTLS_PROTOCOL=\"$TLS_PROTOCOL\"\n");
	write_text(c, "LDAP_URI ldap://x\n");
	ok(settings_read_shell(set, a, false, &error) == 0, "read first file");
	ok(settings_read_shell(set, b, false, &error) == 0,
	   "read second file");
	is_str(settings_get(set, "PORT"), "993", "second file overrides");
	is_str(settings_get(set, "CAP_TLS"), "IMAP4rev1 AUTH=PLAIN",
	       "expansion across files");
	is_str(settings_get(set, "TLS_STARTTLS_PROTOCOL"), "TLS1_2",
	       "Courier's TLS_STARTTLS_PROTOCOL idiom");
	ok(settings_read_fields(set, c, false, &error) == 0,
	   "fields into the same set");
	is_str(settings_get(set, "LDAP_URI"), "ldap://x", "field value");
	is_str(settings_get_origin(set, "PORT"), b, "origin: later file");
	is_str(settings_get_origin(set, "CAP"), a, "origin: earlier file");
	is_str(settings_get_origin(set, "LDAP_URI"), c, "origin: field file");
	is_str(settings_get_origin(set, "NOPE"), NULL, "origin: unset key");
	settings_set(set, "CAP", "x");
	is_str(settings_get_origin(set, "CAP"), NULL,
	       "origin: settings_set has none");

	ok(symlink(a, link) == 0 &&
		   settings_read_shell(set, link, false, &error) == 0 &&
		   strcmp(settings_get(set, "PORT"), "143") == 0,
	   "symlinked file is read");
	ok(settings_read_shell(set, "/nonexistent/x", true, &error) == 0,
	   "missing file with missing_ok");
	ok(settings_read_fields(set, "/nonexistent/x", true, &error) == 0,
	   "missing field file with missing_ok");
	ok(settings_read_shell(set, "/nonexistent/x", false, &error) < 0 &&
		   strcmp(error, "/nonexistent/x: No such file or directory") ==
			   0,
	   "missing file is an error");
	snprintf(want, sizeof(want), "%s: not a regular file", dir);
	ok(settings_read_shell(set, dir, true, &error) < 0 &&
		   strcmp(error, want) == 0,
	   "directory is an error");

	unlink(a);
	unlink(b);
	unlink(c);
	unlink(link);
	rmdir(dir);
	settings_free(&set);
}

static void
test_file_limits(void)
{
	char dir[] = "/tmp/test-settings-dir-XXXXXX";
	char b[128], big[128], want[256];
	struct settings *set = settings_new();
	const char *error = NULL;
	char *data;

	if (mkdtemp(dir) == NULL) {
		ok(false, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(b, sizeof(b), "%s/imapd-ssl", dir);
	snprintf(big, sizeof(big), "%s/big", dir);
	data = long_line("#", SETTINGS_FILE_MAX - 1);
	write_text(big, data);
	ok(settings_read_shell(set, big, false, &error) < 0 &&
		   strstr(error, "line too long") != NULL,
	   "file of exactly FILE_MAX bytes is read (and its line checked)");
	free(data);
	data = xmalloc(SETTINGS_FILE_MAX + 2);
	memset(data, '\n', SETTINGS_FILE_MAX + 1);
	data[SETTINGS_FILE_MAX] = '\0';
	write_text(big, data);
	ok(settings_read_shell(set, big, false, &error) == 0,
	   "file of FILE_MAX bytes");
	data[SETTINGS_FILE_MAX] = '\n';
	data[SETTINGS_FILE_MAX + 1] = '\0';
	write_text(big, data);
	snprintf(want, sizeof(want), "%s: file too large (max %d bytes)", big,
		 SETTINGS_FILE_MAX);
	ok(settings_read_shell(set, big, false, &error) < 0 &&
		   strcmp(error, want) == 0,
	   "file of FILE_MAX + 1 bytes is refused");
	free(data);

	write_text(b, "A=1\nB=\"x\n");
	snprintf(want, sizeof(want), "%s:2: unterminated double quote (a "
				     "value must fit on one line)", b);
	ok(settings_read_shell(set, b, false, &error) < 0 &&
		   strcmp(error, want) == 0,
	   "file error names path and line");
	unlink(b);
	unlink(big);
	rmdir(dir);
	settings_free(&set);
}

struct sh_compare {
	const char *text;
	unsigned int keys, differ;
};

static void
sh_compare_key(const char *key, const char *value, void *context)
{
	struct sh_compare *cmp = context;
	char *sh = sh_value(cmp->text, key);

	cmp->keys++;
	if (sh == NULL || strcmp(sh, value) != 0) {
		printf("# %s: we have \"%s\", sh has \"%s\"\n", key, value,
		       sh != NULL ? sh : "(no sh)");
		cmp->differ++;
	}
	free(sh);
}

/* Every key of a Debian shell-style file has the value sh gives it. */
static void
test_debian_sh(const char *path)
{
	struct sh_compare cmp = { NULL, 0, 0 };
	struct settings *set = settings_new();
	const char *error;
	char *text = NULL;
	size_t size;

	if (access("/bin/sh", X_OK) < 0) {
		printf("ok %u - %s: /bin/sh agrees # SKIP no /bin/sh\n",
		       ++tap_count, path);
		settings_free(&set);
		return;
	}
	if (read_file(path, SETTINGS_FILE_MAX, &text, &size) == 0 &&
	    settings_parse_shell(set, path, text, size, &error) == 0) {
		cmp.text = text;
		settings_foreach(set, sh_compare_key, &cmp);
	}
	ok(cmp.keys > 0 && cmp.differ == 0,
	   "%s: /bin/sh gives all %u keys the same value", path, cmp.keys);
	free(text);
	settings_free(&set);
}

/* Debian's Courier files, as shipped, in the order the daemons read them. */
static void
test_debian(void)
{
	static const char *const shell_files[] = {
		"imapd", "imapd-ssl", "pop3d", "pop3d-ssl", "authdaemonrc",
	};
	static const char *const field_files[] = {
		"authldaprc", "authpgsqlrc", "authsqliterc",
	};
	const char *srcdir = getenv("ESTAFETTE_SRCDIR");
	const char *root = getenv("ESTAFETTE_COURIER_ROOT");
	char dir[4096], path[4200];
	struct settings *set, *pop;
	const char *error = NULL;
	size_t i;
	struct stat st;

	if (root != NULL && root[0] != '\0')
		snprintf(dir, sizeof(dir), "%s/etc/courier", root);
	else
		snprintf(dir, sizeof(dir), "%s/_deps/courier/etc/courier",
			 srcdir != NULL ? srcdir : "..");
	if (stat(dir, &st) < 0) {
		printf("ok %u - Debian's Courier files # SKIP %s absent "
		       "(tests/courier-fetch.sh recreates it)\n",
		       ++tap_count, dir);
		return;
	}
	set = settings_new();
	for (i = 0; i < sizeof(shell_files) / sizeof(shell_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, shell_files[i]);
		if (settings_read_shell(set, path, false, &error) < 0)
			printf("# %s\n", error);
		ok(error == NULL, "Debian %s parses", shell_files[i]);
		error = NULL;
		test_debian_sh(path);
	}
	for (i = 0; i < sizeof(field_files) / sizeof(field_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, field_files[i]);
		if (settings_read_fields(set, path, false, &error) < 0)
			printf("# %s\n", error);
		ok(error == NULL, "Debian %s parses", field_files[i]);
		error = NULL;
	}
	is_str(settings_get(set, "IMAP_CAPABILITY_TLS"),
	       "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT "
	       "THREAD=REFERENCES SORT QUOTA IDLE AUTH=PLAIN",
	       "IMAP_CAPABILITY_TLS expands");
	is_str(settings_get(set, "TCPDOPTS"), "-nodnslookup -noidentlookup",
	       "TCPDOPTS unquoted");
	is_str(settings_get(set, "IMAP_EMPTYTRASH"), "Trash:7",
	       "IMAP_EMPTYTRASH");
	is_str(settings_get(set, "DEFDOMAIN"), NULL, "commented key unset");
	is_str(settings_get(set, "TLS_STARTTLS_PROTOCOL"), "",
	       "TLS_STARTTLS_PROTOCOL of an unset TLS_PROTOCOL");
	is_str(settings_get(set, "authmodulelist"), "authpam",
	       "authmodulelist");
	is_str(settings_get(set, "POP3AUTH"), "", "POP3AUTH empty");
	is_str(settings_get(set, "LDAP_URI"),
	       "ldaps://ldap.example.com, ldaps://backup.example.com",
	       "LDAP_URI");
	is_str(settings_get(set, "LDAP_BINDDN"),
	       "cn=administrator, o=example, c=com", "LDAP_BINDDN");
	is_str(settings_get(set, "PGSQL_CONNECTION"),
	       "host=pgsql.example.com port=5400 user=admin password=admin",
	       "PGSQL_CONNECTION continuation");
	is_str(settings_get(set, "PGSQL_DATABASE"), "template1",
	       "PGSQL_DATABASE after the continuation");
	is_str(settings_get(set, "SQLITE_DATABASE"),
	       "/var/lib/courier/users.db", "SQLITE_DATABASE");
	is_str(settings_get(set, "SQLITE_SELECT_CLAUSE"), NULL,
	       "commented continued clause stays unset");
	settings_free(&set);

	pop = settings_new();
	snprintf(path, sizeof(path), "%s/pop3d", dir);
	ok(settings_read_shell(pop, path, false, &error) == 0 &&
		   strcmp(settings_get_str(pop, "MAXPERIP", ""), "4") == 0,
	   "pop3d MAXPERIP");
	settings_free(&pop);
}

int
main(void)
{
	test_bounded_input();
	test_shell_values();
	test_shell_expansion();
	test_shell_errors();
	test_shell_expansion_errors();
	test_fields();
	test_limits();
	test_key_limits();
	test_accessors();
	test_foreach();
	test_warn_unknown();
	test_files();
	test_file_limits();
	test_debian();
	return tap_done();
}
