/* MIME header value parsing; see mime-content.h. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset-utf8.h"
#include "mime-content.h"
#include "mime-decode.h"
#include "strnum.h"
#include "xalloc.h"

#define MIME_VALUE_MAX (64 * 1024)

struct lexer {
	const char *in;
	size_t size, pos;
};

static bool
lex_end(const struct lexer *l)
{
	return l->pos >= l->size;
}

static char
lex_cur(const struct lexer *l)
{
	return l->pos < l->size ? l->in[l->pos] : '\0';
}

static void
lex_skip_cfws(struct lexer *l)
{
	unsigned int depth = 0;

	while (!lex_end(l)) {
		char c = l->in[l->pos];

		if (depth > 0) {
			l->pos++;
			if (c == '\\' && !lex_end(l))
				l->pos++;
			else if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
		} else if (c == '(') {
			depth++;
			l->pos++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			l->pos++;
		} else {
			return;
		}
	}
}

static bool
is_tspecial(char c)
{
	switch (c) {
	case '(':
	case ')':
	case '<':
	case '>':
	case '@':
	case ',':
	case ';':
	case ':':
	case '\\':
	case '"':
	case '/':
	case '[':
	case ']':
	case '?':
	case '=':
		return true;
	default:
		return false;
	}
}

static bool
is_token_char(char c)
{
	return (unsigned char)c > ' ' && c != 0x7f && !is_tspecial(c);
}

/* Reads a token; returns its length (0 if none). */
static size_t
lex_token(struct lexer *l, const char **tok_r)
{
	size_t start = l->pos;

	while (!lex_end(l) && is_token_char(lex_cur(l)))
		l->pos++;
	*tok_r = l->in + start;
	return l->pos - start;
}

static char *
upper_dup(struct arena *arena, const char *s, size_t len)
{
	char *d = arena_strndup(arena, s, len);
	size_t i;

	for (i = 0; d != NULL && i < len; i++)
		d[i] = (char)toupper((unsigned char)d[i]);
	return d;
}

/* A parameter value: quoted string or (tolerantly) everything up to ';',
   a blank or a comment. NULL on arena failure. */
static char *
lex_value(struct lexer *l, struct arena *arena)
{
	struct buffer b;
	char *ret;

	buffer_init(&b, MIME_VALUE_MAX);
	if (lex_cur(l) == '"') {
		l->pos++;
		while (!lex_end(l) && lex_cur(l) != '"') {
			char c = l->in[l->pos++];

			if (c == '\\' && !lex_end(l))
				c = l->in[l->pos++];
			else if (c == '\r' || c == '\n')
				continue;
			(void)buffer_append_c(&b, c);
		}
		if (!lex_end(l))
			l->pos++;
	} else {
		while (!lex_end(l) && strchr("; \t\r\n(\"", lex_cur(l)) == NULL)
			(void)buffer_append_c(&b, l->in[l->pos++]);
	}
	ret = arena_strndup(arena, buffer_cstr(&b), buffer_len(&b));
	buffer_deinit(&b);
	return ret;
}

/* Skips to just past the next ';' (or to the end). */
static void
lex_skip_to_semicolon(struct lexer *l)
{
	while (!lex_end(l)) {
		char c = l->in[l->pos++];

		if (c == ';')
			return;
		if (c == '"') {
			while (!lex_end(l) && lex_cur(l) != '"') {
				if (l->in[l->pos++] == '\\' && !lex_end(l))
					l->pos++;
			}
			if (!lex_end(l))
				l->pos++;
		}
	}
}

struct raw_param {
	char *name;
	char *value;
	int section;   /* -1: not an RFC 2231 section */
	bool extended; /* name ended in '*' */
	size_t base_len;
	bool used;
};

/* Splits "name*N*" into base length, section and the extended flag. */
static void
param_classify(struct raw_param *p)
{
	char *star = strchr(p->name, '*');
	uint32_t n;
	size_t len;

	p->section = -1;
	p->base_len = strlen(p->name);
	if (star == NULL || star == p->name)
		return;
	len = strlen(star + 1);
	if (len > 0 && star[len] == '*') {
		p->extended = true;
		len--;
	}
	if (len == 0 || str_to_uint32_n(star + 1, len, &n) < 0 ||
	    n > MIME_PARAM_SECTION_MAX || (len > 1 && star[1] == '0'))
		return;
	p->section = (int)n;
	p->base_len = (size_t)(star - p->name);
}

static void
pct_append(struct buffer *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c > ' ' && c < 0x7f && c != '*' && c != '\'' && c != '%' &&
		    !is_tspecial((char)c))
			(void)buffer_append_c(b, (char)c);
		else
			(void)buffer_printf(b, "%%%02X", c);
	}
}

static struct raw_param *
find_section(struct raw_param *ps, unsigned int count,
	     const struct raw_param *base, int section)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (!ps[i].used && ps[i].section == section &&
		    ps[i].base_len == base->base_len &&
		    strncasecmp(ps[i].name, base->name, base->base_len) == 0)
			return &ps[i];
	}
	return NULL;
}

/* Joins the sections of the parameter whose section 0 is p0. */
static int
param_merge(struct arena *arena, struct raw_param *ps, unsigned int count,
	    struct raw_param *p0, struct mime_param *out)
{
	struct raw_param *sec[MIME_PARAMS_MAX];
	struct buffer b;
	unsigned int n = 0, i;
	bool extended = false;
	int ret = 0;

	while (n < MIME_PARAMS_MAX &&
	       (sec[n] = find_section(ps, count, p0, (int)n)) != NULL) {
		sec[n]->used = true;
		extended = extended || sec[n]->extended;
		n++;
	}
	buffer_init(&b, MIME_VALUE_MAX);
	for (i = 0; i < n; i++) {
		if (!extended || sec[i]->extended) {
			(void)buffer_append_str(&b, sec[i]->value);
			continue;
		}
		if (i == 0)
			(void)buffer_append_str(&b, "''");
		pct_append(&b, sec[i]->value);
	}
	out->name = arena_printf(arena, "%.*s%s", (int)p0->base_len, p0->name,
				 extended ? "*" : "");
	out->value = arena_strndup(arena, buffer_cstr(&b), buffer_len(&b));
	if (out->name == NULL || out->value == NULL)
		ret = -1;
	buffer_deinit(&b);
	return ret;
}

static int
params_build(struct arena *arena, struct raw_param *ps, unsigned int count,
	     struct mime_param **params_r)
{
	struct mime_param **tail = params_r, *mp;
	unsigned int i;

	*params_r = NULL;
	for (i = 0; i < count; i++)
		param_classify(&ps[i]);
	for (i = 0; i < count; i++) {
		if (ps[i].used || ps[i].section > 0)
			continue;
		mp = arena_zalloc(arena, sizeof(*mp));
		if (mp == NULL)
			return -1;
		if (ps[i].section == 0) {
			if (param_merge(arena, ps, count, &ps[i], mp) < 0)
				return -1;
		} else {
			ps[i].used = true;
			mp->name = ps[i].name;
			mp->value = ps[i].value;
		}
		*tail = mp;
		tail = &mp->next;
	}
	/* Sections without a section 0 stay as they were written. */
	for (i = 0; i < count; i++) {
		if (ps[i].used)
			continue;
		mp = arena_zalloc(arena, sizeof(*mp));
		if (mp == NULL)
			return -1;
		mp->name = ps[i].name;
		mp->value = ps[i].value;
		*tail = mp;
		tail = &mp->next;
	}
	return 0;
}

/* Parses "; a=b; c="d"" from the lexer's position. */
static int
params_parse(struct lexer *l, struct arena *arena, struct mime_param **params_r)
{
	struct raw_param *ps = xcalloc(MIME_PARAMS_MAX, sizeof(*ps));
	unsigned int count = 0;
	const char *tok;
	size_t len;
	int ret = -1;

	while (!lex_end(l) && count < MIME_PARAMS_MAX) {
		lex_skip_cfws(l);
		if (lex_cur(l) == ';') {
			l->pos++;
			continue;
		}
		len = lex_token(l, &tok);
		lex_skip_cfws(l);
		if (len == 0 || lex_cur(l) != '=') {
			lex_skip_to_semicolon(l);
			continue;
		}
		l->pos++;
		lex_skip_cfws(l);
		ps[count].name = arena_strndup(arena, tok, len);
		ps[count].value = lex_value(l, arena);
		if (ps[count].name == NULL || ps[count].value == NULL)
			goto out;
		count++;
		lex_skip_to_semicolon(l);
	}
	ret = params_build(arena, ps, count, params_r);
out:
	free(ps);
	return ret;
}

int
mime_content_type_parse(struct arena *arena, const char *value, size_t size,
			const char **type_r, const char **subtype_r,
			struct mime_param **params_r)
{
	struct lexer l = {value, size, 0};
	const char *type, *subtype;
	size_t type_len, subtype_len = 0;

	*type_r = *subtype_r = NULL;
	lex_skip_cfws(&l);
	type_len = lex_token(&l, &type);
	lex_skip_cfws(&l);
	if (lex_cur(&l) == '/') {
		l.pos++;
		lex_skip_cfws(&l);
		subtype_len = lex_token(&l, &subtype);
	}
	lex_skip_cfws(&l);
	if (!lex_end(&l) && lex_cur(&l) != ';') {
		/* "text/pl\x03ain", "text/plain junk": not a media type */
		type_len = 0;
	}
	if (type_len > 0 && subtype_len > 0) {
		*type_r = upper_dup(arena, type, type_len);
		*subtype_r = upper_dup(arena, subtype, subtype_len);
		if (*type_r == NULL || *subtype_r == NULL)
			return -1;
	}
	lex_skip_to_semicolon(&l);
	return params_parse(&l, arena, params_r);
}

int
mime_disposition_parse(struct arena *arena, const char *value, size_t size,
		       const char **type_r, struct mime_param **params_r)
{
	struct lexer l = {value, size, 0};
	const char *type;
	size_t len;

	*type_r = NULL;
	lex_skip_cfws(&l);
	len = lex_token(&l, &type);
	if (len > 0 && (*type_r = upper_dup(arena, type, len)) == NULL)
		return -1;
	lex_skip_to_semicolon(&l);
	return params_parse(&l, arena, params_r);
}

int
mime_language_parse(struct arena *arena, const char *value, size_t size,
		    const char ***langs_r, unsigned int *count_r)
{
	struct lexer l = {value, size, 0};
	const char *tok, **langs = NULL;
	unsigned int count = 0;
	size_t len;

	*langs_r = NULL;
	*count_r = 0;
	while (!lex_end(&l) && count < MIME_PARAMS_MAX) {
		lex_skip_cfws(&l);
		len = lex_token(&l, &tok);
		if (len == 0) {
			if (!lex_end(&l))
				l.pos++;
			continue;
		}
		if (langs == NULL &&
		    (langs = arena_calloc(arena, MIME_PARAMS_MAX,
					  sizeof(*langs))) == NULL)
			return -1;
		if ((langs[count++] = arena_strndup(arena, tok, len)) == NULL)
			return -1;
	}
	*langs_r = langs;
	*count_r = count;
	return 0;
}

const char *
mime_param_get(const struct mime_param *params, const char *name)
{
	for (; params != NULL; params = params->next) {
		if (strcasecmp(params->name, name) == 0)
			return params->value;
	}
	return NULL;
}

int
mime_param_decode(const char *value, struct buffer *out)
{
	const char *q1 = strchr(value, '\''), *q2, *p;
	char charset[64];
	struct buffer raw;
	int ret, hi, lo;

	if (q1 == NULL || (q2 = strchr(q1 + 1, '\'')) == NULL ||
	    (size_t)(q1 - value) >= sizeof(charset))
		return utf8_append_valid(out, value, strlen(value));
	memcpy(charset, value, (size_t)(q1 - value));
	charset[q1 - value] = '\0';
	buffer_init(&raw, strlen(value));
	for (p = q2 + 1; *p != '\0'; p++) {
		if (*p == '%' && (hi = mime_hex_value(p[1])) >= 0 &&
		    (lo = mime_hex_value(p[2])) >= 0) {
			(void)buffer_append_c(&raw, (char)(hi * 16 + lo));
			p += 2;
		} else {
			(void)buffer_append_c(&raw, *p);
		}
	}
	ret = charset_to_utf8(charset[0] == '\0' ? "us-ascii" : charset,
			      buffer_data(&raw), buffer_len(&raw), out, NULL);
	buffer_deinit(&raw);
	return ret;
}

char *
mime_value_strdup(struct arena *arena, const char *value, size_t size)
{
	while (size > 0 && (*value == ' ' || *value == '\t')) {
		value++;
		size--;
	}
	while (size > 0 && (value[size - 1] == ' ' || value[size - 1] == '\t'))
		size--;
	return arena_strndup(arena, value, size);
}
