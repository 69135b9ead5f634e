#ifndef ESTAFETTE_MAILDIR_SCAN_H
#define ESTAFETTE_MAILDIR_SCAN_H

/*
 * Reading one maildir directory (the root or a folder) for pop3d and
 * imapd: list new/ and cur/, move new mail to cur/, change flags by
 * renaming, expunge with the maildirsize update, clean stale tmp/ files.
 *
 * Entries whose names do not parse (maildir_name_parse) are listed with
 * no flags and have_info false rather than hidden; dot files, symlinks and
 * anything that is not a regular file are skipped.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "maildir-name.h"

/* Courier's readers delete tmp/ files this old. */
#define MAILDIR_TMP_MAX_AGE (36 * 60 * 60)
/* A directory with more entries than this fails to scan (E2BIG). */
#define MAILDIR_SCAN_MAX_ENTRIES 10000000

struct maildir_msg {
	/* File name inside new/ or cur/ (owned by the list). */
	char *name;
	/* Length of the part before ':' (the stable identity). */
	size_t base_len;
	bool in_new;
	/* have_size: size from ",S=" or from stat(). */
	bool have_size;
	uint64_t size;
	uint64_t flags;
	/* mtime of the file (the IMAP internal date); 0 if not stat()ed. */
	time_t mtime;
};

struct maildir_list {
	struct maildir_msg *msgs;
	size_t count;
};

enum maildir_scan_flags {
	/* rename new/X to cur/X:2, first (what a POP3/IMAP login does) */
	MAILDIR_SCAN_MOVE_NEW = 1 << 0,
	/* stat() every file: sizes for names without ",S=", and mtimes */
	MAILDIR_SCAN_STAT = 1 << 1,
};

/*
 * Lists dir's new/ and cur/. With MAILDIR_SCAN_MOVE_NEW, messages of new/
 * are renamed into cur/ (adding ":2,") and listed there; a message that
 * vanished meanwhile is dropped. Order: by file name (time first), so the
 * order is stable between scans.
 */
int maildir_scan(const char *dir, unsigned int flags,
		 struct maildir_list **list_r, const char **error_r);
void maildir_list_free(struct maildir_list **list);

/* Path of msg inside dir into buf. */
int maildir_msg_path(const char *dir, const struct maildir_msg *msg,
		     char *buf, size_t size);

/*
 * Size of msg: from ",S=", else stat() (remembered in msg). The size is
 * the file's bytes (LF line ends); protocols add CR themselves.
 */
int maildir_msg_size(const char *dir, struct maildir_msg *msg,
		     uint64_t *size_r, const char **error_r);

/*
 * Gives msg the flag set flags by renaming it to cur/<base>:2,<flags>
 * (from new/ too). When the T flag changes and quota_root is not NULL,
 * the quota file there gets -size/-1 (set) or +size/+1 (cleared), since
 * deleted messages do not count. ENOENT when the message vanished.
 */
int maildir_msg_set_flags(const char *dir, const char *quota_root,
			  struct maildir_msg *msg, uint64_t flags,
			  const char **error_r);

/*
 * Removes msg. Unless it carries T (already taken off), the quota file in
 * quota_root (if not NULL) gets -size -1. A message already gone counts as
 * removed (returns 0, no quota change).
 */
int maildir_msg_expunge(const char *dir, const char *quota_root,
			struct maildir_msg *msg, const char **error_r);

/* Deletes regular files in dir/tmp older than max_age seconds. Returns
   the number deleted, or -1. */
int maildir_tmp_cleanup(const char *dir, time_t max_age,
			const char **error_r);

#endif
