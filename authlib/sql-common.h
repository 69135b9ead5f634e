#ifndef ESTAFETTE_SQL_COMMON_H
#define ESTAFETTE_SQL_COMMON_H

/*
 * What authsqlite and authpgsql share: Courier's *_FIELD / *_CLAUSE keys
 * turned into three statements, the parameter values, and the mapping of
 * result columns to a record.
 *
 * Statements use parameters 1..SQL_PARAM_COUNT (sql-template.h): the
 * generated ones compare the login column with parameter SQL_PARAM_USER.
 * SELECT returns 10 columns: login, crypted password, clear password, uid,
 * gid, home, maildir, quota, full name, options. ENUMERATE returns 6: name,
 * uid, gid, home, maildir, options.
 */

#include "auth-module.h"
#include "settings.h"
#include "sql-template.h"

struct sql_queries {
	char *select;
	char *enumerate;
	char *chpass;
	char *default_domain;
};

/* prefix is "SQLITE_" or "PGSQL_". Returns 0, or -1 with a malloc()ed
   *error_r (a custom clause that does not parse). */
int sql_queries_init(struct sql_queries *q, const struct settings *set,
		     const char *prefix, enum sql_dialect dialect,
		     char **error_r);
void sql_queries_free(struct sql_queries *q);

struct sql_params {
	char *user;		/* login with DEFAULT_DOMAIN applied */
	char *local_part;
	const char *values[SQL_PARAM_COUNT];	/* index = param - 1 */
};

/* Fills p for one request; newpass/newcrypt may be NULL. */
void sql_params_init(struct sql_params *p, const struct sql_queries *q,
		     const char *user, const char *service,
		     const char *newpass, const char *newcrypt);
void sql_params_free(struct sql_params *p);

/* cols[0..9] of a SELECT row (NULL = SQL NULL). NAME is always sent,
   even empty, as by Courier's SQL modules; empty PASSWD and PASSWD2 are
   sent only with empty_passwords (Courier's authsqlite does, its authpgsql
   does not). */
enum auth_result sql_row_to_record(const char *const *cols,
				   const char *user, bool empty_passwords,
				   struct auth_record *rec);
/* cols[0..5] of an ENUMERATE row; -1 when the row is unusable. */
int sql_row_to_entry(const char *const *cols, struct auth_enum_entry *e);

/* Checks oldpass against a record from the SELECT. */
bool sql_old_password_ok(const struct auth_record *rec, const char *oldpass);

#endif
