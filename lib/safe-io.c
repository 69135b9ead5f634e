#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe-io.h"

int
write_full(int fd, const void *buf, size_t size)
{
	const char *p = buf;

	while (size > 0) {
		ssize_t n = write(fd, p, size);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

ssize_t
read_full(int fd, void *buf, size_t size)
{
	char *p = buf;
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, p + done, size - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

int
open_excl(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    mode);
}

int
fsync_parent_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, ret;

	if (slash == NULL) {
		strcpy(dir, ".");
	} else if (slash == path) {
		strcpy(dir, "/");
	} else {
		size_t len = (size_t)(slash - path);

		if (len >= sizeof(dir)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = fsync(fd);
	if (ret < 0 && (errno == EINVAL || errno == EROFS))
		ret = 0; /* file systems that cannot sync directories */
	close(fd);
	return ret;
}

int
safe_write_file(const char *path, const void *data, size_t size, mode_t mode)
{
	char tmp[PATH_MAX];
	int fd = -1, ret = -1, saved;
	int n;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open_excl(tmp, mode);
	if (fd < 0 && errno == EEXIST) {
		/* A stale file of an earlier process with our pid. */
		if (unlink(tmp) < 0)
			return -1;
		fd = open_excl(tmp, mode);
	}
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) < 0 || write_full(fd, data, size) < 0 ||
	    fsync(fd) < 0)
		goto out;
	if (close(fd) < 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto out;
	ret = fsync_parent_dir(path);
	return ret;
out:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

static int
read_file_flags(const char *path, int flags, size_t max_size, char **data_r,
		size_t *size_r)
{
	struct stat st;
	char *data = NULL;
	ssize_t n;
	int fd, saved;

	/* O_NONBLOCK: opening a FIFO must not hang; for a regular file it
	   changes nothing. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | flags);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if ((uintmax_t)st.st_size > max_size) {
		errno = EFBIG;
		goto fail;
	}
	data = malloc((size_t)st.st_size + 1);
	if (data == NULL)
		goto fail;
	n = read_full(fd, data, (size_t)st.st_size);
	if (n < 0)
		goto fail;
	data[n] = '\0';
	close(fd);
	*data_r = data;
	*size_r = (size_t)n;
	return 0;
fail:
	saved = errno;
	free(data);
	close(fd);
	errno = saved;
	return -1;
}

int
read_file(const char *path, size_t max_size, char **data_r, size_t *size_r)
{
	return read_file_flags(path, O_NOFOLLOW, max_size, data_r, size_r);
}

int
read_file_follow(const char *path, size_t max_size, char **data_r,
		 size_t *size_r)
{
	return read_file_flags(path, 0, max_size, data_r, size_r);
}

int
path_is_symlink(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	return S_ISLNK(st.st_mode) ? 1 : 0;
}
