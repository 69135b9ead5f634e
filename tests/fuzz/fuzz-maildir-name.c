/*
 * Fuzz target: maildir message file names and ":2," flags
 * (maildir_name_parse, maildir_flags_parse/format, maildir_name_with_flags).
 * A name that parses must re-format to a name that parses to the same
 * base, size and flags.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../maildir/maildir-name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_roundtrip(const struct maildir_name *n)
{
	char buf[MAILDIR_NAME_BUF], letters[MAILDIR_FLAGS_BUF];
	struct maildir_name again;
	const char *error;
	uint64_t flags;
	size_t len;

	if (maildir_name_with_flags(n->base, n->base_len, n->flags, buf,
				    sizeof(buf)) < 0)
		return;
	if (maildir_name_parse(buf, &again, &error) < 0 ||
	    again.base_len != n->base_len || again.flags != n->flags ||
	    again.have_size != n->have_size ||
	    (n->have_size && again.size != n->size))
		abort();
	len = maildir_flags_format(n->flags, letters);
	if (maildir_flags_parse(letters, len, &flags) < 0 || flags != n->flags)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[MAILDIR_NAME_BUF * 2];
	struct maildir_name n;
	const char *error;
	uint64_t flags;

	if (size >= sizeof(name))
		size = sizeof(name) - 1;
	memcpy(name, data, size);
	name[size] = '\0';
	(void)maildir_flags_parse(name, size, &flags);
	if (maildir_name_parse(name, &n, &error) == 0) {
		if (n.base_len == 0 || n.base_len > strlen(name))
			abort();
		check_roundtrip(&n);
	}
	return 0;
}
