#ifndef ESTAFETTE_MAILDIRMAKE_H
#define ESTAFETTE_MAILDIRMAKE_H

/*
 * maildirmake --add / --del: the maildir's "shared-maildirs" file, one
 * "NAME<TAB>PATH" line per sharable maildir. Both return the program's
 * exit code (0, 1, or 2 for a NAME already defined) after printing
 * Courier's message.
 */

int maildirmake_shared_add(const char *maildir, const char *arg);
int maildirmake_shared_del(const char *maildir, const char *name);

#endif
