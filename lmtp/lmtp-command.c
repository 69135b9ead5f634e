#include "config.h"

#include <string.h>
#include <strings.h>

#include "lmtp-command.h"
#include "strnum.h"

#define REPLY_SYNTAX "501 5.5.4 Syntax error in parameters or arguments"
#define REPLY_UNKNOWN "500 5.5.2 Error: command not recognized"
#define REPLY_PARAM "555 5.5.4 Unsupported parameter"
#define REPLY_TOO_LONG "501 5.1.3 Path too long"

struct verb_row {
	const char *name;
	enum lmtp_verb verb;
};

static const struct verb_row verbs[] = {
	{ "LHLO", LMTP_VERB_LHLO }, { "MAIL", LMTP_VERB_MAIL },
	{ "RCPT", LMTP_VERB_RCPT }, { "DATA", LMTP_VERB_DATA },
	{ "RSET", LMTP_VERB_RSET }, { "NOOP", LMTP_VERB_NOOP },
	{ "QUIT", LMTP_VERB_QUIT }, { "VRFY", LMTP_VERB_VRFY },
	{ "HELO", LMTP_VERB_HELO }, { "EHLO", LMTP_VERB_HELO },
};

/* A cursor over the line. */
struct cursor {
	const char *p;
	const char *end;
};

static bool
is_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80)
		return true; /* 8-bit bytes: SMTPUTF8-style local parts */
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static bool
is_domain_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c >= 0x80;
}

static void
skip_spaces(struct cursor *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

/* Dot-string or quoted-string local part. */
static int
parse_local_part(struct cursor *c)
{
	const char *start = c->p;

	if (c->p < c->end && *c->p == '"') {
		for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
			unsigned char ch = (unsigned char)*c->p;

			if (ch == '\\') {
				if (++c->p == c->end)
					return -1;
				ch = (unsigned char)*c->p;
			}
			if (ch < 0x20 || ch == 0x7f)
				return -1;
		}
		if (c->p == c->end)
			return -1;
		c->p++;
		return 0;
	}
	while (c->p < c->end && (is_atext((unsigned char)*c->p) ||
				 *c->p == '.')) {
		if (*c->p == '.' &&
		    (c->p == start || c->p[-1] == '.' || c->p + 1 == c->end ||
		     c->p[1] == '@' || c->p[1] == '>'))
			return -1;
		c->p++;
	}
	return c->p > start ? 0 : -1;
}

static int
parse_domain(struct cursor *c)
{
	const char *start = c->p;

	if (c->p < c->end && *c->p == '[') {
		/* Address literal: printable bytes up to ']'. */
		for (c->p++; c->p < c->end && *c->p != ']'; c->p++) {
			if ((unsigned char)*c->p <= 0x20 || *c->p == '[' ||
			    *c->p == '\\')
				return -1;
		}
		if (c->p == c->end)
			return -1;
		c->p++;
		return 0;
	}
	while (c->p < c->end && is_domain_char((unsigned char)*c->p)) {
		if (*c->p == '.' && (c->p == start || c->p[-1] == '.'))
			return -1;
		c->p++;
	}
	if (c->p == start || c->p[-1] == '.' ||
	    (size_t)(c->p - start) > LMTP_DOMAIN_MAX)
		return -1;
	return 0;
}

/*
 * "<" [source-route ":"] mailbox ">" or "<>" (when empty_ok). The
 * mailbox (without the route) is copied into out. A RCPT path may be a
 * bare local part: LMTP delivers to local users.
 */
static int
parse_path(struct cursor *c, bool empty_ok, char *out, const char **reply_r)
{
	const char *mbox;
	size_t len;

	*reply_r = REPLY_SYNTAX;
	if (c->p == c->end || *c->p != '<')
		return -1;
	c->p++;
	if (c->p < c->end && *c->p == '>' && empty_ok) {
		c->p++;
		out[0] = '\0';
		return 0;
	}
	if (c->p < c->end && *c->p == '@') {
		/* Obsolete source route "@a,@b:": parsed and dropped. */
		const char *colon = memchr(c->p, ':', (size_t)(c->end - c->p));

		if (colon == NULL)
			return -1;
		while (c->p < colon) {
			if (*c->p != '@')
				return -1;
			c->p++;
			if (parse_domain(c) < 0)
				return -1;
			if (c->p < colon && *c->p++ != ',')
				return -1;
		}
		c->p = colon + 1;
	}
	mbox = c->p;
	if (parse_local_part(c) < 0)
		return -1;
	if (c->p < c->end && *c->p == '@') {
		c->p++;
		if (parse_domain(c) < 0)
			return -1;
	} else if (empty_ok) {
		return -1; /* a reverse path needs a domain */
	}
	if (c->p == c->end || *c->p != '>')
		return -1;
	len = (size_t)(c->p - mbox);
	c->p++;
	if (len > LMTP_PATH_MAX) {
		*reply_r = REPLY_TOO_LONG;
		return -1;
	}
	memcpy(out, mbox, len);
	out[len] = '\0';
	return 0;
}

static int
parse_mail_param(const char *kw, size_t kwlen, const char *val,
		 size_t vallen, struct lmtp_command *cmd,
		 const char **reply_r)
{
	if (kwlen == 4 && strncasecmp(kw, "SIZE", 4) == 0) {
		if (val == NULL || cmd->size_given ||
		    str_to_uint64_n(val, vallen, &cmd->size) < 0) {
			*reply_r = REPLY_SYNTAX;
			return -1;
		}
		cmd->size_given = true;
		return 0;
	}
	if (kwlen == 4 && strncasecmp(kw, "BODY", 4) == 0 && val != NULL &&
	    cmd->body == LMTP_BODY_UNSPECIFIED) {
		if (vallen == 4 && strncasecmp(val, "7BIT", 4) == 0) {
			cmd->body = LMTP_BODY_7BIT;
			return 0;
		}
		if (vallen == 8 && strncasecmp(val, "8BITMIME", 8) == 0) {
			cmd->body = LMTP_BODY_8BITMIME;
			return 0;
		}
		*reply_r = REPLY_SYNTAX;
		return -1;
	}
	*reply_r = REPLY_PARAM;
	return -1;
}

static int
parse_params(struct cursor *c, struct lmtp_command *cmd,
	     const char **reply_r)
{
	while (c->p < c->end) {
		const char *kw, *eq, *val = NULL, *word_end;
		size_t vallen = 0;

		if (*c->p != ' ') {
			*reply_r = REPLY_SYNTAX;
			return -1;
		}
		skip_spaces(c);
		if (c->p == c->end)
			break;
		kw = c->p;
		word_end = memchr(c->p, ' ', (size_t)(c->end - c->p));
		if (word_end == NULL)
			word_end = c->end;
		eq = memchr(kw, '=', (size_t)(word_end - kw));
		if (eq != NULL) {
			val = eq + 1;
			vallen = (size_t)(word_end - val);
		}
		c->p = word_end;
		if (cmd->verb != LMTP_VERB_MAIL) {
			*reply_r = REPLY_PARAM;
			return -1;
		}
		if (parse_mail_param(kw, (size_t)((eq ? eq : word_end) - kw),
				     val, vallen, cmd, reply_r) < 0)
			return -1;
	}
	return 0;
}

/* "FROM:" or "TO:", case-insensitive, spaces allowed after the colon. */
static int
expect_prefix(struct cursor *c, const char *prefix)
{
	size_t len = strlen(prefix);

	if ((size_t)(c->end - c->p) < len || strncasecmp(c->p, prefix, len))
		return -1;
	c->p += len;
	skip_spaces(c);
	return 0;
}

static int
parse_args(struct cursor *c, struct lmtp_command *cmd, const char **reply_r)
{
	size_t len;

	*reply_r = REPLY_SYNTAX;
	switch (cmd->verb) {
	case LMTP_VERB_LHLO:
	case LMTP_VERB_HELO:
		len = (size_t)(c->end - c->p);
		if (len == 0 || len > LMTP_PATH_MAX ||
		    memchr(c->p, ' ', len) != NULL)
			return -1;
		memcpy(cmd->arg, c->p, len);
		cmd->arg[len] = '\0';
		return 0;
	case LMTP_VERB_MAIL:
		if (expect_prefix(c, "FROM:") < 0 ||
		    parse_path(c, true, cmd->arg, reply_r) < 0)
			return -1;
		return parse_params(c, cmd, reply_r);
	case LMTP_VERB_RCPT:
		if (expect_prefix(c, "TO:") < 0 ||
		    parse_path(c, false, cmd->arg, reply_r) < 0)
			return -1;
		return parse_params(c, cmd, reply_r);
	case LMTP_VERB_NOOP:
	case LMTP_VERB_VRFY:
		return 0; /* arguments allowed and ignored */
	case LMTP_VERB_DATA:
	case LMTP_VERB_RSET:
	case LMTP_VERB_QUIT:
		return c->p == c->end ? 0 : -1;
	case LMTP_VERB_UNKNOWN:
		break;
	}
	return -1;
}

int
lmtp_command_parse(const char *line, size_t len, struct lmtp_command *cmd,
		   const char **reply_r)
{
	struct cursor c = { line, line + len };
	const char *sp = memchr(line, ' ', len);
	size_t vlen = sp != NULL ? (size_t)(sp - line) : len;
	size_t i;

	memset(cmd, 0, sizeof(*cmd));
	if (memchr(line, '\0', len) != NULL) {
		*reply_r = REPLY_SYNTAX;
		return -1;
	}
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (vlen == 4 && strncasecmp(line, verbs[i].name, 4) == 0) {
			cmd->verb = verbs[i].verb;
			break;
		}
	}
	if (cmd->verb == LMTP_VERB_UNKNOWN) {
		*reply_r = REPLY_UNKNOWN;
		return -1;
	}
	c.p = line + vlen;
	if (c.p < c.end)
		c.p++; /* the one space after the verb */
	return parse_args(&c, cmd, reply_r);
}
