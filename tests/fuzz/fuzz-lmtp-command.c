/* Fuzz target: LMTP command lines. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../lmtp/lmtp-command.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lmtp_command cmd;
	const char *reply;

	if (lmtp_command_parse((const char *)data, size, &cmd, &reply) == 0) {
		/* What was kept is a NUL-terminated string within bounds. */
		if (strlen(cmd.arg) > LMTP_PATH_MAX)
			__builtin_trap();
	} else if (reply == NULL || (reply[0] != '5' && reply[0] != '4')) {
		__builtin_trap();
	}
	return 0;
}
