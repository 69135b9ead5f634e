#ifndef ESTAFETTE_IMAP_SESSION_CMDS_H
#define ESTAFETTE_IMAP_SESSION_CMDS_H

/*
 * imapd's command handlers beyond libimap's stateless ones, one file per
 * family, and the table that registers them (imap-session-commands.c).
 */

#include "imap-commands.h"

/* cmd-login.c: run in the login process (pre-authentication). */
imap_command_fn cmd_login, cmd_authenticate, cmd_starttls;
/* cmd-idle.c */
imap_command_fn cmd_idle;
/* cmd-select.c */
imap_command_fn cmd_select, cmd_examine, cmd_close, cmd_unselect, cmd_check;
/* cmd-list.c */
imap_command_fn cmd_list, cmd_lsub, cmd_namespace;
/* cmd-folder.c */
imap_command_fn cmd_create, cmd_delete, cmd_rename, cmd_subscribe,
	cmd_unsubscribe;
/* cmd-status.c */
imap_command_fn cmd_status;
/* cmd-quota.c */
imap_command_fn cmd_getquota, cmd_getquotaroot, cmd_setquota;
/* cmd-store.c */
imap_command_fn cmd_store;
/* cmd-copy.c */
imap_command_fn cmd_copy, cmd_move;
/* cmd-expunge.c */
imap_command_fn cmd_expunge;
/* cmd-append.c */
imap_command_fn cmd_append;
/* cmd-fetch.c */
imap_command_fn cmd_fetch;
/* cmd-search.c */
imap_command_fn cmd_search;
/* cmd-sort.c */
imap_command_fn cmd_sort;
/* cmd-thread.c */
imap_command_fn cmd_thread;

/* Registers the table below with imap_commands_register(). */
void imap_session_commands_register(void);

#endif
