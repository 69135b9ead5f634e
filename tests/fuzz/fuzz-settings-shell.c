/* Fuzzes the shell-style settings parser (imapd, pop3d, authdaemonrc). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_value(const char *key, const char *value, void *context)
{
	size_t *count = context;

	/* Keys from files are names; values respect the cap. */
	if (key[0] == '\0' || strlen(value) > SETTINGS_VALUE_MAX)
		abort();
	(*count)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings *set = settings_new();
	const char *error = NULL;
	size_t count = 0;
	uint64_t num;
	bool b;

	settings_set(set, "IMAP_CAPABILITY", "IMAP4rev1 IDLE");
	/* Twice into one set: the second pass expands names of the first. */
	if (settings_parse_shell(set, "fuzz", (const char *)data, size,
				 &error) < 0 && strncmp(error, "fuzz:", 5) != 0)
		abort();
	error = NULL;
	if (settings_parse_shell(set, "fuzz2", (const char *)data, size,
				 &error) < 0 && error == NULL)
		abort();
	settings_foreach(set, check_value, &count);
	if (count == 0 || count > SETTINGS_KEYS_MAX + 1)
		abort();
	(void)settings_get_uint(set, "PORT", 143, &num, &error);
	(void)settings_get_bool(set, "IMAP_ACL", true, &b, &error);
	settings_free(&set);
	return 0;
}
