/*
 * Fuzzes LIST pattern matching against a plain backtracking reference on
 * short inputs with at most five wildcards: data[0] splits the rest into
 * pattern and name. Also, when name = prefix "." rest matches,
 * imap_match_prefix(prefix) must be true (pruning a subtree must never hide a
 * match).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../imap/imap-match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
reference(const char *p, const char *n)
{
	if (*p == '\0')
		return *n == '\0';
	if (*p == '*' || *p == '%') {
		const char *s = n;

		for (;;) {
			if (reference(p + 1, s))
				return true;
			if (*s == '\0' || (*p == '%' && *s == '.'))
				return false;
			s++;
		}
	}
	return *p == *n && reference(p + 1, n + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imap_match *m;
	char pattern[32], name[32], *dot;
	size_t plen, nlen;

	if (size < 1)
		return 0;
	plen = data[0] % 24;
	if (plen > size - 1)
		plen = size - 1;
	nlen = size - 1 - plen;
	if (nlen > 24)
		nlen = 24;
	memcpy(pattern, data + 1, plen);
	pattern[plen] = '\0';
	/* The reference backtracks: keep it to a few wildcards. */
	if (strlen(pattern) - strcspn(pattern, "*%") > 0) {
		size_t k, wild = 0;

		for (k = 0; pattern[k] != '\0'; k++)
			wild += pattern[k] == '*' || pattern[k] == '%';
		if (wild > 5)
			return 0;
	}
	memcpy(name, data + 1 + plen, nlen);
	name[nlen] = '\0';
	/* Embedded NULs shorten the strings; fine for both sides. */
	m = imap_match_new(pattern, '.');
	if (m == NULL)
		abort();
	if (imap_match(m, name) != reference(pattern, name))
		abort();
	dot = strchr(name, '.');
	if (dot != NULL && imap_match(m, name)) {
		*dot = '\0';
		if (!imap_match_prefix(m, name))
			abort();
	}
	imap_match_free(&m);
	return 0;
}
