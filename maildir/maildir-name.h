#ifndef ESTAFETTE_MAILDIR_NAME_H
#define ESTAFETTE_MAILDIR_NAME_H

/*
 * Maildir message file names, as Courier writes and reads them:
 *
 *   tmp/1795446990.M450244P28365.vm,S=206
 *   new/1795446990.M450244P28365V000000000000FE00I000000000010E04E.vm,S=206
 *   cur/1795446990.M450244P28365V000000000000FE00I000000000010E04E.vm,S=206:2,RS
 *
 * time.M<usec>P<pid>[V<dev>I<ino>][_<unique>].<host>[,S=<bytes>][:2,<flags>]
 *
 * Flags are single ASCII letters kept sorted: the standard ones (D draft,
 * F flagged, P passed, R replied, S seen, T trashed) and any other letter,
 * lower-case letters being the keyword letters some clients use. A flag set
 * is a 52-bit mask so that unknown letters survive a rename untouched.
 *
 * Nothing here touches the file system; every function is pure and bounded.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A file name never exceeds this (NAME_MAX on Linux). */
#define MAILDIR_NAME_MAX 255
/* Room for any formatted name plus its NUL. */
#define MAILDIR_NAME_BUF (MAILDIR_NAME_MAX + 1)
/* Room for a formatted flag set ("ABC...Zab...z") plus its NUL. */
#define MAILDIR_FLAGS_BUF 53

#define MAILDIR_FLAG_DRAFT ((uint64_t)1 << ('D' - 'A'))
#define MAILDIR_FLAG_FLAGGED ((uint64_t)1 << ('F' - 'A'))
#define MAILDIR_FLAG_PASSED ((uint64_t)1 << ('P' - 'A'))
#define MAILDIR_FLAG_REPLIED ((uint64_t)1 << ('R' - 'A'))
#define MAILDIR_FLAG_SEEN ((uint64_t)1 << ('S' - 'A'))
#define MAILDIR_FLAG_TRASHED ((uint64_t)1 << ('T' - 'A'))

/* The bit of flag letter c, or 0 when c is not an ASCII letter. */
uint64_t maildir_flag_bit(char c);

/*
 * Parses the flag letters after ":2," (len bytes, no NUL needed).
 * Duplicates are allowed. Any byte that is not an ASCII letter fails (-1,
 * *flags_r untouched).
 */
int maildir_flags_parse(const char *str, size_t len, uint64_t *flags_r);

/* Writes the letters of flags in ASCII order (upper case first) plus a NUL
   into buf (at least MAILDIR_FLAGS_BUF bytes). Returns the length. */
size_t maildir_flags_format(uint64_t flags, char *buf);

/* A parsed file name; pointers borrow from the parsed string. */
struct maildir_name {
	/* The part before ":", the stable identity of the message (what the
	   IMAP UID database stores). */
	const char *base;
	size_t base_len;
	/* ,S=<bytes> in base: the file size Courier recorded. */
	bool have_size;
	uint64_t size;
	/* ":2," was present; flags holds its letters. */
	bool have_info;
	uint64_t flags;
};

/*
 * Parses a message file name (the last path component). Fails (-1 and
 * *error_r, a static string) for an empty name, one starting with '.',
 * containing '/' or a NUL-free control byte, longer than MAILDIR_NAME_MAX,
 * with a malformed ",S=" value, or with ":2," followed by anything but
 * letters. A name with another info kind (":1,...") parses with
 * have_info false.
 */
int maildir_name_parse(const char *name, struct maildir_name *name_r,
		       const char **error_r);

/*
 * Formats base + ":2," + flags into buf. Returns 0, or -1 when it would
 * not fit in size bytes or exceed MAILDIR_NAME_MAX.
 */
int maildir_name_with_flags(const char *base, size_t base_len,
			    uint64_t flags, char *buf, size_t size);

/*
 * Copies host into buf with '/' written as "\057" and ':' as "\072" (the
 * maildir specification's escapes) and bytes that cannot appear in a file
 * name safely (control bytes, DEL) as "\ooo" octal too. Truncates at a
 * whole escape to fit size. Returns buf.
 */
char *maildir_host_sanitize(const char *host, char *buf, size_t size);

/* What makes a unique name unique. */
struct maildir_unique {
	time_t sec;
	long usec;
	pid_t pid;
	/* Courier's "_N" part; NULL or "" for none. */
	const char *suffix;
	/* Sanitised host name (maildir_host_sanitize). */
	const char *host;
	/* Device and inode of the file; set have_devino for new/ names. */
	bool have_devino;
	uint64_t dev;
	uint64_t ino;
	/* ,S=<size> when have_size. */
	bool have_size;
	uint64_t size;
};

/* Formats a unique name. Returns 0, or -1 when it does not fit. */
int maildir_unique_format(const struct maildir_unique *u, char *buf,
			  size_t size);

#endif
