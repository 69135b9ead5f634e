/* PLACEHOLDER (development only): mailbox replaces this file. */
#include "config.h"

#include "imap-session-cmds.h"
#include "imap-session.h"

void
cmd_create(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_delete(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_rename(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_subscribe(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_unsubscribe(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}
