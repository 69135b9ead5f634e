#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sql-template.h"
#include "../tests/unit/tap.h"

static void
expand(const char *tmpl, enum sql_dialect d, const char *want,
       const char *name)
{
	struct abuf out = ABUF_INIT;
	const char *err = NULL;
	int r = sql_template_expand(tmpl, d, &out, &err);

	if (want == NULL)
		ok(r < 0 && err != NULL, "%s: refused", name);
	else if (!ok(r == 0 && strcmp(out.data, want) == 0, "%s", name))
		printf("# got %s\n", r == 0 ? out.data : err);
	abuf_free(&out);
}

int
main(void)
{
	expand("SELECT a FROM t WHERE id = '$(local_part)@$(domain)'",
	       SQL_DIALECT_SQLITE,
	       "SELECT a FROM t WHERE id = ''||?1||'@'||?2||''",
	       "placeholders inside a literal");
	expand("WHERE svc = $(service)", SQL_DIALECT_SQLITE,
	       "WHERE svc = ?3", "placeholder outside quotes");
	expand("WHERE svc = $(service)", SQL_DIALECT_PGSQL, "WHERE svc = $3",
	       "PostgreSQL parameter");
	expand("SET c='$(newpass_crypt)', p='$(newpass)'", SQL_DIALECT_PGSQL,
	       "SET c=''||$6||'', p=''||$5||''", "CHPASS placeholders");
	expand("WHERE a = 'it''s $(domain)'", SQL_DIALECT_SQLITE,
	       "WHERE a = 'it''s '||?2||''", "doubled quote in a literal");
	expand("SELECT \"$(domain)\"", SQL_DIALECT_SQLITE, NULL,
	       "placeholder in an identifier");
	expand("WHERE a = $(user)", SQL_DIALECT_SQLITE, NULL,
	       "unknown placeholder");
	expand("WHERE a = $(domain", SQL_DIALECT_SQLITE, NULL,
	       "unterminated placeholder");
	expand("WHERE a = 'x", SQL_DIALECT_SQLITE, NULL, "unterminated quote");
	expand("SELECT 1", SQL_DIALECT_SQLITE, "SELECT 1", "no placeholder");
	expand("", SQL_DIALECT_SQLITE, "", "empty");
	expand("a $ b $x", SQL_DIALECT_SQLITE, "a $ b $x", "lone dollars");
	return tap_done();
}
