#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imap-commands.h"
#include "../tests/unit/tap.h"

static struct imap_capability_settings caps = {
    .capability = "IMAP4rev1 IDLE",
    .capability_tls = "IMAP4rev1 IDLE AUTH=PLAIN",
    .acl = false,
    .builtin = "LITERAL+ ID",
};

static unsigned int polls;

static void
poll_hook(struct imap_context *ctx)
{
	polls++;
	imap_reply_untagged(ctx, "3 EXISTS");
}

/* Runs input through parser and dispatcher like a daemon would. */
static const char *
session(struct imap_context *ctx, struct imap_parser *p, const char *in)
{
	static char out[4096];
	size_t len = strlen(in), pos = 0, used;
	enum imap_parse_result r;

	buffer_clear(ctx->out);
	while (!ctx->disconnect && !ctx->logout) {
		r = imap_parser_feed(p, in + pos, len - pos, &used);
		pos += used;
		if (r == IMAP_PARSE_NEED_MORE)
			break;
		if (r == IMAP_PARSE_NAME)
			(void)imap_dispatch_name(ctx, p);
		else if (r == IMAP_PARSE_CONTINUE)
			buffer_append_str(ctx->out, "+ OK\r\n");
		else if (r == IMAP_PARSE_COMPLETE)
			imap_dispatch_run(ctx, p);
		else if (r == IMAP_PARSE_ERROR)
			imap_dispatch_parse_error(ctx, p);
	}
	snprintf(out, sizeof(out), "%s", buffer_cstr(ctx->out));
	return out;
}

int
main(void)
{
	struct buffer out;
	struct imap_context ctx;
	struct imap_parser *p = imap_parser_new(&imap_parser_limits_prelogin);
	char *s;

	buffer_init(&out, 8192);
	memset(&ctx, 0, sizeof(ctx));
	ctx.state = IMAP_STATE_NOT_AUTH;
	ctx.out = &out;
	ctx.cmd_arena = arena_new(1024, 65536);
	ctx.capability = &caps;
	ctx.cap_state.starttls_possible = true;
	ctx.max_bad_commands = 6;

	ok(imap_command_find("capability") != NULL &&
	       imap_command_find("NOOP") != NULL &&
	       imap_command_find("NOPE") == NULL &&
	       imap_command_find("") == NULL,
	   "table lookup");
	is_str(session(&ctx, p, "a CAPABILITY\r\n"),
	       "* CAPABILITY IMAP4rev1 IDLE STARTTLS LITERAL+ ID ENABLE "
	       "UTF8=ACCEPT\r\na OK CAPABILITY completed\r\n",
	       "CAPABILITY before login");
	is_str(session(&ctx, p, "b NOOP\r\n"), "b OK NOOP completed\r\n",
	       "NOOP without a mailbox");
	is_str(session(&ctx, p, "c FOO bar\r\n"),
	       "c BAD Error in IMAP command received by server.\r\n",
	       "unknown command");
	is_str(session(&ctx, p, "d ENABLE UTF8=ACCEPT\r\n"),
	       "d BAD Command not valid in this state.\r\n",
	       "ENABLE before login");
	is_str(session(&ctx, p, "e UID NOOP\r\n"),
	       "e BAD Error in IMAP command received by server.\r\n",
	       "UID with a command that has no UID form");
	is_str(session(&ctx, p, "f NOOP x\r\n"), "f BAD Invalid arguments.\r\n",
	       "arguments to NOOP");
	ok(ctx.bad_commands == 4, "bad commands counted (%u)",
	   ctx.bad_commands);
	is_str(session(&ctx, p, "g ID NIL\r\n"),
	       "* ID (\"name\" \"Estafette\")\r\ng OK ID completed\r\n",
	       "ID NIL");
	ctx.id.fields = 1;
	s = strdup(session(&ctx, p,
			   "h ID (\"name\" \"imaplib\" \"version\" NIL)\r\n"));
	ok(strncmp(s, "* ID (\"name\" \"Estafette\" \"version\" \"", 36) == 0 &&
	       strstr(s, "\r\nh OK ID completed\r\n") != NULL,
	   "ID with version");
	free(s);
	is_str(session(&ctx, p, "i ID (\"a\")\r\n"),
	       "i BAD Invalid arguments.\r\n", "ID odd list");
	is_str(session(&ctx, p,
		       "j ID (\"0123456789012345678901234567890\" "
		       "NIL)\r\n"),
	       "j BAD Invalid arguments.\r\n* BYE Too many bad commands.\r\n",
	       "ID key too long, then BYE at the limit");
	ok(ctx.disconnect && ctx.bad_commands == 6,
	   "sixth bad command disconnects");

	/* After login. */
	ctx.disconnect = false;
	ctx.bad_commands = 0;
	ctx.state = IMAP_STATE_AUTH;
	ctx.poll = poll_hook;
	imap_parser_free(&p);
	p = imap_parser_new(&imap_parser_limits_session);
	is_str(session(&ctx, p, "a CAPABILITY\r\n"),
	       "* CAPABILITY IMAP4rev1 IDLE LITERAL+ ID ENABLE UTF8=ACCEPT\r\n"
	       "a OK CAPABILITY completed\r\n",
	       "CAPABILITY after login: no STARTTLS");
	is_str(session(&ctx, p, "b NOOP\r\n"),
	       "* 3 EXISTS\r\nb OK NOOP completed\r\n", "NOOP polls");
	ok(polls == 1, "poll hook ran once");
	is_str(session(&ctx, p, "c ENABLE CONDSTORE UTF8=ACCEPT\r\n"),
	       "* ENABLED UTF8=ACCEPT\r\nc OK ENABLE completed\r\n",
	       "ENABLE UTF8=ACCEPT");
	ok(ctx.utf8_enabled, "UTF-8 enabled");
	is_str(session(&ctx, p, "d ENABLE UTF8=ACCEPT\r\n"),
	       "* ENABLED\r\nd OK ENABLE completed\r\n", "ENABLE again");
	is_str(session(&ctx, p, "e ENABLE\r\n"), "e BAD Invalid arguments.\r\n",
	       "ENABLE without arguments");
	is_str(session(&ctx, p, "f ENABLE \"x\"\r\n"),
	       "f BAD Invalid arguments.\r\n", "ENABLE quoted");
	is_str(session(&ctx, p, "g NOOP \"caf\xc3\xa9\"\r\n"),
	       "g BAD Invalid arguments.\r\n",
	       "UTF-8 quoted string now parses");
	is_str(session(&ctx, p, "h X {99999999999}\r\n"),
	       "h BAD Error in IMAP command received by server.\r\n",
	       "unknown command with a literal: refused at its name");
	is_str(session(&ctx, p, "i NOOP {99999999999+}\r\n"),
	       "* BYE [TOOBIG] Literal too large\r\n", "fatal parse error");
	ok(ctx.disconnect, "disconnect after BYE");
	ctx.disconnect = false;
	imap_parser_reset(p);
	is_str(session(&ctx, p, "z LOGOUT\r\nafter NOOP\r\n"),
	       "* BYE Estafette IMAP server shutting down\r\n"
	       "z OK LOGOUT completed\r\n",
	       "LOGOUT stops the session");
	ok(ctx.logout, "logout flag");

	imap_parser_free(&p);
	arena_free(&ctx.cmd_arena);
	buffer_deinit(&out);
	return tap_done();
}
