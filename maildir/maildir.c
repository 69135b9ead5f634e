#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maildir-name.h"
#include "maildir.h"

static char maildir_errbuf[MAILDIR_PATH_MAX + 256];

const char *
maildir_error(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(maildir_errbuf, sizeof(maildir_errbuf), fmt, ap) < 0)
		strcpy(maildir_errbuf, "(unformattable error)");
	va_end(ap);
	errno = saved;
	return maildir_errbuf;
}

int
maildir_path(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* mkdir + chmod; with exist_ok an existing real directory is fine. */
static int
make_dir(const char *path, mode_t mode, bool exist_ok, const char **error_r)
{
	struct stat st;

	if (mkdir(path, mode & 0777) == 0) {
		if (chmod(path, mode) < 0)
			goto fail;
		return 0;
	}
	if (errno != EEXIST || !exist_ok)
		goto fail;
	if (lstat(path, &st) < 0)
		goto fail;
	if (!S_ISDIR(st.st_mode)) {
		errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
		goto fail;
	}
	return 0;
fail:
	*error_r = maildir_error("%s: %s", path, strerror(errno));
	return -1;
}

static const char *const maildir_subdirs[] = { "tmp", "new", "cur" };

int
maildir_create(const char *path, mode_t dir_mode, mode_t sub_mode,
	       bool exist_ok, const char **error_r)
{
	char sub[MAILDIR_PATH_MAX];
	size_t i;

	if (make_dir(path, dir_mode, exist_ok, error_r) < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		if (maildir_path(sub, sizeof(sub), path, maildir_subdirs[i]) <
		    0) {
			*error_r = maildir_error("%s: %s", path,
						 strerror(errno));
			return -1;
		}
		if (make_dir(sub, sub_mode, exist_ok, error_r) < 0)
			return -1;
	}
	return 0;
}

static bool
is_reserved_level(const char *level, size_t len)
{
	size_t i;

	for (i = 0; i < 3; i++) {
		if (len == 3 && memcmp(level, maildir_subdirs[i], 3) == 0)
			return true;
	}
	return false;
}

/* Length of the well-formed UTF-8 sequence at s, or 0. */
static size_t
utf8_seq_len(const unsigned char *s)
{
	unsigned int c = s[0], cp, i, len;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	cp = c & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong, surrogate or beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

static bool
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t n = utf8_seq_len(p);

		if (n == 0)
			return false;
		p += n;
	}
	return true;
}

int
maildir_folder_name_validate(const char *name, const char **error_r)
{
	size_t len = strlen(name), i, start = 0;

	if (len == 0 || len > MAILDIR_FOLDER_NAME_MAX) {
		*error_r = len == 0 ? "empty folder name"
				    : "folder name too long";
		return -1;
	}
	if (!utf8_valid(name)) {
		*error_r = "folder name is not UTF-8";
		return -1;
	}
	for (i = 0; i <= len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '/' || (c < 0x20 && c != '\0') || c == 0x7f) {
			*error_r = "folder name contains '/' or a control "
				   "character";
			return -1;
		}
		if (c != '.' && c != '\0')
			continue;
		if (i == start) {
			*error_r = "folder name has an empty level";
			return -1;
		}
		if (is_reserved_level(name + start, i - start)) {
			*error_r = "folder level named tmp, new or cur";
			return -1;
		}
		start = i + 1;
	}
	return 0;
}

int
maildir_folder_path(char *buf, size_t size, const char *root,
		    const char *name)
{
	int n = snprintf(buf, size, "%s/.%s", root, name);

	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int
create_marker(const char *dir, const char **error_r)
{
	char path[MAILDIR_PATH_MAX];
	int fd;

	if (maildir_path(path, sizeof(path), dir, MAILDIR_FOLDER_MARKER) < 0)
		goto fail;
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, 0600) < 0) {
		close(fd);
		goto fail;
	}
	if (close(fd) < 0)
		goto fail;
	return 0;
fail:
	*error_r = maildir_error("%s: %s", path, strerror(errno));
	return -1;
}

int
maildir_folder_create(const char *root, const char *name, mode_t dir_mode,
		      mode_t sub_mode, const char **error_r)
{
	char dir[MAILDIR_PATH_MAX];

	if (maildir_folder_name_validate(name, error_r) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (maildir_folder_path(dir, sizeof(dir), root, name) < 0) {
		*error_r = maildir_error("%s: %s", root, strerror(errno));
		return -1;
	}
	if (maildir_create(dir, dir_mode, sub_mode, false, error_r) < 0)
		return -1;
	return create_marker(dir, error_r);
}

static const char *
last_component(const char *path, size_t *len_r)
{
	size_t len = strlen(path);
	const char *p;

	while (len > 1 && path[len - 1] == '/')
		len--;
	p = path + len;
	while (p > path && p[-1] != '/')
		p--;
	*len_r = (size_t)(path + len - p);
	return p;
}

int
maildir_check(const char *path, const char **error_r)
{
	char sub[MAILDIR_PATH_MAX];
	struct stat st;
	size_t i, len;
	const char *last = last_component(path, &len);

	if (is_reserved_level(last, len)) {
		errno = EINVAL;
		*error_r = maildir_error("%s: is a maildir's tmp, new or cur "
					 "directory", path);
		return -1;
	}
	if (stat(path, &st) < 0)
		goto fail_path;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail_path;
	}
	for (i = 0; i < 3; i++) {
		if (maildir_path(sub, sizeof(sub), path, maildir_subdirs[i]) <
		    0)
			goto fail_path;
		if (lstat(sub, &st) < 0)
			goto fail_sub;
		if (!S_ISDIR(st.st_mode)) {
			errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
			goto fail_sub;
		}
	}
	return 0;
fail_sub:
	*error_r = maildir_error("%s: %s", sub, strerror(errno));
	return -1;
fail_path:
	*error_r = maildir_error("%s: %s", path, strerror(errno));
	return -1;
}

int
maildir_quota_root(const char *path, char *root_buf, size_t size,
		   bool *is_folder_r, const char **error_r)
{
	char marker[MAILDIR_PATH_MAX];
	struct stat st;
	size_t len;
	int n;

	if (maildir_path(marker, sizeof(marker), path, MAILDIR_FOLDER_MARKER) <
	    0)
		goto fail;
	*is_folder_r = lstat(marker, &st) == 0;
	if (!*is_folder_r) {
		if (errno != ENOENT)
			goto fail;
		n = snprintf(root_buf, size, "%s", path);
	} else {
		/* The parent: strip the last component rather than append
		   "/..", so that a symlinked folder cannot move the quota
		   file elsewhere. */
		const char *last = last_component(path, &len);
		size_t plen = (size_t)(last - path);

		while (plen > 1 && path[plen - 1] == '/')
			plen--;
		if (plen == 0)
			n = snprintf(root_buf, size, ".");
		else
			n = snprintf(root_buf, size, "%.*s", (int)plen, path);
	}
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	return 0;
fail:
	*error_r = maildir_error("%s: %s", path, strerror(errno));
	return -1;
}

int
maildir_folders_foreach(const char *root,
			int (*fn)(const char *dirname, void *context),
			void *context, const char **error_r)
{
	struct dirent *d;
	DIR *dir;
	int ret = 0;

	*error_r = NULL;
	dir = opendir(root);
	if (dir == NULL) {
		*error_r = maildir_error("%s: %s", root, strerror(errno));
		return -1;
	}
	while ((d = readdir(dir)) != NULL) {
		const char *n = d->d_name;

		if (n[0] != '.' || n[1] == '\0' ||
		    (n[1] == '.' && n[2] == '\0'))
			continue;
		if (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN)
			continue;
		if (d->d_type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(dirfd(dir), n, &st, AT_SYMLINK_NOFOLLOW) <
				    0 ||
			    !S_ISDIR(st.st_mode))
				continue;
		}
		if (fn(n, context) < 0) {
			ret = -1;
			break;
		}
	}
	closedir(dir);
	if (ret < 0 && *error_r == NULL)
		*error_r = maildir_error("%s: folder walk stopped", root);
	return ret;
}

const char *
maildir_local_host(void)
{
	static char host[MAILDIR_HOST_MAX + 1];
	char raw[256];

	if (host[0] != '\0')
		return host;
	if (gethostname(raw, sizeof(raw)) < 0)
		strcpy(raw, "localhost");
	raw[sizeof(raw) - 1] = '\0';
	maildir_host_sanitize(raw, host, sizeof(host));
	if (host[0] == '\0')
		strcpy(host, "localhost");
	return host;
}

DIR *
maildir_opendir_nofollow(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dp;

	if (fd < 0)
		return NULL;
	dp = fdopendir(fd);
	if (dp == NULL)
		close(fd);
	return dp;
}
