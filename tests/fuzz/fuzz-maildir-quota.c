/*
 * Fuzz target: the maildirsize file and quota strings
 * (maildirsize_parse, maildir_quota_parse/format). A quota that parses must
 * format and parse back to the same limits.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../maildir/maildir-quota.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct maildirsize m;
	struct maildir_quota q, again;
	const char *error, *nl;
	char buf[MAILDIR_QUOTA_STR_MAX + 1], line[MAILDIRSIZE_LINE_BUF];
	int n;

	if (maildirsize_parse((const char *)data, size, &m, &error) == 0) {
		/* Every total is representable as a Courier line. */
		if (maildirsize_format_line(m.usage.bytes, m.usage.count,
					    line) == 0)
			abort();
	}
	nl = memchr(data, '\n', size);
	if (maildir_quota_parse((const char *)data,
				nl != NULL ? (size_t)(nl - (const char *)data)
					   : size,
				&q) == 0) {
		n = maildir_quota_format(&q, buf, sizeof(buf));
		if (maildir_quota_is_set(&q) &&
		    (n <= 0 || maildir_quota_parse(buf, (size_t)n, &again) < 0 ||
		     !maildir_quota_equal(&q, &again)))
			abort();
	}
	return 0;
}
