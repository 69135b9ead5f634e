/* Fuzzes the field-style settings parser (authldaprc and friends). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_value(const char *key, const char *value, void *context)
{
	size_t len = strlen(value);

	(void)context;
	if (key[0] == '\0' || len > SETTINGS_VALUE_MAX)
		abort();
	/* Values are trimmed. */
	if (len > 0 && (value[0] == ' ' || value[0] == '\t' ||
			value[len - 1] == ' ' || value[len - 1] == '\t'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings *set = settings_new();
	const char *error = NULL;

	if (settings_parse_fields(set, "fuzz", (const char *)data, size,
				  &error) < 0 &&
	    strncmp(error, "fuzz:", 5) != 0)
		abort();
	settings_foreach(set, check_value, NULL);
	settings_free(&set);
	return 0;
}
