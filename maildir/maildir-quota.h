#ifndef ESTAFETTE_MAILDIR_QUOTA_H
#define ESTAFETTE_MAILDIR_QUOTA_H

/*
 * Maildir++ quotas: the maildirsize file, exactly as Courier writes it.
 *
 *   10000000S,1000C          quota: bytes (S) and/or messages (C)
 *            618            3  a recalculated total ("%12lld %12lld\n")
 *            206            1  one delivery
 *           -206           -1  one removal
 *
 * The usage is the sum of all lines after the first. There is no locking:
 * writers append one line with a single write() (O_APPEND), and the file is
 * rebuilt from the messages themselves when it is missing, 5120 bytes or
 * larger, unreadable, or when a change would go over quota and the file is
 * not a fresh single-line total (more than one line or 15 minutes old).
 * A rebuild counts new/ and cur/ of the maildir and of every folder except
 * ".Trash", skips messages flagged T (deleted), takes sizes from ",S=" and
 * stat()s only files without it, writes tmp/<time>.<pid>_NeWmAiLdIrSiZe.<host>
 * and renames it over maildirsize. When new/ or cur/ changed during the
 * count the result is used once but not installed.
 *
 * The file lives in the maildir root; folders use their parent's
 * (maildir_quota_root() in maildir.h finds it).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "maildir.h"

#define MAILDIRSIZE_FILE "maildirsize"
/* Courier rebuilds a maildirsize of this size or larger. */
#define MAILDIRSIZE_MAX_SIZE 5120
/* An over-quota single-line file younger than this is trusted. */
#define MAILDIRSIZE_STALE_SECS (15 * 60)
/* One "%12lld %12lld\n" line is 26 bytes; longer numbers widen it. */
#define MAILDIRSIZE_LINE_BUF 48
/* Longest quota definition line accepted. */
#define MAILDIR_QUOTA_STR_MAX 64

/* A quota; 0 means "no limit" for that dimension. */
struct maildir_quota {
	uint64_t bytes;
	uint64_t count;
};

struct maildir_usage {
	int64_t bytes;
	int64_t count;
};

/*
 * Parses a quota definition strictly: one or more comma-separated
 * <digits>S or <digits>C items ("10000000S,1000C", "1000C"); a later item
 * of the same kind replaces an earlier one, 0 means no limit. Anything
 * else (spaces, signs, lower case, empty items, overflow) fails (-1).
 */
int maildir_quota_parse(const char *str, size_t len, struct maildir_quota *q_r);

/* "<bytes>S,<count>C", leaving out a dimension that is 0 (Courier's
   order). Returns the length, or -1 when it does not fit. */
int maildir_quota_format(const struct maildir_quota *q, char *buf,
			 size_t size);

bool maildir_quota_is_set(const struct maildir_quota *q);
bool maildir_quota_equal(const struct maildir_quota *a,
			 const struct maildir_quota *b);

/* The contents of a maildirsize file. */
struct maildirsize {
	struct maildir_quota quota;
	struct maildir_usage usage;
	/* Number of usage lines after the quota line. */
	unsigned int lines;
};

/*
 * Parses maildirsize contents (size bytes, no NUL needed). A file that is
 * not complete lines of two signed decimal numbers separated by blanks
 * after a valid quota line fails (-1, *error_r static), as does a total
 * that overflows 64 bits. Callers rebuild the file then.
 */
int maildirsize_parse(const char *data, size_t size, struct maildirsize *r,
		      const char **error_r);

/* Formats one usage line as Courier does ("%12lld %12lld\n"). buf must
   hold MAILDIRSIZE_LINE_BUF bytes. Returns the length. */
size_t maildirsize_format_line(int64_t bytes, int64_t count, char *buf);

/*
 * Counts the messages of maildir root as a rebuild does (see above).
 * *changed_r tells whether a new/ or cur/ directory was modified after
 * the count started (the total may then be off by a concurrent delivery).
 */
int maildir_quota_count(const char *root, struct maildir_usage *usage_r,
			bool *changed_r, const char **error_r);

/*
 * Rebuilds root's maildirsize with quota q (counting the messages) and
 * fills *r with what was written. A quota with no limit removes nothing
 * and writes nothing (Courier's "maildirmake -q 0S"): r->quota is then 0.
 */
int maildir_quota_rebuild(const char *root, const struct maildir_quota *q,
			  struct maildirsize *r, const char **error_r);

/* The quota state of one maildir, read by maildir_quota_open(). */
struct maildir_quota_info {
	char root[MAILDIR_PATH_MAX];
	/* false: no maildirsize and no quota given; nothing is enforced. */
	bool enabled;
	struct maildirsize size;
	/* mtime of the file as read; fresh = rebuilt by us just now. */
	time_t mtime;
	bool fresh;
};

/*
 * Reads root's maildirsize, rebuilding it when Courier would (missing
 * with a quota given, unreadable, too big). A non-NULL override with a
 * limit replaces the file's quota (rebuilding the file) as deliverquota's
 * QUOTA argument and the authenticated account's quota do.
 */
int maildir_quota_open(const char *root, const struct maildir_quota *override,
		       struct maildir_quota_info *info_r,
		       const char **error_r);

/*
 * Would adding bytes and count (a delivery: positive) go over quota?
 * Returns 0 when it fits (or no quota is enabled), 1 when over quota (after
 * a rebuild where Courier does one), -1 on error. Never writes a usage
 * line; maildir_quota_add() does that once the change is done.
 */
int maildir_quota_check(struct maildir_quota_info *info, int64_t bytes,
			int64_t count, const char **error_r);

/*
 * Appends the line "bytes count" to root's maildirsize with one write()
 * when the file exists (nothing otherwise: no quota in use). Used after
 * every delivery, expunge, and change of the T flag.
 */
int maildir_quota_add(const char *root, int64_t bytes, int64_t count,
		      const char **error_r);

/* How full the maildir is, in percent of the tighter limit (0 when no
   quota), after adding extra_bytes/extra_count. */
unsigned int maildir_quota_percent(const struct maildir_quota_info *info,
				   int64_t extra_bytes, int64_t extra_count);

#endif
