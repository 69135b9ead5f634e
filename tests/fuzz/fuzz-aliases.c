/* Fuzz target: alias source parsing and expansion. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "../../aliases/alias-table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alias_table *table = alias_table_new("fuzz.example");
	const char *error;

	/* :include: would read real files: the fuzzer must not. */
	if (alias_table_parse(table, "fuzz", (const char *)data, size,
			      &error) == 0)
		(void)alias_table_expand(table, &error);
	alias_table_free(&table);
	return 0;
}
