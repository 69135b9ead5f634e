/* Tests for dates, base subjects and IMAP string quoting. */
#include "config.h"

#include <string.h>

#include "imap-base-subject.h"
#include "imap-quote.h"
#include "rfc822-date.h"
#include "../tests/unit/tap.h"

static void
check_date(const char *in, long long want_t, int want_tz, const char *name)
{
	time_t t = 0;
	int tz = 99;

	ok(rfc822_date_parse(in, strlen(in), &t, &tz) == 0 &&
	       (long long)t == want_t && tz == want_tz,
	   "%s", name);
	if ((long long)t != want_t || tz != want_tz)
		printf("# got %lld %d\n", (long long)t, tz);
}

static void
test_dates(void)
{
	time_t t;
	int tz;

	check_date("Mon, 23 Nov 2026 15:16:30 +0100", 1795443390LL, 60,
		   "full RFC 5322 date");
	check_date("23 Nov 2026 15:16:30 +0100", 1795443390LL, 60,
		   "no day name");
	check_date("Thu, 13 Feb 1969 23:32:54 -0330", -27723426LL, -210,
		   "negative zone, before the epoch");
	check_date("Thu,\n      13\n        Feb\n          1969\n      23:32\n"
		   "               -0330 (Newfoundland Time)",
		   -27723480LL, -210, "RFC 5322 A.5 folded, no seconds");
	check_date("1 Jan 70 00:00:00 GMT", 0, 0, "two-digit year 70");
	check_date("1 Jan 49 00:00:00 GMT", 2493072000LL, 0,
		   "two-digit year 49 is 2049");
	check_date("1 Jan 101 00:00:00 UT", 978307200LL, 0, "three-digit year");
	check_date("1 Jan 2000 00:00:00 EST", 946702800LL, -300, "EST");
	check_date("1 Jan 2000 00:00:00", 946684800LL, 0, "no zone");
	check_date("1 Jan 2000 00:00:00 +9999", 946684800LL, 0,
		   "bad zone is 0");
	check_date("29 Feb 2024 12:00:00 +0000", 1709208000LL, 0, "leap day");
	check_date("31 Dec 1999 23:59:60 +0000", 946684799LL, 0, "leap second");
	ok(rfc822_date_parse("29 Feb 2023 12:00:00", 20, &t, &tz) < 0,
	   "29 Feb of a common year refused");
	ok(rfc822_date_parse("32 Jan 2023 12:00:00", 20, &t, &tz) < 0,
	   "day 32 refused");
	ok(rfc822_date_parse("1 Foo 2023 12:00:00", 19, &t, &tz) < 0,
	   "bad month refused");
	ok(rfc822_date_parse("1 Jan 2023 24:00:00", 19, &t, &tz) < 0,
	   "hour 24 refused");
	ok(rfc822_date_parse("", 0, &t, &tz) < 0, "empty refused");
	ok(rfc822_date_parse("whatever", 8, &t, &tz) < 0, "junk refused");
	ok(rfc822_date_parse("1 Jan 2023", 10, &t, &tz) < 0,
	   "missing time refused");
}

static void
test_imap_dates(void)
{
	char buf[IMAP_DATETIME_SIZE];
	time_t t;
	int tz;

	imap_datetime_format(1795443390, 0, buf);
	is_str(buf, "23-Nov-2026 14:16:30 +0000", "INTERNALDATE UTC");
	imap_datetime_format(1795443390, 60, buf);
	is_str(buf, "23-Nov-2026 15:16:30 +0100", "INTERNALDATE +0100");
	imap_datetime_format(-27723426, -210, buf);
	is_str(buf, "13-Feb-1969 23:32:54 -0330", "INTERNALDATE before 1970");
	imap_datetime_format(0, 0, buf);
	is_str(buf, "01-Jan-1970 00:00:00 +0000", "epoch");
	ok(imap_datetime_parse("23-Nov-2026 15:16:30 +0100", 26, &t, &tz) ==
		   0 &&
	       t == 1795443390 && tz == 60,
	   "date-time parses");
	ok(imap_datetime_parse(" 3-Nov-2026 15:16:30 -0000", 26, &t, &tz) ==
		   0 &&
	       tz == 0,
	   "date-time with a blank day");
	ok(imap_datetime_parse("23-Nov-2026 15:16 +0100", 23, &t, &tz) < 0,
	   "date-time without seconds refused");
	ok(imap_datetime_parse("23-Nov-2026 15:16:30 +0100x", 27, &t, &tz) < 0,
	   "date-time with junk refused");
	ok(imap_datetime_parse("23-Nov-26 15:16:30 +0100", 24, &t, &tz) < 0,
	   "date-time with short year refused");
	ok(imap_date_parse("1-Feb-1994", 10, &t) == 0 && t == 760060800,
	   "search date");
	ok(imap_date_parse("01-feb-1994", 11, &t) == 0 && t == 760060800,
	   "search date, two digits, lower case");
	ok(imap_date_parse("1-Feb-1994 ", 11, &t) < 0,
	   "search date with junk refused");
	ok(imap_date_parse("30-Feb-1994", 11, &t) < 0, "30 Feb refused");
}

static void
check_subject(const char *in, const char *want, bool want_re, const char *name)
{
	struct buffer out;
	bool re = !want_re;

	buffer_init(&out, 1024);
	ok(imap_base_subject(in, strlen(in), &out, &re) == 0, "%s: ok", name);
	is_str(buffer_cstr(&out), want, name);
	is_int(re, want_re, name);
	buffer_deinit(&out);
}

/* "[b] [b] ... x": each removed blob must not rescan the rest. */
static void
test_base_subject_hostile(void)
{
	struct buffer in, out;
	unsigned int i;

	buffer_init(&in, 1024 * 1024);
	buffer_init(&out, 4 * 1024 * 1024);
	for (i = 0; i < 60000; i++)
		(void)buffer_append_str(&in, "[b] ");
	(void)buffer_append_str(&in, "x");
	ok(imap_base_subject(buffer_cstr(&in), buffer_len(&in), &out, NULL) ==
		   0 &&
	       strcmp(buffer_cstr(&out), "x") == 0,
	   "60000 blobs stripped in linear time");
	buffer_deinit(&in);
	buffer_deinit(&out);
}

static void
test_base_subject(void)
{
	check_subject("hello", "hello", false, "plain");
	check_subject("Re: hello", "hello", true, "re");
	check_subject("RE:  Re: re:hello", "hello", true, "many re");
	check_subject("Fwd: hello (fwd)", "hello", true, "fwd and trailer");
	check_subject("Fw: hello", "hello", true, "fw");
	check_subject("[list] Re: hello", "hello", true, "blob then re");
	check_subject("Re[2]: hello", "hello", true, "re with blob");
	check_subject("[Fwd: hello]", "hello", true, "fwd wrapper");
	check_subject("[Fwd: Re: [x] hi (fwd)]  ", "hi", true,
		      "nested wrapper");
	check_subject("[only blob]", "[only blob]", false,
		      "blob alone is kept");
	check_subject("  a \t b  ", "a b", false, "blanks collapsed");
	check_subject("=?utf-8?q?Re=3A_caf=C3=A9?=", "caf\xc3\xa9", true,
		      "encoded word decoded first");
	check_subject("Reply", "Reply", false, "re without colon kept");
	check_subject("", "", false, "empty");
	check_subject("[a] [b] Re: [c] x", "x", true, "blobs around re");
	ok(imap_base_subject_cmp("Hello", "HELLO") == 0 &&
	       imap_base_subject_cmp("a", "b") < 0,
	   "compare folds case");
}

static void
check_quote(const char *in, const char *want, const char *name)
{
	struct buffer out;

	buffer_init(&out, 1024);
	ok(imap_append_nstring(&out, in) == 0, "%s: ok", name);
	is_str(buffer_cstr(&out), want, name);
	buffer_deinit(&out);
}

static void
test_quote(void)
{
	struct buffer out;

	check_quote(NULL, "NIL", "NULL is NIL");
	check_quote("", "\"\"", "empty quoted");
	check_quote("plain text", "\"plain text\"", "plain quoted");
	check_quote("a\"b", "{3}\r\na\"b", "quote as literal");
	check_quote("a\\b", "{3}\r\na\\b", "backslash as literal");
	check_quote("caf\xc3\xa9", "{5}\r\ncaf\xc3\xa9", "8-bit as literal");
	check_quote("a\tb", "{3}\r\na\tb", "control as literal");
	buffer_init(&out, 1024);
	ok(imap_append_string_n(&out, "a\0b", 3) == 0 &&
	       strcmp(buffer_cstr(&out), "{5}\r\na"
					 "\xef\xbf\xbd"
					 "b") == 0,
	   "NUL sent as U+FFFD");
	buffer_clear(&out);
	ok(imap_append_nstring_upper(&out, "text") == 0 &&
	       strcmp(buffer_cstr(&out), "\"TEXT\"") == 0,
	   "upper-cased");
	buffer_deinit(&out);
	buffer_init(&out, 5);
	ok(imap_append_nstring(&out, "abc") == 0 && buffer_len(&out) == 5,
	   "quoted at the cap");
	buffer_clear(&out);
	ok(imap_append_nstring(&out, "abcd") < 0 && buffer_len(&out) == 0,
	   "quoted over the cap leaves out unchanged");
	buffer_deinit(&out);
}

int
main(void)
{
	test_dates();
	test_imap_dates();
	test_base_subject();
	test_base_subject_hostile();
	test_quote();
	return tap_done();
}
