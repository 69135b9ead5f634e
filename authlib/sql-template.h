#ifndef ESTAFETTE_SQL_TEMPLATE_H
#define ESTAFETTE_SQL_TEMPLATE_H

/*
 * Courier's custom SQL clauses (*_SELECT_CLAUSE, *_ENUMERATE_CLAUSE,
 * *_CHPASS_CLAUSE) contain placeholders $(local_part), $(domain),
 * $(service), $(newpass), $(newpass_crypt), usually inside quotes:
 *
 *   ... WHERE id = '$(local_part)@$(domain)'
 *
 * Instead of pasting escaped values into the text, every placeholder
 * becomes a bound parameter: outside quotes "$(x)" -> "?N" (SQLite) or
 * "$N" (PostgreSQL); inside a '...' literal the literal is split:
 * "'$(local_part)@$(domain)'" -> "''||?1||'@'||?2||''". Whatever the
 * user name holds, it never becomes SQL. A placeholder inside a "quoted
 * identifier" or an unknown placeholder is an error.
 */

enum sql_dialect {
	SQL_DIALECT_SQLITE,
	SQL_DIALECT_PGSQL,
};

/* Parameter numbers (1-based) of the placeholders. */
enum sql_param {
	SQL_PARAM_LOCAL_PART = 1,
	SQL_PARAM_DOMAIN = 2,
	SQL_PARAM_SERVICE = 3,
	SQL_PARAM_USER = 4,	/* whole login: our generated queries */
	SQL_PARAM_NEWPASS = 5,
	SQL_PARAM_NEWPASS_CRYPT = 6,
	SQL_PARAM_COUNT = 6,
};

#include "auth-str.h"

/* Appends the rewritten template to out. Returns 0 or -1 (*error_r). */
int sql_template_expand(const char *tmpl, enum sql_dialect dialect,
			struct abuf *out, const char **error_r);

#endif
