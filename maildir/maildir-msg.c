#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maildir.h"
#include "maildir-quota.h"
#include "maildir-scan.h"

/* Changes to single messages: flags by rename, expunge, tmp/ cleanup. */

static int
quota_adjust(const char *quota_root, const char *dir, struct maildir_msg *msg,
	     int sign, const char **error_r)
{
	uint64_t size;

	if (quota_root == NULL)
		return 0;
	if (maildir_msg_size(dir, msg, &size, error_r) < 0)
		return -1;
	if (size > INT64_MAX) {
		errno = EOVERFLOW;
		*error_r = maildir_error("%s: size out of range", msg->name);
		return -1;
	}
	return maildir_quota_add(quota_root, sign * (int64_t)size, sign,
				 error_r);
}

int
maildir_msg_set_flags(const char *dir, const char *quota_root,
		      struct maildir_msg *msg, uint64_t flags,
		      const char **error_r)
{
	char name[MAILDIR_NAME_BUF], from[MAILDIR_PATH_MAX];
	char to[MAILDIR_PATH_MAX], *copy;
	bool was_trashed = (msg->flags & MAILDIR_FLAG_TRASHED) != 0;
	bool trashed = (flags & MAILDIR_FLAG_TRASHED) != 0;
	uint64_t size;

	if (maildir_name_with_flags(msg->name, msg->base_len, flags, name,
				    sizeof(name)) < 0 ||
	    maildir_msg_path(dir, msg, from, sizeof(from)) < 0 ||
	    snprintf(to, sizeof(to), "%s/cur/%s", dir, name) >=
		    (int)sizeof(to)) {
		errno = ENAMETOOLONG;
		*error_r = maildir_error("%s: %s", msg->name, strerror(errno));
		return -1;
	}
	/* Know the size before the name changes under us. */
	if (quota_root != NULL && was_trashed != trashed &&
	    maildir_msg_size(dir, msg, &size, error_r) < 0)
		return -1;
	if (strcmp(from, to) != 0 && rename(from, to) < 0) {
		*error_r = maildir_error("%s: %s", from, strerror(errno));
		return -1;
	}
	copy = strdup(name);
	if (copy == NULL) {
		*error_r = maildir_error("%s", strerror(errno));
		return -1;
	}
	free(msg->name);
	msg->name = copy;
	msg->in_new = false;
	msg->flags = flags;
	if (was_trashed != trashed)
		return quota_adjust(quota_root, dir, msg, trashed ? -1 : 1,
				    error_r);
	return 0;
}

int
maildir_msg_expunge(const char *dir, const char *quota_root,
		    struct maildir_msg *msg, const char **error_r)
{
	char path[MAILDIR_PATH_MAX];
	uint64_t size = 0;

	if (maildir_msg_path(dir, msg, path, sizeof(path)) < 0) {
		*error_r = maildir_error("%s: %s", msg->name, strerror(errno));
		return -1;
	}
	if (quota_root != NULL &&
	    (msg->flags & MAILDIR_FLAG_TRASHED) == 0 &&
	    maildir_msg_size(dir, msg, &size, error_r) < 0) {
		if (errno == ENOENT)
			return 0;
		return -1;
	}
	if (unlink(path) < 0) {
		if (errno == ENOENT)
			return 0;
		*error_r = maildir_error("%s: %s", path, strerror(errno));
		return -1;
	}
	if (quota_root == NULL || (msg->flags & MAILDIR_FLAG_TRASHED) != 0)
		return 0;
	return quota_adjust(quota_root, dir, msg, -1, error_r);
}

int
maildir_tmp_cleanup(const char *dir, time_t max_age, const char **error_r)
{
	char path[MAILDIR_PATH_MAX];
	time_t now = time(NULL);
	struct dirent *d;
	struct stat st;
	DIR *dp;
	int removed = 0;

	if (maildir_path(path, sizeof(path), dir, "tmp") < 0 ||
	    (dp = opendir(path)) == NULL) {
		*error_r = maildir_error("%s/tmp: %s", dir, strerror(errno));
		return -1;
	}
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(dp), d->d_name, &st, AT_SYMLINK_NOFOLLOW) <
			    0 ||
		    !S_ISREG(st.st_mode) || now - st.st_atime < max_age ||
		    now - st.st_mtime < max_age)
			continue;
		if (unlinkat(dirfd(dp), d->d_name, 0) == 0)
			removed++;
	}
	closedir(dp);
	return removed;
}
