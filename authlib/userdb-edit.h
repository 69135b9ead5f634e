#ifndef ESTAFETTE_USERDB_EDIT_H
#define ESTAFETTE_USERDB_EDIT_H

/*
 * Edits the userdb text file as Courier's userdb(8) does: set or unset
 * fields of one address, or delete it. The file is rewritten atomically
 * (mode 0600) under an exclusive lock on "<userdb>.lock", so the tool and
 * authdaemond's PASSWD never lose each other's changes.
 *
 * When userdb is a directory, sub names the file inside it ("path/" in
 * "userdb path/addr set ..."); with sub NULL the file already holding addr
 * is edited.
 */

#include <stddef.h>

enum userdb_edit_op {
	USERDB_EDIT_SET,	/* items are "name=value" */
	USERDB_EDIT_UNSET,	/* items are field names */
	USERDB_EDIT_DELETE,	/* no items */
};

int userdb_edit(const char *userdb, const char *sub, const char *addr,
		enum userdb_edit_op op, const char *const *items,
		size_t item_count, char **error_r);

/* Takes the lock (blocking); returns the lock fd or -1. */
int userdb_lock(const char *userdb, char **error_r);
void userdb_unlock(int *fd);

#endif
