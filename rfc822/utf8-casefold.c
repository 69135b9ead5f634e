/* UTF-8 case folding for SEARCH; see utf8-casefold.h. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <wctype.h>

#include "charset-utf8.h"
#include "utf8-casefold.h"

static locale_t casefold_locale;
static bool casefold_tried;

static locale_t
get_locale(void)
{
	if (!casefold_tried) {
		casefold_tried = true;
		casefold_locale =
		    newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return casefold_locale;
}

static unsigned int
utf8_decode(const unsigned char *p, size_t len)
{
	switch (len) {
	case 1:
		return p[0];
	case 2:
		return ((p[0] & 0x1fU) << 6) | (p[1] & 0x3fU);
	case 3:
		return ((p[0] & 0x0fU) << 12) | ((p[1] & 0x3fU) << 6) |
		       (p[2] & 0x3fU);
	default:
		return ((p[0] & 0x07U) << 18) | ((p[1] & 0x3fU) << 12) |
		       ((p[2] & 0x3fU) << 6) | (p[3] & 0x3fU);
	}
}

static int
utf8_encode(struct buffer *out, unsigned int cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buffer_append(out, b, n);
}

static unsigned int
fold_cp(unsigned int cp, locale_t loc)
{
	wint_t lower;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (loc == (locale_t)0)
		return cp;
	lower = towlower_l((wint_t)cp, loc);
	/* Never produce something that is not a valid scalar value. */
	if (lower > 0x10ffff || (lower >= 0xd800 && lower <= 0xdfff))
		return cp;
	return (unsigned int)lower;
}

int
utf8_casefold(const char *in, size_t size, struct buffer *out)
{
	const unsigned char *p = (const unsigned char *)in;
	locale_t loc = get_locale();
	size_t start = buffer_len(out), i = 0, n;
	int r;

	while (i < size) {
		n = utf8_seq_len(p + i, size - i);
		if (n == 0) {
			r = buffer_append_str(out, UTF8_REPLACEMENT);
			i++;
			while (i < size && (p[i] & 0xc0) == 0x80)
				i++;
		} else {
			r = utf8_encode(out,
					fold_cp(utf8_decode(p + i, n), loc));
			i += n;
		}
		if (r < 0) {
			buffer_truncate(out, start);
			return -1;
		}
	}
	return 0;
}

bool
utf8_folded_contains(const char *text, size_t text_len, const char *key,
		     size_t key_len)
{
	if (key_len == 0)
		return true;
	return memmem(text, text_len, key, key_len) != NULL;
}
