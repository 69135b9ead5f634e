/*
 * ID (RFC 2971): checks the client's field list within the RFC's limits
 * and answers with our name plus the fields IMAP_ID_FIELDS allows.
 */
#include "config.h"

#include <string.h>
#include <sys/utsname.h>

#include "imap-commands.h"
#include "imap-quote.h"

#define ID_MAX_PAIRS 30
#define ID_MAX_KEY 30
#define ID_MAX_VALUE 1024

static bool
id_args_valid(const struct imap_arg *arg)
{
	const struct imap_arg *items;
	unsigned int count, i;
	const char *str;
	size_t len;

	if (arg->type == IMAP_ARG_NIL)
		return true;
	if (!imap_arg_list(arg, &items, &count) || count % 2 != 0 ||
	    count > 2 * ID_MAX_PAIRS)
		return false;
	for (i = 0; i < count; i += 2) {
		if (!imap_arg_string(&items[i], &str, &len) ||
		    len > ID_MAX_KEY ||
		    !imap_arg_nstring(&items[i + 1], &str, &len) ||
		    len > ID_MAX_VALUE)
			return false;
	}
	return true;
}

static int
add_pair(struct buffer *b, const char *key, const char *value)
{
	if (buffer_len(b) > 0 && buffer_append_c(b, ' ') < 0)
		return -1;
	if (imap_write_string(b, key, strlen(key), 0) < 0 ||
	    buffer_append_c(b, ' ') < 0)
		return -1;
	return imap_write_string(b, value, strlen(value), 0);
}

void
cmd_id(struct imap_context *ctx, const struct imap_cmd *cmd)
{
	struct utsname uts;
	struct buffer b;
	bool have_uts;
	int ret;

	if (!id_args_valid(&cmd->args[0])) {
		imap_bad_command(ctx, cmd->tag, IMAP_REPLY_BAD_ARGS);
		return;
	}
	have_uts = uname(&uts) == 0;
	buffer_init(&b, 2048);
	ret = add_pair(&b, "name", "Estafette");
	if (ret == 0 && (ctx->id.fields & 1) != 0)
		ret = add_pair(&b, "version", PACKAGE_VERSION);
	if (ret == 0 && (ctx->id.fields & 2) != 0 && have_uts)
		ret = add_pair(&b, "os", uts.sysname);
	if (ret == 0 && (ctx->id.fields & 4) != 0 && have_uts)
		ret = add_pair(&b, "os-version", uts.release);
	if (ret < 0) {
		imap_reply_tagged(ctx, cmd, "NO", "ID too long.");
	} else {
		imap_reply_untagged(ctx, "ID (%s)", buffer_cstr(&b));
		imap_reply_tagged(ctx, cmd, "OK", "ID completed");
	}
	buffer_deinit(&b);
}
