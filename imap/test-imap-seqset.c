#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imap-seqset.h"
#include "../tests/unit/tap.h"

static struct arena *arena;

/* Parses str, resolves it against max and writes it back. */
static const char *
resolve(const char *str, uint32_t max)
{
	static char out[256];
	struct imap_seqset set;
	struct imap_seq_range *r;
	unsigned int n;
	const char *error;
	struct buffer buf;

	if (imap_seqset_parse(arena, str, &set, &error) < 0)
		return error;
	if (set.searchres)
		return "$";
	if (imap_seqset_resolve(arena, &set, max, &r, &n) < 0)
		return "arena";
	buffer_init(&buf, sizeof(out) - 1);
	if (imap_seq_write(&buf, r, n) < 0)
		return "overflow";
	snprintf(out, sizeof(out), "%s", buffer_cstr(&buf));
	buffer_deinit(&buf);
	return out;
}

static void
test_parse(void)
{
	const char *bad[] = {"",
			     "0",
			     "01",
			     "1:",
			     ":1",
			     "1,",
			     ",1",
			     "1,,2",
			     "1:2:3",
			     "a",
			     "1 ",
			     " 1",
			     "-1",
			     "+1",
			     "1:0",
			     "4294967296",
			     "18446744073709551616",
			     "**",
			     "*:",
			     "$,1",
			     "1,$",
			     "1.5",
			     NULL};
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		is_str(resolve(bad[i], 10), "Invalid sequence set", bad[i]);
	is_str(resolve("4294967295", 10), "4294967295", "max nz-number");
	is_str(resolve("1:4294967295", 10), "1:4294967295", "full range");
	is_str(resolve("$", 10), "$", "searchres");
	is_str(resolve("7", 10), "7", "single");
	is_str(resolve("2:4", 10), "2:4", "range");
	is_str(resolve("4:2", 10), "2:4", "reversed range");
	is_str(resolve("1:*", 10), "1:10", "star");
	is_str(resolve("*", 10), "10", "lone star");
	is_str(resolve("*:3", 10), "3:10", "star first");
	is_str(resolve("20:*", 10), "10:20", "beyond max: reversed");
	is_str(resolve("1:*", 0), "1", "empty mailbox 1:*");
	is_str(resolve("*", 0), "", "empty mailbox *");
	is_str(resolve("5,1,3", 10), "1,3,5", "sorted");
	is_str(resolve("1:3,2:6,7,9,10", 20), "1:7,9:10", "merged");
	is_str(resolve("4294967295,1:4294967295", 1), "1:4294967295",
	       "merge at the top");
	is_str(resolve("4294967294:4294967295,1", 1), "1,4294967294:4294967295",
	       "top range");
}

static void
test_queries(void)
{
	struct imap_seqset set;
	struct imap_seq_range *r;
	unsigned int n;
	const char *error;

	ok(imap_seqset_parse(arena, "1:3,7,10:12,*", &set, &error) == 0,
	   "parse");
	ok(set.count == 4 && set.ranges[3].first == IMAP_SEQ_STAR, "star kept");
	ok(imap_seqset_resolve(arena, &set, 20, &r, &n) == 0 && n == 4,
	   "resolve");
	ok(imap_seq_contains(r, n, 1) && imap_seq_contains(r, n, 3) &&
	       !imap_seq_contains(r, n, 4) && imap_seq_contains(r, n, 7) &&
	       !imap_seq_contains(r, n, 9) && imap_seq_contains(r, n, 12) &&
	       imap_seq_contains(r, n, 20) && !imap_seq_contains(r, n, 0) &&
	       !imap_seq_contains(r, n, 21),
	   "contains");
	is_int(imap_seq_total(r, n), 8, "total");
	is_int(imap_seq_max(r, n), 20, "max");
	ok(imap_seqset_parse(arena, "1:4294967295", &set, &error) == 0 &&
	       imap_seqset_resolve(arena, &set, 5, &r, &n) == 0 &&
	       imap_seq_total(r, n) == 4294967295ULL,
	   "total of the whole range");
}

static void
test_bounded(void)
{
	struct arena *small = arena_new(1024, 4096);
	struct imap_seqset set;
	const char *error;
	char *big = malloc(20001);
	size_t i;

	for (i = 0; i < 20000; i += 2)
		memcpy(big + i, "1,", 2);
	big[19999] = '\0';
	ok(imap_seqset_parse(small, big, &set, &error) < 0 &&
	       strcmp(error, "Sequence set too large") == 0,
	   "a capped arena bounds a huge set");
	ok(imap_seqset_parse(arena, big, &set, &error) == 0 &&
	       set.count == 10000,
	   "10000 ranges");
	free(big);
	arena_free(&small);
}

int
main(void)
{
	arena = arena_new(4096, 1 << 20);
	test_parse();
	test_queries();
	test_bounded();
	arena_free(&arena);
	return tap_done();
}
