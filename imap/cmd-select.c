/* PLACEHOLDER (development only): mailbox replaces this file. */
#include "config.h"

#include "imap-session-cmds.h"
#include "imap-session.h"

void
cmd_select(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_examine(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_close(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_unselect(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_check(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}
