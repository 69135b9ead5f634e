/* PLACEHOLDER (development only): content replaces this file. */
#include "config.h"

#include "imap-session-cmds.h"
#include "imap-session.h"

void
cmd_sort(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_tagged(ctx, cmd, "NO", "PLACEHOLDER: not implemented yet.");
}
