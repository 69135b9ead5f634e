#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "alias-db.h"
#include "alias-table.h"
#include "lmtp-rcpt.h"
#include "log.h"
#include "xalloc.h"

static void
targets_add(struct lmtp_targets *list, const struct lmtp_target *t)
{
	list->items = xreallocarray(list->items, list->count + 1,
				    sizeof(*list->items));
	list->items[list->count++] = *t;
}

/* Frees the targets from index start on. */
static void
targets_truncate(struct lmtp_targets *list, size_t start)
{
	while (list->count > start) {
		struct lmtp_target *t = &list->items[--list->count];

		free(t->address);
		free(t->path);
		auth_record_clear(&t->rec);
	}
}

void
lmtp_targets_clear(struct lmtp_targets *list)
{
	targets_truncate(list, 0);
	free(list->items);
	list->items = NULL;
}

/* True when addr has no domain or its domain is the local one. */
static bool
is_local(const char *addr, const char *me)
{
	const char *at = strrchr(addr, '@');

	return at == NULL || strcasecmp(at + 1, me) == 0;
}

/*
 * Looks addr up in authdaemond: as written, then (for a local domain) by
 * its local part alone, as Courier's local delivery does.
 */
static enum lmtp_rcpt_status
lookup_account(const struct lmtp_rcpt_settings *set, const char *addr,
	       struct lmtp_targets *list, const char **error_r)
{
	struct lmtp_target t = { .kind = LMTP_TARGET_ACCOUNT };
	enum authclient_result r;
	const char *at = strrchr(addr, '@');

	r = authclient_lookup(&set->auth, NULL, set->service, addr, &t.rec,
			      error_r);
	if (r == AUTHCLIENT_FAIL && at != NULL && at != addr &&
	    is_local(addr, set->me)) {
		char *local = xstrndup(addr, (size_t)(at - addr));

		auth_record_clear(&t.rec);
		r = authclient_lookup(&set->auth, NULL, set->service, local,
				      &t.rec, error_r);
		free(local);
	}
	if (r == AUTHCLIENT_OK) {
		t.address = xstrdup(addr);
		targets_add(list, &t);
		return LMTP_RCPT_OK;
	}
	auth_record_clear(&t.rec);
	return r == AUTHCLIENT_FAIL ? LMTP_RCPT_UNKNOWN : LMTP_RCPT_TEMPFAIL;
}

static enum lmtp_rcpt_status
add_member(const struct lmtp_rcpt_settings *set, const char *alias,
	   const char *member, struct lmtp_targets *list,
	   const char **error_r)
{
	struct lmtp_target t = { .kind = LMTP_TARGET_FILE };

	if (member[0] == '|') {
		log_warn("alias %s: program target skipped (lmtpd runs no "
			 "programs): %s", alias, member);
		return LMTP_RCPT_UNKNOWN;
	}
	if (member[0] == '/') {
		if (!set->allow_file_targets) {
			log_warn("alias %s: file target %s skipped "
				 "(LMTP_ALIAS_FILES=0)", alias, member);
			return LMTP_RCPT_UNKNOWN;
		}
		t.address = xstrdup(alias);
		t.path = xstrdup(member);
		targets_add(list, &t);
		return LMTP_RCPT_OK;
	}
	return lookup_account(set, member, list, error_r);
}

static enum lmtp_rcpt_status
resolve_alias(const struct lmtp_rcpt_settings *set, const char *canon,
	      char **members, struct lmtp_targets *list,
	      const char **error_r)
{
	size_t start = list->count, i;
	bool any = false;

	for (i = 0; members[i] != NULL; i++) {
		switch (add_member(set, canon, members[i], list, error_r)) {
		case LMTP_RCPT_OK:
			any = true;
			break;
		case LMTP_RCPT_UNKNOWN:
			log_warn("alias %s: member %s unknown, skipped", canon,
				 members[i]);
			break;
		case LMTP_RCPT_TEMPFAIL:
			/* All or nothing: the client retries the recipient,
			   so a partial delivery would duplicate mail. */
			targets_truncate(list, start);
			return LMTP_RCPT_TEMPFAIL;
		}
	}
	return any ? LMTP_RCPT_OK : LMTP_RCPT_UNKNOWN;
}

enum lmtp_rcpt_status
lmtp_rcpt_resolve(const struct lmtp_rcpt_settings *set, const char *address,
		  struct lmtp_targets *list, const char **error_r)
{
	enum lmtp_rcpt_status status;
	char **members = NULL, *canon;
	int found = 0;

	canon = alias_canonical(address, strlen(address), set->me, error_r);
	if (canon == NULL)
		return LMTP_RCPT_UNKNOWN;
	if (set->aliases_path != NULL && access(set->aliases_path, F_OK) == 0)
		found = alias_db_lookup(set->aliases_path, canon, &members,
					error_r);
	if (found < 0) {
		free(canon);
		return LMTP_RCPT_TEMPFAIL;
	}
	if (found > 0)
		status = resolve_alias(set, canon, members, list, error_r);
	else
		status = lookup_account(set, address, list, error_r);
	alias_members_free(&members);
	free(canon);
	return status;
}
