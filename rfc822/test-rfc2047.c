#include "config.h"

#include <string.h>

#include "charset-utf8.h"
#include "rfc2047.h"
#include "../tests/unit/tap.h"

static void
check(const char *in, const char *want, const char *name)
{
	struct buffer out;

	buffer_init(&out, 4096);
	ok(rfc2047_decode(in, strlen(in), &out) == 0, "%s: decodes", name);
	is_str(buffer_cstr(&out), want, name);
	ok(utf8_is_valid(buffer_data(&out), buffer_len(&out)),
	   "%s: valid UTF-8", name);
	buffer_deinit(&out);
}

static void
test_words(void)
{
	check("plain text", "plain text", "no encoded words");
	check("=?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9", "Q utf-8");
	check("=?UTF-8?B?Y2Fmw6k=?=", "caf\xc3\xa9", "B utf-8");
	check("=?iso-8859-1?q?caf=E9?=", "caf\xc3\xa9", "Q latin-1");
	check("=?ISO-8859-15?Q?=A4?=", "\xe2\x82\xac", "latin-9 euro");
	check("=?windows-1252?q?=80?=", "\xe2\x82\xac", "cp1252 euro");
	check("=?iso-8859-1?q?=80?=", "\xe2\x82\xac", "latin-1 read as cp1252");
	check("=?utf-8?q?a?= =?utf-8?q?b?=", "ab", "blank between words");
	check("=?utf-8?q?a?=\t \t=?utf-8?q?b?=", "ab", "blanks between words");
	check("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b", "text between words");
	check("x =?utf-8?q?a_b?= y", "x a b y", "underscore");
	check("=?utf-8?q?=C3?= =?utf-8?q?=A9?=", "\xc3\xa9",
	      "character split across words");
	check("=?utf-8?b?w6k?==?utf-8?b?w6k=?=", "\xc3\xa9\xc3\xa9",
	      "adjacent without blank, missing padding");
	check("=?utf-8*en?q?hi?=", "hi", "RFC 2231 language");
	check("=?utf-8?x?hi?=", "=?utf-8?x?hi?=", "unknown encoding kept");
	check("=?utf-8?q?hi", "=?utf-8?q?hi", "unterminated kept");
	check("=??q?hi?=", "=??q?hi?=", "empty charset kept");
	check("=?no-such-charset?q?hi?=", "hi", "unknown charset as UTF-8");
	check("=?no-such-charset?q?=FF?=", UTF8_REPLACEMENT,
	      "unknown charset invalid byte replaced");
	check("=?utf-8?q?hello world?=", "hello world", "blank inside Q");
	check("pre=?utf-8?q?mid?=post", "premidpost", "inside a word");
	check("raw \xe9 latin", "raw " UTF8_REPLACEMENT " latin",
	      "raw 8-bit replaced");
	check("raw \xc3\xa9", "raw \xc3\xa9", "raw UTF-8 kept");
	check("=?ISO-2022-JP?B?GyRCJEgbKEI=?=", "\xe3\x81\xa8", "ISO-2022-JP");
	check("=?utf-8?q?a?= =?iso-8859-1?q?=E9?=", "a\xc3\xa9",
	      "charset change between words");
	check("=?utf-8//TRANSLIT?q?x?=", "x", "iconv options refused");
	check("=?=?utf-8?q?x?=", "=?x", "restart after a false start");
	check("=?\x9eutf-8?q?=F7=BF=AA=95?=", UTF8_REPLACEMENT,
	      "odd charset name refused, bytes checked as UTF-8");
	check("=?\x9eutf-8?q?a?=", "a", "odd charset name decoded as UTF-8");
	check("=?utf-16be?b?2D0=?=", UTF8_REPLACEMENT UTF8_REPLACEMENT,
	      "unpaired surrogate at the end replaced");
}

static void
test_cap(void)
{
	struct buffer out;
	const char *in = "=?utf-8?q?abcde?=";

	buffer_init(&out, 5);
	ok(rfc2047_decode(in, strlen(in), &out) == 0 &&
	       strcmp(buffer_cstr(&out), "abcde") == 0,
	   "output at the cap");
	buffer_deinit(&out);
	buffer_init(&out, 4);
	ok(rfc2047_decode(in, strlen(in), &out) < 0 && buffer_len(&out) == 0,
	   "output at cap+1 fails, buffer unchanged");
	buffer_deinit(&out);
}

/* Many unterminated words: must stay linear (this would take minutes if
   every "=?" searched the rest of the text for "?="). */
static void
test_hostile(void)
{
	struct buffer in, out;
	size_t i;

	buffer_init(&in, 4 * 1024 * 1024);
	buffer_init(&out, 16 * 1024 * 1024);
	for (i = 0; i < 200000; i++)
		(void)buffer_append_str(&in, "=?a?q?x");
	ok(rfc2047_decode(buffer_cstr(&in), buffer_len(&in), &out) == 0 &&
	       buffer_len(&out) == buffer_len(&in),
	   "200000 unterminated words kept as text");
	buffer_clear(&in);
	buffer_clear(&out);
	for (i = 0; i < 100000; i++)
		(void)buffer_append_str(
		    &in, "=?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	ok(rfc2047_decode(buffer_cstr(&in), buffer_len(&in), &out) == 0 &&
	       buffer_len(&out) == buffer_len(&in),
	   "100000 unterminated charsets kept as text");
	buffer_deinit(&in);
	buffer_deinit(&out);
}

static void
test_charset_stream(void)
{
	/* "é€" in UTF-8 and "ä" in ISO-2022-JP-free Shift_JIS "あ". */
	static const char utf8[] = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	static const char sjis[] = "\x82\xa0\x82\xa2";
	struct charset_translation *t;
	struct buffer out;
	const char *error;
	size_t i;

	buffer_init(&out, 1024);
	t = charset_translation_new("UTF-8", &error);
	for (i = 0; i < sizeof(utf8) - 1; i++)
		(void)charset_translation_feed(t, utf8 + i, 1, &out);
	(void)charset_translation_finish(t, &out);
	is_str(buffer_cstr(&out), utf8, "UTF-8 fed byte by byte");
	charset_translation_free(&t);
	ok(t == NULL, "free clears");

	buffer_clear(&out);
	t = charset_translation_new("shift_jis", &error);
	ok(t != NULL, "Shift_JIS known");
	for (i = 0; t != NULL && i < sizeof(sjis) - 1; i++)
		(void)charset_translation_feed(t, sjis + i, 1, &out);
	if (t != NULL)
		(void)charset_translation_finish(t, &out);
	is_str(buffer_cstr(&out), "\xe3\x81\x82\xe3\x81\x84",
	       "Shift_JIS fed byte by byte");
	charset_translation_free(&t);

	buffer_clear(&out);
	t = charset_translation_new("utf-8", &error);
	(void)charset_translation_feed(t, "a\xe2\x82", 3, &out);
	(void)charset_translation_finish(t, &out);
	is_str(buffer_cstr(&out), "a" UTF8_REPLACEMENT,
	       "incomplete at end replaced");
	charset_translation_free(&t);

	buffer_clear(&out);
	t = charset_translation_new("shift_jis", &error);
	(void)charset_translation_feed(t, "a\x82", 2, &out);
	(void)charset_translation_finish(t, &out);
	is_str(buffer_cstr(&out), "a" UTF8_REPLACEMENT,
	       "iconv incomplete at end replaced");
	charset_translation_free(&t);

	ok(charset_translation_new("x-bogus", &error) == NULL,
	   "unknown charset refused");
	buffer_deinit(&out);
}

static void
test_utf8(void)
{
	ok(utf8_is_valid("\xc3\xa9", 2), "valid 2-byte");
	ok(!utf8_is_valid("\xc0\xaf", 2), "overlong refused");
	ok(!utf8_is_valid("\xed\xa0\x80", 3), "surrogate refused");
	ok(!utf8_is_valid("\xf4\x90\x80\x80", 4), "over U+10FFFF refused");
	ok(utf8_is_valid("\xf4\x8f\xbf\xbf", 4), "U+10FFFF valid");
	ok(!utf8_is_valid("\xe2\x82", 2), "truncated refused");
}

int
main(void)
{
	test_words();
	test_cap();
	test_hostile();
	test_charset_stream();
	test_utf8();
	return tap_done();
}
