#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "pop3-sizelist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* courierpop3dsizelist as found in a maildir (written by the user). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pop3_sizelist list;
	const char *error = NULL;
	size_t i;

	if (pop3_sizelist_parse((const char *)data, size, &list, &error) == 0) {
		for (i = 0; i < list.count; i++) {
			if (pop3_sizelist_find(&list, list.entries[i].name,
					       list.entries[i].base_len) ==
			    NULL)
				abort();
		}
	} else if (list.count != 0 || error == NULL) {
		abort();
	}
	pop3_sizelist_clear(&list);
	return 0;
}
