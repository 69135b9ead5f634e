/* IMAP string quoting; see imap-quote.h. */
#include "config.h"

#include <string.h>

#include "imap-quote.h"

#define REPLACEMENT "\xef\xbf\xbd"

static bool
quotable(const char *str, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)str[i];

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			return false;
	}
	return true;
}

static int
append_literal(struct buffer *out, const char *str, size_t len, bool upper)
{
	size_t nuls = 0, i;

	for (i = 0; i < len; i++) {
		if (str[i] == '\0')
			nuls++;
	}
	if (buffer_printf(out, "{%zu}\r\n", len + nuls * 2) < 0)
		return -1;
	for (i = 0; i < len; i++) {
		char c = str[i];
		int r;

		if (c == '\0')
			r = buffer_append(out, REPLACEMENT, 3);
		else
			r = buffer_append_c(out, upper && c >= 'a' && c <= 'z'
						     ? (char)(c - 32)
						     : c);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Appends str/len, upper-cased if asked, in chunks. */
static int
append_bytes(struct buffer *out, const char *str, size_t len, bool upper)
{
	char chunk[256];
	size_t i, n;

	if (!upper)
		return buffer_append(out, str, len);
	while (len > 0) {
		n = len < sizeof(chunk) ? len : sizeof(chunk);
		for (i = 0; i < n; i++) {
			chunk[i] = str[i] >= 'a' && str[i] <= 'z'
				       ? (char)(str[i] - 32)
				       : str[i];
		}
		if (buffer_append(out, chunk, n) < 0)
			return -1;
		str += n;
		len -= n;
	}
	return 0;
}

static int
append_string(struct buffer *out, const char *str, size_t len, bool upper)
{
	size_t start = buffer_len(out);
	int r;

	if (!quotable(str, len)) {
		r = append_literal(out, str, len, upper);
	} else {
		r = buffer_append_c(out, '"') < 0 ||
			    append_bytes(out, str, len, upper) < 0 ||
			    buffer_append_c(out, '"') < 0
			? -1
			: 0;
	}
	if (r < 0)
		buffer_truncate(out, start);
	return r;
}

int
imap_append_string_n(struct buffer *out, const char *str, size_t len)
{
	return append_string(out, str, len, false);
}

int
imap_append_string(struct buffer *out, const char *str)
{
	return append_string(out, str, strlen(str), false);
}

int
imap_append_nstring(struct buffer *out, const char *str)
{
	if (str == NULL)
		return buffer_append_str(out, "NIL");
	return append_string(out, str, strlen(str), false);
}

int
imap_append_nstring_upper(struct buffer *out, const char *str)
{
	if (str == NULL)
		return buffer_append_str(out, "NIL");
	return append_string(out, str, strlen(str), true);
}
