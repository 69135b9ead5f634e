/*
 * Modified UTF-7 <-> UTF-8 for IMAP mailbox names (imap-utf7.h).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "imap-utf7.h"

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/* Decodes one UTF-8 sequence at s[*pos]; -1 if it is not strict UTF-8. */
static int
utf8_next(const unsigned char *s, size_t len, size_t *pos, uint32_t *cp_r)
{
	size_t i = *pos, n, k;
	uint32_t cp, min;
	unsigned char c = s[i];

	if (c < 0x80) {
		*cp_r = c;
		*pos = i + 1;
		return 0;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1, cp = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2, cp = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3, cp = c & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (len - i - 1 < n)
		return -1;
	for (k = 1; k <= n; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i + k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*cp_r = cp;
	*pos = i + n + 1;
	return 0;
}

bool
imap_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t pos = 0;
	uint32_t cp;

	while (pos < len) {
		if (utf8_next(s, len, &pos, &cp) < 0)
			return false;
	}
	return true;
}

static int
put_utf8(struct buffer *dest, uint32_t cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	return buffer_append(dest, out, n);
}

struct b64_out {
	struct buffer *dest;
	uint32_t bits;
	unsigned int nbits;
	bool open;
};

static int
b64_unit(struct b64_out *o, uint32_t unit)
{
	if (!o->open && buffer_append_c(o->dest, '&') < 0)
		return -1;
	o->open = true;
	o->bits = (o->bits << 16) | unit;
	o->nbits += 16;
	while (o->nbits >= 6) {
		o->nbits -= 6;
		if (buffer_append_c(o->dest,
				    b64chars[(o->bits >> o->nbits) & 0x3f]) < 0)
			return -1;
	}
	o->bits &= (1U << o->nbits) - 1;
	return 0;
}

static int
b64_close(struct b64_out *o)
{
	if (!o->open)
		return 0;
	if (o->nbits > 0 &&
	    buffer_append_c(o->dest,
			    b64chars[(o->bits << (6 - o->nbits)) & 0x3f]) < 0)
		return -1;
	o->open = false;
	o->bits = 0;
	o->nbits = 0;
	return buffer_append_c(o->dest, '-');
}

int
imap_utf8_to_utf7(const char *src, struct buffer *dest)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t len = strlen(src), pos = 0;
	struct b64_out o = {.dest = dest};
	uint32_t cp;
	int ret = 0;

	while (pos < len && ret == 0) {
		if (utf8_next(s, len, &pos, &cp) < 0)
			return -1;
		if (cp >= 0x20 && cp <= 0x7e) {
			ret = b64_close(&o);
			if (ret == 0)
				ret = cp == '&'
					  ? buffer_append_str(dest, "&-")
					  : buffer_append_c(dest, (char)cp);
		} else if (cp >= 0x10000) {
			cp -= 0x10000;
			ret = b64_unit(&o, 0xd800 | (cp >> 10));
			if (ret == 0)
				ret = b64_unit(&o, 0xdc00 | (cp & 0x3ff));
		} else {
			ret = b64_unit(&o, cp);
		}
	}
	return ret < 0 ? -1 : b64_close(&o);
}

static int
b64_value(unsigned char c)
{
	const char *p = c == '\0' ? NULL : strchr(b64chars, c);

	return p == NULL ? -1 : (int)(p - b64chars);
}

/* Decodes the run after "&" up to its "-"; *src_r is advanced past it. */
static int
utf7_run(const unsigned char **src_r, struct buffer *dest)
{
	const unsigned char *s = *src_r;
	uint32_t bits = 0, high = 0, unit, cp;
	unsigned int nbits = 0, units = 0;
	int v;

	for (; *s != '-'; s++) {
		if ((v = b64_value(*s)) < 0)
			return -1;
		bits = (bits << 6) | (uint32_t)v;
		nbits += 6;
		if (nbits < 16)
			continue;
		nbits -= 16;
		unit = (bits >> nbits) & 0xffff;
		bits &= (1U << nbits) - 1;
		units++;
		if (high != 0) {
			if (unit < 0xdc00 || unit > 0xdfff)
				return -1;
			cp =
			    0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00);
			high = 0;
		} else if (unit >= 0xd800 && unit <= 0xdbff) {
			high = unit;
			continue;
		} else if (unit >= 0xdc00 && unit <= 0xdfff) {
			return -1;
		} else {
			cp = unit;
		}
		/* Printable ASCII must stand for itself. */
		if (cp == 0 || (cp >= 0x20 && cp <= 0x7e))
			return -1;
		if (put_utf8(dest, cp) < 0)
			return -1;
	}
	if (units == 0 || high != 0 || nbits >= 6 || bits != 0)
		return -1;
	*src_r = s + 1;
	return 0;
}

int
imap_utf7_to_utf8(const char *src, struct buffer *dest)
{
	const unsigned char *s = (const unsigned char *)src;
	bool after_run = false;

	while (*s != '\0') {
		if (*s < 0x20 || *s > 0x7e)
			return -1;
		if (*s != '&') {
			if (buffer_append_c(dest, (char)*s++) < 0)
				return -1;
			after_run = false;
			continue;
		}
		s++;
		if (*s == '-') {
			if (buffer_append_c(dest, '&') < 0)
				return -1;
			s++;
			after_run = false;
			continue;
		}
		if (after_run || utf7_run(&s, dest) < 0)
			return -1;
		after_run = true;
	}
	return 0;
}

bool
imap_utf7_valid(const char *src)
{
	struct buffer buf;
	int ret;

	buffer_init(&buf, strlen(src) * 4 + 16);
	ret = imap_utf7_to_utf8(src, &buf);
	buffer_deinit(&buf);
	return ret == 0;
}
