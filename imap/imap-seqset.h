#ifndef ESTAFETTE_IMAP_SEQSET_H
#define ESTAFETTE_IMAP_SEQSET_H

/*
 * IMAP sequence sets (RFC 3501 sequence-set, RFC 5182 "$"): "1", "2:4",
 * "7:*", "*:3", "1,3:5,9". Numbers are nz-number (1..4294967295, no
 * leading zero, no sign, no overflow); "*" is kept as IMAP_SEQ_STAR until
 * the set is resolved against the mailbox's largest number.
 *
 * Memory comes from the caller's arena (a set has at most one range per
 * two input bytes, so a bounded command line gives a bounded set).
 */

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buffer.h"

#define IMAP_SEQ_STAR 0 /* "*" in a parsed range */

struct imap_seq_range {
	uint32_t first, last;
};

struct imap_seqset {
	/* As written: a range may be reversed and hold IMAP_SEQ_STAR. */
	struct imap_seq_range *ranges;
	unsigned int count;
	/* The set is "$": the saved SEARCH result (count is 0). */
	bool searchres;
};

/* Parses str. Returns 0, or -1 with *error_r (static text). */
int imap_seqset_parse(struct arena *arena, const char *str,
		      struct imap_seqset *set_r, const char **error_r);

/*
 * Replaces "*" with max (the message count or the largest UID), orders
 * every range, then sorts and merges them: the result is ascending,
 * non-overlapping, non-adjacent, with no 0 (an empty mailbox resolves
 * "1:*" to nothing). Returns 0, or -1 when the arena is full. Not for a
 * searchres set.
 */
int imap_seqset_resolve(struct arena *arena, const struct imap_seqset *set,
			uint32_t max, struct imap_seq_range **ranges_r,
			unsigned int *count_r);

/* On resolved ranges: is n in them (binary search)? */
bool imap_seq_contains(const struct imap_seq_range *ranges, unsigned int count,
		       uint32_t n);
/* On resolved ranges: how many numbers they hold. */
uint64_t imap_seq_total(const struct imap_seq_range *ranges,
			unsigned int count);
/* On resolved ranges: the largest number (0 if empty). */
uint32_t imap_seq_max(const struct imap_seq_range *ranges, unsigned int count);

/* Writes resolved ranges as "1:3,7" (COPYUID, APPENDUID, ESEARCH ALL).
   Returns -1 if the buffer's cap is reached. */
int imap_seq_write(struct buffer *out, const struct imap_seq_range *ranges,
		   unsigned int count);

#endif
