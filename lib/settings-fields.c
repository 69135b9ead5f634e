/*
 * The field-style parser for authldaprc, authpgsqlrc and authsqliterc:
 * "FIELD<blanks>value", the way courier-authlib reads them. No quoting and
 * no expansion: a value such as an SQL clause is taken literally.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buffer.h"
#include "settings-private.h"

struct fields_parser {
	struct settings *set;
	const char *file;
	const char *data;
	size_t size, pos;
	unsigned long line_no;
	struct buffer value;
	const char *reason;
};

/* Courier uses isspace(): CR (of DOS line ends), VT and FF are blanks. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void
trim(const char **p, const char **end)
{
	while (*p < *end && is_space(**p))
		(*p)++;
	while (*end > *p && is_space((*end)[-1]))
		(*end)--;
}

/*
 * Appends the value part [p, end) of one physical line, joining
 * continuation lines with one space. Sets *more_r when the part ended in
 * a backslash.
 */
static int
fields_value_part(struct fields_parser *fp, const char *p, const char *end,
		  bool *more_r)
{
	trim(&p, &end);
	*more_r = p < end && end[-1] == '\\';
	if (*more_r) {
		end--;
		trim(&p, &end);
	}
	if (p == end)
		return 0;
	if ((buffer_len(&fp->value) > 0 &&
	     buffer_append_c(&fp->value, ' ') < 0) ||
	    buffer_append(&fp->value, p, (size_t)(end - p)) < 0) {
		fp->reason = "value too long";
		return -1;
	}
	return 0;
}

static int
fields_entry(struct fields_parser *fp, const char *p, const char *end)
{
	const char *key = p, *line, *reason;
	size_t len;
	bool more;
	int r;

	while (p < end && !is_space(*p))
		p++;
	for (line = key; line < p; line++) {
		if (!settings_is_key_char(*line) ||
		    !settings_is_key_start(*key)) {
			fp->reason = "invalid field name";
			return -1;
		}
	}
	buffer_clear(&fp->value);
	if (fields_value_part(fp, p, end, &more) < 0)
		return -1;
	while (more) {
		r = settings_next_line(fp->data, fp->size, &fp->pos, &line,
				       &len, &fp->reason);
		if (r == 0) {
			fp->reason = "continuation (\\) at end of file";
			return -1;
		}
		fp->line_no++;
		if (r < 0)
			return -1;
		if (fields_value_part(fp, line, line + len, &more) < 0)
			return -1;
	}
	if (settings_assign(fp->set, key, (size_t)(p - key),
			    buffer_cstr(&fp->value), buffer_len(&fp->value),
			    fp->file, &reason) < 0) {
		fp->reason = reason;
		return -1;
	}
	return 0;
}

int
settings_parse_fields(struct settings *set, const char *name,
		      const char *data, size_t size, const char **error_r)
{
	struct fields_parser fp;
	const char *line, *p, *end;
	size_t len;
	int ret = 0, r;

	memset(&fp, 0, sizeof(fp));
	fp.set = set;
	fp.file = settings_intern(set, name);
	fp.data = data;
	fp.size = size;
	buffer_init(&fp.value, SETTINGS_VALUE_MAX);
	while ((r = settings_next_line(data, size, &fp.pos, &line, &len,
				       &fp.reason)) != 0) {
		fp.line_no++;
		if (r > 0) {
			p = line;
			end = line + len;
			trim(&p, &end);
			if (p == end || *p == '#')
				continue;
			r = fields_entry(&fp, p, end);
		}
		if (r < 0) {
			*error_r = settings_set_error(set, "%s:%lu: %s", name,
						      fp.line_no, fp.reason);
			ret = -1;
			break;
		}
	}
	buffer_deinit(&fp.value);
	return ret;
}
