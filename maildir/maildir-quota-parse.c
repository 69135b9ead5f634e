#include "config.h"

#include <stdio.h>
#include <string.h>

#include "strnum.h"
#include "maildir-quota.h"

/* Parsing and formatting of quota strings and maildirsize contents: pure
   functions, no file system access (the fuzz target calls these). */

int
maildir_quota_parse(const char *str, size_t len, struct maildir_quota *q_r)
{
	struct maildir_quota q = { 0, 0 };
	size_t i = 0;

	if (len == 0 || len > MAILDIR_QUOTA_STR_MAX)
		return -1;
	for (;;) {
		size_t start = i;
		uint64_t n;

		while (i < len && str[i] >= '0' && str[i] <= '9')
			i++;
		if (i == start || i == len ||
		    str_to_uint64_n(str + start, i - start, &n) < 0)
			return -1;
		if (str[i] == 'S')
			q.bytes = n;
		else if (str[i] == 'C')
			q.count = n;
		else
			return -1;
		i++;
		if (i == len)
			break;
		if (str[i] != ',')
			return -1;
		i++;
	}
	/* Sizes must fit the signed totals of the file. */
	if (q.bytes > INT64_MAX || q.count > INT64_MAX)
		return -1;
	*q_r = q;
	return 0;
}

int
maildir_quota_format(const struct maildir_quota *q, char *buf, size_t size)
{
	int n;

	if (q->bytes > 0 && q->count > 0)
		n = snprintf(buf, size, "%lluS,%lluC",
			     (unsigned long long)q->bytes,
			     (unsigned long long)q->count);
	else if (q->bytes > 0)
		n = snprintf(buf, size, "%lluS", (unsigned long long)q->bytes);
	else if (q->count > 0)
		n = snprintf(buf, size, "%lluC", (unsigned long long)q->count);
	else
		n = snprintf(buf, size, "%s", "");
	if (n < 0 || (size_t)n >= size)
		return -1;
	return n;
}

bool
maildir_quota_is_set(const struct maildir_quota *q)
{
	return q->bytes > 0 || q->count > 0;
}

bool
maildir_quota_equal(const struct maildir_quota *a,
		    const struct maildir_quota *b)
{
	return a->bytes == b->bytes && a->count == b->count;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parses an optionally negative decimal number at data[*pos]. */
static int
parse_signed(const char *data, size_t size, size_t *pos, int64_t *num_r)
{
	size_t i = *pos, start;
	bool neg = false;
	uint64_t n;

	if (i < size && data[i] == '-') {
		neg = true;
		i++;
	}
	start = i;
	while (i < size && data[i] >= '0' && data[i] <= '9')
		i++;
	if (str_to_uint64_n(data + start, i - start, &n) < 0 ||
	    n > (uint64_t)INT64_MAX)
		return -1;
	*num_r = neg ? -(int64_t)n : (int64_t)n;
	*pos = i;
	return 0;
}

static bool
add_overflows(int64_t a, int64_t b)
{
	return (b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b);
}

/* Parses one "bytes count\n" line starting at *pos. */
static int
parse_usage_line(const char *data, size_t size, size_t *pos,
		 struct maildir_usage *u)
{
	size_t i = *pos;
	int64_t bytes, count;

	while (i < size && is_blank(data[i]))
		i++;
	if (parse_signed(data, size, &i, &bytes) < 0)
		return -1;
	if (i >= size || !is_blank(data[i]))
		return -1;
	while (i < size && is_blank(data[i]))
		i++;
	if (parse_signed(data, size, &i, &count) < 0)
		return -1;
	while (i < size && is_blank(data[i]))
		i++;
	if (i >= size || data[i] != '\n')
		return -1;
	if (add_overflows(u->bytes, bytes) || add_overflows(u->count, count))
		return -1;
	u->bytes += bytes;
	u->count += count;
	*pos = i + 1;
	return 0;
}

int
maildirsize_parse(const char *data, size_t size, struct maildirsize *r,
		  const char **error_r)
{
	const char *nl = memchr(data, '\n', size);
	struct maildirsize m;
	size_t pos;

	memset(&m, 0, sizeof(m));
	if (nl == NULL) {
		*error_r = "maildirsize has no complete quota line";
		return -1;
	}
	if (maildir_quota_parse(data, (size_t)(nl - data), &m.quota) < 0) {
		*error_r = "maildirsize has a malformed quota line";
		return -1;
	}
	pos = (size_t)(nl - data) + 1;
	while (pos < size) {
		if (parse_usage_line(data, size, &pos, &m.usage) < 0) {
			*error_r = "maildirsize has a malformed usage line";
			return -1;
		}
		if (m.lines == UINT32_MAX) {
			*error_r = "maildirsize has too many lines";
			return -1;
		}
		m.lines++;
	}
	*r = m;
	return 0;
}

size_t
maildirsize_format_line(int64_t bytes, int64_t count, char *buf)
{
	int n = snprintf(buf, MAILDIRSIZE_LINE_BUF, "%12lld %12lld\n",
			 (long long)bytes, (long long)count);

	return n < 0 ? 0 : (size_t)n;
}
