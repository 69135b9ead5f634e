/*
 * Atom / quoted string / literal choice for responses (imap-quote.h).
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "imap-quote.h"
#include "imap-utf7.h"

static bool
can_quote(const char *str, size_t len, unsigned int flags)
{
	bool eight = false;
	size_t i;

	if (len > IMAP_QUOTE_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)str[i];

		if (c == '\0' || c == '\r' || c == '\n')
			return false;
		if (c >= 0x80)
			eight = true;
	}
	if (!eight)
		return true;
	return (flags & IMAP_QUOTE_UTF8) != 0 && imap_utf8_valid(str, len);
}

static bool
is_astring_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' &&
	       c != '%' && c != '*' && c != '"' && c != '\\';
}

static int
write_quoted(struct buffer *out, const char *str, size_t len)
{
	size_t i;

	if (buffer_append_c(out, '"') < 0)
		return -1;
	for (i = 0; i < len; i++) {
		if ((str[i] == '"' || str[i] == '\\') &&
		    buffer_append_c(out, '\\') < 0)
			return -1;
		if (buffer_append_c(out, str[i]) < 0)
			return -1;
	}
	return buffer_append_c(out, '"');
}

int
imap_write_string(struct buffer *out, const char *str, size_t len,
		  unsigned int flags)
{
	size_t start = buffer_len(out);
	int ret;

	if (memchr(str, '\0', len) != NULL)
		return -1;
	if (can_quote(str, len, flags))
		ret = write_quoted(out, str, len);
	else if ((ret = buffer_printf(out, "{%zu}\r\n", len)) == 0)
		ret = buffer_append(out, str, len);
	if (ret < 0)
		buffer_truncate(out, start);
	return ret;
}

int
imap_write_astring(struct buffer *out, const char *str, size_t len,
		   unsigned int flags)
{
	size_t i;

	if (len == 0 || (len == 3 && strncasecmp(str, "NIL", 3) == 0))
		return imap_write_string(out, str, len, flags);
	for (i = 0; i < len; i++) {
		if (!is_astring_char((unsigned char)str[i]))
			return imap_write_string(out, str, len, flags);
	}
	return buffer_append(out, str, len);
}

int
imap_write_nstring(struct buffer *out, const char *str, size_t len,
		   unsigned int flags)
{
	if (str == NULL)
		return buffer_append_str(out, "NIL");
	return imap_write_string(out, str, len, flags);
}
