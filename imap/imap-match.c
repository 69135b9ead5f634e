/*
 * LIST wildcard matching without backtracking (imap-match.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imap-match.h"
#include "xalloc.h"

struct imap_match {
	char *pattern;
	size_t len;
	char delim;
	bool *row, *next; /* len + 1 states each */
};

struct imap_match *
imap_match_new(const char *pattern, char delim)
{
	size_t len = strlen(pattern), i, n = 0;
	struct imap_match *m;

	if (len > IMAP_MATCH_PATTERN_MAX)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	m->pattern = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (pattern[i] == '*' && n > 0 && m->pattern[n - 1] == '*')
			continue;
		m->pattern[n++] = pattern[i];
	}
	m->pattern[n] = '\0';
	m->len = n;
	m->delim = delim;
	m->row = xcalloc(n + 1, sizeof(bool));
	m->next = xcalloc(n + 1, sizeof(bool));
	return m;
}

void
imap_match_free(struct imap_match **match)
{
	struct imap_match *m = *match;

	if (m == NULL)
		return;
	free(m->pattern);
	free(m->row);
	free(m->next);
	free(m);
	*match = NULL;
}

/* States reachable without consuming input: a wildcard may match "". */
static void
close_empty(const struct imap_match *m, bool *row)
{
	size_t j;

	for (j = 0; j < m->len; j++) {
		if (row[j] && (m->pattern[j] == '*' || m->pattern[j] == '%'))
			row[j + 1] = true;
	}
}

/* Runs name through the automaton; row[j]: pattern[0..j) matches. */
static bool *
run(const struct imap_match *m, const char *name)
{
	bool *row = m->row, *next = m->next, *t;
	size_t j;
	char c;

	memset(row, 0, m->len + 1);
	row[0] = true;
	close_empty(m, row);
	for (; (c = *name) != '\0'; name++) {
		memset(next, 0, m->len + 1);
		for (j = 0; j < m->len; j++) {
			char p = m->pattern[j];

			if (!row[j])
				continue;
			if (p == '*' || (p == '%' && c != m->delim))
				next[j] = true; /* the wildcard eats c */
			else if (p == c)
				next[j + 1] = true;
		}
		close_empty(m, next);
		t = row, row = next, next = t;
	}
	return row;
}

bool
imap_match(const struct imap_match *match, const char *name)
{
	/* run() writes only the scratch rows the object points to (so a
	   match object is not for concurrent use). */
	return run(match, name)[match->len];
}

bool
imap_match_prefix(const struct imap_match *match, const char *prefix)
{
	const bool *row = run(match, prefix);
	size_t j;

	/* After prefix + delim more input may follow: some state must be
	   able to take the delimiter. */
	for (j = 0; j < match->len; j++) {
		if (row[j] && (match->pattern[j] == '*' ||
			       match->pattern[j] == match->delim))
			return true;
	}
	return false;
}
