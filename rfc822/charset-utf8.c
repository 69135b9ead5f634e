/* Charset conversion to UTF-8 with iconv; see charset-utf8.h. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset-utf8.h"
#include "xalloc.h"

#define CHARSET_CARRY_MAX 16

struct charset_translation {
	iconv_t cd; /* (iconv_t)-1 when converting as UTF-8 */
	char carry[CHARSET_CARRY_MAX];
	size_t carry_len;
};

static const char *const utf8_names[] = {
    "utf-8",	    "utf8",	 "us-ascii",	   "ascii",
    "unknown-8bit", "x-unknown", "x-user-defined", "ansi_x3.4-1968",
    "iso-646-us",   "us",	 "default",	   "unknown",
    NULL,
};

/* Names mail uses that iconv lacks or that deserve a superset. */
static const struct {
	const char *mail_name, *iconv_name;
} charset_aliases[] = {
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},
    {"ks_c_5601-1987", "CP949"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"euc-kr", "CP949"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"x-mac-roman", "MACINTOSH"},
    {"tis-620", "TIS-620"},
    {"windows-874", "CP874"},
    {"x-sjis", "SHIFT_JIS"},
    {"shift-jis", "SHIFT_JIS"},
};

bool
charset_is_utf8_compatible(const char *charset)
{
	size_t i;

	for (i = 0; utf8_names[i] != NULL; i++) {
		if (strcasecmp(charset, utf8_names[i]) == 0)
			return true;
	}
	return false;
}

size_t
utf8_seq_len(const unsigned char *in, size_t size)
{
	unsigned int c = in[0], cp, min;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (size < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((in[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (in[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool
utf8_is_valid(const char *in, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, n;

	while (i < size) {
		n = utf8_seq_len(p + i, size - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

int
utf8_append_valid(struct buffer *out, const char *in, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, run = 0, n;

	while (i < size) {
		n = utf8_seq_len(p + i, size - i);
		if (n > 0) {
			i += n;
			continue;
		}
		if (buffer_append(out, in + run, i - run) < 0 ||
		    buffer_append_str(out, UTF8_REPLACEMENT) < 0)
			return -1;
		/* Skip the bad lead byte and its continuation bytes. */
		i++;
		while (i < size && (p[i] & 0xc0) == 0x80)
			i++;
		run = i;
	}
	return buffer_append(out, in + run, size - run);
}

static bool
charset_name_ok(const char *name)
{
	const char *p;

	if (*name == '\0')
		return false;
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("-_.:+()", *p) != NULL))
			return false;
	}
	return true;
}

struct charset_translation *
charset_translation_new(const char *charset, const char **error_r)
{
	struct charset_translation *t;
	const char *name = charset;
	iconv_t cd = (iconv_t)-1;
	size_t i;

	if (!charset_is_utf8_compatible(charset)) {
		for (i = 0;
		     i < sizeof(charset_aliases) / sizeof(charset_aliases[0]);
		     i++) {
			if (strcasecmp(charset, charset_aliases[i].mail_name) ==
			    0)
				name = charset_aliases[i].iconv_name;
		}
		/* iconv would take "//TRANSLIT" as options and ignores odd
		   bytes in names: accept plain charset names only. */
		if (!charset_name_ok(name) ||
		    (cd = iconv_open("UTF-8", name)) == (iconv_t)-1) {
			*error_r = "unknown charset";
			return NULL;
		}
	}
	t = xcalloc(1, sizeof(*t));
	t->cd = cd;
	return t;
}

void
charset_translation_free(struct charset_translation **t)
{
	if (*t == NULL)
		return;
	if ((*t)->cd != (iconv_t)-1)
		iconv_close((*t)->cd);
	free(*t);
	*t = NULL;
}

/* Runs iconv over in/size; returns bytes consumed (an incomplete tail is
   left unconsumed), or (size_t)-1 on cap. */
static size_t
iconv_run(struct charset_translation *t, const char *in, size_t size,
	  struct buffer *out)
{
	char obuf[1024];
	char *ip = (char *)in, *op;
	size_t ileft = size, oleft, r;
	int err;

	while (ileft > 0) {
		op = obuf;
		oleft = sizeof(obuf);
		r = iconv(t->cd, &ip, &ileft, &op, &oleft);
		err = errno;
		/* glibc's UTF-8 output may hold what strict UTF-8 forbids
		   (it decodes 5-byte forms, surrogates): check it. iconv
		   stops at character boundaries, so chunks split none. */
		if (utf8_append_valid(out, obuf, sizeof(obuf) - oleft) < 0)
			return (size_t)-1;
		if (r != (size_t)-1 || err == E2BIG)
			continue;
		if (err == EINVAL)
			break; /* incomplete sequence at the end */
		/* EILSEQ: replace one byte and go on. */
		if (buffer_append_str(out, UTF8_REPLACEMENT) < 0)
			return (size_t)-1;
		ip++;
		ileft--;
		iconv(t->cd, NULL, NULL, NULL, NULL);
	}
	return size - ileft;
}

/* UTF-8 passthrough with validation; keeps an incomplete tail. */
static size_t
utf8_run(const char *in, size_t size, bool final, struct buffer *out)
{
	size_t keep = 0, i;

	if (!final) {
		/* At most 3 bytes of an incomplete sequence at the end. */
		for (i = 1; i <= 3 && i <= size; i++) {
			unsigned char c = (unsigned char)in[size - i];

			if ((c & 0xc0) == 0x80)
				continue;
			if (c >= 0xc0 &&
			    utf8_seq_len((const unsigned char *)in + size - i,
					 i) == 0)
				keep = i;
			break;
		}
	}
	if (utf8_append_valid(out, in, size - keep) < 0)
		return (size_t)-1;
	return size - keep;
}

static int
translation_run(struct charset_translation *t, const char *in, size_t size,
		bool final, struct buffer *out, size_t *used_r)
{
	size_t n = t->cd == (iconv_t)-1 ? utf8_run(in, size, final, out)
					: iconv_run(t, in, size, out);

	if (n == (size_t)-1)
		return -1;
	*used_r = n;
	return 0;
}

int
charset_translation_feed(struct charset_translation *t, const char *in,
			 size_t size, struct buffer *out)
{
	size_t used, take;

	/* Complete a carried sequence with as few new bytes as possible. */
	while (t->carry_len > 0 && size > 0) {
		take = CHARSET_CARRY_MAX - t->carry_len;
		if (take > size)
			take = size;
		memcpy(t->carry + t->carry_len, in, take);
		if (translation_run(t, t->carry, t->carry_len + take, false,
				    out, &used) < 0)
			return -1;
		if (used <= t->carry_len && used > 0) {
			memmove(t->carry, t->carry + used, t->carry_len - used);
			t->carry_len -= used;
			continue;
		}
		if (used == 0) {
			if (t->carry_len + take == CHARSET_CARRY_MAX) {
				/* Hopeless: replace one byte. */
				if (buffer_append_str(out, UTF8_REPLACEMENT) <
				    0)
					return -1;
				memmove(t->carry, t->carry + 1, --t->carry_len);
				continue;
			}
			t->carry_len += take;
			return 0;
		}
		in += used - t->carry_len;
		size -= used - t->carry_len;
		t->carry_len = 0;
	}
	if (translation_run(t, in, size, false, out, &used) < 0)
		return -1;
	if (size - used > CHARSET_CARRY_MAX) {
		/* Cannot happen with iconv's longest sequences, but never
		   overflow carry: replace instead. */
		if (buffer_append_str(out, UTF8_REPLACEMENT) < 0)
			return -1;
		used = size - CHARSET_CARRY_MAX;
	}
	memcpy(t->carry, in + used, size - used);
	t->carry_len = size - used;
	return 0;
}

int
charset_translation_finish(struct charset_translation *t, struct buffer *out)
{
	size_t used;

	while (t->carry_len > 0) {
		if (translation_run(t, t->carry, t->carry_len, true, out,
				    &used) < 0)
			return -1;
		if (used == 0) {
			if (buffer_append_str(out, UTF8_REPLACEMENT) < 0)
				return -1;
			used = 1;
		}
		memmove(t->carry, t->carry + used, t->carry_len - used);
		t->carry_len -= used;
	}
	if (t->cd != (iconv_t)-1)
		iconv(t->cd, NULL, NULL, NULL, NULL);
	return 0;
}

int
charset_to_utf8(const char *charset, const char *in, size_t size,
		struct buffer *out, bool *unknown_r)
{
	struct charset_translation *t;
	const char *error;
	int ret;

	if (unknown_r != NULL)
		*unknown_r = false;
	t = charset_translation_new(charset, &error);
	if (t == NULL) {
		if (unknown_r != NULL)
			*unknown_r = true;
		return utf8_append_valid(out, in, size);
	}
	ret = charset_translation_feed(t, in, size, out) < 0 ||
		      charset_translation_finish(t, out) < 0
		  ? -1
		  : 0;
	charset_translation_free(&t);
	return ret;
}
