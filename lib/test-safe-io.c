#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe-io.h"
#include "../tests/unit/tap.h"

static char dir[] = "/tmp/test-safe-io-XXXXXX";

static const char *
in_dir(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

/* Number of entries in dir other than . and .. */
static int
count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static bool
file_is(const char *path, const char *want)
{
	char *data = NULL;
	size_t size;
	bool same;

	if (read_file(path, 1 << 20, &data, &size) < 0)
		return false;
	same = size == strlen(want) && memcmp(data, want, size) == 0;
	free(data);
	return same;
}

static void
test_safe_write(void)
{
	char path[256], tmp[300], other[256], sub[256];
	struct stat st;

	in_dir(path, sizeof(path), "file");
	ok(safe_write_file(path, "one\n", 4, 0640) == 0, "safe_write_file");
	ok(file_is(path, "one\n"), "contents written");
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640,
	   "mode 0640 exactly (umask does not apply)");
	ok(safe_write_file(path, "two\n", 4, 0600) == 0 &&
		   file_is(path, "two\n"),
	   "replaces an existing file");
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
	   "replacement has the new mode");
	is_int(count_entries(), 1, "no temporary file left behind");

	/* A stale temporary file of "our" pid is replaced. */
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	ok(safe_write_file(tmp, "stale", 5, 0600) == 0, "stale tmp created");
	ok(safe_write_file(path, "three", 5, 0600) == 0 &&
		   file_is(path, "three"),
	   "write succeeds over a stale tmp");
	is_int(count_entries(), 1, "stale tmp gone");

	/* A symlink planted at the temporary name is removed, never
	   followed. */
	in_dir(other, sizeof(other), "target");
	ok(safe_write_file(other, "keep", 4, 0600) == 0 &&
		   symlink(other, tmp) == 0,
	   "symlink planted at the tmp name");
	ok(safe_write_file(path, "four", 4, 0600) == 0 &&
		   file_is(path, "four") && file_is(other, "keep"),
	   "planted symlink not followed");
	ok(path_is_symlink(tmp) == 0, "planted symlink removed");
	unlink(other);

	/* Failures leave the target untouched and no tmp file. */
	in_dir(sub, sizeof(sub), "subdir");
	ok(mkdir(sub, 0700) == 0, "mkdir");
	errno = 0;
	ok(safe_write_file(sub, "x", 1, 0600) < 0 && errno == EISDIR,
	   "rename over a directory fails with EISDIR");
	is_int(count_entries(), 2, "failed write leaves no tmp file");
	rmdir(sub);
	in_dir(sub, sizeof(sub), "missing/file");
	ok(safe_write_file(sub, "x", 1, 0600) < 0 && errno == ENOENT,
	   "missing directory: ENOENT");
	ok(file_is(path, "four"), "target unchanged by failures");
	unlink(path);
}

static void
test_read_file(void)
{
	char path[256], link[256], fifo[256];
	char *data = NULL;
	size_t size = 0;

	in_dir(path, sizeof(path), "r");
	safe_write_file(path, "0123456789", 10, 0600);
	ok(read_file(path, 10, &data, &size) == 0 && size == 10 &&
		   data[10] == '\0' && memcmp(data, "0123456789", 10) == 0,
	   "read_file at max_size, NUL-terminated");
	free(data);
	data = NULL;
	errno = 0;
	ok(read_file(path, 9, &data, &size) < 0 && errno == EFBIG &&
		   data == NULL,
	   "max_size - 1: EFBIG");
	safe_write_file(path, "", 0, 0600);
	ok(read_file(path, 0, &data, &size) == 0 && size == 0 &&
		   data[0] == '\0',
	   "empty file");
	free(data);
	data = NULL;

	in_dir(link, sizeof(link), "link");
	ok(symlink(path, link) == 0, "symlink");
	errno = 0;
	ok(read_file(link, 100, &data, &size) < 0 && errno == ELOOP,
	   "read_file refuses a symlink (ELOOP)");
	ok(read_file_follow(link, 100, &data, &size) == 0 && size == 0,
	   "read_file_follow follows it");
	free(data);
	data = NULL;
	ok(path_is_symlink(link) == 1, "path_is_symlink: link");
	ok(path_is_symlink(path) == 0, "path_is_symlink: file");
	in_dir(fifo, sizeof(fifo), "nope");
	ok(path_is_symlink(fifo) == 0, "path_is_symlink: missing is 0");
	ok(read_file(fifo, 100, &data, &size) < 0 && errno == ENOENT,
	   "missing file: ENOENT");
	errno = 0;
	ok(read_file(dir, 100, &data, &size) < 0 && errno == EINVAL,
	   "directory: EINVAL");
	in_dir(fifo, sizeof(fifo), "fifo");
	ok(mkfifo(fifo, 0600) == 0, "mkfifo");
	errno = 0;
	ok(read_file(fifo, 100, &data, &size) < 0 && errno == EINVAL,
	   "FIFO refused without hanging");
	unlink(fifo);
	unlink(link);
	unlink(path);
}

static void
test_open_excl(void)
{
	char path[256], link[256], target[256];
	struct stat st;
	int fd;

	in_dir(path, sizeof(path), "new");
	fd = open_excl(path, 0600);
	ok(fd >= 0, "open_excl creates");
	ok(fd >= 0 && write_full(fd, "abc", 3) == 0, "write_full");
	ok(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, "close-on-exec");
	if (fd >= 0)
		close(fd);
	errno = 0;
	ok(open_excl(path, 0600) < 0 && errno == EEXIST,
	   "existing file: EEXIST");
	in_dir(link, sizeof(link), "dangling");
	in_dir(target, sizeof(target), "target");
	ok(symlink(target, link) == 0, "dangling symlink");
	errno = 0;
	ok(open_excl(link, 0600) < 0 && errno == EEXIST,
	   "symlink: EEXIST");
	ok(lstat(target, &st) < 0 && errno == ENOENT,
	   "symlink target not created");
	ok(fsync_parent_dir(path) == 0, "fsync_parent_dir");
	ok(fsync_parent_dir("relative-name") == 0, "fsync_parent_dir of cwd");
	unlink(link);
	unlink(path);
}

static void
test_full_io(void)
{
	int fds[2];
	char buf[16];
	ssize_t n;

	if (pipe(fds) < 0) {
		ok(false, "pipe");
		return;
	}
	ok(write_full(fds[1], "hello world", 11) == 0, "write_full to pipe");
	close(fds[1]);
	n = read_full(fds[0], buf, 5);
	ok(n == 5 && memcmp(buf, "hello", 5) == 0, "read_full exact");
	n = read_full(fds[0], buf, sizeof(buf));
	ok(n == 6 && memcmp(buf, " world", 6) == 0, "read_full short at EOF");
	is_int(read_full(fds[0], buf, sizeof(buf)), 0, "read_full at EOF");
	close(fds[0]);
	errno = 0;
	ok(write_full(-1, "x", 1) < 0 && errno == EBADF, "write_full error");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		ok(false, "mkdtemp: %s", strerror(errno));
		return tap_done();
	}
	test_safe_write();
	test_read_file();
	test_open_excl();
	test_full_io();
	rmdir(dir);
	return tap_done();
}
