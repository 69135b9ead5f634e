/* Fuzz target: authdaemond's request parser, fed as the daemon feeds it
   (growing prefixes of the input). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "auth-cram.h"
#include "auth-request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct auth_request req;
	struct auth_cram cram;
	enum auth_cram_type type;
	const char *err;
	size_t step = size / 7 + 1, n;

	for (n = 0; n <= size; n += step) {
		if (auth_request_parse((const char *)data, n, &req, &err) != 0)
			break;
	}
	if (auth_request_parse((const char *)data, size, &req, &err) == 1 &&
	    req.type == AUTH_REQUEST_AUTH &&
	    auth_cram_type_parse(req.authtype, &type) == 0 &&
	    auth_cram_parse(type, req.authdata, req.authdata_len, &cram,
			    &err) == 0)
		auth_cram_wipe(&cram);
	return 0;
}
