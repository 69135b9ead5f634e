/*
 * Fuzz target: the DATA decoder. The input is decoded whole and again in
 * pieces whose sizes come from the first byte; both must agree (the
 * network may cut the stream anywhere) and the output never exceeds the
 * bound the header promises.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lmtp/lmtp-data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lmtp_data whole, parts;
	char *out1, *out2;
	size_t len1, used1, len2 = 0, used2 = 0, step;

	if (size < 1)
		return 0;
	step = (size_t)data[0] % 7 + 1;
	data++;
	size--;
	out1 = malloc(size + 1);
	out2 = malloc(size + 1);
	lmtp_data_init(&whole, 0);
	used1 = lmtp_data_decode(&whole, (const char *)data, size, out1, &len1);
	lmtp_data_init(&parts, 0);
	while (used2 < size && !parts.done) {
		size_t n = size - used2 < step ? size - used2 : step, olen;
		char buf[8];
		size_t used = lmtp_data_decode(&parts, (const char *)data + used2,
					       n, buf, &olen);

		if (olen > n + 1)
			__builtin_trap();
		memcpy(out2 + len2, buf, olen);
		len2 += olen;
		used2 += used;
	}
	if (used1 != used2 || whole.done != parts.done ||
	    (whole.done && (len1 != len2 || memcmp(out1, out2, len1) != 0)))
		__builtin_trap();
	free(out1);
	free(out2);
	return 0;
}
