#ifndef ESTAFETTE_POP3_MAILBOX_H
#define ESTAFETTE_POP3_MAILBOX_H

/*
 * The maildir as a POP3 session sees it: opened once at login (new/ moved
 * to cur/, sizes with CRLF line ends and UIDLs from courierpop3dsizelist,
 * which is rewritten), numbered 1..count, with deletions and "retrieved"
 * marks kept in memory until pop3_mailbox_update() at QUIT. A session that
 * ends any other way changes nothing.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "maildir-scan.h"
#include "maildir.h"

struct pop3_msg {
	struct maildir_msg *m; /* borrowed from the scan list */
	uint64_t size;	       /* octets as sent: LF counted as CR LF */
	uint32_t uid, uidv;
	bool deleted;
	bool gone; /* vanished before login finished: never listed */
	bool retrieved;
};

struct pop3_mailbox {
	char path[MAILDIR_PATH_MAX];
	char quota_root[MAILDIR_PATH_MAX];
	struct maildir_list *list;
	struct pop3_msg *msgs;
	unsigned int count;
};

/* Opens the maildir at path (relative to the current directory or
   absolute). Returns 0 or -1 with *error_r. */
int pop3_mailbox_open(struct pop3_mailbox *mb, const char *path,
		      const char **error_r);
void pop3_mailbox_close(struct pop3_mailbox *mb);

/* Message number n (1-based) if it exists and is not deleted, else NULL. */
struct pop3_msg *pop3_mailbox_get(struct pop3_mailbox *mb, unsigned int n);
/* Count and total size of the messages not marked deleted. */
void pop3_mailbox_stat(const struct pop3_mailbox *mb, unsigned int *count_r,
		       uint64_t *size_r);

/* Opens a message's file for reading (no symlinks). Returns the fd or -1
   with *error_r; ENOENT when another client removed it. */
int pop3_mailbox_open_msg(const struct pop3_mailbox *mb,
			  const struct pop3_msg *msg, const char **error_r);

/*
 * The UPDATE state: removes the messages marked deleted (maildirsize
 * updated) and gives retrieved ones the S flag. Messages another client
 * removed meanwhile count as done. Returns the number of deletions, or -1
 * with *error_r after the first failure (the rest is left alone).
 * deleted_cb (may be NULL) is called for each removed message.
 */
int pop3_mailbox_update(struct pop3_mailbox *mb,
			void (*deleted_cb)(const struct pop3_msg *msg,
					   void *context),
			void *context, const char **error_r);

/* CRLF size of an open message file (reads it to the end). */
int pop3_crlf_size(int fd, uint64_t *size_r);

#endif
