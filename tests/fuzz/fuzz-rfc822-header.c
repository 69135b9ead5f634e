/* Fuzz target: header iteration, unfolding, CRLF conversion. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../rfc822/rfc822-header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *msg = (const char *)data;
	struct rfc822_header_limits lim = {4096, 512, 64};
	struct rfc822_header_iter iter;
	struct rfc822_field field;
	struct rfc822_header_info info;
	struct buffer buf;

	buffer_init(&buf, 1024);
	rfc822_header_iter_init(&iter, msg, size, &lim);
	while (rfc822_header_iter_next(&iter, &field)) {
		if (field.offset + field.size > size ||
		    field.value_len > lim.max_field_size)
			abort();
		buffer_clear(&buf);
		(void)rfc822_field_unfold(&field, &buf);
	}
	rfc822_header_iter_finish(&iter, &info);
	if (info.size > size || info.crlf_size < info.size)
		abort();
	buffer_clear(&buf);
	(void)rfc822_append_crlf(&buf, msg, size < 512 ? size : 512);
	buffer_deinit(&buf);
	return 0;
}
