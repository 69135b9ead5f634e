#include "config.h"

#include <string.h>

#include "imap-quote.h"
#include "../tests/unit/tap.h"

enum kind { STRING, ASTRING, NSTRING };

static const char *
w(enum kind kind, const char *str, size_t len, unsigned int flags)
{
	static char out[2048];
	struct buffer buf;
	int ret;

	buffer_init(&buf, 1500);
	buffer_append_str(&buf, "<");
	if (kind == STRING)
		ret = imap_write_string(&buf, str, len, flags);
	else if (kind == ASTRING)
		ret = imap_write_astring(&buf, str, len, flags);
	else
		ret = imap_write_nstring(&buf, str, len, flags);
	snprintf(out, sizeof(out), "%s", ret < 0 ? "FAIL" : buffer_cstr(&buf));
	buffer_deinit(&buf);
	return out;
}

#define W(kind, s, flags) w(kind, s, sizeof(s) - 1, flags)

int
main(void)
{
	char big[IMAP_QUOTE_MAX + 2];
	struct buffer tiny;

	is_str(W(STRING, "abc", 0), "<\"abc\"", "string quoted");
	is_str(W(STRING, "", 0), "<\"\"", "empty string");
	is_str(W(STRING, "a\"b\\c", 0), "<\"a\\\"b\\\\c\"", "escapes");
	is_str(W(STRING, "a\r\nb", 0), "<{4}\r\na\r\nb", "CR LF: literal");
	is_str(W(STRING, "caf\xc3\xa9", 0), "<{5}\r\ncaf\xc3\xa9",
	       "8-bit: literal");
	is_str(W(STRING, "caf\xc3\xa9", IMAP_QUOTE_UTF8), "<\"caf\xc3\xa9\"",
	       "UTF-8 quoted with UTF8=ACCEPT");
	is_str(W(STRING, "caf\xc3", IMAP_QUOTE_UTF8), "<{4}\r\ncaf\xc3",
	       "invalid UTF-8: literal");
	is_str(W(STRING, "a\0b", 0), "FAIL", "NUL refused");
	is_str(W(ASTRING, "INBOX", 0), "<INBOX", "astring atom");
	is_str(W(ASTRING, "a]b", 0), "<a]b", "']' is an ASTRING-CHAR");
	is_str(W(ASTRING, "a b", 0), "<\"a b\"", "space: quoted");
	is_str(W(ASTRING, "a%", 0), "<\"a%\"", "wildcard: quoted");
	is_str(W(ASTRING, "nil", 0), "<\"nil\"", "NIL quoted");
	is_str(W(ASTRING, "", 0), "<\"\"", "empty astring");
	is_str(W(ASTRING, "{5}", 0), "<\"{5}\"", "brace quoted");
	is_str(w(NSTRING, NULL, 0, 0), "<NIL", "nstring NULL");
	is_str(W(NSTRING, "x", 0), "<\"x\"", "nstring string");
	memset(big, 'a', sizeof(big));
	big[IMAP_QUOTE_MAX] = '\0';
	ok(w(STRING, big, IMAP_QUOTE_MAX, 0)[1] == '"', "max length quoted");
	big[IMAP_QUOTE_MAX] = 'a';
	ok(strncmp(w(STRING, big, IMAP_QUOTE_MAX + 1, 0), "<{1025}\r\n", 9) ==
	       0,
	   "max+1: literal");
	buffer_init(&tiny, 4);
	buffer_append_str(&tiny, "x");
	ok(imap_write_string(&tiny, "abcd", 4, 0) < 0 &&
	       strcmp(buffer_cstr(&tiny), "x") == 0,
	   "cap: buffer unchanged");
	buffer_deinit(&tiny);
	return tap_done();
}
