/* Fuzz target: userdb text lines (makeuserdb, userdb, authuserdb) and
   the field list functions. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "userdb-format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct userdb_line l;
	struct abuf a = ABUF_INIT, b = ABUF_INIT;
	const char *err;
	char *v;

	if (userdb_line_parse((const char *)data, size, &l, &err) != 1)
		return 0;
	v = userdb_field_get(l.fields, l.fields_len, "uid");
	free(v);
	userdb_fields_split(l.fields, l.fields_len, &a, &b);
	abuf_reset(&a);
	userdb_fields_update(l.fields, l.fields_len, "systempw", "x", &a);
	userdb_fields_update(l.fields, l.fields_len, "home", NULL, &b);
	abuf_free(&a);
	abuf_free(&b);
	return 0;
}
