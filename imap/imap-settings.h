#ifndef ESTAFETTE_IMAP_SETTINGS_H
#define ESTAFETTE_IMAP_SETTINGS_H

/*
 * imapd's own settings, parsed once from the imapd and imapd-ssl files
 * (after the runtime's server_config) into this const struct, which the
 * login and session halves and every command handler read. No getenv().
 */

#include <stdbool.h>
#include <sys/types.h>

#include "imap-capability.h"
#include "settings.h"

struct imap_settings {
	bool ssl; /* imapd-ssl: implicit TLS */
	struct imap_capability_settings capability;
	bool starttls;	   /* IMAP_STARTTLS / IMAPDSTARTTLS */
	bool tls_required; /* IMAP_TLS_REQUIRED */
	unsigned int id_fields; /* IMAP_ID_FIELDS */

	unsigned int idle_timeout;     /* IMAP_IDLE_TIMEOUT: poll interval,
					  seconds */
	unsigned int session_timeout;  /* seconds; 30 minutes by default */
	unsigned int keywords;	       /* IMAP_KEYWORDS: 0 off, 1 or 2 on */
	const char *trash_folder;      /* IMAP_TRASHFOLDERNAME ("Trash") */
	const char *empty_trash;       /* IMAP_EMPTYTRASH ("Trash:7") */
	bool move_expunge_to_trash;    /* IMAP_MOVE_EXPUNGE_TO_TRASH */
	bool disable_thread_sort;      /* IMAP_DISABLETHREADSORT */
	bool log_deletions;	       /* IMAP_LOG_DELETIONS */
	mode_t umask;		       /* IMAP_UMASK */
	const char *maildir_path;      /* MAILDIRPATH ("Maildir") */
};

/* Fills set from the merged settings; -1 with *error_r naming the bad
   key. Strings are borrowed from settings (which must outlive set). */
int imap_settings_init(struct imap_settings *set,
		       const struct settings *settings, bool ssl,
		       const char **error_r);

#endif
