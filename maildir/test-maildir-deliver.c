#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe-io.h"
#include "maildir.h"
#include "maildir-deliver.h"
#include "maildir-name.h"
#include "maildir-quota.h"
#include "maildir-scan.h"
#include "../tests/unit/tap.h"

static char tmpdir[] = "/tmp/test-maildir-deliver.XXXXXX";

static int
deliver(const char *text, const struct maildir_deliver_settings *set,
	char *name, size_t size)
{
	struct maildir_delivery *d = NULL;
	const char *error;

	if (maildir_delivery_begin(tmpdir, set, &d, &error) < 0 ||
	    maildir_delivery_write(d, text, strlen(text), &error) < 0) {
		maildir_delivery_abort(&d);
		tap_diag(error);
		return -1;
	}
	if (maildir_delivery_commit(&d, name, size, &error) < 0) {
		tap_diag(error);
		return -1;
	}
	return d == NULL ? 0 : -1;
}

static size_t
count_entries(const char *sub)
{
	char path[4096];
	size_t n = 0;
	struct dirent *e;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, sub);
	dp = opendir(path);
	if (dp == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL)
		n += e->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void
test_deliver(void)
{
	struct maildir_deliver_settings set = { .known_size = -1 };
	char n1[MAILDIR_NAME_BUF], n2[MAILDIR_NAME_BUF], path[4096];
	struct maildir_name parsed;
	const char *error;
	struct stat st;

	ok(deliver("Subject: a\n\nhello\n", &set, n1, sizeof(n1)) == 0,
	   "first delivery");
	ok(deliver("Subject: b\n\nbye\n", &set, n2, sizeof(n2)) == 0,
	   "second delivery");
	ok(strcmp(n1, n2) != 0, "distinct names");
	ok(strstr(n1, "_") == NULL, "first has no _N part");
	ok(strstr(n2, "_1.") != NULL, "second has _1");
	ok(maildir_name_parse(n1, &parsed, &error) == 0 && parsed.have_size &&
		   parsed.size == 18,
	   "name carries ,S=18");
	ok(strstr(n1, "V") != NULL && strstr(n1, "I") != NULL, "V and I");
	snprintf(path, sizeof(path), "%s/new/%s", tmpdir, n1);
	ok(stat(path, &st) == 0 && st.st_size == 18, "file in new/");
	is_int(count_entries("tmp"), 0, "tmp/ empty after commit");
	set.to_cur = true;
	set.flags = MAILDIR_FLAG_SEEN | MAILDIR_FLAG_FLAGGED;
	set.mtime = 1000000000;
	ok(deliver("x\n", &set, n1, sizeof(n1)) == 0, "append to cur/");
	ok(strstr(n1, ":2,FS") != NULL, "flags in the name");
	snprintf(path, sizeof(path), "%s/cur/%s", tmpdir, n1);
	ok(stat(path, &st) == 0 && st.st_mtime == 1000000000,
	   "internal date as mtime");
}

static void
test_abort(void)
{
	struct maildir_deliver_settings set = { .known_size = 5,
						.suffix = "warn" };
	struct maildir_delivery *d = NULL;
	const char *error;

	ok(maildir_delivery_begin(tmpdir, &set, &d, &error) == 0,
	   "begin with known size");
	ok(strstr(maildir_delivery_tmp_path(d), "_warn.") != NULL &&
		   strstr(maildir_delivery_tmp_path(d), ",S=5") != NULL,
	   "tmp name has suffix and ,S=");
	is_int(count_entries("tmp"), 1, "tmp file exists");
	maildir_delivery_abort(&d);
	ok(d == NULL, "abort clears the pointer");
	is_int(count_entries("tmp"), 0, "abort removes the tmp file");
	set.suffix = "../x";
	ok(maildir_delivery_begin(tmpdir, &set, &d, &error) < 0,
	   "hostile suffix refused");
}

static void
test_scan_flags_expunge(void)
{
	struct maildir_list *list = NULL;
	struct maildir_quota q = { 100000, 0 };
	struct maildir_quota_info info;
	const char *error;
	size_t i;

	ok(maildir_quota_rebuild(tmpdir, &q, &info.size, &error) == 0,
	   "quota set");
	ok(maildir_scan(tmpdir, MAILDIR_SCAN_MOVE_NEW | MAILDIR_SCAN_STAT,
			&list, &error) == 0,
	   "scan");
	is_int(list->count, 3, "three messages");
	is_int(count_entries("new"), 0, "new/ emptied");
	for (i = 0; i < list->count; i++)
		ok(!list->msgs[i].in_new &&
			   strstr(list->msgs[i].name, ":2,") != NULL,
		   "message %zu in cur with :2,", i);
	ok(maildir_msg_set_flags(tmpdir, tmpdir, &list->msgs[0],
				 MAILDIR_FLAG_SEEN | maildir_flag_bit('a'),
				 &error) == 0,
	   "set flags");
	ok(strstr(list->msgs[0].name, ":2,Sa") != NULL, "renamed :2,Sa");
	ok(maildir_msg_set_flags(tmpdir, tmpdir, &list->msgs[0],
				 MAILDIR_FLAG_TRASHED, &error) == 0,
	   "set T");
	ok(maildir_quota_open(tmpdir, NULL, &info, &error) == 0 &&
		   info.size.usage.count == 2 && info.size.usage.bytes == 18,
	   "T takes the message off the quota");
	ok(maildir_msg_expunge(tmpdir, tmpdir, &list->msgs[0], &error) == 0,
	   "expunge a T message");
	ok(maildir_msg_expunge(tmpdir, tmpdir, &list->msgs[1], &error) == 0,
	   "expunge another");
	ok(maildir_quota_open(tmpdir, NULL, &info, &error) == 0 &&
		   info.size.usage.count == 1 && info.size.usage.bytes == 2,
	   "expunge updates maildirsize");
	ok(maildir_msg_expunge(tmpdir, tmpdir, &list->msgs[1], &error) == 0,
	   "expunging a vanished message is fine");
	ok(maildir_quota_open(tmpdir, NULL, &info, &error) == 0 &&
		   info.size.usage.count == 1,
	   "and changes nothing");
	maildir_list_free(&list);
	ok(list == NULL, "list freed");
}

static void
test_scan_odd_entries(void)
{
	struct maildir_list *list = NULL;
	char path[4096];
	const char *error;
	size_t i;
	bool junk = false, dot = false, link = false;

	snprintf(path, sizeof(path), "%s/cur/9.junk:2,S!", tmpdir);
	ok(safe_write_file(path, "abc", 3, 0600) == 0, "junk-flag file");
	snprintf(path, sizeof(path), "%s/cur/.hidden", tmpdir);
	ok(safe_write_file(path, "abc", 3, 0600) == 0, "dot file");
	snprintf(path, sizeof(path), "%s/cur/9.link:2,", tmpdir);
	ok(symlink("/etc/passwd", path) == 0, "symlink in cur/");
	ok(maildir_scan(tmpdir, MAILDIR_SCAN_STAT, &list, &error) == 0,
	   "scan with odd entries");
	for (i = 0; list != NULL && i < list->count; i++) {
		const struct maildir_msg *m = &list->msgs[i];

		if (strcmp(m->name, "9.junk:2,S!") == 0)
			junk = m->flags == 0 && m->have_size && m->size == 3 &&
			       m->base_len == 6;
		dot |= m->name[0] == '.';
		link |= strcmp(m->name, "9.link:2,") == 0;
	}
	ok(junk, "junk flags listed with no flags, size from stat");
	ok(!dot, "dot files skipped");
	ok(!link, "symlinks skipped");
	maildir_list_free(&list);
}

static void
test_tmp_cleanup(void)
{
	char path[4096];
	struct timespec old[2] = { { 1000, 0 }, { 1000, 0 } };
	const char *error;

	snprintf(path, sizeof(path), "%s/tmp/stale", tmpdir);
	ok(safe_write_file(path, "x", 1, 0600) == 0 &&
		   utimensat(AT_FDCWD, path, old, 0) == 0,
	   "stale tmp file");
	snprintf(path, sizeof(path), "%s/tmp/fresh", tmpdir);
	ok(safe_write_file(path, "x", 1, 0600) == 0, "fresh tmp file");
	is_int(maildir_tmp_cleanup(tmpdir, MAILDIR_TMP_MAX_AGE, &error), 1,
	       "one removed");
	is_int(count_entries("tmp"), 1, "fresh kept");
}

int
main(void)
{
	const char *error;
	char cmd[128];

	if (mkdtemp(tmpdir) == NULL ||
	    maildir_create(tmpdir, 0700, 0700, true, &error) < 0) {
		perror("setup");
		return 1;
	}
	test_deliver();
	test_abort();
	test_scan_flags_expunge();
	test_scan_odd_entries();
	test_tmp_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		tap_diag("cleanup failed");
	return tap_done();
}
