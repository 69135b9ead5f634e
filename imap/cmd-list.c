/* PLACEHOLDER (development only): mailbox replaces this file. */
#include "config.h"

#include "imap-session-cmds.h"
#include "imap-session.h"

void
cmd_list(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_lsub(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}

void
cmd_namespace(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}
