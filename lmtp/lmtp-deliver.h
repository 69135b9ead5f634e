#ifndef ESTAFETTE_LMTP_DELIVER_H
#define ESTAFETTE_LMTP_DELIVER_H

/*
 * Delivery of one message to one mailbox, as that mailbox's owner: a
 * forked child takes the account's groups, gid and uid (never root),
 * changes to its home, checks the quota (maildirsize, with the account's
 * QUOTA as override) and writes the trace header plus the spooled message
 * into the maildir with the same atomic, fsync'd delivery as deliverquota.
 * The parent waits for the child; 250 is answered only after the child
 * reports the file safely linked into new/.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum lmtp_deliver_result {
	LMTP_DELIVER_OK,
	LMTP_DELIVER_OVER_QUOTA,
	LMTP_DELIVER_TEMPFAIL, /* disk, maildir or process trouble */
};

struct lmtp_mailbox {
	const char *sysuser; /* for supplementary groups; may be NULL */
	uid_t uid;
	gid_t gid;
	const char *home;
	/* Absolute, or relative to home; NULL means default_maildir. */
	const char *maildir;
	const char *default_maildir; /* MAILDIRPATH, e.g. "Maildir" */
	const char *quota;	     /* "NNNS,NNNC" override or NULL */
};

/*
 * Delivers header (header_len bytes: Return-Path, Delivered-To) followed
 * by the spool file's contents (spool_fd, read from offset 0 with pread,
 * so the caller's offset does not matter). *error_r (static) explains a
 * TEMPFAIL for the log.
 */
enum lmtp_deliver_result lmtp_deliver(const struct lmtp_mailbox *mbox,
				      const char *header, size_t header_len,
				      int spool_fd, const char **error_r);

#endif
