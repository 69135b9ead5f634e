/*
 * IMAP sequence sets (imap-seqset.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imap-seqset.h"

/* nz-number or "*" at *str; advances *str past it. */
static int
parse_number(const char **str, uint32_t *num_r)
{
	const char *s = *str;
	uint64_t n = 0;

	if (*s == '*') {
		*num_r = IMAP_SEQ_STAR;
		*str = s + 1;
		return 0;
	}
	if (*s < '1' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > UINT32_MAX)
			return -1;
	}
	*num_r = (uint32_t)n;
	*str = s;
	return 0;
}

int
imap_seqset_parse(struct arena *arena, const char *str,
		  struct imap_seqset *set_r, const char **error_r)
{
	size_t max = strlen(str) / 2 + 1;
	struct imap_seq_range *ranges;
	unsigned int count = 0;
	uint32_t a, b;

	memset(set_r, 0, sizeof(*set_r));
	if (strcmp(str, "$") == 0) {
		set_r->searchres = true;
		return 0;
	}
	ranges = arena_calloc(arena, max, sizeof(*ranges));
	if (ranges == NULL) {
		*error_r = "Sequence set too large";
		return -1;
	}
	for (;;) {
		if (parse_number(&str, &a) < 0)
			goto invalid;
		b = a;
		if (*str == ':') {
			str++;
			if (parse_number(&str, &b) < 0)
				goto invalid;
		}
		ranges[count].first = a;
		ranges[count].last = b;
		count++;
		if (*str == '\0')
			break;
		if (*str++ != ',')
			goto invalid;
	}
	set_r->ranges = ranges;
	set_r->count = count;
	return 0;
invalid:
	*error_r = "Invalid sequence set";
	return -1;
}

static int
cmp_range(const void *a, const void *b)
{
	const struct imap_seq_range *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return 0;
}

int
imap_seqset_resolve(struct arena *arena, const struct imap_seqset *set,
		    uint32_t max, struct imap_seq_range **ranges_r,
		    unsigned int *count_r)
{
	struct imap_seq_range *out;
	unsigned int i, n = 0, m;
	uint32_t a, b, t;

	out = arena_calloc(arena, set->count + 1, sizeof(*out));
	if (out == NULL)
		return -1;
	for (i = 0; i < set->count; i++) {
		a = set->ranges[i].first == IMAP_SEQ_STAR
			? max
			: set->ranges[i].first;
		b = set->ranges[i].last == IMAP_SEQ_STAR ? max
							 : set->ranges[i].last;
		if (a > b)
			t = a, a = b, b = t;
		if (b == 0)
			continue; /* "*" in an empty mailbox */
		if (a == 0)
			a = 1;
		out[n].first = a;
		out[n].last = b;
		n++;
	}
	qsort(out, n, sizeof(*out), cmp_range);
	/* Merge overlapping and adjacent ranges in place. */
	m = n > 0 ? 1 : 0;
	for (i = 1; i < n; i++) {
		struct imap_seq_range *prev = &out[m - 1];

		if (prev->last == UINT32_MAX ||
		    out[i].first <= prev->last + 1) {
			if (out[i].last > prev->last)
				prev->last = out[i].last;
		} else {
			out[m++] = out[i];
		}
	}
	*ranges_r = out;
	*count_r = m;
	return 0;
}

bool
imap_seq_contains(const struct imap_seq_range *ranges, unsigned int count,
		  uint32_t n)
{
	unsigned int lo = 0, hi = count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (n < ranges[mid].first)
			hi = mid;
		else if (n > ranges[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

uint64_t
imap_seq_total(const struct imap_seq_range *ranges, unsigned int count)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < count; i++)
		total += (uint64_t)ranges[i].last - ranges[i].first + 1;
	return total;
}

uint32_t
imap_seq_max(const struct imap_seq_range *ranges, unsigned int count)
{
	return count == 0 ? 0 : ranges[count - 1].last;
}

int
imap_seq_write(struct buffer *out, const struct imap_seq_range *ranges,
	       unsigned int count)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < count && ret == 0; i++) {
		if (i > 0)
			ret = buffer_append_c(out, ',');
		if (ret == 0 && ranges[i].first == ranges[i].last)
			ret = buffer_printf(out, "%u", ranges[i].first);
		else if (ret == 0)
			ret = buffer_printf(out, "%u:%u", ranges[i].first,
					    ranges[i].last);
	}
	return ret;
}
