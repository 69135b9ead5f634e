#ifndef ESTAFETTE_ALIAS_TABLE_H
#define ESTAFETTE_ALIAS_TABLE_H

/*
 * Alias source files in Courier's syntax, parsed into a table.
 *
 *   # comment
 *   staff: alice, bob@example.org,
 *          carol                      (indented lines continue the entry)
 *   list: :include:/etc/courier/list-members
 *   archive: /var/mail/archive        (file or maildir target)
 *   log: | /usr/bin/logger -t mail    (program target)
 *   @virt.example: vuser              (x@virt.example -> vuser-x@ME)
 *
 * Names and addresses are canonical: lower case, and a bare local part gets
 * "@ME" appended (ME is the local host name given to alias_table_new()).
 * File and program targets are kept as written. An entry given twice has
 * its members merged. Entries with no member (Debian's "postmaster:") are
 * accepted and left out of the table.
 */

#include <stdbool.h>
#include <stddef.h>

/* Limits against runaway input. */
#define ALIAS_SOURCE_MAX (16 * 1024 * 1024) /* one source or include file */
#define ALIAS_LINE_MAX (64 * 1024)	     /* one logical entry */
#define ALIAS_MEMBERS_MAX 100000	     /* members of one expanded alias */
#define ALIAS_DEPTH_MAX 64		     /* nesting of aliases */

struct alias_entry {
	char *name;	  /* canonical key: "local@domain" or "@domain" */
	char **members;	  /* owned strings */
	size_t count;
	size_t alloc;
	char *file;	  /* where it was first defined */
	unsigned int line;
	int state;	  /* used by alias_table_expand() */
};

struct alias_table {
	char *me;
	struct alias_entry *entries;
	size_t count;
	size_t alloc;
	bool sorted;
	char error[1024];
};

/* me: the local domain appended to bare names (copied). */
struct alias_table *alias_table_new(const char *me);
void alias_table_free(struct alias_table **table);

/*
 * Parses one source text (name is used in error messages). Returns 0, or -1
 * with *error_r ("NAME:LINE: reason", valid until the next call on table).
 */
int alias_table_parse(struct alias_table *table, const char *name,
		      const char *data, size_t size, const char **error_r);
/* Reads a source file, or every regular file of a directory in name order
   (skipping names starting with '.' or ending in '~'). */
int alias_table_read(struct alias_table *table, const char *path,
		     const char **error_r);

/*
 * Sorts the table, merges duplicate names and replaces every member that
 * is itself an alias by that alias's members, recursively, removing
 * duplicates. A member naming the alias it belongs to stays as is (the
 * "root: root, admin" idiom). Loops and expansions over ALIAS_MEMBERS_MAX
 * or ALIAS_DEPTH_MAX are errors. Virtual-domain entries are not expanded.
 */
int alias_table_expand(struct alias_table *table, const char **error_r);

/* Finds an entry by canonical name in a sorted table, or NULL. */
const struct alias_entry *alias_table_find(const struct alias_table *table,
					   const char *name);

/*
 * Canonical form of an address written in a source, a query or an RCPT:
 * strips <>, lowercases, appends "@me" to a bare local part. Returns a
 * malloc()ed string, or NULL (with *error_r) when addr is not a plausible
 * address (empty parts, blanks, control characters, quotes, several '@').
 */
char *alias_canonical(const char *addr, size_t len, const char *me,
		      const char **error_r);

/*
 * The local domain appended to bare names: the first line of
 * SYSCONFDIR/me when that file exists (Courier's "me"), else the host
 * name. Returns a malloc()ed lower-case string.
 */
char *alias_local_domain(void);

#endif
