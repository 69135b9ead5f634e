#ifndef ESTAFETTE_RFC822_ADDRESS_H
#define ESTAFETTE_RFC822_ADDRESS_H

/*
 * RFC 5322 address lists (From, To, Cc, ... header values), parsed into the
 * shape of the IMAP ENVELOPE address structure:
 *
 *   name     display name (phrase, quotes removed, encoded words kept) or
 *            the text of a comment when there is no phrase; NULL if none
 *   route    obsolete source route "@a,@b"; NULL if none
 *   mailbox  local part; for a group start the group's name; NULL marks
 *            a group end
 *   domain   NULL marks a group start (and end); otherwise never NULL
 *
 * Real mail is full of junk, so parsing never fails on syntax: a missing
 * local part becomes "MISSING_MAILBOX" and a missing domain
 * "MISSING_DOMAIN" (as Dovecot writes them), stray specials are skipped,
 * an unclosed group, quote, comment or angle bracket is closed at the end,
 * and the address is flagged invalid_syntax. Empty list elements are
 * dropped. All strings are NUL-terminated copies in the caller's arena.
 */

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define RFC822_MISSING_MAILBOX "MISSING_MAILBOX"
#define RFC822_MISSING_DOMAIN "MISSING_DOMAIN"
/* Addresses (group markers included) kept from one header. */
#define RFC822_ADDRESS_MAX 10000

struct rfc822_address {
	struct rfc822_address *next;
	const char *name;
	const char *route;
	const char *mailbox;
	const char *domain;
	bool invalid_syntax;
};

/*
 * Parses in/size (an unfolded or raw header value) into *list_r (NULL for
 * an empty list). At most max_addresses entries are kept (0 means
 * RFC822_ADDRESS_MAX); the rest are ignored. Returns 0, or -1 if the arena
 * ran out of its budget (*list_r is then NULL).
 */
int rfc822_address_parse(struct arena *arena, const char *in, size_t size,
			 unsigned int max_addresses,
			 struct rfc822_address **list_r);

/* True for a group start / group end marker. */
bool rfc822_address_is_group_start(const struct rfc822_address *addr);
bool rfc822_address_is_group_end(const struct rfc822_address *addr);

#endif
