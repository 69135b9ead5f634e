#ifndef ESTAFETTE_MAILDIR_H
#define ESTAFETTE_MAILDIR_H

/*
 * Maildir++ directories: creating a maildir and its folders, validating
 * folder names, and finding the directories of a folder.
 *
 * A maildir is a directory with tmp/, new/ and cur/. INBOX is the maildir
 * itself; folder "A.B" is the directory ".A.B" directly inside it (flat,
 * '.' separates levels) and holds an empty "maildirfolder" marker file
 * telling delivery agents that the quota file (maildirsize) lives in the
 * parent.
 *
 * Errors: functions return -1 with errno set (so that tools can print
 * Courier's "path: strerror" messages) and *error_r pointing at a message
 * in a static buffer, valid until the next maildir_* call. Not thread-safe.
 *
 * Symlinks: tmp/, new/, cur/, folder directories and the files the library
 * writes are never followed; the maildir path itself may go through
 * symlinks (administrators link ~/Maildir elsewhere).
 */

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define MAILDIR_PATH_MAX 4096
/* Longest folder name accepted (bytes, without the leading '.'). */
#define MAILDIR_FOLDER_NAME_MAX 250

#define MAILDIR_FOLDER_MARKER "maildirfolder"
#define MAILDIR_TRASH_FOLDER "Trash"

/* Formats an error message into the library's static buffer, keeping
   errno, and returns it. For the maildir_* modules. */
const char *maildir_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Joins dir + "/" + name into buf. Returns 0, or -1 (errno ENAMETOOLONG)
 * when it does not fit.
 */
int maildir_path(char *buf, size_t size, const char *dir, const char *name);

/*
 * Creates the maildir path with mode dir_mode and tmp/, new/ and cur/ with
 * sub_mode (both applied with chmod, so the umask does not matter).
 * With exist_ok false an existing path fails with EEXIST; with true,
 * existing directories are kept (their modes untouched) and missing
 * subdirectories are created.
 */
int maildir_create(const char *path, mode_t dir_mode, mode_t sub_mode,
		   bool exist_ok, const char **error_r);

/*
 * Checks a folder name for creation: well-formed UTF-8 of 1 to
 * MAILDIR_FOLDER_NAME_MAX bytes, levels separated by '.', no empty level
 * (leading, trailing or doubled '.'), no '/', no control byte, no level
 * named "tmp", "new" or "cur" (so that a folder is never confused with a
 * maildir's own subdirectories). Returns 0 or -1 with *error_r set.
 */
int maildir_folder_name_validate(const char *name, const char **error_r);

/*
 * Directory of folder name inside maildir root: root + "/." + name.
 * name must have passed maildir_folder_name_validate(). "INBOX" is not
 * special here (callers map INBOX to the root).
 */
int maildir_folder_path(char *buf, size_t size, const char *root,
			const char *name);

/*
 * Creates folder name (validated) in the existing maildir root: the
 * directory with dir_mode, tmp/new/cur with sub_mode, and the empty
 * maildirfolder marker with mode 0600. EEXIST if the folder exists.
 */
int maildir_folder_create(const char *root, const char *name,
			  mode_t dir_mode, mode_t sub_mode,
			  const char **error_r);

/*
 * Checks that path is a usable maildir: a directory whose tmp/, new/ and
 * cur/ are real directories (not symlinks). A last path component of
 * "tmp", "new" or "cur" is refused (EINVAL): that is inside a maildir.
 */
int maildir_check(const char *path, const char **error_r);

/*
 * Finds the maildir that holds the quota file for path: path itself, or,
 * when path has a maildirfolder marker, its parent directory. root_buf
 * gets the result; *is_folder_r tells which.
 */
int maildir_quota_root(const char *path, char *root_buf, size_t size,
		       bool *is_folder_r, const char **error_r);

/*
 * Calls fn for each folder directory of root (entries ".X" that are real
 * directories, "." and ".." excluded) with the directory name (".X").
 * fn returns 0 to continue or -1 to stop with an error. Entries are not
 * sorted.
 */
int maildir_folders_foreach(const char *root,
			    int (*fn)(const char *dirname, void *context),
			    void *context, const char **error_r);

/* opendir() that refuses a symlink as the last component (ELOOP). */
DIR *maildir_opendir_nofollow(const char *path);

/* Longest sanitised host name put into file names. */
#define MAILDIR_HOST_MAX 64

/* This machine's name, sanitised for file names (maildir_host_sanitize)
   and cut to MAILDIR_HOST_MAX bytes; computed once. */
const char *maildir_local_host(void);

#endif
