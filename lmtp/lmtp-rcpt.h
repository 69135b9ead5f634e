#ifndef ESTAFETTE_LMTP_RCPT_H
#define ESTAFETTE_LMTP_RCPT_H

/*
 * What one RCPT TO address means: expanded through aliases.dat (the alias
 * database is already fully expanded by makealiases), each resulting
 * address looked up in authdaemond (PRE, no password), file targets kept
 * as paths. Runs in lmtpd's delivery process (root, trusted input only:
 * the address arrives already parsed and length-checked).
 */

#include <stdbool.h>
#include <stddef.h>

#include "auth-record.h"
#include "authclient.h"

enum lmtp_rcpt_status {
	LMTP_RCPT_OK,
	LMTP_RCPT_UNKNOWN,  /* 550 5.1.1 */
	LMTP_RCPT_TEMPFAIL, /* 451 4.3.0: authdaemond or the alias db */
};

enum lmtp_target_kind {
	LMTP_TARGET_ACCOUNT, /* an authdaemond account: deliver as its uid */
	LMTP_TARGET_FILE,    /* an alias "/path" target */
};

struct lmtp_target {
	enum lmtp_target_kind kind;
	char *address;		/* final address, for Delivered-To */
	char *path;		/* LMTP_TARGET_FILE */
	struct auth_record rec; /* LMTP_TARGET_ACCOUNT */
};

struct lmtp_rcpt_settings {
	const char *aliases_path; /* aliases.dat; NULL or missing: none */
	const char *me;		  /* local domain, as makealiases uses */
	const char *service;	  /* authdaemond service name: "lmtp" */
	struct authclient_settings auth;
	/* Allow alias file targets (delivered as file_user). */
	bool allow_file_targets;
};

struct lmtp_targets {
	struct lmtp_target *items;
	size_t count;
};

/*
 * Resolves address (as given in RCPT TO) into targets appended to *list.
 * An alias some of whose members are unknown delivers to the others (the
 * unknown ones are logged); UNKNOWN only when nothing deliverable is left.
 * Program ("| cmd") targets are logged and skipped: lmtpd runs no
 * programs. *error_r (static) explains a TEMPFAIL.
 */
enum lmtp_rcpt_status lmtp_rcpt_resolve(const struct lmtp_rcpt_settings *set,
					const char *address,
					struct lmtp_targets *list,
					const char **error_r);

void lmtp_targets_clear(struct lmtp_targets *list);

#endif
