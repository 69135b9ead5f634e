#ifndef ESTAFETTE_LDAP_FILTER_H
#define ESTAFETTE_LDAP_FILTER_H

/*
 * Building LDAP search filters from user input: values are escaped as
 * RFC 4515 requires ('*', '(', ')', '\' and NUL as \2a \28 \29 \5c \00;
 * we also escape other control bytes), so a user name can only ever be
 * compared literally.
 */

#include <stddef.h>

#include "auth-str.h"

void ldap_filter_escape(struct abuf *out, const char *value, size_t len);

/*
 * Appends "(&(attr=VALUE)extra)" (or "(attr=VALUE)" when extra is NULL or
 * empty) with VALUE escaped. attr and extra come from the administrator.
 */
void ldap_filter_match(struct abuf *out, const char *attr, const char *value,
		       const char *extra);

/*
 * Courier's LDAP_EMAILMAP template: "@user@" and "@realm@" are replaced
 * by the escaped local part and domain of the address.
 */
void ldap_filter_emailmap(struct abuf *out, const char *tmpl,
			  const char *user, const char *realm);

#endif
