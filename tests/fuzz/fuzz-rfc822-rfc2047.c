/* Fuzz target: RFC 2047 decoding, charset conversion, base subject. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../rfc822/charset-utf8.h"
#include "../../rfc822/imap-base-subject.h"
#include "../../rfc822/rfc2047.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buffer out;
	bool re;

	buffer_init(&out, size * 4 + 64);
	if (rfc2047_decode((const char *)data, size, &out) == 0 &&
	    !utf8_is_valid(buffer_data(&out), buffer_len(&out)))
		abort();
	buffer_clear(&out);
	(void)imap_base_subject((const char *)data, size, &out, &re);
	buffer_deinit(&out);
	return 0;
}
