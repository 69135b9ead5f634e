/*
 * The command table and the dispatcher (imap-commands.h). The table is
 * sorted by name for bsearch(); rows are added as command families are
 * written.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>

#include "imap-commands.h"

static const struct imap_command commands[] = {
    {"CAPABILITY", cmd_capability, CMD_ANY_STATE, 0, 0},
    {"ENABLE", cmd_enable, CMD_LOGGED_IN, 1, IMAP_ARGS_ANY},
    {"ID", cmd_id, CMD_ANY_STATE, 1, 1},
    {"LOGOUT", cmd_logout, CMD_ANY_STATE, 0, 0},
    {"NOOP", cmd_noop, CMD_ANY_STATE, 0, 0},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static int
cmp_name(const void *key, const void *elem)
{
	const struct imap_command *cmd = elem;

	return strcasecmp(key, cmd->name);
}

/* The daemon's table (imap_commands_register()), searched after the
   built-in one. */
static const struct imap_command *extra_commands;
static unsigned int extra_count;

void
imap_commands_register(const struct imap_command *rows, unsigned int count)
{
	extra_commands = rows;
	extra_count = count;
}

const struct imap_command *
imap_command_find(const char *name)
{
	const struct imap_command *def;

	def = bsearch(name, commands, N_COMMANDS, sizeof(commands[0]),
		      cmp_name);
	if (def == NULL && extra_count > 0)
		def = bsearch(name, extra_commands, extra_count,
			      sizeof(extra_commands[0]), cmp_name);
	return def;
}

static void LOG_PRINTF(4, 0)
    vreply(struct imap_context *ctx, const char *prefix, const char *status,
	   const char *fmt, va_list ap)
{
	size_t start = buffer_len(ctx->out);

	if (buffer_printf(ctx->out, "%s %s%s", prefix, status,
			  status[0] != '\0' ? " " : "") < 0 ||
	    buffer_vprintf(ctx->out, fmt, ap) < 0 ||
	    buffer_append(ctx->out, "\r\n", 2) < 0) {
		buffer_truncate(ctx->out, start);
		ctx->disconnect = true;
	}
}

void
imap_reply_untagged(struct imap_context *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreply(ctx, "*", "", fmt, ap);
	va_end(ap);
}

void
imap_reply_tagged(struct imap_context *ctx, const struct imap_cmd *cmd,
		  const char *status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreply(ctx, cmd->tag, status, fmt, ap);
	va_end(ap);
}

void
imap_bad_command(struct imap_context *ctx, const char *tag, const char *text)
{
	struct imap_cmd cmd = {.tag = tag != NULL ? tag : "*"};

	imap_reply_tagged(ctx, &cmd, "BAD", "%s", text);
	ctx->bad_commands++;
	if (ctx->max_bad_commands != 0 &&
	    ctx->bad_commands >= ctx->max_bad_commands) {
		imap_reply_untagged(ctx, "BYE Too many bad commands.");
		ctx->disconnect = true;
	}
}

bool
imap_dispatch_name(struct imap_context *ctx, struct imap_parser *parser)
{
	const char *tag = imap_parser_tag(parser);
	const struct imap_command *def;
	unsigned int flags = 0;

	ctx->pending = NULL;
	def = imap_command_find(imap_parser_name(parser));
	if (def == NULL ||
	    (imap_parser_is_uid(parser) && (def->flags & CMD_UID_OK) == 0)) {
		imap_bad_command(ctx, tag, IMAP_REPLY_UNKNOWN);
		imap_parser_discard(parser);
		return false;
	}
	if ((def->flags & ctx->state) == 0) {
		imap_bad_command(ctx, tag, IMAP_REPLY_BAD_STATE);
		imap_parser_discard(parser);
		return false;
	}
	if ((def->flags & CMD_SECTIONS) != 0)
		flags |= IMAP_PARSE_FLAG_SECTIONS;
	if ((def->flags & CMD_STREAM_LITERALS) != 0)
		flags |= IMAP_PARSE_FLAG_STREAM_LITERALS;
	if ((def->flags & CMD_LITERAL8) != 0)
		flags |= IMAP_PARSE_FLAG_LITERAL8;
	imap_parser_set_flags(parser, flags);
	ctx->pending = def;
	return true;
}

void
imap_dispatch_run(struct imap_context *ctx, struct imap_parser *parser)
{
	const struct imap_command *def = ctx->pending;
	struct imap_cmd cmd;

	ctx->pending = NULL;
	if (def == NULL) {
		/* NAME was not dispatched: a caller bug; refuse safely. */
		imap_bad_command(ctx, imap_parser_tag(parser),
				 IMAP_REPLY_UNKNOWN);
		return;
	}
	cmd.def = def;
	cmd.tag = imap_parser_tag(parser);
	cmd.uid = imap_parser_is_uid(parser);
	cmd.args = imap_parser_args(parser, &cmd.arg_count);
	if (cmd.arg_count < def->min_args || cmd.arg_count > def->max_args) {
		imap_bad_command(ctx, cmd.tag, IMAP_REPLY_BAD_ARGS);
		return;
	}
	if (ctx->cmd_arena != NULL)
		arena_clear(ctx->cmd_arena);
	def->fn(ctx, &cmd);
	imap_parser_set_utf8(parser, ctx->utf8_enabled);
}

void
imap_dispatch_parse_error(struct imap_context *ctx, struct imap_parser *parser)
{
	bool fatal;
	const char *msg = imap_parser_error(parser, &fatal);

	ctx->pending = NULL;
	if (fatal) {
		imap_reply_untagged(ctx, "BYE %s", msg);
		ctx->disconnect = true;
		return;
	}
	imap_bad_command(ctx, imap_parser_tag(parser), msg);
}
