#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maildir.h"
#include "../tests/unit/tap.h"

static char tmpdir[] = "/tmp/test-maildir.XXXXXX";

static void
test_folder_names(void)
{
	static const char *const bad[] = {
		"", ".", "..", "...", ".A", "A.", "A..B", "/", "A/B", "../x",
		"A/../B", "tmp", "new", "cur", "A.tmp", "new.B", "A.cur.B",
		"A\nB", "A\tB", "A\rB", "\x7f", "A\x01", "Trash/../../etc",
		"R\xe9sum\xe9", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"A\xe2\x82",
	};
	static const char *const good[] = {
		"A", "A.B", "Sent.2002", "a b", "Trash", "INBOX", "tmpx",
		"xnew", "Cur", "R\xc3\xa9sum\xc3\xa9", "A-B_C+D",
	};
	char longname[MAILDIR_FOLDER_NAME_MAX + 2];
	const char *error;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(maildir_folder_name_validate(bad[i], &error) < 0,
		   "hostile folder name #%zu refused", i);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(maildir_folder_name_validate(good[i], &error) == 0,
		   "folder name \"%s\" accepted", good[i]);
	memset(longname, 'n', sizeof(longname));
	longname[MAILDIR_FOLDER_NAME_MAX] = '\0';
	ok(maildir_folder_name_validate(longname, &error) == 0,
	   "longest folder name");
	longname[MAILDIR_FOLDER_NAME_MAX] = 'n';
	longname[MAILDIR_FOLDER_NAME_MAX + 1] = '\0';
	ok(maildir_folder_name_validate(longname, &error) < 0,
	   "one byte longer refused");
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) < 0 ? 0 : st.st_mode & 07777;
}

static void
test_create(void)
{
	char root[1024], path[4096], qroot[4096];
	const char *error;
	bool is_folder;

	snprintf(root, sizeof(root), "%s/Maildir", tmpdir);
	umask(077);
	ok(maildir_create(root, 0755, 0700, false, &error) == 0, "create");
	is_int(mode_of(root), 0755, "root mode despite umask");
	snprintf(path, sizeof(path), "%s/cur", root);
	is_int(mode_of(path), 0700, "cur mode");
	ok(maildir_create(root, 0700, 0700, false, &error) < 0 &&
		   errno == EEXIST,
	   "second create: EEXIST");
	ok(maildir_create(root, 0700, 0700, true, &error) == 0,
	   "exist_ok create");
	is_int(mode_of(root), 0755, "exist_ok keeps the mode");
	ok(maildir_folder_create(root, "A.B", 01755, 01777, &error) == 0,
	   "folder");
	snprintf(path, sizeof(path), "%s/.A.B", root);
	is_int(mode_of(path), 01755, "folder mode");
	snprintf(path, sizeof(path), "%s/.A.B/tmp", root);
	is_int(mode_of(path), 01777, "folder tmp mode");
	snprintf(path, sizeof(path), "%s/.A.B/maildirfolder", root);
	is_int(mode_of(path), 0600, "marker mode");
	ok(maildir_folder_create(root, "A.B", 0700, 0700, &error) < 0 &&
		   errno == EEXIST,
	   "folder exists");
	ok(maildir_folder_create(root, "../x", 0700, 0700, &error) < 0 &&
		   errno == EINVAL,
	   "escaping folder refused");
	snprintf(path, sizeof(path), "%s/.A.B", root);
	ok(maildir_quota_root(path, qroot, sizeof(qroot), &is_folder,
			      &error) == 0 &&
		   is_folder && strcmp(qroot, root) == 0,
	   "folder's quota root is the maildir");
	ok(maildir_quota_root(root, qroot, sizeof(qroot), &is_folder,
			      &error) == 0 &&
		   !is_folder && strcmp(qroot, root) == 0,
	   "maildir is its own quota root");
	ok(maildir_check(root, &error) == 0, "check maildir");
	ok(maildir_check(path, &error) == 0, "check folder");
	snprintf(path, sizeof(path), "%s/new", root);
	ok(maildir_check(path, &error) < 0, "new/ is not a maildir");
	snprintf(path, sizeof(path), "%s/cur/", root);
	ok(maildir_check(path, &error) < 0, "cur/ with slash neither");
}

static void
test_symlinks(void)
{
	char root[1024], path[4096], target[1024];
	const char *error;

	snprintf(root, sizeof(root), "%s/Evil", tmpdir);
	snprintf(target, sizeof(target), "%s/elsewhere", tmpdir);
	ok(maildir_create(root, 0700, 0700, false, &error) == 0 &&
		   mkdir(target, 0700) == 0,
	   "setup");
	snprintf(path, sizeof(path), "%s/new", root);
	ok(rmdir(path) == 0 && symlink(target, path) == 0, "new -> elsewhere");
	ok(maildir_check(root, &error) < 0 && errno == ELOOP,
	   "symlinked new/ refused");
	ok(maildir_create(root, 0700, 0700, true, &error) < 0,
	   "exist_ok create refuses the symlink too");
	snprintf(path, sizeof(path), "%s/.Link", root);
	ok(symlink(target, path) == 0, "folder symlink");
	ok(maildir_folder_create(root, "Link", 0700, 0700, &error) < 0,
	   "creating over a symlinked folder fails");
}

int
main(void)
{
	char cmd[128];

	test_folder_names();
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_create();
	test_symlinks();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		tap_diag("cleanup failed");
	return tap_done();
}
