#include "config.h"

#include <string.h>

#include "imap-utf7.h"
#include "../tests/unit/tap.h"

static const char *
to8(const char *src)
{
	static char out[256];
	struct buffer buf;
	int ret;

	buffer_init(&buf, 200);
	ret = imap_utf7_to_utf8(src, &buf);
	snprintf(out, sizeof(out), "%s",
		 ret < 0 ? "INVALID" : buffer_cstr(&buf));
	buffer_deinit(&buf);
	return out;
}

static const char *
to7(const char *src)
{
	static char out[256];
	struct buffer buf;
	int ret;

	buffer_init(&buf, 200);
	ret = imap_utf8_to_utf7(src, &buf);
	snprintf(out, sizeof(out), "%s",
		 ret < 0 ? "INVALID" : buffer_cstr(&buf));
	buffer_deinit(&buf);
	return out;
}

static void
pair(const char *utf8, const char *utf7)
{
	char name[100];

	snprintf(name, sizeof(name), "encode %s", utf7);
	is_str(to7(utf8), utf7, name);
	snprintf(name, sizeof(name), "decode %s", utf7);
	is_str(to8(utf7), utf8, name);
}

int
main(void)
{
	struct buffer small;

	pair("INBOX", "INBOX");
	pair("", "");
	pair("&", "&-");
	pair("a&b", "a&-b");
	pair("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac"
	     "\xe8\xaa\x9e",
	     "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
	pair("Entw\xc3\xbc"
	     "rfe",
	     "Entw&APw-rfe");
	pair("\xc3\xa9", "&AOk-");
	pair("\xc3\xa9\xc3\xa9", "&AOkA6Q-");
	pair("\xc3\xa9&", "&AOk-&-");
	pair("\xf0\x9f\x98\x80", "&2D3eAA-"); /* U+1F600: surrogate pair */
	pair("a\tb", "a&AAk-b");
	pair("\x7f", "&AH8-");

	/* Strict decoding. */
	is_str(to8("&"), "INVALID", "lone &");
	is_str(to8("&AOk"), "INVALID", "unterminated run");
	is_str(to8("&-&"), "INVALID", "trailing &");
	is_str(to8("&AGE-"), "INVALID", "run encoding printable ASCII 'a'");
	is_str(to8("&ACY-"), "INVALID", "run encoding '&'");
	is_str(to8("&AAA-"), "INVALID", "run encoding NUL");
	is_str(to8("&AOk-&AOk-"), "INVALID", "adjacent runs");
	is_str(to8("&AOl-"), "INVALID", "non-zero padding bits");
	is_str(to8("&AOkA-"), "INVALID", "6 leftover bits");
	is_str(to8("&2D0-"), "INVALID", "lone high surrogate");
	is_str(to8("&3gA-"), "INVALID", "lone low surrogate");
	is_str(to8("&2D3YPQ-"), "INVALID", "high + high surrogate");
	is_str(to8("&AO/-"), "INVALID", "'/' is not modified base64");
	is_str(to8("&AOk=-"), "INVALID", "'=' padding");
	is_str(to8("caf\xc3\xa9"), "INVALID", "8-bit in UTF-7");
	is_str(to8("a\tb"), "INVALID", "control in UTF-7");
	ok(imap_utf7_valid("Entw&APw-rfe") && !imap_utf7_valid("&AGE-"),
	   "imap_utf7_valid");

	/* Strict UTF-8 input. */
	is_str(to7("\xc3"), "INVALID", "truncated UTF-8");
	is_str(to7("\xc0\xaf"), "INVALID", "overlong UTF-8");
	is_str(to7("\xed\xa0\x80"), "INVALID", "UTF-8 surrogate");
	is_str(to7("\xf4\x90\x80\x80"), "INVALID", "above U+10FFFF");
	is_str(to7("\xff"), "INVALID", "0xff");
	ok(imap_utf8_valid("\0a", 2), "NUL is valid UTF-8 here");
	ok(imap_utf8_valid("\xf4\x8f\xbf\xbf", 4), "U+10FFFF");

	buffer_init(&small, 4);
	ok(imap_utf8_to_utf7("\xc3\xa9\xc3\xa9", &small) < 0,
	   "buffer cap reported");
	buffer_deinit(&small);
	return tap_done();
}
