#include "config.h"

#include <stdlib.h>

#include "maildir-name.h"
#include "../tests/unit/tap.h"

static void
test_flag_bytes(void)
{
	unsigned int c, bad = 0, good = 0;
	uint64_t flags;

	/* Every byte value alone: only ASCII letters are flags. */
	for (c = 0; c < 256; c++) {
		char s[1] = { (char)c };
		bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
		int r = maildir_flags_parse(s, 1, &flags);

		if (letter && r == 0 && flags == maildir_flag_bit((char)c))
			good++;
		else if (!letter && r < 0)
			bad++;
	}
	is_int(good, 52, "all 52 letters parse as single flags");
	is_int(bad, 256 - 52, "all other bytes are refused");
	ok(maildir_flags_parse("", 0, &flags) == 0 && flags == 0,
	   "empty flag string is no flags");
}

static void
test_flag_format(void)
{
	char buf[MAILDIR_FLAGS_BUF];
	uint64_t flags = 0;

	ok(maildir_flags_parse("TSRFD", 5, &flags) == 0, "parse TSRFD");
	maildir_flags_format(flags, buf);
	is_str(buf, "DFRST", "flags come out sorted");
	ok(maildir_flags_parse("SSaS", 4, &flags) == 0, "duplicates parse");
	maildir_flags_format(flags, buf);
	is_str(buf, "Sa", "duplicates collapse, keyword letter kept");
	ok(maildir_flags_parse("zaPS", 4, &flags) == 0, "parse zaPS");
	maildir_flags_format(flags, buf);
	is_str(buf, "PSaz", "upper case sorts before keyword letters");
	ok(maildir_flags_parse("S,R", 3, &flags) < 0, "comma is junk");
	ok(maildir_flags_parse("S R", 3, &flags) < 0, "space is junk");
	ok(maildir_flags_parse("S\0R", 3, &flags) < 0, "NUL is junk");
	flags = ~(uint64_t)0 >> 12;
	is_int(maildir_flags_format(flags, buf), 52, "all flags: 52 letters");
	is_str(buf, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
	       "all flags in ASCII order");
	is_int(maildir_flag_bit('S'), MAILDIR_FLAG_SEEN, "S is seen");
	is_int(maildir_flag_bit('T'), MAILDIR_FLAG_TRASHED, "T is trashed");
	is_int(maildir_flag_bit('1'), 0, "digit is no flag");
}

static void
test_parse_courier(void)
{
	struct maildir_name n;
	const char *error;
	const char *courier = "1795446990.M450244P28365V000000000000FE00"
			      "I000000000010E04E.vm,S=206";
	const char *copy = "1795446990.M450244P9764V000000000000FE00"
			   "I000000000010E06E_0.vm,S=206:2,S";

	ok(maildir_name_parse(courier, &n, &error) == 0, "Courier name");
	ok(n.have_size && n.size == 206, "its size 206");
	ok(!n.have_info && n.flags == 0, "no info in new/");
	is_int(n.base_len, strlen(courier), "base is the whole name");
	ok(maildir_name_parse(copy, &n, &error) == 0, "Courier COPY name");
	ok(n.have_info && n.flags == MAILDIR_FLAG_SEEN, "flag S");
	ok(n.have_size && n.size == 206, "size before :2,");
	is_int(n.base_len, strlen(copy) - 4, "base ends before ':'");
	ok(maildir_name_parse("1.x:2,", &n, &error) == 0 && n.have_info &&
		   n.flags == 0 && !n.have_size,
	   "empty flags, no size");
	ok(maildir_name_parse("1.x:1,foo", &n, &error) == 0 && !n.have_info,
	   "experimental :1, info is not flags");
	ok(maildir_name_parse("1.x,S=10,W=12:2,RS", &n, &error) == 0 &&
		   n.size == 10 && n.flags == (MAILDIR_FLAG_REPLIED |
					       MAILDIR_FLAG_SEEN),
	   ",S= followed by ,W=");
	ok(maildir_name_parse("1.x,S=18446744073709551615", &n, &error) == 0 &&
		   n.size == UINT64_MAX,
	   "largest size");
}

static void
test_parse_hostile(void)
{
	static const char *const bad[] = {
		"", ".hidden", "a/b", "a\nb", "a\tb", "1.x,S=", "1.x,S=12a",
		"1.x,S=-1", "1.x,S=18446744073709551616", "1.x:2,S!",
		"1.x:2,S:", ":2,S", "1.x\177",
	};
	struct maildir_name n;
	const char *error;
	char longname[MAILDIR_NAME_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(maildir_name_parse(bad[i], &n, &error) < 0,
		   "refused name #%zu", i);
	memset(longname, 'a', sizeof(longname));
	longname[MAILDIR_NAME_MAX] = '\0';
	ok(maildir_name_parse(longname, &n, &error) == 0,
	   "name of MAILDIR_NAME_MAX bytes");
	longname[MAILDIR_NAME_MAX] = 'a';
	longname[MAILDIR_NAME_MAX + 1] = '\0';
	ok(maildir_name_parse(longname, &n, &error) < 0,
	   "name of MAILDIR_NAME_MAX+1 bytes refused");
}

static void
test_parse_prefixes(void)
{
	const char *name = "1795446990.M450244P28365V000000000000FE00"
			   "I000000000010E04E.vm,S=206:2,DFRSTa";
	char buf[MAILDIR_NAME_BUF];
	struct maildir_name n;
	const char *error;
	size_t len = strlen(name), i;
	unsigned int crashes = 0;

	/* Every prefix, one byte at a time: parses or fails cleanly. */
	for (i = 0; i <= len; i++) {
		memcpy(buf, name, i);
		buf[i] = '\0';
		if (maildir_name_parse(buf, &n, &error) == 0 &&
		    n.base_len > i)
			crashes++;
	}
	is_int(crashes, 0, "every prefix parses consistently");
	ok(maildir_name_parse(name, &n, &error) == 0 &&
		   n.flags == (MAILDIR_FLAG_DRAFT | MAILDIR_FLAG_FLAGGED |
			       MAILDIR_FLAG_REPLIED | MAILDIR_FLAG_SEEN |
			       MAILDIR_FLAG_TRASHED | maildir_flag_bit('a')),
	   "full flag set");
}

static void
test_with_flags(void)
{
	char buf[MAILDIR_NAME_BUF], base[MAILDIR_NAME_BUF];

	ok(maildir_name_with_flags("1.x,S=5", 7,
				   MAILDIR_FLAG_SEEN | MAILDIR_FLAG_DRAFT, buf,
				   sizeof(buf)) == 0,
	   "name with flags");
	is_str(buf, "1.x,S=5:2,DS", "formatted name");
	ok(maildir_name_with_flags("1.x", 3, 0, buf, sizeof(buf)) == 0,
	   "no flags");
	is_str(buf, "1.x:2,", "just :2,");
	memset(base, 'b', sizeof(base));
	ok(maildir_name_with_flags(base, MAILDIR_NAME_MAX - 4,
				   MAILDIR_FLAG_SEEN, buf, sizeof(buf)) == 0,
	   "exactly MAILDIR_NAME_MAX fits");
	ok(maildir_name_with_flags(base, MAILDIR_NAME_MAX - 3,
				   MAILDIR_FLAG_SEEN, buf, sizeof(buf)) < 0,
	   "one more byte does not");
	ok(maildir_name_with_flags("1.x", 3, MAILDIR_FLAG_SEEN, buf, 7) < 0,
	   "buffer one byte short");
	ok(maildir_name_with_flags("1.x", 3, MAILDIR_FLAG_SEEN, buf, 8) == 0,
	   "buffer exactly long enough");
}

static void
test_host_and_unique(void)
{
	struct maildir_unique u;
	char host[64], buf[MAILDIR_NAME_BUF];

	is_str(maildir_host_sanitize("a/b:c", host, sizeof(host)),
	       "a\\057b\\072c", "host: / and : escaped");
	is_str(maildir_host_sanitize("x\ny", host, sizeof(host)), "x\\012y",
	       "host: control byte escaped");
	is_str(maildir_host_sanitize("ab/cd", host, 6), "ab",
	       "host: cut before a partial escape");
	memset(&u, 0, sizeof(u));
	u.sec = 1795446990;
	u.usec = 450244;
	u.pid = 28365;
	u.host = "vm";
	ok(maildir_unique_format(&u, buf, sizeof(buf)) == 0, "tmp name");
	is_str(buf, "1795446990.M450244P28365.vm", "Courier's tmp form");
	u.have_devino = true;
	u.dev = 0xFE00;
	u.ino = 0x10E04E;
	u.have_size = true;
	u.size = 206;
	ok(maildir_unique_format(&u, buf, sizeof(buf)) == 0, "new name");
	is_str(buf,
	       "1795446990.M450244P28365V000000000000FE00I000000000010E04E"
	       ".vm,S=206",
	       "Courier's new/ form, byte for byte");
	u.suffix = "3";
	ok(maildir_unique_format(&u, buf, sizeof(buf)) == 0, "with _N");
	is_str(buf,
	       "1795446990.M450244P28365V000000000000FE00I000000000010E04E"
	       "_3.vm,S=206",
	       "_N after the inode, as Courier");
	ok(maildir_unique_format(&u, buf, 20) < 0, "too small buffer fails");
}

int
main(void)
{
	test_flag_bytes();
	test_flag_format();
	test_parse_courier();
	test_parse_hostile();
	test_parse_prefixes();
	test_with_flags();
	test_host_and_unique();
	return tap_done();
}
