#ifndef ESTAFETTE_IMAP_MATCH_H
#define ESTAFETTE_IMAP_MATCH_H

/*
 * LIST/LSUB mailbox patterns (RFC 3501 section 6.3.8): "*" matches any
 * run of characters, "%" any run without the hierarchy delimiter; other
 * bytes match themselves (case-sensitively: the caller folds "INBOX").
 *
 * Matching is a dynamic programme over the pattern: O(len(name) *
 * len(pattern)) time and O(len(pattern)) memory whatever the pattern, so
 * "*a*a*a*a*b" cannot make it backtrack exponentially. Patterns longer
 * than IMAP_MATCH_PATTERN_MAX are refused by imap_match_new().
 */

#include <stdbool.h>

#define IMAP_MATCH_PATTERN_MAX 1024

struct imap_match;

/* Compiles pattern (consecutive "*" are merged); NULL if it is too
   long. delim is the hierarchy delimiter ('.' for Maildir++). */
struct imap_match *imap_match_new(const char *pattern, char delim);
void imap_match_free(struct imap_match **match);

/* Whether name matches the whole pattern. */
bool imap_match(const struct imap_match *match, const char *name);
/* Whether some name that starts with prefix + delim could match: used to
   skip whole subtrees while listing. */
bool imap_match_prefix(const struct imap_match *match, const char *prefix);

#endif
