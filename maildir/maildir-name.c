#include "config.h"

#include <stdio.h>
#include <string.h>

#include "strnum.h"
#include "maildir-name.h"

uint64_t
maildir_flag_bit(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (uint64_t)1 << (c - 'A');
	if (c >= 'a' && c <= 'z')
		return (uint64_t)1 << (26 + (c - 'a'));
	return 0;
}

int
maildir_flags_parse(const char *str, size_t len, uint64_t *flags_r)
{
	uint64_t flags = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		uint64_t bit = maildir_flag_bit(str[i]);

		if (bit == 0)
			return -1;
		flags |= bit;
	}
	*flags_r = flags;
	return 0;
}

size_t
maildir_flags_format(uint64_t flags, char *buf)
{
	size_t n = 0;
	unsigned int i;

	/* Bits 0-25 are 'A'-'Z', 26-51 'a'-'z': bit order is ASCII order. */
	for (i = 0; i < 52; i++) {
		if ((flags & ((uint64_t)1 << i)) == 0)
			continue;
		buf[n++] = i < 26 ? (char)('A' + i) : (char)('a' + (i - 26));
	}
	buf[n] = '\0';
	return n;
}

/*
 * Finds ",S=<digits>" in base. Courier puts it after the host name; a later
 * ",X=" field may follow. Returns 1 when found (and valid), 0 when absent,
 * -1 when present but malformed.
 */
static int
name_parse_size(const char *base, size_t len, uint64_t *size_r)
{
	size_t i;

	for (i = len; i >= 3; i--) {
		size_t start = i - 3, end;

		if (memcmp(base + start, ",S=", 3) != 0)
			continue;
		end = i;
		while (end < len && base[end] != ',')
			end++;
		if (str_to_uint64_n(base + i, end - i, size_r) < 0)
			return -1;
		return 1;
	}
	return 0;
}

int
maildir_name_parse(const char *name, struct maildir_name *name_r,
		   const char **error_r)
{
	const char *colon;
	size_t len = strlen(name), i;
	int r;

	memset(name_r, 0, sizeof(*name_r));
	if (len == 0 || len > MAILDIR_NAME_MAX) {
		*error_r = len == 0 ? "empty file name" : "file name too long";
		return -1;
	}
	if (name[0] == '.') {
		*error_r = "file name starts with '.'";
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '/' || c < 0x20 || c == 0x7f) {
			*error_r = "file name contains '/' or a control byte";
			return -1;
		}
	}
	colon = strchr(name, ':');
	name_r->base = name;
	name_r->base_len = colon != NULL ? (size_t)(colon - name) : len;
	if (name_r->base_len == 0) {
		*error_r = "file name has an empty base";
		return -1;
	}
	r = name_parse_size(name, name_r->base_len, &name_r->size);
	if (r < 0) {
		*error_r = "malformed ,S= size in file name";
		return -1;
	}
	name_r->have_size = r > 0;
	if (colon != NULL && strncmp(colon + 1, "2,", 2) == 0) {
		const char *letters = colon + 3;

		if (maildir_flags_parse(letters, strlen(letters),
					&name_r->flags) < 0) {
			*error_r = "malformed flags after :2,";
			return -1;
		}
		name_r->have_info = true;
	}
	return 0;
}

int
maildir_name_with_flags(const char *base, size_t base_len, uint64_t flags,
			char *buf, size_t size)
{
	char letters[MAILDIR_FLAGS_BUF];
	size_t nletters = maildir_flags_format(flags, letters);
	size_t total = base_len + 3 + nletters;

	if (total > MAILDIR_NAME_MAX || total + 1 > size)
		return -1;
	memcpy(buf, base, base_len);
	memcpy(buf + base_len, ":2,", 3);
	memcpy(buf + base_len + 3, letters, nletters + 1);
	return 0;
}

char *
maildir_host_sanitize(const char *host, char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return buf;
	for (; *host != '\0'; host++) {
		unsigned char c = (unsigned char)*host;
		bool escape = c == '/' || c == ':' || c < 0x20 || c == 0x7f;
		size_t need = escape ? 4 : 1;

		if (n + need + 1 > size)
			break;
		if (escape) {
			snprintf(buf + n, 5, "\\%03o", c);
		} else {
			buf[n] = (char)c;
		}
		n += need;
	}
	buf[n] = '\0';
	return buf;
}

int
maildir_unique_format(const struct maildir_unique *u, char *buf, size_t size)
{
	char devino[40] = "", suffix[MAILDIR_NAME_BUF] = "", sz[32] = "";
	int n;

	if (u->have_devino)
		snprintf(devino, sizeof(devino), "V%016llXI%016llX",
			 (unsigned long long)u->dev,
			 (unsigned long long)u->ino);
	if (u->suffix != NULL && u->suffix[0] != '\0') {
		n = snprintf(suffix, sizeof(suffix), "_%s", u->suffix);
		if (n < 0 || (size_t)n >= sizeof(suffix))
			return -1;
	}
	if (u->have_size)
		snprintf(sz, sizeof(sz), ",S=%llu",
			 (unsigned long long)u->size);
	n = snprintf(buf, size, "%lld.M%ldP%ld%s%s.%s%s", (long long)u->sec,
		     u->usec, (long)u->pid, devino, suffix, u->host, sz);
	if (n < 0 || (size_t)n >= size || n > MAILDIR_NAME_MAX)
		return -1;
	return 0;
}
