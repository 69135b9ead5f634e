#include "config.h"

#include <string.h>

#include "ldap-filter.h"

void
ldap_filter_escape(struct abuf *out, const char *value, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)value[i];

		if (ch == '*' || ch == '(' || ch == ')' || ch == '\\' ||
		    ch < 0x20 || ch == 0x7f)
			abuf_printf(out, "\\%02x", ch);
		else
			abuf_append(out, &value[i], 1);
	}
}

void
ldap_filter_match(struct abuf *out, const char *attr, const char *value,
		  const char *extra)
{
	bool and = extra != NULL && *extra != '\0';

	if (and)
		abuf_append_str(out, "(&");
	abuf_printf(out, "(%s=", attr);
	ldap_filter_escape(out, value, strlen(value));
	abuf_append_str(out, ")");
	if (and) {
		abuf_append_str(out, extra);
		abuf_append_str(out, ")");
	}
}

void
ldap_filter_emailmap(struct abuf *out, const char *tmpl, const char *user,
		     const char *realm)
{
	const char *p = tmpl;

	while (*p != '\0') {
		if (strncmp(p, "@user@", 6) == 0) {
			ldap_filter_escape(out, user, strlen(user));
			p += 6;
		} else if (strncmp(p, "@realm@", 7) == 0) {
			ldap_filter_escape(out, realm, strlen(realm));
			p += 7;
		} else {
			abuf_append(out, p, 1);
			p++;
		}
	}
	if (out->data == NULL)
		abuf_append(out, "", 0);
}
