#ifndef ESTAFETTE_IMAP_COMMANDS_H
#define ESTAFETTE_IMAP_COMMANDS_H

/*
 * The IMAP command table and its dispatcher. Each row names a command,
 * its handler and flags: the states it is allowed in, whether "UID" may
 * precede it, the parser flags it needs and how many arguments it takes.
 * The dispatcher checks all of that once, in two steps that follow the
 * parser (imap-parser.h):
 *
 *   IMAP_PARSE_NAME      -> imap_dispatch_name(): finds the row, checks
 *                           state and UID, sets the parser's flags; a
 *                           refused command is answered and discarded.
 *   IMAP_PARSE_COMPLETE  -> imap_dispatch_run(): checks the argument
 *                           count and calls the handler.
 *   IMAP_PARSE_ERROR     -> imap_dispatch_parse_error(): BAD or BYE.
 *
 * Unknown verbs, commands in the wrong state and syntax errors go to one
 * place that counts bad commands; at max_bad_commands the client gets
 * "* BYE" and ctx->disconnect is set.
 *
 * Responses are appended to ctx->out; the daemon sends them (and closes
 * the connection after ctx->disconnect or ctx->logout).
 */

#include <stdbool.h>

#include "arena.h"
#include "buffer.h"
#include "imap-capability.h"
#include "imap-parser.h"

enum imap_state {
	IMAP_STATE_NOT_AUTH = 1 << 0,
	IMAP_STATE_AUTH = 1 << 1,
	IMAP_STATE_SELECTED = 1 << 2,
};

enum imap_command_flags {
	/* States the command is allowed in (enum imap_state bits). */
	CMD_NOT_AUTH = IMAP_STATE_NOT_AUTH,
	CMD_AUTH = IMAP_STATE_AUTH,
	CMD_SELECTED = IMAP_STATE_SELECTED,
	CMD_ANY_STATE = CMD_NOT_AUTH | CMD_AUTH | CMD_SELECTED,
	CMD_LOGGED_IN = CMD_AUTH | CMD_SELECTED,
	CMD_UID_OK = 1 << 4,	      /* "UID <name>" is allowed */
	CMD_SECTIONS = 1 << 5,	      /* IMAP_PARSE_FLAG_SECTIONS */
	CMD_STREAM_LITERALS = 1 << 6, /* IMAP_PARSE_FLAG_STREAM_LITERALS */
	CMD_LITERAL8 = 1 << 7,	      /* IMAP_PARSE_FLAG_LITERAL8 */
};

#define IMAP_ARGS_ANY 0xffffu

/* Reply texts shared by the dispatcher and handlers. */
#define IMAP_REPLY_UNKNOWN "Error in IMAP command received by server."
#define IMAP_REPLY_BAD_STATE "Command not valid in this state."
#define IMAP_REPLY_BAD_ARGS "Invalid arguments."

struct imap_context;
struct imap_cmd;

typedef void imap_command_fn(struct imap_context *ctx,
			     const struct imap_cmd *cmd);

struct imap_command {
	const char *name;
	imap_command_fn *fn;
	unsigned int flags;
	unsigned int min_args, max_args;
};

/* One command being run. Everything is valid until the handler returns. */
struct imap_cmd {
	const struct imap_command *def;
	const char *tag;
	bool uid;
	const struct imap_arg *args; /* args[arg_count] is EOL */
	unsigned int arg_count;
};

struct imap_id_settings {
	unsigned int fields; /* IMAP_ID_FIELDS: 1 version, 2 OS, 4 release */
};

/* Per-connection state the dispatcher and the stateless handlers use.
   The daemon owns it and fills the settings. */
struct imap_context {
	enum imap_state state;
	struct buffer *out;	 /* responses go here */
	struct arena *cmd_arena; /* cleared by the dispatcher per command */
	const struct imap_capability_settings *capability;
	struct imap_capability_state cap_state;
	struct imap_id_settings id;
	unsigned int max_bad_commands; /* 0: no limit */
	unsigned int bad_commands;
	bool utf8_enabled; /* ENABLE UTF8=ACCEPT was given */
	bool logout;	   /* LOGOUT answered: close after sending */
	bool disconnect;   /* BYE sent for a limit: close */
	/* NOOP (and CHECK) in a session: report mailbox changes as
	   untagged responses. NULL before login. */
	void (*poll)(struct imap_context *ctx);
	void *user;			    /* the daemon's own state */
	const struct imap_command *pending; /* between NAME and COMPLETE */
};

/*
 * Adds the daemon's commands (those that need storage, the login process
 * or the server runtime, which libimap does not link): rows sorted by
 * name, static, not repeating a built-in one. One table; a second call
 * replaces the first.
 */
void imap_commands_register(const struct imap_command *rows,
			    unsigned int count);

/* The row for name (case-insensitive), or NULL. */
const struct imap_command *imap_command_find(const char *name);

/* Step 1 (IMAP_PARSE_NAME). Returns true when the command goes on;
   false when it was answered and discarded (feed on either way). */
bool imap_dispatch_name(struct imap_context *ctx, struct imap_parser *parser);
/* Step 2 (IMAP_PARSE_COMPLETE): runs the handler. */
void imap_dispatch_run(struct imap_context *ctx, struct imap_parser *parser);
/* IMAP_PARSE_ERROR: writes BAD (counted) or BYE (sets disconnect). */
void imap_dispatch_parse_error(struct imap_context *ctx,
			       struct imap_parser *parser);

/* Counts a bad command and writes "<tag> BAD <text>" (tag NULL: "*");
   at the limit also "* BYE Too many bad commands." and disconnect. */
void imap_bad_command(struct imap_context *ctx, const char *tag,
		      const char *text);

/* Response helpers: "* <text>\r\n" and "<tag> <status> <text>\r\n".
   Output beyond the buffer's cap is dropped and sets ctx->disconnect. */
void imap_reply_untagged(struct imap_context *ctx, const char *fmt, ...)
    LOG_PRINTF(2, 3);
void imap_reply_tagged(struct imap_context *ctx, const struct imap_cmd *cmd,
		       const char *status, const char *fmt, ...)
    LOG_PRINTF(4, 5);

/* Stateless handlers (cmd-basic.c, cmd-id.c, cmd-enable.c). */
imap_command_fn cmd_capability, cmd_noop, cmd_logout, cmd_id, cmd_enable;

#endif
