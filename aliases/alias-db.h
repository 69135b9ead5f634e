#ifndef ESTAFETTE_ALIAS_DB_H
#define ESTAFETTE_ALIAS_DB_H

/*
 * aliases.dat: a gdbm database with Courier's layout. The key is the
 * canonical address (no NUL), the value its members, each followed by
 * "\n". Virtual domains are stored under "@domain" with the one local user
 * they map to.
 */

#include <stddef.h>
#include <stdio.h>

#include "alias-table.h"

/*
 * Writes table (sorted and expanded) to tmp_path, fsyncs it and renames it
 * over path, so a reader sees either the old or the new database, never a
 * half-written one. Concurrent writers are refused through a lock on
 * "path.lock". Returns 0, or -1 with *error_r (static storage).
 */
int alias_db_write(const struct alias_table *table, const char *path,
		   const char *tmp_path, const char **error_r);

/*
 * Looks address (canonical) up in the database at path. On a hit *members_r
 * gets a malloc()ed NULL-terminated array of malloc()ed member strings
 * (free with alias_members_free()) and 1 is returned. An address of a
 * virtual domain "x@dom" with no entry of its own maps through "@dom" to
 * "user-x@me". 0: not an alias. -1: error (*error_r).
 */
int alias_db_lookup(const char *path, const char *address, char ***members_r,
		    const char **error_r);
void alias_members_free(char ***members);

/* Prints "alias: member" lines for the whole database, sorted by alias. */
int alias_db_dump(const char *path, FILE *out, const char **error_r);

#endif
