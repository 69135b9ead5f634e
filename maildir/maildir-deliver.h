#ifndef ESTAFETTE_MAILDIR_DELIVER_H
#define ESTAFETTE_MAILDIR_DELIVER_H

/*
 * Atomic delivery into one maildir directory (the root or a folder).
 *
 *   maildir_delivery_begin()   creates tmp/<time>.M<usec>P<pid>[_N].<host>
 *   maildir_delivery_write() / _copy_fd()   stream the message (bounded
 *                              memory: a fixed buffer, any size)
 *   maildir_delivery_commit()  fsync()s the file, names it
 *                              <time>.M<usec>P<pid>V<dev>I<ino>[_N].<host>,S=<size>
 *                              and link()s it into new/ (or cur/ with
 *                              ":2,<flags>"), never replacing an existing
 *                              name, removes the tmp/ name, fsync()s the
 *                              directory
 *   maildir_delivery_abort()   removes the tmp/ file
 *
 * The first delivery of a process has no "_N" part; later ones get _1,
 * _2, ... as Courier's "several deliveries by one process" names. Quota is
 * not checked here: callers check maildir_quota_check() between writing
 * and committing (the size is known then) and maildir_quota_add() after.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct maildir_delivery;

struct maildir_deliver_settings {
	/* Unique part instead of the automatic counter (deliverquota's
	   "warn"); NULL for automatic. Letters, digits, '-' only. */
	const char *suffix;
	/* Put the message in cur/ with flags (IMAP APPEND) instead of new/. */
	bool to_cur;
	uint64_t flags;
	/* Internal date (IMAP APPEND): set as the file's mtime; 0 = now. */
	time_t mtime;
	/* Size known before writing: Courier then puts ",S=" in the tmp/
	   name too. -1 when unknown. */
	int64_t known_size;
	/* Creation mode, before the umask; 0 means 0666 as Courier does. */
	mode_t mode;
};

/* Starts a delivery into dir (which must have tmp/ new/ cur/). */
int maildir_delivery_begin(const char *dir,
			   const struct maildir_deliver_settings *set,
			   struct maildir_delivery **d_r, const char **error_r);

int maildir_delivery_write(struct maildir_delivery *d, const void *data,
			   size_t size, const char **error_r);

/* Copies fd to its end into the message with a fixed 64 KiB buffer. */
int maildir_delivery_copy_fd(struct maildir_delivery *d, int fd,
			     const char **error_r);

/* Bytes written so far. */
uint64_t maildir_delivery_size(const struct maildir_delivery *d);

/* Path of the tmp/ file (borrowed, valid until commit/abort). */
const char *maildir_delivery_tmp_path(const struct maildir_delivery *d);

/*
 * Finishes the delivery and frees *d (set to NULL) whatever happens; on
 * failure the tmp/ file is removed. name_r (name_size bytes, may be NULL)
 * gets the final file name (without directory).
 */
int maildir_delivery_commit(struct maildir_delivery **d, char *name_r,
			    size_t name_size, const char **error_r);

/* Removes the tmp/ file and frees *d (set to NULL). NULL is fine. */
void maildir_delivery_abort(struct maildir_delivery **d);

#endif
