#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "safe-io.h"
#include "maildir.h"
#include "maildir-name.h"
#include "maildir-deliver.h"

#define COPY_BUF_SIZE (64 * 1024)
/* Attempts at a free tmp/ or new/ name before giving up. */
#define NAME_ATTEMPTS 16

struct maildir_delivery {
	char dir[MAILDIR_PATH_MAX];
	char tmp_path[MAILDIR_PATH_MAX];
	struct maildir_unique unique;
	char suffix[32];
	bool to_cur;
	uint64_t flags;
	time_t mtime;
	uint64_t size;
	int fd;
};

/* Deliveries made by this process so far: the "_N" counter. */
static unsigned int delivery_counter;

static void
next_unique(struct maildir_delivery *d, const char *fixed_suffix)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	d->unique.sec = tv.tv_sec;
	d->unique.usec = (long)tv.tv_usec;
	d->unique.pid = getpid();
	d->unique.host = maildir_local_host();
	if (fixed_suffix != NULL)
		snprintf(d->suffix, sizeof(d->suffix), "%s", fixed_suffix);
	else if (delivery_counter == 0)
		d->suffix[0] = '\0';
	else
		snprintf(d->suffix, sizeof(d->suffix), "%u", delivery_counter);
	delivery_counter++;
	d->unique.suffix = d->suffix;
}

static bool
suffix_ok(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	}
	return n > 0 && n < 20;
}

static int
open_tmp(struct maildir_delivery *d, const struct maildir_deliver_settings *set,
	 mode_t mode, const char **error_r)
{
	char name[MAILDIR_NAME_BUF];
	unsigned int attempt;

	for (attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
		next_unique(d, set->suffix);
		d->unique.have_devino = false;
		d->unique.have_size = set->known_size >= 0;
		d->unique.size = (uint64_t)(set->known_size >= 0
						    ? set->known_size
						    : 0);
		if (maildir_unique_format(&d->unique, name, sizeof(name)) < 0 ||
		    snprintf(d->tmp_path, sizeof(d->tmp_path), "%s/tmp/%s",
			     d->dir, name) >= (int)sizeof(d->tmp_path)) {
			errno = ENAMETOOLONG;
			break;
		}
		d->fd = open(d->tmp_path, O_RDWR | O_CREAT | O_EXCL |
						  O_NOFOLLOW | O_CLOEXEC,
			     mode);
		if (d->fd >= 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	*error_r = maildir_error("%s: %s", d->tmp_path[0] != '\0'
						   ? d->tmp_path
						   : d->dir,
				 strerror(errno));
	return -1;
}

int
maildir_delivery_begin(const char *dir,
		       const struct maildir_deliver_settings *set,
		       struct maildir_delivery **d_r, const char **error_r)
{
	struct maildir_delivery *d;
	int n;

	if (set->suffix != NULL && !suffix_ok(set->suffix)) {
		errno = EINVAL;
		*error_r = "invalid delivery suffix";
		return -1;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		*error_r = maildir_error("%s", strerror(errno));
		return -1;
	}
	d->fd = -1;
	n = snprintf(d->dir, sizeof(d->dir), "%s", dir);
	if (n < 0 || (size_t)n >= sizeof(d->dir)) {
		errno = ENAMETOOLONG;
		*error_r = maildir_error("%s: %s", dir, strerror(errno));
		free(d);
		return -1;
	}
	d->to_cur = set->to_cur;
	d->flags = set->flags;
	d->mtime = set->mtime;
	if (open_tmp(d, set, set->mode != 0 ? set->mode : 0666, error_r) < 0) {
		free(d);
		return -1;
	}
	*d_r = d;
	return 0;
}

int
maildir_delivery_write(struct maildir_delivery *d, const void *data,
		       size_t size, const char **error_r)
{
	if (write_full(d->fd, data, size) < 0) {
		*error_r = maildir_error("%s: %s", d->tmp_path,
					 strerror(errno));
		return -1;
	}
	d->size += size;
	return 0;
}

int
maildir_delivery_copy_fd(struct maildir_delivery *d, int fd,
			 const char **error_r)
{
	char *buf = malloc(COPY_BUF_SIZE);
	int ret = -1;

	if (buf == NULL) {
		*error_r = maildir_error("%s", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, COPY_BUF_SIZE);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*error_r = maildir_error("reading the message: %s",
						 strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (maildir_delivery_write(d, buf, (size_t)n, error_r) < 0)
			goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

uint64_t
maildir_delivery_size(const struct maildir_delivery *d)
{
	return d->size;
}

const char *
maildir_delivery_tmp_path(const struct maildir_delivery *d)
{
	return d->tmp_path;
}

/* fsync + fstat + optional mtime; fills dev/ino/size of the name. */
static int
finish_file(struct maildir_delivery *d, const char **error_r)
{
	struct stat st;

	if (d->mtime != 0) {
		struct timespec ts[2];

		ts[0].tv_sec = d->mtime;
		ts[0].tv_nsec = 0;
		ts[1] = ts[0];
		if (futimens(d->fd, ts) < 0)
			goto fail;
	}
	if (fsync(d->fd) < 0 || fstat(d->fd, &st) < 0)
		goto fail;
	if (close(d->fd) < 0) {
		d->fd = -1;
		goto fail;
	}
	d->fd = -1;
	d->unique.have_devino = true;
	d->unique.dev = (uint64_t)st.st_dev;
	d->unique.ino = (uint64_t)st.st_ino;
	d->unique.have_size = true;
	d->unique.size = (uint64_t)st.st_size;
	return 0;
fail:
	*error_r = maildir_error("%s: %s", d->tmp_path, strerror(errno));
	return -1;
}

static int
final_name(struct maildir_delivery *d, char *name, size_t size)
{
	char base[MAILDIR_NAME_BUF];

	if (maildir_unique_format(&d->unique, base, sizeof(base)) < 0)
		return -1;
	if (!d->to_cur)
		return snprintf(name, size, "%s", base) >= (int)size ? -1 : 0;
	return maildir_name_with_flags(base, strlen(base), d->flags, name,
				       size);
}

/* link() without replacing; rename(NOREPLACE) where links are refused. */
static int
place_file(const char *from, const char *to)
{
	if (link(from, to) == 0)
		return 0;
	if (errno != EPERM && errno != ENOTSUP && errno != EXDEV &&
	    errno != ENOSYS)
		return -1;
#ifdef RENAME_NOREPLACE
	return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
#else
	return -1;
#endif
}

int
maildir_delivery_commit(struct maildir_delivery **dp, char *name_r,
			size_t name_size, const char **error_r)
{
	struct maildir_delivery *d = *dp;
	char name[MAILDIR_NAME_BUF], path[MAILDIR_PATH_MAX];
	unsigned int attempt;
	int ret = -1;

	if (finish_file(d, error_r) < 0)
		goto out;
	for (attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
		if (final_name(d, name, sizeof(name)) < 0 ||
		    snprintf(path, sizeof(path), "%s/%s/%s", d->dir,
			     d->to_cur ? "cur" : "new",
			     name) >= (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			*error_r = maildir_error("%s: %s", d->dir,
						 strerror(errno));
			goto out;
		}
		if (place_file(d->tmp_path, path) == 0)
			break;
		if (errno != EEXIST) {
			*error_r = maildir_error("%s: %s", path,
						 strerror(errno));
			goto out;
		}
		/* Never replace a message: take a fresh unique part. */
		next_unique(d, NULL);
	}
	if (attempt == NAME_ATTEMPTS) {
		*error_r = maildir_error("%s: no free file name", d->dir);
		goto out;
	}
	if (unlink(d->tmp_path) < 0 && errno != ENOENT) {
		*error_r = maildir_error("%s: %s", d->tmp_path,
					 strerror(errno));
		goto out;
	}
	d->tmp_path[0] = '\0';
	if (fsync_parent_dir(path) < 0) {
		*error_r = maildir_error("%s: %s", path, strerror(errno));
		goto out;
	}
	if (name_r != NULL &&
	    snprintf(name_r, name_size, "%s", name) >= (int)name_size) {
		*error_r = "file name buffer too small";
		goto out;
	}
	ret = 0;
out:
	maildir_delivery_abort(dp);
	return ret;
}

void
maildir_delivery_abort(struct maildir_delivery **dp)
{
	struct maildir_delivery *d = *dp;

	if (d == NULL)
		return;
	if (d->fd >= 0)
		close(d->fd);
	if (d->tmp_path[0] != '\0')
		(void)unlink(d->tmp_path);
	free(d);
	*dp = NULL;
}
