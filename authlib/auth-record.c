#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-record.h"
#include "strnum.h"

void
auth_record_set(char **field, const char *value)
{
	str_free_secret(field);
	if (value != NULL)
		*field = xstrdup(value);
}

void
auth_record_clear(struct auth_record *rec)
{
	str_free(&rec->username);
	str_free(&rec->home);
	str_free(&rec->address);
	str_free(&rec->name);
	str_free(&rec->maildir);
	str_free(&rec->quota);
	str_free_secret(&rec->passwd);
	str_free_secret(&rec->passwd2);
	str_free(&rec->options);
	str_free_secret(&rec->hmac_md5);
	str_free_secret(&rec->hmac_sha1);
	rec->have_uid = false;
	rec->uid = 0;
	rec->gid = 0;
}

static void
append_line(struct abuf *out, const char *key, const char *value)
{
	size_t start;

	if (value == NULL)
		return;
	abuf_append_str(out, key);
	start = out->len;
	abuf_append_str(out, value);
	for (; start < out->len; start++) {
		if (out->data[start] == '\n' || out->data[start] == '\r')
			out->data[start] = ' ';
	}
	abuf_append(out, "\n", 1);
}

/* Length of the key of one option ("key=value" or "key"). */
static size_t
option_key_len(const char *opt, size_t len)
{
	const char *eq = memchr(opt, '=', len);

	return eq != NULL ? (size_t)(eq - opt) : len;
}

static bool
options_have_key(const char *options, const char *key, size_t key_len)
{
	const char *p = options;

	while (p != NULL && *p != '\0') {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);

		if (option_key_len(p, len) == key_len &&
		    memcmp(p, key, key_len) == 0)
			return true;
		p = comma != NULL ? comma + 1 : NULL;
	}
	return false;
}

char *
auth_options_merge(const char *options, const char *defaults)
{
	struct abuf out = ABUF_INIT;
	const char *p = defaults;

	abuf_append_str(&out, options != NULL ? options : "");
	while (p != NULL && *p != '\0') {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);

		if (len > 0 &&
		    !options_have_key(options, p, option_key_len(p, len))) {
			if (out.len > 0)
				abuf_append(&out, ",", 1);
			abuf_append(&out, p, len);
		}
		p = comma != NULL ? comma + 1 : NULL;
	}
	return out.data != NULL ? out.data : xstrdup("");
}

char *
auth_options_get(const char *options, const char *key)
{
	size_t key_len = strlen(key);
	const char *p = options;

	while (p != NULL && *p != '\0') {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		size_t klen = option_key_len(p, len);

		if (klen == key_len && memcmp(p, key, key_len) == 0)
			return klen < len ? xstrndup(p + klen + 1,
						     len - klen - 1)
					  : xstrdup("");
		p = comma != NULL ? comma + 1 : NULL;
	}
	return NULL;
}

void
auth_record_format(const struct auth_record *rec,
		   const char *default_options, struct abuf *out)
{
	char *options = NULL;

	if (rec->username != NULL)
		append_line(out, "USERNAME=", rec->username);
	else
		abuf_printf(out, "UID=%lu\n", (unsigned long)rec->uid);
	abuf_printf(out, "GID=%lu\n", (unsigned long)rec->gid);
	append_line(out, "HOME=", rec->home != NULL ? rec->home : "");
	append_line(out, "ADDRESS=", rec->address);
	append_line(out, "NAME=", rec->name);
	append_line(out, "MAILDIR=", rec->maildir);
	append_line(out, "QUOTA=", rec->quota);
	append_line(out, "PASSWD=", rec->passwd);
	append_line(out, "PASSWD2=", rec->passwd2);
	if (default_options != NULL && *default_options != '\0')
		options = auth_options_merge(rec->options, default_options);
	append_line(out, "OPTIONS=", options != NULL ? options : rec->options);
	free(options);
	abuf_append(out, ".\n", 2);
}

static int
parse_id(const char *value, size_t len, unsigned long *id_r)
{
	uint32_t n;

	if (str_to_uint32_n(value, len, &n) < 0)
		return -1;
	*id_r = n;
	return 0;
}

static int
record_parse_line(struct auth_record *rec, const char *line, size_t len)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
		{ "USERNAME", offsetof(struct auth_record, username) },
		{ "HOME", offsetof(struct auth_record, home) },
		{ "ADDRESS", offsetof(struct auth_record, address) },
		{ "NAME", offsetof(struct auth_record, name) },
		{ "MAILDIR", offsetof(struct auth_record, maildir) },
		{ "QUOTA", offsetof(struct auth_record, quota) },
		{ "PASSWD", offsetof(struct auth_record, passwd) },
		{ "PASSWD2", offsetof(struct auth_record, passwd2) },
		{ "OPTIONS", offsetof(struct auth_record, options) },
	};
	const char *eq = memchr(line, '=', len);
	size_t klen, i;
	unsigned long id;

	if (eq == NULL)
		return -1;
	klen = (size_t)(eq - line);
	if (klen == 3 && memcmp(line, "UID", 3) == 0) {
		if (parse_id(eq + 1, len - 4, &id) < 0)
			return -1;
		rec->uid = (uid_t)id;
		rec->have_uid = true;
		return 0;
	}
	if (klen == 3 && memcmp(line, "GID", 3) == 0) {
		if (parse_id(eq + 1, len - 4, &id) < 0)
			return -1;
		rec->gid = (gid_t)id;
		return 0;
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char **field = (char **)((char *)rec + fields[i].offset);

		if (strlen(fields[i].key) == klen &&
		    memcmp(fields[i].key, line, klen) == 0) {
			str_free_secret(field);
			*field = xstrndup(eq + 1, len - klen - 1);
			return 0;
		}
	}
	return 0;
}

int
auth_record_parse(const char *data, size_t size, struct auth_record *rec,
		  const char **error_r)
{
	size_t pos = 0;

	auth_record_clear(rec);
	while (pos < size) {
		const char *nl = memchr(data + pos, '\n', size - pos);
		size_t len;

		if (nl == NULL)
			break;
		len = (size_t)(nl - (data + pos));
		if (len == 1 && data[pos] == '.')
			return 0;
		if (memchr(data + pos, '\0', len) != NULL ||
		    record_parse_line(rec, data + pos, len) < 0) {
			*error_r = "malformed line in authdaemond reply";
			goto fail;
		}
		pos += len + 1;
	}
	*error_r = "authdaemond reply does not end with \".\"";
fail:
	auth_record_clear(rec);
	return -1;
}
