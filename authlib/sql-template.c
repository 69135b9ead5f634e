#include "config.h"

#include <string.h>

#include "sql-template.h"

static const struct {
	const char *name;
	enum sql_param param;
} placeholders[] = {
	{ "local_part", SQL_PARAM_LOCAL_PART },
	{ "domain", SQL_PARAM_DOMAIN },
	{ "service", SQL_PARAM_SERVICE },
	{ "newpass", SQL_PARAM_NEWPASS },
	{ "newpass_crypt", SQL_PARAM_NEWPASS_CRYPT },
};

/* At p = "$(name)": returns the parameter and the length, or -1. */
static int
placeholder_at(const char *p, size_t *len_r)
{
	const char *end = strchr(p + 2, ')');
	size_t i, n;

	if (end == NULL)
		return -1;
	n = (size_t)(end - p - 2);
	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
		if (strlen(placeholders[i].name) == n &&
		    memcmp(placeholders[i].name, p + 2, n) == 0) {
			*len_r = n + 3;
			return (int)placeholders[i].param;
		}
	}
	return -1;
}

static void
append_param(struct abuf *out, enum sql_dialect dialect, int param)
{
	abuf_printf(out, dialect == SQL_DIALECT_SQLITE ? "?%d" : "$%d",
		    param);
}

int
sql_template_expand(const char *tmpl, enum sql_dialect dialect,
		    struct abuf *out, const char **error_r)
{
	const char *p = tmpl;
	char quote = '\0';	/* '\'' or '"' while inside one */

	while (*p != '\0') {
		size_t len;
		int param;

		if (p[0] == '$' && p[1] == '(') {
			param = placeholder_at(p, &len);
			if (param < 0) {
				*error_r = "unknown $(...) placeholder";
				return -1;
			}
			if (quote == '"') {
				*error_r = "placeholder inside a quoted "
					   "identifier";
				return -1;
			}
			if (quote == '\'')
				abuf_append_str(out, "'||");
			append_param(out, dialect, param);
			if (quote == '\'')
				abuf_append_str(out, "||'");
			p += len;
			continue;
		}
		if (quote == '\0' && (*p == '\'' || *p == '"'))
			quote = *p;
		else if (quote != '\0' && *p == quote) {
			if (p[1] == quote) {	/* doubled quote stays */
				abuf_append(out, p, 2);
				p += 2;
				continue;
			}
			quote = '\0';
		}
		abuf_append(out, p, 1);
		p++;
	}
	if (quote != '\0') {
		*error_r = "unterminated quote";
		return -1;
	}
	if (out->data == NULL)
		abuf_append(out, "", 0);
	return 0;
}
