#ifndef ESTAFETTE_SAFE_IO_H
#define ESTAFETTE_SAFE_IO_H

/*
 * Helpers for writing files that must never be seen half-written and for
 * I/O that must not be cut short by signals or partial writes.
 * All return 0 (or a non-negative count) on success and -1 with errno set
 * on failure.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* write()s all of buf, retrying on EINTR and short writes. */
int write_full(int fd, const void *buf, size_t size);
/* read()s until size bytes or EOF; returns the count read (may be short
   only at EOF), or -1. */
ssize_t read_full(int fd, void *buf, size_t size);

/* open(path, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode). */
int open_excl(const char *path, mode_t mode);

/*
 * Replaces path atomically with data: writes path.tmp.<pid> with O_EXCL,
 * fsyncs it, renames it over path and fsyncs the directory. On failure the
 * temporary file is removed and path is untouched.
 */
int safe_write_file(const char *path, const void *data, size_t size,
		    mode_t mode);

/* fsync()s the directory that holds path (or path itself if is_dir). */
int fsync_parent_dir(const char *path);

/*
 * Reads a whole regular file (refusing symlinks and files larger than
 * max_size: errno EFBIG) into a NUL-terminated malloc()ed buffer.
 * *size_r gets the size without the NUL.
 */
int read_file(const char *path, size_t max_size, char **data_r,
	      size_t *size_r);

/* Like read_file() but follows symlinks: for configuration files, which an
   administrator may keep elsewhere and link into place. */
int read_file_follow(const char *path, size_t max_size, char **data_r,
		     size_t *size_r);

/* 1 if path exists and is a symlink, 0 if not, -1 on error other than
   ENOENT (ENOENT gives 0). */
int path_is_symlink(const char *path);

#endif
