#ifndef ESTAFETTE_IMAP_FOLDER_H
#define ESTAFETTE_IMAP_FOLDER_H

/*
 * IMAP mailbox names and the Maildir++ directories they stand for, in
 * Courier's namespace: "INBOX" (any case) is the maildir itself, and
 * "INBOX.A.B" is the folder directory ".A.B" inside it ("." separates
 * levels; the part after "INBOX." is kept on disk in modified UTF-7, as
 * Courier keeps it). Names outside "INBOX." do not exist.
 *
 * A name that could leave the maildir or be mistaken for one of its
 * parts is refused, never followed: empty levels (".." included), "/",
 * control characters, a level named tmp, new or cur, a leading "~", or
 * invalid modified UTF-7.
 */

#include <stdbool.h>
#include <stddef.h>

#define IMAP_FOLDER_SEP '.'
#define IMAP_FOLDER_PREFIX "INBOX."

/*
 * Checks name (as the client sent it: modified UTF-7, or UTF-8 when utf8
 * is true, i.e. after ENABLE UTF8=ACCEPT) and gives the folder part as
 * stored on disk into folder_r: "" for INBOX, "A.B" for "INBOX.A.B"
 * (modified UTF-7). Returns 0, or -1 with *error_r (static text for a NO
 * reply).
 */
int imap_folder_name_parse(const char *name, bool utf8, char *folder_r,
			   size_t size, const char **error_r);

/*
 * The directory of mailbox name inside root: root for INBOX, root/.A.B for
 * a folder. Same checks as imap_folder_name_parse(). The directory need
 * not exist.
 */
int imap_folder_dir(const char *root, const char *name, bool utf8,
		    char *dir_r, size_t size, const char **error_r);

/* True when dir is an existing maildir (tmp/, new/, cur/). */
bool imap_folder_exists(const char *dir);

#endif
