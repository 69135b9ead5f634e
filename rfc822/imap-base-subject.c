/* RFC 5256 base subject extraction; see imap-base-subject.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "imap-base-subject.h"
#include "rfc2047.h"

struct subj {
	char *s; /* working copy, NUL-terminated */
	size_t start, end;
	bool reply_or_fwd;
	/* The run of blobs from blobs_from ends at blobs_to: remembered so
	   that "[a] [b] [c] ... x" is not rescanned for every blob removed
	   (that would be quadratic). Valid while end does not change. */
	bool blobs_known;
	size_t blobs_from, blobs_to;
};

/* Step 1 (after decoding): tabs and runs of blanks become one space. */
static size_t
collapse_blanks(char *s, size_t len)
{
	size_t i, o = 0;
	bool blank = false;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			blank = true;
			continue;
		}
		if (blank && o > 0)
			s[o++] = ' ';
		blank = false;
		s[o++] = c;
	}
	s[o] = '\0';
	return o;
}

/* Step 2: trailing "(fwd)" and blanks. */
static void
strip_trailers(struct subj *sj)
{
	for (;;) {
		if (sj->end > sj->start && sj->s[sj->end - 1] == ' ') {
			sj->end--;
		} else if (sj->end - sj->start >= 5 &&
			   strncasecmp(sj->s + sj->end - 5, "(fwd)", 5) == 0) {
			sj->end -= 5;
			sj->reply_or_fwd = true;
		} else {
			return;
		}
	}
}

/* A "[blob]" and blanks after it at pos; returns the length or 0. */
static size_t
blob_len(const struct subj *sj, size_t pos)
{
	size_t i = pos;

	if (i >= sj->end || sj->s[i] != '[')
		return 0;
	for (i++; i < sj->end && sj->s[i] != ']'; i++) {
		if (sj->s[i] == '[')
			return 0;
	}
	if (i >= sj->end)
		return 0;
	for (i++; i < sj->end && sj->s[i] == ' '; i++)
		;
	return i - pos;
}

/* subj-refwd at pos: ("re" / "fw" ["d"]) *WSP [blob] ":"; length or 0. */
static size_t
refwd_len(const struct subj *sj, size_t pos)
{
	size_t i = pos, left = sj->end - pos;

	if (left >= 3 && strncasecmp(sj->s + i, "fwd", 3) == 0)
		i += 3;
	else if (left >= 2 && (strncasecmp(sj->s + i, "fw", 2) == 0 ||
			       strncasecmp(sj->s + i, "re", 2) == 0))
		i += 2;
	else
		return 0;
	while (i < sj->end && sj->s[i] == ' ')
		i++;
	i += blob_len(sj, i);
	if (i >= sj->end || sj->s[i] != ':')
		return 0;
	return i + 1 - pos;
}

/* Step 3: subj-leader = (*subj-blob subj-refwd) / WSP. */
static bool
strip_leader(struct subj *sj)
{
	size_t pos = sj->start, n;

	if (pos < sj->end && sj->s[pos] == ' ') {
		sj->start++;
		return true;
	}
	if (sj->blobs_known && sj->blobs_from == pos) {
		pos = sj->blobs_to;
	} else {
		while ((n = blob_len(sj, pos)) > 0)
			pos += n;
		sj->blobs_known = true;
		sj->blobs_from = sj->start;
		sj->blobs_to = pos;
	}
	n = refwd_len(sj, pos);
	if (n == 0)
		return false;
	sj->start = pos + n;
	sj->reply_or_fwd = true;
	return true;
}

/* Step 4: a leading blob, if something is left after it. */
static bool
strip_blob(struct subj *sj)
{
	size_t n = blob_len(sj, sj->start);

	if (n == 0 || sj->start + n >= sj->end)
		return false;
	if (sj->blobs_known && sj->blobs_from == sj->start)
		sj->blobs_from += n; /* the rest of the run ends the same */
	sj->start += n;
	return true;
}

/* Step 6: "[fwd:" ... "]" wrapper. */
static bool
strip_fwd_wrapper(struct subj *sj)
{
	if (sj->end - sj->start < 6 ||
	    strncasecmp(sj->s + sj->start, "[fwd:", 5) != 0 ||
	    sj->s[sj->end - 1] != ']')
		return false;
	sj->start += 5;
	sj->end--;
	sj->reply_or_fwd = true;
	return true;
}

int
imap_base_subject(const char *in, size_t size, struct buffer *out,
		  bool *reply_or_fwd_r)
{
	struct buffer work;
	struct subj sj;
	size_t len;
	bool changed;
	int ret;

	/* Decoding at most triples the size (a byte becomes U+FFFD). */
	buffer_init(&work, size * 3 + 16);
	if (rfc2047_decode(in, size, &work) < 0) {
		buffer_deinit(&work);
		return -1;
	}
	memset(&sj, 0, sizeof(sj));
	sj.s = buffer_steal(&work, &len);
	sj.end = collapse_blanks(sj.s, len);
	do {
		strip_trailers(&sj);
		sj.blobs_known = false;
		do {
			changed = false;
			while (strip_leader(&sj))
				changed = true;
			if (strip_blob(&sj))
				changed = true;
		} while (changed);
	} while (strip_fwd_wrapper(&sj));
	if (reply_or_fwd_r != NULL)
		*reply_or_fwd_r = sj.reply_or_fwd;
	ret = buffer_append(out, sj.s + sj.start, sj.end - sj.start);
	free(sj.s);
	buffer_deinit(&work);
	return ret;
}

int
imap_base_subject_cmp(const char *a, const char *b)
{
	return strcasecmp(a, b);
}
