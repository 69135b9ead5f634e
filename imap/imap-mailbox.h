#ifndef ESTAFETTE_IMAP_MAILBOX_H
#define ESTAFETTE_IMAP_MAILBOX_H

/*
 * One Maildir++ mailbox (INBOX or a folder) as an IMAP session sees it:
 * the storage interface every post-login command uses. Nothing above this
 * header touches the maildir's files.
 *
 * The view: messages numbered 1..count (sequence numbers) in ascending UID
 * order, each with its UID, system flags and keywords. The view changes
 * only inside the calls below, never behind the caller's back:
 *
 *   imap_mailbox_open()    scans the directory, moves new/ to cur/ (those
 *                          messages get \Recent in this view only, so
 *                          \Recent goes to exactly one session), assigns
 *                          UIDs to messages that have none.
 *   imap_mailbox_sync()    looks again: messages delivered or appended
 *                          since are added at the end; flag changes by
 *                          other sessions are taken in and reported;
 *                          messages removed by others are reported and
 *                          dropped when allow_expunges, else kept in the
 *                          view marked expunged until a later sync may
 *                          drop them (RFC 3501 7.4.1: no EXPUNGE during
 *                          FETCH, STORE, SEARCH).
 *   imap_mailbox_set_flags(), imap_mailbox_expunge()
 *                          this session's own changes, made on disk and
 *                          in the view at once.
 *
 * UIDs and UIDVALIDITY live in Courier's courierimapuiddb, keywords in
 * courierimapkeywords/, so a maildir moves between Courier and Estafette
 * with the same UIDs, flags and keywords. Many sessions (and deliveries)
 * may use one mailbox at once: UID assignment is done under a lock, UIDs
 * only ever grow, a UID is never reused, and a flag change is written as a
 * rename of the one message file, so two sessions never revert each
 * other's flags.
 *
 * A per-mailbox index/cache file (ours, rebuildable, never the only copy of
 * anything) keeps what is costly to learn: file list, CRLF sizes, internal
 * dates, ENVELOPE, BODYSTRUCTURE. A stale or corrupt cache is detected and
 * rebuilt, never trusted blindly.
 *
 * Paths: root is the account's maildir (INBOX); dir is the mailbox's
 * directory (root itself, or root/.A.B). Both may be relative to the
 * current directory (the session runs in the account's home).
 *
 * Errors: functions return 0 (or a count) on success; -1 with *error_r (a
 * message for the client and the log, valid until the next call on the
 * same mailbox); IMAP_MAILBOX_ERR_* for conditions a command answers in
 * its own words.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define IMAP_MAILBOX_ERR_QUOTA (-2)    /* would exceed the maildirsize quota */
#define IMAP_MAILBOX_ERR_NOTFOUND (-3) /* mailbox (or message file) is gone */

struct imap_mailbox;

struct imap_mailbox_msg {
	uint32_t uid;
	unsigned int flags; /* enum imap_flag bits (imap-flags.h), \Recent
			       included */
	/* Keyword indices (imap_mailbox_keyword_name()), ascending. */
	const unsigned int *keywords;
	unsigned int keyword_count;
	/* Removed from disk by another session, not yet reported: still
	   numbered, its data may no longer be readable. */
	bool expunged;
};

enum imap_mailbox_open_flags {
	IMAP_MAILBOX_READONLY = 1 << 0, /* EXAMINE: no flag changes, and
					   new/ is left alone (no \Recent
					   taken) */
};

/* Opens dir (an existing maildir, INBOX or folder) inside root.
   IMAP_MAILBOX_ERR_NOTFOUND when dir is not a maildir. */
int imap_mailbox_open(const char *root, const char *dir, unsigned int flags,
		      struct imap_mailbox **mbox_r, const char **error_r);
/* Writes the cache back (best effort) and frees. NULL is ignored. */
void imap_mailbox_close(struct imap_mailbox **mbox);

bool imap_mailbox_is_readonly(const struct imap_mailbox *mbox);
const char *imap_mailbox_dir(const struct imap_mailbox *mbox);

uint32_t imap_mailbox_count(const struct imap_mailbox *mbox);
uint32_t imap_mailbox_uidvalidity(const struct imap_mailbox *mbox);
/* The UID the next new message will get (an estimate for UIDNEXT: another
   session may take it first). */
uint32_t imap_mailbox_uidnext(const struct imap_mailbox *mbox);
uint32_t imap_mailbox_recent_count(const struct imap_mailbox *mbox);
/* Sequence number of the first message without \Seen, 0 if none. */
uint32_t imap_mailbox_first_unseen(const struct imap_mailbox *mbox);

/* Message seq (1..count); NULL outside. Valid until the next sync,
   set_flags or expunge. */
const struct imap_mailbox_msg *imap_mailbox_msg(const struct imap_mailbox *mbox,
						uint32_t seq);
/* Sequence number of uid, 0 if not in the view (binary search). */
uint32_t imap_mailbox_seq_of_uid(const struct imap_mailbox *mbox,
				 uint32_t uid);

/*
 * Keywords: a name table for this mailbox (courierimapkeywords' list);
 * indices stay valid for the life of the mailbox object. Names compare
 * case-insensitively. imap_mailbox_keyword_lookup() returns the index,
 * or -1 when the name is unknown and create is false (or keywords are
 * off: IMAP_KEYWORDS=0, see imap_mailbox_set_keywords_enabled()).
 */
unsigned int imap_mailbox_keyword_count(const struct imap_mailbox *mbox);
const char *imap_mailbox_keyword_name(const struct imap_mailbox *mbox,
				      unsigned int idx);
int imap_mailbox_keyword_lookup(struct imap_mailbox *mbox, const char *name,
				bool create);
/* Default on. Off: no keywords are read, stored or offered (\* is left
   out of PERMANENTFLAGS by the caller). */
void imap_mailbox_set_keywords_enabled(struct imap_mailbox *mbox, bool on);
bool imap_mailbox_keywords_enabled(const struct imap_mailbox *mbox);

/* What a sync or an expunge reports, as it happens. */
struct imap_mailbox_events {
	/* Message seq is gone; called from the highest seq down, so each
	   seq is valid when reported ("* seq EXPUNGE"). */
	void (*expunged)(void *context, uint32_t seq);
	/* Another session changed message seq's flags or keywords (after
	   the view was updated: report "* seq FETCH (FLAGS (...))"). */
	void (*flags_changed)(void *context, uint32_t seq);
	void *context;
};

/*
 * Takes in what other sessions and deliveries did (see above). Messages
 * added at the end are reported by the count growing (the caller sends
 * EXISTS and RECENT); with a writable mailbox new/ is moved to cur/ and
 * those messages get \Recent here. ev may be NULL.
 */
int imap_mailbox_sync(struct imap_mailbox *mbox, bool allow_expunges,
		      const struct imap_mailbox_events *ev,
		      const char **error_r);

/*
 * Sets message seq's flags (enum imap_flag bits; \Recent is kept as it
 * is, whatever the bits say) and keywords (indices, any order, no
 * duplicates) to exactly these, on disk and in the view. A message
 * another session removed gives IMAP_MAILBOX_ERR_NOTFOUND (the view marks
 * it expunged). Refused on a read-only mailbox.
 */
int imap_mailbox_set_flags(struct imap_mailbox *mbox, uint32_t seq,
			   unsigned int flags, const unsigned int *keywords,
			   unsigned int keyword_count, const char **error_r);

/*
 * Removes messages: with seqs NULL every message with \Deleted, else the
 * listed ones that have \Deleted (UID EXPUNGE, MOVE after setting it).
 * Each removal is reported through ev->expunged (highest seq first);
 * maildirsize is updated. Returns the number removed or -1.
 */
int imap_mailbox_expunge(struct imap_mailbox *mbox, const uint32_t *seqs,
			 unsigned int seq_count,
			 const struct imap_mailbox_events *ev,
			 const char **error_r);

/*
 * Message content, as stored (LF line ends; protocols add CR). The
 * mapping stays valid until imap_mailbox_msg_unmap() or the next
 * imap_mailbox_msg_map() on this mailbox. IMAP_MAILBOX_ERR_NOTFOUND when
 * another session removed the file.
 */
int imap_mailbox_msg_map(struct imap_mailbox *mbox, uint32_t seq,
			 const char **data_r, size_t *size_r,
			 const char **error_r);
void imap_mailbox_msg_unmap(struct imap_mailbox *mbox);

/* RFC822.SIZE (bytes with CRLF line ends) and INTERNALDATE (the file's
   mtime), from the cache when known. */
int imap_mailbox_msg_size(struct imap_mailbox *mbox, uint32_t seq,
			  uint64_t *size_r, const char **error_r);
int imap_mailbox_msg_internaldate(struct imap_mailbox *mbox, uint32_t seq,
				  time_t *date_r, const char **error_r);

/*
 * Cached renderings of a message, computed by the FETCH code and kept by
 * the mailbox across sessions (written to the index file at close or
 * sync). get returns NULL when not cached; the string stays valid until
 * the next sync, expunge or close. set copies value.
 */
enum imap_cache_field {
	IMAP_CACHE_ENVELOPE,	  /* "(date subject ...)" as sent */
	IMAP_CACHE_BODYSTRUCTURE, /* extensible form, as sent */
	IMAP_CACHE_BODY,	  /* non-extensible form, as sent */
	IMAP_CACHE_FIELD_COUNT
};
const char *imap_mailbox_cache_get(struct imap_mailbox *mbox, uint32_t seq,
				   enum imap_cache_field field,
				   size_t *len_r);
void imap_mailbox_cache_set(struct imap_mailbox *mbox, uint32_t seq,
			    enum imap_cache_field field, const char *value,
			    size_t len);

/*
 * APPEND: a message is first written to a file in root's tmp/
 * (imap_mailbox_tmp_create(), LF line ends), then
 * imap_mailbox_append_file() moves it into dir with its flags, keywords
 * (names) and internal date (0: now) and assigns its UID at once
 * (UIDPLUS APPENDUID). Quota: IMAP_MAILBOX_ERR_QUOTA, and the tmp file is
 * removed. On any failure the tmp file is removed. dir need not be the
 * selected mailbox; the selected view sees the message at its next sync.
 */
int imap_mailbox_tmp_create(const char *root, char *path_r, size_t size,
			    int *fd_r, const char **error_r);
int imap_mailbox_append_file(const char *root, const char *dir,
			     const char *tmp_path, unsigned int flags,
			     const char *const *keywords,
			     unsigned int keyword_count, time_t internaldate,
			     uint32_t *uidvalidity_r, uint32_t *uid_r,
			     const char **error_r);

/*
 * COPY (and MOVE): copies messages seqs of src into dest_dir (another
 * mailbox of the same account; may be src's own directory) with their
 * flags (\Recent dropped) and keywords, as hard links where possible.
 * dest_uids_r (seq_count entries) gets the new UIDs in order. Quota is
 * checked for the whole set first (IMAP_MAILBOX_ERR_QUOTA: nothing is
 * copied). A source message removed meanwhile fails the copy with
 * IMAP_MAILBOX_ERR_NOTFOUND and leaves nothing behind.
 */
int imap_mailbox_copy(struct imap_mailbox *src, const uint32_t *seqs,
		      unsigned int seq_count, const char *root,
		      const char *dest_dir, uint32_t *dest_uidvalidity_r,
		      uint32_t *dest_uids_r, const char **error_r);

/*
 * STATUS of a mailbox that need not be selected (assigns UIDs to new
 * messages if needed, but moves nothing: new/ messages count as recent).
 */
struct imap_mailbox_status {
	uint32_t messages, recent, uidnext, uidvalidity, unseen;
	uint64_t size; /* RFC 8438 STATUS=SIZE: sum of RFC822.SIZE */
};
int imap_mailbox_status_get(const char *root, const char *dir,
			    struct imap_mailbox_status *st_r,
			    const char **error_r);

#endif
