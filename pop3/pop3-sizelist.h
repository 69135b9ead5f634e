#ifndef ESTAFETTE_POP3_SIZELIST_H
#define ESTAFETTE_POP3_SIZELIST_H

/*
 * courierpop3dsizelist, Courier's POP3 cache in the maildir, kept in its
 * format so that a client's UIDL state survives a switch from Courier:
 *
 *   /3 <nextuid> <uidvalidity>\n
 *   <file name incl. :2,flags> <size with CRLF> <uid>:<uidvalidity>:<utf8>\n
 *   ...
 *
 * The UIDL of a message is "UID<uid>-<uidvalidity>" (of its own line).
 * Entries are matched to messages by the part of the name before ':' so
 * that flag changes keep them. A file that does not parse is ignored
 * (and rewritten), which only costs the clients a fresh download.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define POP3_SIZELIST_FILE "courierpop3dsizelist"
/* The file is read whole; beyond this it is treated as broken. */
#define POP3_SIZELIST_MAX_SIZE (64 * 1024 * 1024)

struct pop3_sizelist_entry {
	char *name; /* owned; full file name */
	size_t base_len;
	uint64_t size;
	uint32_t uid, uidv;
	bool utf8;
};

struct pop3_sizelist {
	uint32_t next_uid, uidv;
	struct pop3_sizelist_entry *entries; /* sorted by base name */
	size_t count;
};

/*
 * Parses a whole file. Returns 0, or -1 with *error_r (static) on any
 * malformed line; *list is then empty.
 */
int pop3_sizelist_parse(const char *data, size_t size,
			struct pop3_sizelist *list, const char **error_r);
/* Reads the maildir's file; a missing or broken one gives an empty list
   and 0 (-1 only for I/O errors other than ENOENT). */
int pop3_sizelist_read(const char *maildir, struct pop3_sizelist *list,
		       const char **error_r);
void pop3_sizelist_clear(struct pop3_sizelist *list);

/* Finds the entry whose base name is name[0..base_len), or NULL. */
const struct pop3_sizelist_entry *
pop3_sizelist_find(const struct pop3_sizelist *list, const char *name,
		   size_t base_len);

/* Replaces the maildir's file atomically with list's entries. */
int pop3_sizelist_write(const char *maildir, const struct pop3_sizelist *list,
			const char **error_r);

#endif
