#include "config.h"

#include <string.h>

#include "userdb-format.h"

int
userdb_line_parse(const char *line, size_t len, struct userdb_line *out,
		  const char **error_r)
{
	const char *tab;
	size_t i;

	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		len--;
	if (len == 0 || line[0] == '#')
		return 0;
	tab = memchr(line, '\t', len);
	if (tab == NULL || tab == line) {
		*error_r = "expected address<TAB>fields";
		return -1;
	}
	out->addr = line;
	out->addr_len = (size_t)(tab - line);
	out->fields = tab + 1;
	out->fields_len = len - out->addr_len - 1;
	if (str_has_ctrl(out->addr, out->addr_len)) {
		*error_r = "control character in address";
		return -1;
	}
	for (i = 0; i < out->fields_len; i++) {
		unsigned char ch = (unsigned char)out->fields[i];

		if (ch < 0x20 && ch != '\t') {
			*error_r = "control character in fields";
			return -1;
		}
	}
	return 1;
}

/* Calls the loop body for each "name=value" item of fields[0..len). */
struct field_iter {
	const char *p, *end;
	const char *name;
	size_t name_len;
	const char *value;	/* NULL for an item without '=' */
	size_t value_len;
	const char *item;
	size_t item_len;
};

static bool
field_next(struct field_iter *it)
{
	const char *bar, *eq;

	while (it->p < it->end && *it->p == '|')
		it->p++;
	if (it->p >= it->end)
		return false;
	bar = memchr(it->p, '|', (size_t)(it->end - it->p));
	if (bar == NULL)
		bar = it->end;
	it->item = it->p;
	it->item_len = (size_t)(bar - it->p);
	eq = memchr(it->p, '=', it->item_len);
	it->name = it->p;
	it->name_len = eq != NULL ? (size_t)(eq - it->p) : it->item_len;
	it->value = eq != NULL ? eq + 1 : NULL;
	it->value_len = eq != NULL ? (size_t)(bar - eq - 1) : 0;
	it->p = bar;
	return true;
}

static void
field_iter_init(struct field_iter *it, const char *fields, size_t len)
{
	memset(it, 0, sizeof(*it));
	it->p = fields;
	it->end = fields + len;
}

char *
userdb_field_get(const char *fields, size_t len, const char *name)
{
	struct field_iter it;
	size_t nlen = strlen(name);

	field_iter_init(&it, fields, len);
	while (field_next(&it)) {
		if (it.name_len == nlen && memcmp(it.name, name, nlen) == 0)
			return xstrndup(it.value != NULL ? it.value : "",
					it.value_len);
	}
	return NULL;
}

bool
userdb_field_is_secret(const char *name, size_t len)
{
	return len >= 2 && memcmp(name + len - 2, "pw", 2) == 0;
}

bool
userdb_field_name_valid(const char *name, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

bool
userdb_field_value_valid(const char *value)
{
	return strchr(value, '|') == NULL &&
	       !str_has_ctrl(value, strlen(value));
}

static void
append_item(struct abuf *out, const char *item, size_t len)
{
	if (out->len > 0)
		abuf_append(out, "|", 1);
	abuf_append(out, item, len);
}

void
userdb_fields_update(const char *fields, size_t len, const char *name,
		     const char *value, struct abuf *out)
{
	struct field_iter it;
	size_t nlen = strlen(name);
	bool done = false;

	field_iter_init(&it, fields, len);
	while (field_next(&it)) {
		if (it.name_len != nlen || memcmp(it.name, name, nlen) != 0) {
			append_item(out, it.item, it.item_len);
			continue;
		}
		if (value != NULL && !done) {
			if (out->len > 0)
				abuf_append(out, "|", 1);
			abuf_printf(out, "%s=%s", name, value);
		}
		done = true;
	}
	if (value != NULL && !done) {
		if (out->len > 0)
			abuf_append(out, "|", 1);
		abuf_printf(out, "%s=%s", name, value);
	}
}

void
userdb_fields_split(const char *fields, size_t len, struct abuf *pub,
		    struct abuf *secret)
{
	struct field_iter it;

	field_iter_init(&it, fields, len);
	while (field_next(&it)) {
		if (userdb_field_is_secret(it.name, it.name_len))
			append_item(secret, it.item, it.item_len);
		else
			append_item(pub, it.item, it.item_len);
	}
}
