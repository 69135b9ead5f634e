/*
 * Fuzzes sequence-set parsing and resolution: a resolved set must be
 * ascending, non-overlapping and non-adjacent, within 1..max (or a "*"
 * range's own numbers), and writing it out and parsing it again must
 * resolve to the same ranges.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../imap/imap-seqset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_resolved(const struct imap_seq_range *r, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (r[i].first == 0 || r[i].first > r[i].last)
			abort();
		if (i > 0 && (uint64_t)r[i - 1].last + 1 >= r[i].first)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena;
	struct imap_seqset set, set2;
	struct imap_seq_range *r, *r2;
	unsigned int n, n2;
	const char *error;
	struct buffer buf;
	uint32_t max;
	char *str;

	if (size < 4)
		return 0;
	memcpy(&max, data, 4);
	data += 4;
	size -= 4;
	str = malloc(size + 1);
	memcpy(str, data, size);
	str[size] = '\0';
	arena = arena_new(4096, 64 * 1024 * 1024);
	buffer_init(&buf, 1 << 24);
	if (imap_seqset_parse(arena, str, &set, &error) == 0 &&
	    !set.searchres) {
		if (imap_seqset_resolve(arena, &set, max, &r, &n) < 0)
			abort();
		check_resolved(r, n);
		if (imap_seq_write(&buf, r, n) < 0)
			abort();
		if (n > 0) {
			if (imap_seqset_parse(arena, buffer_cstr(&buf), &set2,
					      &error) < 0 ||
			    imap_seqset_resolve(arena, &set2, max, &r2, &n2) <
				0 ||
			    n2 != n || memcmp(r, r2, n * sizeof(*r)) != 0)
				abort();
			if (!imap_seq_contains(r, n, r[0].first) ||
			    !imap_seq_contains(r, n, r[n - 1].last))
				abort();
		}
	}
	buffer_deinit(&buf);
	arena_free(&arena);
	free(str);
	return 0;
}
