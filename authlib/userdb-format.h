#ifndef ESTAFETTE_USERDB_FORMAT_H
#define ESTAFETTE_USERDB_FORMAT_H

/*
 * Courier's userdb text format, one account per line:
 *
 *   addr<TAB>field=value|field=value|...
 *
 * Blank lines and lines starting with '#' are ignored. Fields Courier
 * defines: uid gid home shell mail quota gecos options, and passwords
 * "systempw" and "<service>pw" (imappw, pop3pw, ...). makeuserdb moves
 * every field whose name ends in "pw" to userdbshadow.dat. A value cannot
 * hold '|' or a line break; an address cannot hold a TAB or control
 * characters.
 */

#include <stdbool.h>
#include <stddef.h>

#include "auth-str.h"

#define USERDB_MAX_LINE 16384

struct userdb_line {
	const char *addr;
	size_t addr_len;
	const char *fields;
	size_t fields_len;
};

/*
 * Splits line[0..len) (without its '\n'). Returns 1 for an account line,
 * 0 for a blank or comment line, -1 when malformed (*error_r static).
 * Pointers in *out point into line.
 */
int userdb_line_parse(const char *line, size_t len, struct userdb_line *out,
		      const char **error_r);

/* The value of field name in "f=v|f=v" (malloc()ed), or NULL. */
char *userdb_field_get(const char *fields, size_t len, const char *name);

/* True for a field name that belongs in userdbshadow.dat ("...pw"). */
bool userdb_field_is_secret(const char *name, size_t len);

/* True if name is a valid field name (letters, digits, '-', '_'). */
bool userdb_field_name_valid(const char *name, size_t len);
/* True if value can be stored (no '|', no control characters). */
bool userdb_field_value_valid(const char *value);

/*
 * Appends fields to out with field name set to value (value NULL removes
 * the field). Other fields keep their order; a new field goes last.
 */
void userdb_fields_update(const char *fields, size_t len, const char *name,
			  const char *value, struct abuf *out);

/* Splits fields into the public part and the "...pw" part. */
void userdb_fields_split(const char *fields, size_t len, struct abuf *pub,
			 struct abuf *secret);

#endif
