#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe-io.h"
#include "maildir.h"
#include "maildir-quota.h"
#include "../tests/unit/tap.h"

static char tmpdir[] = "/tmp/test-maildir-quota.XXXXXX";

static void
test_quota_strings(void)
{
	static const char *const bad[] = {
		"", "S", "C", "5", "5s", "5c", "5X", "-5S", "+5S", " 5S",
		"5S ", "5 S", "5S,", ",5S", "5S,,6C", "5S 6C", "5S;6C",
		"99999999999999999999S", "9223372036854775808S",
	};
	struct maildir_quota q;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(maildir_quota_parse(bad[i], strlen(bad[i]), &q) < 0,
		   "quota \"%s\" refused", bad[i]);
	ok(maildir_quota_parse("10000000S,1000C", 15, &q) == 0 &&
		   q.bytes == 10000000 && q.count == 1000,
	   "S,C");
	ok(maildir_quota_parse("10C,5S", 6, &q) == 0 && q.bytes == 5 &&
		   q.count == 10,
	   "C,S");
	is_int(maildir_quota_format(&q, buf, sizeof(buf)), 6, "format len");
	is_str(buf, "5S,10C", "Courier's order: S first");
	ok(maildir_quota_parse("1C,2S,3C", 8, &q) == 0 && q.count == 3 &&
		   q.bytes == 2,
	   "later item wins");
	ok(maildir_quota_parse("007S", 4, &q) == 0 && q.bytes == 7,
	   "leading zeros");
	maildir_quota_format(&q, buf, sizeof(buf));
	is_str(buf, "7S", "normalised");
	ok(maildir_quota_parse("0S", 2, &q) == 0 && !maildir_quota_is_set(&q),
	   "0S is no limit");
	ok(maildir_quota_parse("9223372036854775807S", 20, &q) == 0,
	   "INT64_MAX bytes");
	ok(maildir_quota_format(&q, buf, 20) < 0, "format into short buffer");
	ok(maildir_quota_format(&q, buf, 22) == 20, "exact buffer");
}

static void
test_maildirsize_parse(void)
{
	/* Bytes of a Courier-written file (seen live). */
	const char courier[] = "10000000S,1000C\n"
			       "           0            0\n"
			       "         206            1\n"
			       "         206            1\n"
			       "        -206           -1\n"
			       "         618            3\n";
	struct maildirsize m;
	const char *error;
	char line[MAILDIRSIZE_LINE_BUF];
	size_t i, len = strlen(courier);
	unsigned int bad_prefixes = 0;

	ok(maildirsize_parse(courier, len, &m, &error) == 0, "Courier file");
	ok(m.quota.bytes == 10000000 && m.quota.count == 1000, "its quota");
	ok(m.usage.bytes == 824 && m.usage.count == 4, "its sum 824 4");
	is_int(m.lines, 5, "5 usage lines");
	/* One byte at a time: only prefixes ending at a newline parse. */
	for (i = 0; i < len; i++) {
		bool at_line_end = i > 0 && courier[i - 1] == '\n';
		int r = maildirsize_parse(courier, i, &m, &error);

		if ((r == 0) != at_line_end)
			bad_prefixes++;
	}
	is_int(bad_prefixes, 0, "prefixes parse only at line ends");
	ok(maildirsize_parse("5S\n1 1\n", 7, &m, &error) == 0 &&
		   m.usage.bytes == 1,
	   "unpadded line");
	ok(maildirsize_parse("5S\n\t1\t 1 \n", 10, &m, &error) == 0,
	   "tabs and trailing blanks");
	ok(maildirsize_parse("5S\n", 3, &m, &error) == 0 && m.lines == 0,
	   "quota line only");
	ok(maildirsize_parse("5S\n1\n", 5, &m, &error) < 0, "one number");
	ok(maildirsize_parse("5S\n1 1 1\n", 9, &m, &error) < 0,
	   "three numbers");
	ok(maildirsize_parse("5S\n1 x\n", 7, &m, &error) < 0, "junk");
	ok(maildirsize_parse("5S\n--1 1\n", 9, &m, &error) < 0,
	   "double minus");
	ok(maildirsize_parse("5S\n- 1\n", 7, &m, &error) < 0, "lone minus");
	ok(maildirsize_parse("bad\n1 1\n", 8, &m, &error) < 0,
	   "bad quota line");
	ok(maildirsize_parse("5S\n9223372036854775807 0\n1 0\n", 28, &m,
			     &error) < 0,
	   "overflowing total");
	ok(maildirsize_parse("5S\n-9223372036854775808 0\n", 26, &m,
			     &error) < 0,
	   "INT64_MIN magnitude refused");
	is_int(maildirsize_format_line(206, 1, line), 26, "line length");
	is_str(line, "         206            1\n", "Courier's line");
	maildirsize_format_line(-206, -1, line);
	is_str(line, "        -206           -1\n", "negative line");
}

static void
put(const char *dir, const char *name, size_t size)
{
	char path[4096], *data = calloc(1, size + 1);

	snprintf(path, sizeof(path), "%s/%s/%s", tmpdir, dir, name);
	memset(data, 'x', size);
	if (safe_write_file(path, data, size, 0600) < 0)
		perror(path);
	free(data);
}

static void
make_tree(void)
{
	const char *error;

	ok(maildir_create(tmpdir, 0700, 0700, true, &error) == 0, "maildir");
	ok(maildir_folder_create(tmpdir, "A.B", 0700, 0700, &error) == 0 &&
		   maildir_folder_create(tmpdir, "Trash", 0700, 0700,
					 &error) == 0 &&
		   maildir_folder_create(tmpdir, "Trash.Old", 0700, 0700,
					 &error) == 0,
	   "folders");
	/* ,S= is trusted without stat(): file size 1, counted 100. */
	put("new", "1.a,S=100", 1);
	put("cur", "2.b:2,S", 30);
	put("cur", "3.c:2,ST", 1000);	   /* deleted: not counted */
	put("cur", "4.d,S=7:2,T", 7);	   /* deleted */
	put(".A.B/new", "5.e", 40);
	put(".A.B/cur", "6.f,S=9:2,", 9);
	put(".Trash/cur", "7.g:2,S", 5000); /* Trash: not counted */
	put(".Trash.Old/cur", "8.h", 11);   /* only ".Trash" is skipped */
	put("tmp", "9.i", 3000);	    /* tmp/ never counts */
}

static void
test_count(void)
{
	struct maildir_usage u;
	const char *error;
	bool changed;

	ok(maildir_quota_count(tmpdir, &u, &changed, &error) == 0, "count");
	is_int(u.bytes, 100 + 30 + 40 + 9 + 11, "bytes as Courier counts");
	is_int(u.count, 5, "messages as Courier counts");
}

static void
write_raw(const char *text)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/maildirsize", tmpdir);
	if (safe_write_file(path, text, strlen(text), 0644) < 0)
		perror(path);
}

static void
read_raw(char *buf, size_t size)
{
	char path[4096];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/maildirsize", tmpdir);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read_full(fd, buf, size - 1);
	buf[n < 0 ? 0 : n] = '\0';
	if (fd >= 0)
		close(fd);
}

static void
test_open_check(void)
{
	struct maildir_quota_info info;
	struct maildir_quota q = { 1000, 0 };
	const char *error;
	char buf[8192], big[6000];

	unlink("maildirsize");
	ok(maildir_quota_open(tmpdir, &q, &info, &error) == 0 &&
		   info.enabled && info.size.usage.bytes == 190,
	   "missing file + quota: rebuilt");
	read_raw(buf, sizeof(buf));
	is_str(buf, "1000S\n         190            5\n", "rebuilt bytes");
	ok(maildir_quota_add(tmpdir, 206, 1, &error) == 0, "add a line");
	read_raw(buf, sizeof(buf));
	is_str(buf,
	       "1000S\n         190            5\n         206            1\n",
	       "appended line");
	ok(maildir_quota_open(tmpdir, NULL, &info, &error) == 0 &&
		   info.size.usage.bytes == 396 && info.size.lines == 2,
	   "reopened: sum of lines");
	is_int(maildir_quota_check(&info, 604, 1, &error), 0,
	       "exactly at quota fits");
	/* The file claims more than there is: over quota with two lines
	   triggers a rebuild, which finds room. */
	is_int(maildir_quota_check(&info, 700, 1, &error), 0,
	       "stale total rebuilt, fits");
	is_int(info.size.usage.bytes, 190, "rebuilt total");
	is_int(maildir_quota_check(&info, 811, 1, &error), 1,
	       "over quota after rebuild");
	/* A fresh one-line file is trusted without a rebuild. */
	write_raw("1000S\n         990            1\n");
	ok(maildir_quota_open(tmpdir, NULL, &info, &error) == 0, "reopen");
	is_int(maildir_quota_check(&info, 20, 1, &error), 1,
	       "fresh single line trusted: over");
	is_int(maildir_quota_check(&info, -990, -1, &error), 0,
	       "removals always fit");
	/* >= 5120 bytes: rebuilt on open. */
	memset(big, 0, sizeof(big));
	strcpy(big, "1000S,10C\n");
	while (strlen(big) < 5120)
		strcat(big, "           1            0\n");
	write_raw(big);
	ok(maildir_quota_open(tmpdir, NULL, &info, &error) == 0 &&
		   info.fresh && info.size.usage.bytes == 190 &&
		   info.size.quota.count == 10,
	   "big file rebuilt, quota kept");
	is_int(maildir_quota_check(&info, 1, 5, &error), 0, "count fits");
	is_int(maildir_quota_check(&info, 1, 6, &error), 1, "count over");
	is_int(maildir_quota_percent(&info, 0, 0), 50, "50% of messages");
	write_raw("garbage");
	ok(maildir_quota_open(tmpdir, NULL, &info, &error) == 0 &&
		   !info.enabled,
	   "unreadable quota line: nothing enforced");
	write_raw("");
	ok(maildir_quota_open(tmpdir, &q, &info, &error) == 0 &&
		   info.enabled && info.size.usage.count == 5,
	   "override replaces a broken file");
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) < 0) {
		perror("mkdtemp");
		return 1;
	}
	test_quota_strings();
	test_maildirsize_parse();
	make_tree();
	test_count();
	test_open_check();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			tap_diag("cleanup failed");
	}
	return tap_done();
}
