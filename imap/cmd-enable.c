/*
 * ENABLE (RFC 5161). The only extension that needs enabling here is
 * UTF8=ACCEPT (RFC 6855); names we do not know are ignored, as the RFC
 * says, and only what this command newly enabled is listed.
 */
#include "config.h"

#include <strings.h>

#include "imap-commands.h"

void
cmd_enable(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	const char *atom;
	bool utf8 = false;
	unsigned int i;

	for (i = 0; i < cmd->arg_count; i++) {
		if (!imap_arg_atom(&cmd->args[i], &atom)) {
			imap_bad_command(ctx, cmd->tag, IMAP_REPLY_BAD_ARGS);
			return;
		}
		if (strcasecmp(atom, "UTF8=ACCEPT") == 0 && !ctx->utf8_enabled)
			utf8 = true;
	}
	if (utf8)
		ctx->utf8_enabled = true;
	imap_reply_untagged(ctx, "ENABLED%s", utf8 ? " UTF8=ACCEPT" : "");
	imap_reply_tagged(ctx, cmd, "OK", "ENABLE completed");
}
