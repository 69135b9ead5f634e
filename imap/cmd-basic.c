/*
 * CAPABILITY, NOOP and LOGOUT: valid in every state.
 */
#include "config.h"

#include "imap-commands.h"

void
cmd_capability(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	struct imap_capability_state state = ctx->cap_state;
	struct buffer caps;

	state.logged_in = ctx->state != IMAP_STATE_NOT_AUTH;
	buffer_init(&caps, 4096);
	if (imap_capability_build(ctx->capability, &state, &caps) < 0) {
		imap_reply_tagged(ctx, cmd, "NO", "Capability list too long.");
	} else {
		imap_reply_untagged(ctx, "CAPABILITY %s", buffer_cstr(&caps));
		imap_reply_tagged(ctx, cmd, "OK", "CAPABILITY completed");
	}
	buffer_deinit(&caps);
}

void
cmd_noop(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	if (ctx->poll != NULL)
		ctx->poll(ctx);
	imap_reply_tagged(ctx, cmd, "OK", "NOOP completed");
}

void
cmd_logout(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	imap_reply_untagged(ctx, "BYE Estafette IMAP server shutting down");
	imap_reply_tagged(ctx, cmd, "OK", "LOGOUT completed");
	ctx->logout = true;
}
