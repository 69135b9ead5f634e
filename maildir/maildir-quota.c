#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe-io.h"
#include "maildir-name.h"
#include "maildir-quota.h"

/* Counting messages and reading, rebuilding and appending to maildirsize.
   The format itself is in maildir-quota-parse.c. */

struct quota_count {
	const char *root;
	struct maildir_usage usage;
	time_t started;
	bool changed;
	const char *error;
};

/* Deleted (T) messages do not count; Courier looks at the letters after
   ":2," even when the name is otherwise odd. */
static bool
name_is_trashed(const char *name)
{
	const char *info = strstr(name, ":2,");

	return info != NULL && strchr(info + 3, 'T') != NULL;
}

static int
count_one(int dfd, const char *name, struct maildir_usage *u)
{
	struct maildir_name parsed;
	const char *error;
	struct stat st;
	uint64_t size;

	if (name[0] == '.' || name_is_trashed(name))
		return 0;
	if (maildir_name_parse(name, &parsed, &error) == 0 &&
	    parsed.have_size) {
		size = parsed.size;
	} else {
		if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return errno == ENOENT ? 0 : -1;
		if (!S_ISREG(st.st_mode))
			return 0;
		size = (uint64_t)st.st_size;
	}
	if (size > (uint64_t)(INT64_MAX - u->bytes) || u->count == INT64_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	u->bytes += (int64_t)size;
	u->count++;
	return 0;
}

/* Adds up dir/sub (new or cur). A missing directory counts nothing. */
static int
count_subdir(struct quota_count *qc, const char *dir, const char *sub)
{
	char path[MAILDIR_PATH_MAX];
	struct dirent *d;
	DIR *dp;
	int ret = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, sub) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	/* A symlinked new/ or cur/ is not followed (ELOOP): it counts
	   nothing rather than somebody else's mail. */
	dp = maildir_opendir_nofollow(path);
	if (dp == NULL) {
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
			return 0;
		goto fail;
	}
	while ((d = readdir(dp)) != NULL) {
		if (count_one(dirfd(dp), d->d_name, &qc->usage) < 0) {
			ret = -1;
			break;
		}
	}
	closedir(dp);
	if (ret == 0)
		return 0;
fail:
	qc->error = maildir_error("%s: %s", path, strerror(errno));
	return -1;
}

static int
count_dir(struct quota_count *qc, const char *dir)
{
	if (count_subdir(qc, dir, "new") < 0 ||
	    count_subdir(qc, dir, "cur") < 0)
		return -1;
	return 0;
}

static int
count_folder(const char *dirname, void *context)
{
	struct quota_count *qc = context;
	char path[MAILDIR_PATH_MAX];

	if (strcmp(dirname, "." MAILDIR_TRASH_FOLDER) == 0)
		return 0;
	if (maildir_path(path, sizeof(path), qc->root, dirname) < 0) {
		qc->error = maildir_error("%s: %s", qc->root, strerror(errno));
		return -1;
	}
	return count_dir(qc, path);
}

static bool
subdir_changed(const char *dir, const char *sub, time_t since)
{
	char path[MAILDIR_PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s", dir, sub) >=
	    (int)sizeof(path))
		return true;
	if (stat(path, &st) < 0)
		return errno != ENOENT;
	return st.st_mtime > since;
}

static int
check_folder_changed(const char *dirname, void *context)
{
	struct quota_count *qc = context;
	char path[MAILDIR_PATH_MAX];

	if (strcmp(dirname, "." MAILDIR_TRASH_FOLDER) == 0)
		return 0;
	if (maildir_path(path, sizeof(path), qc->root, dirname) < 0 ||
	    subdir_changed(path, "new", qc->started) ||
	    subdir_changed(path, "cur", qc->started))
		qc->changed = true;
	return 0;
}

int
maildir_quota_count(const char *root, struct maildir_usage *usage_r,
		    bool *changed_r, const char **error_r)
{
	struct quota_count qc;
	const char *error = NULL;

	memset(&qc, 0, sizeof(qc));
	qc.root = root;
	qc.started = time(NULL);
	if (count_dir(&qc, root) < 0 ||
	    maildir_folders_foreach(root, count_folder, &qc, &error) < 0) {
		*error_r = qc.error != NULL ? qc.error : error;
		return -1;
	}
	if (subdir_changed(root, "new", qc.started) ||
	    subdir_changed(root, "cur", qc.started))
		qc.changed = true;
	if (maildir_folders_foreach(root, check_folder_changed, &qc,
				    &error) < 0) {
		*error_r = error;
		return -1;
	}
	*usage_r = qc.usage;
	*changed_r = qc.changed;
	return 0;
}

/* Writes the rebuilt file under tmp/ and renames it into place. */
static int
install_maildirsize(const char *root, const struct maildirsize *m,
		    const char **error_r)
{
	char tmp[MAILDIR_PATH_MAX], path[MAILDIR_PATH_MAX];
	char buf[MAILDIR_QUOTA_STR_MAX + MAILDIRSIZE_LINE_BUF + 2];
	int fd = -1, n, qlen;

	n = snprintf(tmp, sizeof(tmp), "%s/tmp/%lld.%ld_NeWmAiLdIrSiZe.%s",
		     root, (long long)time(NULL), (long)getpid(),
		     maildir_local_host());
	if (n < 0 || (size_t)n >= sizeof(tmp) ||
	    maildir_path(path, sizeof(path), root, MAILDIRSIZE_FILE) < 0) {
		errno = ENAMETOOLONG;
		*error_r = maildir_error("%s: %s", root, strerror(errno));
		return -1;
	}
	qlen = maildir_quota_format(&m->quota, buf, sizeof(buf) - 1);
	if (qlen < 0) {
		errno = EINVAL;
		goto fail;
	}
	buf[qlen++] = '\n';
	qlen += (int)maildirsize_format_line(m->usage.bytes, m->usage.count,
					     buf + qlen);
	(void)unlink(tmp); /* a stale file of an earlier process */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0 || write_full(fd, buf, (size_t)qlen) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	return 0;
fail:
	*error_r = maildir_error("%s: %s", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	(void)unlink(tmp);
	return -1;
}

/* Rebuilds; *installed_r tells whether the file was replaced. */
static int
rebuild(const char *root, const struct maildir_quota *q, struct maildirsize *r,
	bool *installed_r, const char **error_r)
{
	struct maildirsize m;
	bool changed;

	memset(&m, 0, sizeof(m));
	*installed_r = false;
	m.quota = *q;
	if (maildir_quota_count(root, &m.usage, &changed, error_r) < 0)
		return -1;
	m.lines = 1;
	if (!changed && maildir_quota_is_set(q)) {
		if (install_maildirsize(root, &m, error_r) < 0)
			return -1;
		*installed_r = true;
	}
	*r = m;
	return 0;
}

int
maildir_quota_rebuild(const char *root, const struct maildir_quota *q,
		      struct maildirsize *r, const char **error_r)
{
	bool installed;

	if (!maildir_quota_is_set(q)) {
		memset(r, 0, sizeof(*r));
		return 0;
	}
	if (rebuild(root, q, r, &installed, error_r) < 0)
		return -1;
	if (!installed) {
		/* Somebody delivered while we counted: count again once, and
		   install whatever the second count gives. */
		if (maildir_quota_count(root, &r->usage, &installed,
					error_r) < 0 ||
		    install_maildirsize(root, r, error_r) < 0)
			return -1;
	}
	return 0;
}

enum read_result {
	READ_MISSING,
	READ_OK,
	READ_STALE, /* exists but must be rebuilt; quota line valid */
	READ_BROKEN, /* exists, no usable quota line */
};

/* Reads at most MAILDIRSIZE_MAX_SIZE bytes of root's maildirsize. */
static int
read_maildirsize(const char *root, struct maildir_quota_info *info,
		 enum read_result *result_r, const char **error_r)
{
	char path[MAILDIR_PATH_MAX], buf[MAILDIRSIZE_MAX_SIZE];
	const char *error, *nl;
	struct stat st;
	ssize_t n;
	int fd;

	if (maildir_path(path, sizeof(path), root, MAILDIRSIZE_FILE) < 0)
		goto fail;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno != ENOENT)
			goto fail;
		*result_r = READ_MISSING;
		return 0;
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		goto fail;
	}
	n = read_full(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		goto fail;
	info->mtime = st.st_mtime;
	if (n < (ssize_t)sizeof(buf) && st.st_size < MAILDIRSIZE_MAX_SIZE &&
	    maildirsize_parse(buf, (size_t)n, &info->size, &error) == 0) {
		*result_r = READ_OK;
		return 0;
	}
	/* Too big or damaged: keep the quota line if it is good. */
	nl = memchr(buf, '\n', (size_t)n);
	if (nl != NULL && maildir_quota_parse(buf, (size_t)(nl - buf),
					      &info->size.quota) == 0)
		*result_r = READ_STALE;
	else
		*result_r = READ_BROKEN;
	return 0;
fail:
	*error_r = maildir_error("%s: %s", path, strerror(errno));
	return -1;
}

static int
open_rebuild(struct maildir_quota_info *info, const struct maildir_quota *q,
	     const char **error_r)
{
	bool installed;

	if (rebuild(info->root, q, &info->size, &installed, error_r) < 0)
		return -1;
	info->mtime = time(NULL);
	info->fresh = true;
	info->enabled = maildir_quota_is_set(q);
	return 0;
}

int
maildir_quota_open(const char *root, const struct maildir_quota *override,
		   struct maildir_quota_info *info_r, const char **error_r)
{
	enum read_result result;
	bool have_override = override != NULL &&
			     maildir_quota_is_set(override);
	int n;

	memset(info_r, 0, sizeof(*info_r));
	n = snprintf(info_r->root, sizeof(info_r->root), "%s", root);
	if (n < 0 || (size_t)n >= sizeof(info_r->root)) {
		errno = ENAMETOOLONG;
		*error_r = maildir_error("%s: %s", root, strerror(errno));
		return -1;
	}
	if (read_maildirsize(root, info_r, &result, error_r) < 0)
		return -1;
	if (have_override &&
	    (result != READ_OK ||
	     !maildir_quota_equal(&info_r->size.quota, override)))
		return open_rebuild(info_r, override, error_r);
	switch (result) {
	case READ_MISSING:
	case READ_BROKEN:
		/* No quota known: nothing to enforce. A broken file is left
		   for maildirmake -q to replace. */
		memset(&info_r->size, 0, sizeof(info_r->size));
		return 0;
	case READ_STALE:
		return open_rebuild(info_r, &info_r->size.quota, error_r);
	case READ_OK:
		break;
	}
	info_r->enabled = maildir_quota_is_set(&info_r->size.quota);
	return 0;
}

static bool
over_quota(const struct maildir_quota_info *info, int64_t bytes,
	   int64_t count)
{
	const struct maildir_quota *q = &info->size.quota;
	const struct maildir_usage *u = &info->size.usage;

	if (bytes <= 0 && count <= 0)
		return false; /* removals always fit */
	if (q->bytes > 0 && bytes > 0 &&
	    (u->bytes > (int64_t)q->bytes - bytes))
		return true;
	if (q->count > 0 && count > 0 &&
	    (u->count > (int64_t)q->count - count))
		return true;
	return false;
}

int
maildir_quota_check(struct maildir_quota_info *info, int64_t bytes,
		    int64_t count, const char **error_r)
{
	bool stale;

	if (!info->enabled || !over_quota(info, bytes, count))
		return 0;
	stale = info->size.lines > 1 ||
		time(NULL) - info->mtime >= MAILDIRSIZE_STALE_SECS;
	if (!info->fresh && stale) {
		struct maildir_quota q = info->size.quota;

		if (open_rebuild(info, &q, error_r) < 0)
			return -1;
		if (!over_quota(info, bytes, count))
			return 0;
	}
	return 1;
}

int
maildir_quota_add(const char *root, int64_t bytes, int64_t count,
		  const char **error_r)
{
	char path[MAILDIR_PATH_MAX], line[MAILDIRSIZE_LINE_BUF];
	size_t len;
	int fd;

	if (bytes == 0 && count == 0)
		return 0;
	if (maildir_path(path, sizeof(path), root, MAILDIRSIZE_FILE) < 0)
		goto fail;
	fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC |
				O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		goto fail;
	}
	len = maildirsize_format_line(bytes, count, line);
	/* One write() with O_APPEND: concurrent writers never interleave
	   within a line. */
	if (write_full(fd, line, len) < 0) {
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

static unsigned int
percent_of(int64_t used, uint64_t limit)
{
	uint64_t u, whole, part;

	if (limit == 0 || used <= 0)
		return 0;
	u = (uint64_t)used;
	whole = u / limit;
	if (whole >= 100)
		return 100 * 100;
	part = u % limit;
	/* part < limit; avoid part * 100 overflowing for huge limits. */
	if (limit > UINT64_MAX / 100)
		part = part / (limit / 100);
	else
		part = part * 100 / limit;
	return (unsigned int)(whole * 100 + part);
}

unsigned int
maildir_quota_percent(const struct maildir_quota_info *info,
		      int64_t extra_bytes, int64_t extra_count)
{
	const struct maildir_usage *u = &info->size.usage;
	unsigned int pb, pc;

	if (!info->enabled)
		return 0;
	pb = percent_of(u->bytes + extra_bytes, info->size.quota.bytes);
	pc = percent_of(u->count + extra_count, info->size.quota.count);
	return pb > pc ? pb : pc;
}
