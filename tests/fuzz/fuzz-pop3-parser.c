#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pop3-parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A POP3 command line as the line reader hands it over. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pop3_command cmd;
	unsigned int n, i;
	char *line;

	if (size > 65536)
		return 0;
	line = malloc(size + 1);
	if (line == NULL)
		return 0;
	memcpy(line, data, size);
	if (pop3_parse(line, size, &cmd) == 0) {
		if (strlen(cmd.verb) < 3 || cmd.argc > POP3_MAX_ARGS)
			abort();
		for (i = 0; i < cmd.argc; i++) {
			if (cmd.args[i] < line || cmd.args[i] > line + size)
				abort();
			(void)pop3_parse_msgnum(cmd.args[i], 1000, &n);
		}
	}
	free(line);
	return 0;
}
