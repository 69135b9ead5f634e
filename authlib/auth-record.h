#ifndef ESTAFETTE_AUTH_RECORD_H
#define ESTAFETTE_AUTH_RECORD_H

/*
 * An account record as authdaemond returns it, and its wire format:
 * "KEY=value\n" lines in Courier's order, ending with ".\n":
 *
 *   USERNAME= (system account; else UID=), GID=, HOME=, ADDRESS=, NAME=,
 *   MAILDIR=, QUOTA=, PASSWD= (crypted), PASSWD2= (clear), OPTIONS=
 *
 * Every string is owned by the record (malloc()ed) and freed by
 * auth_record_clear(); NULL means the field is absent.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "auth-str.h"

struct auth_record {
	char *username;
	bool have_uid;
	uid_t uid;
	gid_t gid;
	char *home;
	char *address;
	char *name;
	char *maildir;
	char *quota;
	char *passwd;
	char *passwd2;
	char *options;
	/* Not sent: precomputed CRAM secrets (hmac-state.h) a backend may
	   hold instead of a clear password (userdb hmac-md5pw, hmac-sha1pw). */
	char *hmac_md5;
	char *hmac_sha1;
};

/* Frees (and wipes the passwords of) every field; rec can be reused. */
void auth_record_clear(struct auth_record *rec);
/* Replaces *field with a copy of value (NULL clears it). */
void auth_record_set(char **field, const char *value);

/*
 * Appends the reply lines for rec to out, ending with ".\n". Account
 * options are merged with default_options (may be NULL or ""): a key from
 * the account wins over the same key from the defaults. Line breaks in a
 * value are replaced by spaces so that a value can never add a line.
 */
void auth_record_format(const struct auth_record *rec,
			const char *default_options, struct abuf *out);

/*
 * Merges "key=value,key2" option lists: every key of options, then every
 * key of defaults that options does not have. Returns a malloc()ed string
 * (possibly "").
 */
char *auth_options_merge(const char *options, const char *defaults);

/*
 * Looks up key in a "k=v,k2=v2" option list. Returns the value
 * (malloc()ed; "" for a bare key) or NULL when absent.
 */
char *auth_options_get(const char *options, const char *key);

/*
 * Parses a reply (client side). data[0..size) must end with ".\n"
 * (the whole reply); returns 0 and fills rec, or -1 with *error_r.
 * Unknown keys are ignored, as Courier's client does.
 */
int auth_record_parse(const char *data, size_t size, struct auth_record *rec,
		      const char **error_r);

#endif
