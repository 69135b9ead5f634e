#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lmtp-data.h"
#include "../tests/unit/tap.h"

/* Decodes input split into chunks of `chunk` bytes; returns the decoded
   text (static) and the number of bytes consumed. */
static const char *
decode(const char *input, size_t len, size_t chunk, uint64_t max,
       size_t *consumed_r, struct lmtp_data *d)
{
	static char out[8192];
	size_t total = 0, pos = 0;

	lmtp_data_init(d, max);
	while (pos < len && !d->done) {
		char buf[8192];
		size_t n = len - pos < chunk ? len - pos : chunk, olen;
		size_t used = lmtp_data_decode(d, input + pos, n, buf, &olen);

		memcpy(out + total, buf, olen);
		total += olen;
		pos += used;
		if (used < n)
			break;
	}
	out[total] = '\0';
	*consumed_r = pos;
	return out;
}

static void
check_all_splits(const char *name, const char *input, const char *want,
		 size_t want_consumed)
{
	struct lmtp_data d;
	size_t chunk, consumed;
	bool all = true;

	for (chunk = 1; chunk <= strlen(input); chunk++) {
		const char *got = decode(input, strlen(input), chunk, 0,
					 &consumed, &d);

		if (strcmp(got, want) != 0 || consumed != want_consumed ||
		    !d.done) {
			all = false;
			printf("# chunk %zu: got \"%s\" consumed %zu\n", chunk,
			       got, consumed);
			break;
		}
	}
	ok(all, "%s (every split)", name);
}

int
main(void)
{
	struct lmtp_data d;
	size_t consumed;
	const char *in;

	check_all_splits("CRLF becomes LF, end found",
			 "Subject: x\r\n\r\nhello\r\n.\r\n",
			 "Subject: x\n\nhello\n", 24);
	check_all_splits("dot stuffing undone",
			 "..leading dot\r\n...\r\nx.y\r\n.\r\n",
			 ".leading dot\n..\nx.y\n", 28);
	check_all_splits("bare CR kept, bare LF accepted",
			 "a\rb\nc\r\r\n.\r\n", "a\rb\nc\r\n", 11);
	in = "body\r\n.\r\nRSET\r\n";
	check_all_splits("pipelined command left unconsumed", in, "body\n", 9);
	check_all_splits("empty message", ".\r\n", "", 3);
	check_all_splits("lenient .LF end", "x\n.\nQUIT\r\n", "x\n", 4);
	check_all_splits("dot line with CR and text", ".\rx\r\n.\r\n",
			 "\rx\n", 8);

	in = "x\r\n.";
	decode(in, strlen(in), 100, 0, &consumed, &d);
	ok(!d.done && consumed == strlen(in), "no end without CRLF after dot");

	in = "0123456789\r\n.\r\n";
	decode(in, strlen(in), 3, 11, &consumed, &d);
	ok(d.done && !d.too_big && d.size == 11, "size at the limit is fine");
	decode(in, strlen(in), 3, 10, &consumed, &d);
	ok(d.done && d.too_big && d.size == 11 && consumed == strlen(in),
	   "one byte over: too_big, stream still ends in sync");
	return tap_done();
}
