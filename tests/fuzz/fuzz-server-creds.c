#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server-creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The master's parser of the login process's credentials message: any
   byte string must give need-more, a clean error, or a message whose
   lengths add up. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct server_creds creds;
	const char *error = NULL;
	size_t used = 0;
	int ret;

	ret = server_creds_parse(data, size, &creds, &used, &error);
	if (ret == 1) {
		if (used > size ||
		    used != SERVER_CREDS_HEADER + strlen(creds.authtype) +
				    strlen(creds.user) + creds.authdata_len +
				    creds.leftover_len)
			abort();
	} else if (ret < 0 && error == NULL) {
		abort();
	}
	return 0;
}
