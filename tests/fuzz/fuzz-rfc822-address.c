/* Fuzz target: address-list and Message-ID list parsing. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../rfc822/imap-envelope.h"
#include "../../rfc822/rfc822-address.h"
#include "../../rfc822/rfc822-msgid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_msgids(struct arena *arena, const char *data, size_t size)
{
	const char **ids;
	unsigned int n, i;

	if (rfc822_msgid_list_parse(arena, data, size, &ids, &n) < 0)
		return;
	for (i = 0; i < n; i++) {
		if (strchr(ids[i], '@') == NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new(4096, 4 * 1024 * 1024);
	struct rfc822_address *list, *a;
	struct buffer out;

	buffer_init(&out, 1024 * 1024);
	if (rfc822_address_parse(arena, (const char *)data, size, 100, &list) ==
	    0) {
		for (a = list; a != NULL; a = a->next) {
			if (a->domain != NULL && a->mailbox == NULL)
				abort();
		}
		(void)imap_address_list_write(&out, list);
	}
	check_msgids(arena, (const char *)data, size);
	buffer_deinit(&out);
	arena_free(&arena);
	return 0;
}
