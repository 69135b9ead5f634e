/*
 * The shell-style parser: what /bin/sh does when Courier's start scripts
 * source imapd, pop3d or authdaemonrc, limited to assignments. Anything sh
 * would run as a command or expand in a way we do not model is an error,
 * so a file never means one thing to Courier and another to us.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buffer.h"
#include "settings-private.h"

struct shell_parser {
	struct settings *set;
	const char *file; /* interned name for settings_assign() */
	const char *p, *end; /* unread part of the current line */
	struct buffer value;
	const char *reason;
	char reason_buf[160];
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
shell_fail(struct shell_parser *ps, const char *reason)
{
	ps->reason = reason;
	return -1;
}

static int
shell_append(struct shell_parser *ps, const char *data, size_t size)
{
	if (buffer_append(&ps->value, data, size) < 0)
		return shell_fail(ps, "value too long");
	return 0;
}

/* Called with ps->p just after a '$'. */
static int
shell_expand(struct shell_parser *ps)
{
	const char *name, *q, *value;
	char c;

	if (ps->p == ps->end)
		return shell_append(ps, "$", 1);
	c = *ps->p;
	if (c == '{') {
		name = q = ps->p + 1;
		while (q < ps->end && settings_is_key_char(*q))
			q++;
		if (q == ps->end)
			return shell_fail(ps, "unterminated ${");
		if (q == name || !settings_is_key_start(*name) || *q != '}')
			return shell_fail(ps, "unsupported ${...} expansion "
					      "(only ${NAME} is supported)");
		ps->p = q + 1;
	} else if (settings_is_key_start(c)) {
		name = q = ps->p;
		while (q < ps->end && settings_is_key_char(*q))
			q++;
		ps->p = q;
	} else if (c == '(') {
		return shell_fail(ps, "command substitution $(...) "
				      "not supported");
	} else if ((c >= '0' && c <= '9') || strchr("@*#?$!-", c) != NULL) {
		snprintf(ps->reason_buf, sizeof(ps->reason_buf),
			 "special parameter $%c not supported", c);
		return shell_fail(ps, ps->reason_buf);
	} else {
		/* sh keeps a '$' that starts no expansion. */
		return shell_append(ps, "$", 1);
	}
	value = settings_lookup(ps->set, name, (size_t)(q - name));
	if (value == NULL)
		return 0;
	return shell_append(ps, value, strlen(value));
}

static int
shell_single_quoted(struct shell_parser *ps)
{
	const char *close = memchr(ps->p, '\'', (size_t)(ps->end - ps->p));

	if (close == NULL)
		return shell_fail(ps, "unterminated single quote "
				      "(a value must fit on one line)");
	if (shell_append(ps, ps->p, (size_t)(close - ps->p)) < 0)
		return -1;
	ps->p = close + 1;
	return 0;
}

static int
shell_double_quoted(struct shell_parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p++;
		int ret = 0;

		if (c == '"')
			return 0;
		if (c == '\\') {
			if (ps->p == ps->end)
				break;
			if (strchr("$`\"\\", *ps->p) != NULL)
				c = *ps->p++;
			ret = shell_append(ps, &c, 1);
		} else if (c == '$') {
			ret = shell_expand(ps);
		} else if (c == '`') {
			ret = shell_fail(ps, "command substitution `...` "
					     "not supported");
		} else {
			ret = shell_append(ps, &c, 1);
		}
		if (ret < 0)
			return -1;
	}
	return shell_fail(ps, "unterminated double quote "
			      "(a value must fit on one line)");
}

/* One unquoted byte c of a word (already consumed). */
static int
shell_bare_char(struct shell_parser *ps, char c)
{
	switch (c) {
	case '\'':
		return shell_single_quoted(ps);
	case '"':
		return shell_double_quoted(ps);
	case '$':
		return shell_expand(ps);
	case '\\':
		if (ps->p == ps->end)
			return shell_fail(ps, "\\ at end of line: continuation "
					      "lines are not supported");
		return shell_append(ps, ps->p++, 1);
	case '`':
		return shell_fail(ps, "command substitution `...` "
				      "not supported");
	case ';':
	case '&':
	case '|':
	case '<':
	case '>':
	case '(':
	case ')':
		snprintf(ps->reason_buf, sizeof(ps->reason_buf),
			 "unquoted '%c' in value (quote the value)", c);
		return shell_fail(ps, ps->reason_buf);
	default:
		return shell_append(ps, &c, 1);
	}
}

/* Parses the value word at ps->p into ps->value. */
static int
shell_word(struct shell_parser *ps)
{
	buffer_clear(&ps->value);
	if (ps->p < ps->end && *ps->p == '~')
		return shell_fail(ps, "unquoted ~ at the start of a value "
				      "(tilde expansion) not supported");
	while (ps->p < ps->end && !is_blank(*ps->p)) {
		char c = *ps->p++;

		if (shell_bare_char(ps, c) < 0)
			return -1;
	}
	return 0;
}

static int
shell_assignment(struct shell_parser *ps, const char *key, size_t key_len)
{
	const char *reason;

	if (shell_word(ps) < 0)
		return -1;
	if (settings_assign(ps->set, key, key_len, buffer_cstr(&ps->value),
			    buffer_len(&ps->value), ps->file, &reason) < 0)
		return shell_fail(ps, reason);
	return 0;
}

static int
shell_line(struct shell_parser *ps)
{
	bool exporting = false, first = true;

	if (memchr(ps->p, '\r', (size_t)(ps->end - ps->p)) != NULL) {
		while (ps->p < ps->end && is_blank(*ps->p))
			ps->p++;
		if (ps->p < ps->end && *ps->p == '#')
			return 0;
		return shell_fail(ps, "carriage return in line "
				      "(DOS line ends?)");
	}
	for (;; first = false) {
		const char *key;
		size_t key_len;

		while (ps->p < ps->end && is_blank(*ps->p))
			ps->p++;
		if (ps->p == ps->end || *ps->p == '#')
			return 0;
		key = ps->p;
		if (!settings_is_key_start(*key))
			return shell_fail(ps, "expected KEY=value");
		while (ps->p < ps->end && settings_is_key_char(*ps->p))
			ps->p++;
		key_len = (size_t)(ps->p - key);
		if (ps->p < ps->end && *ps->p == '=') {
			ps->p++;
			if (shell_assignment(ps, key, key_len) < 0)
				return -1;
		} else if (ps->p < ps->end && !is_blank(*ps->p)) {
			return shell_fail(ps, "expected KEY=value");
		} else if (first && key_len == 6 &&
			   memcmp(key, "export", 6) == 0) {
			exporting = true;
		} else if (!exporting) {
			snprintf(ps->reason_buf, sizeof(ps->reason_buf),
				 "expected '=' after \"%.*s\" (quote values "
				 "that contain blanks)",
				 key_len > 64 ? 64 : (int)key_len, key);
			return shell_fail(ps, ps->reason_buf);
		}
		/* `export NAME`: we keep no environment, nothing to do. */
	}
}

int
settings_parse_shell(struct settings *set, const char *name,
		     const char *data, size_t size, const char **error_r)
{
	struct shell_parser ps;
	size_t pos = 0;
	unsigned long line_no = 0;
	const char *line;
	size_t len;
	int ret = 0, r;

	memset(&ps, 0, sizeof(ps));
	ps.set = set;
	ps.file = settings_intern(set, name);
	buffer_init(&ps.value, SETTINGS_VALUE_MAX);
	while ((r = settings_next_line(data, size, &pos, &line, &len,
				       &ps.reason)) != 0) {
		line_no++;
		if (r > 0) {
			ps.p = line;
			ps.end = line + len;
			r = shell_line(&ps);
		}
		if (r < 0) {
			*error_r = settings_set_error(set, "%s:%lu: %s", name,
						      line_no, ps.reason);
			ret = -1;
			break;
		}
	}
	buffer_deinit(&ps.value);
	return ret;
}
