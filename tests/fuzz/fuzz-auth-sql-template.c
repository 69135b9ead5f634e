/* Fuzz target: the custom SQL clause rewriter (admin input, but it
   decides what becomes a bound parameter). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql-template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct abuf out = ABUF_INIT;
	char *tmpl = xstrndup((const char *)data, size);
	const char *err;

	if (sql_template_expand(tmpl, SQL_DIALECT_SQLITE, &out, &err) == 0 &&
	    strstr(out.data, "$(") != NULL && strstr(tmpl, "$(") == NULL)
		abort(); /* a placeholder cannot appear from nowhere */
	abuf_free(&out);
	sql_template_expand(tmpl, SQL_DIALECT_PGSQL, &out, &err);
	abuf_free(&out);
	free(tmpl);
	return 0;
}
