/* Fuzz target: Date: header and IMAP date parsing, formatting. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../rfc822/rfc822-date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char buf[IMAP_DATETIME_SIZE];
	time_t t, t2;
	int tz, tz2;

	if (rfc822_date_parse(s, size, &t, &tz) == 0) {
		if (tz < -24 * 60 || tz > 24 * 60)
			abort();
		imap_datetime_format(t, tz, buf);
		/* What we write, we read back. */
		if (imap_datetime_parse(buf, 26, &t2, &tz2) < 0 ||
		    ((t2 != t || tz2 != tz) &&
		     strcmp(buf, "01-Jan-1970 00:00:00 +0000") != 0))
			abort();
	}
	(void)imap_datetime_parse(s, size, &t, &tz);
	(void)imap_date_parse(s, size, &t);
	return 0;
}
