#ifndef ESTAFETTE_USERDB_MAKE_H
#define ESTAFETTE_USERDB_MAKE_H

/*
 * makeuserdb's work: compiles the userdb text file (or every file of the
 * userdb directory, in name order, skipping dot files and names ending in
 * '~') into two gdbm files:
 *
 *   <userdb>.dat        addr -> public fields + "|_=<file in directory>"
 *   <userdb>shadow.dat  addr -> the "...pw" fields (mode 0600)
 *
 * Both are written to temporary files and renamed into place, so readers
 * never see a half-written database. The source must not be accessible by
 * group or others (Courier insists on mode 0600/0700).
 */

/* dat and shadow may be NULL: derived from userdb as above. */
int userdb_make(const char *userdb, const char *dat, const char *shadow,
		char **error_r);

/* The derived names, malloc()ed. */
char *userdb_dat_path(const char *userdb);
char *userdb_shadow_path(const char *userdb);

#endif
