/*
 * Fuzzes modified UTF-7: input that decodes must encode back to the same
 * bytes, and input that is valid UTF-8 must encode to modified UTF-7 that
 * decodes back to it.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../imap/imap-utf7.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buffer a, b;
	char *str;

	str = malloc(size + 1);
	memcpy(str, data, size);
	str[size] = '\0';
	buffer_init(&a, size * 8 + 16);
	buffer_init(&b, size * 8 + 16);
	if (imap_utf7_to_utf8(str, &a) == 0) {
		if (!imap_utf7_valid(str) ||
		    !imap_utf8_valid(buffer_cstr(&a), buffer_len(&a)) ||
		    imap_utf8_to_utf7(buffer_cstr(&a), &b) < 0 ||
		    strcmp(buffer_cstr(&b), str) != 0)
			abort();
	} else if (imap_utf7_valid(str)) {
		abort();
	}
	buffer_clear(&a);
	buffer_clear(&b);
	if (imap_utf8_to_utf7(str, &a) == 0) {
		if (!imap_utf8_valid(str, strlen(str)) ||
		    imap_utf7_to_utf8(buffer_cstr(&a), &b) < 0 ||
		    strcmp(buffer_cstr(&b), str) != 0)
			abort();
	} else if (imap_utf8_valid(str, strlen(str))) {
		abort();
	}
	buffer_deinit(&a);
	buffer_deinit(&b);
	free(str);
	return 0;
}
