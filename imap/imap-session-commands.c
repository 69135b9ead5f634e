/*
 * imapd's command table: every command that needs the login process,
 * storage or the session loop. Sorted by name (bsearch). Argument counts
 * are checked here once; handlers check the shape of each argument.
 */
#include "config.h"

#include "imap-session-cmds.h"

#define SEL_UID (CMD_SELECTED | CMD_UID_OK)

static const struct imap_command session_commands[] = {
	{"APPEND", cmd_append,
	 CMD_LOGGED_IN | CMD_STREAM_LITERALS | CMD_LITERAL8, 2, IMAP_ARGS_ANY},
	{"AUTHENTICATE", cmd_authenticate, CMD_NOT_AUTH, 1, 2},
	{"CHECK", cmd_check, CMD_SELECTED, 0, 0},
	{"CLOSE", cmd_close, CMD_SELECTED, 0, 0},
	{"COPY", cmd_copy, SEL_UID, 2, 2},
	{"CREATE", cmd_create, CMD_LOGGED_IN, 1, 2},
	{"DELETE", cmd_delete, CMD_LOGGED_IN, 1, 1},
	{"EXAMINE", cmd_examine, CMD_LOGGED_IN, 1, 2},
	{"EXPUNGE", cmd_expunge, SEL_UID, 0, 1},
	{"FETCH", cmd_fetch, SEL_UID | CMD_SECTIONS, 2, 3},
	{"GETQUOTA", cmd_getquota, CMD_LOGGED_IN, 1, 1},
	{"GETQUOTAROOT", cmd_getquotaroot, CMD_LOGGED_IN, 1, 1},
	{"IDLE", cmd_idle, CMD_LOGGED_IN, 0, 0},
	{"LIST", cmd_list, CMD_LOGGED_IN, 2, IMAP_ARGS_ANY},
	{"LOGIN", cmd_login, CMD_NOT_AUTH, 2, 2},
	{"LSUB", cmd_lsub, CMD_LOGGED_IN, 2, 2},
	{"MOVE", cmd_move, SEL_UID, 2, 2},
	{"NAMESPACE", cmd_namespace, CMD_LOGGED_IN, 0, 0},
	{"RENAME", cmd_rename, CMD_LOGGED_IN, 2, 3},
	{"SEARCH", cmd_search, SEL_UID, 1, IMAP_ARGS_ANY},
	{"SELECT", cmd_select, CMD_LOGGED_IN, 1, 2},
	{"SETQUOTA", cmd_setquota, CMD_LOGGED_IN, 2, 2},
	{"SORT", cmd_sort, SEL_UID, 3, IMAP_ARGS_ANY},
	{"STARTTLS", cmd_starttls, CMD_NOT_AUTH, 0, 0},
	{"STATUS", cmd_status, CMD_LOGGED_IN, 2, 2},
	{"STORE", cmd_store, SEL_UID, 3, 3},
	{"SUBSCRIBE", cmd_subscribe, CMD_LOGGED_IN, 1, 1},
	{"THREAD", cmd_thread, SEL_UID, 3, IMAP_ARGS_ANY},
	{"UNSELECT", cmd_unselect, CMD_SELECTED, 0, 0},
	{"UNSUBSCRIBE", cmd_unsubscribe, CMD_LOGGED_IN, 1, 1},
};

void
imap_session_commands_register(void)
{
	imap_commands_register(session_commands,
			       sizeof(session_commands) /
				   sizeof(session_commands[0]));
}
