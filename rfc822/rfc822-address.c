/* Tolerant RFC 5322 address-list parser; see rfc822-address.h. */
#include "config.h"

#include <string.h>

#include "buffer.h"
#include "rfc822-address.h"

/* Longest phrase, local part, domain or comment we keep; longer text is
   cut (the field itself is already capped by the header parser). */
#define ADDR_TOKEN_MAX 8192

struct addr_parser {
	const char *in;
	size_t size, pos;
	struct arena *arena;
	struct rfc822_address *head, **tail;
	unsigned int count, max;
	bool failed;	       /* arena budget exhausted */
	bool in_junk;	       /* skipping junk: comments are no names */
	struct buffer phrase;  /* words before a special */
	struct buffer comment; /* text of the last comment */
	struct buffer local, domain, route;
};

static bool
is_special(char c)
{
	switch (c) {
	case '(':
	case ')':
	case '<':
	case '>':
	case '[':
	case ']':
	case ':':
	case ';':
	case '@':
	case '\\':
	case ',':
	case '.':
	case '"':
		return true;
	default:
		return false;
	}
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Control characters end words, as in Dovecot (atext has none). */
static bool
is_ctl(char c)
{
	return ((unsigned char)c < 0x20 && !is_blank(c)) || c == 0x7f;
}

static bool
at_end(const struct addr_parser *p)
{
	return p->pos >= p->size;
}

static char
cur(const struct addr_parser *p)
{
	return p->pos < p->size ? p->in[p->pos] : '\0';
}

/* Appends a byte to a token, silently dropping bytes over the cap. */
static void
tok_add(struct buffer *b, char c)
{
	(void)buffer_append_c(b, c);
}

/* Skips a comment (pos at '('), keeping its text in p->comment. */
static void
skip_comment(struct addr_parser *p)
{
	unsigned int depth = 0;
	struct buffer *text = p->in_junk ? NULL : &p->comment;

	if (text != NULL)
		buffer_clear(text);
	while (!at_end(p)) {
		char c = p->in[p->pos++];

		if (c == '\\' && !at_end(p)) {
			if (text != NULL)
				tok_add(text, p->in[p->pos]);
			p->pos++;
			continue;
		}
		if (c == '(') {
			if (depth++ == 0)
				continue;
		} else if (c == ')') {
			if (--depth == 0)
				return;
		} else if (c == '\r' || c == '\n') {
			continue;
		}
		if (text != NULL)
			tok_add(text, c);
	}
}

/* Skips blanks and comments; returns true if anything was skipped. */
static bool
skip_cfws(struct addr_parser *p)
{
	size_t start = p->pos;

	while (!at_end(p)) {
		if (is_blank(cur(p)))
			p->pos++;
		else if (cur(p) == '(')
			skip_comment(p);
		else
			break;
	}
	return p->pos != start;
}

/* Reads a quoted string (pos at '"') into b without the quotes. */
static void
read_quoted(struct addr_parser *p, struct buffer *b)
{
	p->pos++;
	while (!at_end(p)) {
		char c = p->in[p->pos++];

		if (c == '"')
			return;
		if (c == '\\' && !at_end(p))
			c = p->in[p->pos++];
		else if (c == '\r' || c == '\n')
			continue;
		tok_add(b, c);
	}
}

static void
read_atom(struct addr_parser *p, struct buffer *b)
{
	size_t start = p->pos, n;

	while (!at_end(p) && !is_blank(cur(p)) && !is_special(cur(p)) &&
	       !is_ctl(cur(p)))
		p->pos++;
	/* Over the token cap, keep what fits. */
	n = p->pos - start;
	if (n > buffer_avail(b))
		n = buffer_avail(b);
	(void)buffer_append(b, p->in + start, n);
}

/* Reads a domain literal (pos at '['), brackets included. */
static void
read_literal(struct addr_parser *p, struct buffer *b)
{
	while (!at_end(p)) {
		char c = p->in[p->pos++];

		if (c == '\\' && !at_end(p))
			c = p->in[p->pos++];
		else if (c == '\r' || c == '\n')
			continue;
		tok_add(b, c);
		if (c == ']')
			return;
	}
	tok_add(b, ']');
}

/*
 * Reads words (atoms, quoted strings, dots) up to one of "<>:;,@" or the
 * end. phrase gets them as a display name (single blanks between words),
 * local as a local part (no blanks). Returns true if any word was read.
 */
static bool
read_words(struct addr_parser *p, bool *invalid_r)
{
	bool any = false, space = false;

	buffer_clear(&p->phrase);
	buffer_clear(&p->local);
	for (;;) {
		space = skip_cfws(p) || space;
		if (at_end(p) || strchr("<>:;,@", cur(p)) != NULL)
			break;
		if (cur(p) == ')' || cur(p) == ']' || cur(p) == '\\' ||
		    is_ctl(cur(p))) {
			/* junk: the address ends here */
			*invalid_r = true;
			break;
		}
		if (space && buffer_len(&p->phrase) > 0 && cur(p) != '.')
			tok_add(&p->phrase, ' ');
		space = false;
		if (cur(p) == '"') {
			size_t start = buffer_len(&p->phrase);

			read_quoted(p, &p->phrase);
			(void)buffer_append(&p->local,
					    buffer_cstr(&p->phrase) + start,
					    buffer_len(&p->phrase) - start);
		} else if (cur(p) == '.' || cur(p) == '[') {
			if (cur(p) == '[') {
				read_literal(p, &p->phrase);
			} else {
				tok_add(&p->phrase, '.');
				tok_add(&p->local, '.');
				p->pos++;
			}
		} else {
			size_t start = buffer_len(&p->phrase);

			read_atom(p, &p->phrase);
			(void)buffer_append(&p->local,
					    buffer_cstr(&p->phrase) + start,
					    buffer_len(&p->phrase) - start);
		}
		any = true;
	}
	return any;
}

/* Reads a domain after '@' into p->domain (no blanks, comments
   skipped), stopping at one of ",;<>:" or the end. */
static void
read_domain(struct addr_parser *p, const char *stops)
{
	bool after_word = false, space;

	buffer_clear(&p->domain);
	for (;;) {
		space = skip_cfws(p);
		if (at_end(p) || strchr(stops, cur(p)) != NULL)
			return;
		/* "a@b c@d": a blank between two words ends the domain. */
		if (after_word && space && cur(p) != '.')
			return;
		after_word = true;
		if (cur(p) == '[') {
			read_literal(p, &p->domain);
		} else if (cur(p) == '.') {
			tok_add(&p->domain, p->in[p->pos++]);
			after_word = false;
		} else if (is_special(cur(p)) || is_ctl(cur(p))) {
			return;
		} else {
			read_atom(p, &p->domain);
		}
	}
}

static const char *
dup_buf(struct addr_parser *p, const struct buffer *b)
{
	char *s = arena_strndup(p->arena, buffer_cstr(b), buffer_len(b));

	if (s == NULL)
		p->failed = true;
	return s;
}

static struct rfc822_address *
add_address(struct addr_parser *p)
{
	struct rfc822_address *a;

	if (p->failed || p->count >= p->max)
		return NULL;
	a = arena_zalloc(p->arena, sizeof(*a));
	if (a == NULL) {
		p->failed = true;
		return NULL;
	}
	p->count++;
	*p->tail = a;
	p->tail = &a->next;
	return a;
}

static void
finish_mailbox(struct addr_parser *p, const struct buffer *name, bool invalid)
{
	struct rfc822_address *a = add_address(p);

	if (a == NULL)
		return;
	if (name != NULL)
		a->name = dup_buf(p, name);
	else if (buffer_len(&p->comment) > 0)
		a->name = dup_buf(p, &p->comment);
	if (buffer_len(&p->route) > 0)
		a->route = dup_buf(p, &p->route);
	if (buffer_len(&p->local) == 0) {
		a->mailbox = RFC822_MISSING_MAILBOX;
		invalid = true;
	} else {
		a->mailbox = dup_buf(p, &p->local);
	}
	if (buffer_len(&p->domain) == 0) {
		a->domain = RFC822_MISSING_DOMAIN;
		invalid = true;
	} else {
		a->domain = dup_buf(p, &p->domain);
	}
	a->invalid_syntax = invalid;
}

/* Obsolete source route "@a,@b:" (pos at '@') into p->route. */
static void
read_route(struct addr_parser *p, bool *invalid_r)
{
	while (cur(p) == '@') {
		p->pos++;
		read_domain(p, ",:;<>@");
		if (buffer_len(&p->route) > 0)
			tok_add(&p->route, ',');
		tok_add(&p->route, '@');
		(void)buffer_append(&p->route, buffer_cstr(&p->domain),
				    buffer_len(&p->domain));
		skip_cfws(p);
		if (cur(p) == ',') {
			p->pos++;
			skip_cfws(p);
			continue;
		}
		if (cur(p) == ':')
			p->pos++;
		else
			*invalid_r = true;
		return;
	}
}

/* "<" [route ":"] addr-spec ">" with pos at '<'. */
static void
parse_angle(struct addr_parser *p, bool *invalid_r)
{
	p->pos++;
	skip_cfws(p);
	if (cur(p) == '@')
		read_route(p, invalid_r);
	(void)read_words(p, invalid_r);
	buffer_clear(&p->domain);
	if (cur(p) == '@') {
		p->pos++;
		read_domain(p, ",;<>:@");
	}
	skip_cfws(p);
	if (cur(p) == '>')
		p->pos++;
	else
		*invalid_r = true;
}

/* Skips what follows a complete address up to ',' or ';'. */
static bool
skip_junk(struct addr_parser *p)
{
	bool junk = false;

	for (;;) {
		skip_cfws(p);
		if (at_end(p) || cur(p) == ',' || cur(p) == ';') {
			p->in_junk = false;
			return junk;
		}
		junk = true;
		p->in_junk = true;
		if (cur(p) == '"') {
			struct buffer scratch;

			buffer_init(&scratch, 0);
			read_quoted(p, &scratch);
			buffer_deinit(&scratch);
		} else {
			p->pos++;
		}
	}
}

static void
parse_one(struct addr_parser *p, bool *in_group)
{
	struct buffer name;
	bool invalid = false, any;
	struct rfc822_address *a;

	buffer_clear(&p->comment);
	buffer_clear(&p->route);
	buffer_clear(&p->domain);
	any = read_words(p, &invalid);
	if (cur(p) == ':' && !*in_group) {
		p->pos++;
		a = add_address(p);
		if (a != NULL)
			a->mailbox = dup_buf(p, &p->phrase);
		*in_group = true;
		return;
	}
	if (cur(p) == '<') {
		buffer_init(&name, ADDR_TOKEN_MAX);
		(void)buffer_append(&name, buffer_cstr(&p->phrase),
				    buffer_len(&p->phrase));
		parse_angle(p, &invalid);
		if (skip_junk(p))
			invalid = true;
		finish_mailbox(p, any && buffer_len(&name) > 0 ? &name : NULL,
			       invalid);
		buffer_deinit(&name);
		return;
	}
	if (cur(p) == '@') {
		p->pos++;
		read_domain(p, ",;<>:@");
	} else if (!any) {
		/* Junk where an address should start is an invalid
		   address (as in Dovecot); a stray ':' in a group is
		   dropped. */
		bool stray_colon = cur(p) == ':';

		p->pos++;
		(void)skip_junk(p);
		if (!stray_colon)
			finish_mailbox(p, NULL, true);
		return;
	} else if (memchr(buffer_cstr(&p->phrase), ' ',
			  buffer_len(&p->phrase)) != NULL) {
		/* "John Doe" alone: a name without an address, as Dovecot
		   reads it (one word alone is a local part). */
		(void)skip_junk(p);
		buffer_init(&name, ADDR_TOKEN_MAX);
		(void)buffer_append(&name, buffer_cstr(&p->phrase),
				    buffer_len(&p->phrase));
		buffer_clear(&p->local);
		finish_mailbox(p, &name, true);
		buffer_deinit(&name);
		return;
	}
	if (skip_junk(p))
		invalid = true;
	finish_mailbox(p, NULL, invalid);
}

static void
parse_list(struct addr_parser *p)
{
	bool in_group = false;
	struct rfc822_address *a;

	while (!p->failed) {
		skip_cfws(p);
		if (at_end(p))
			break;
		if (cur(p) == ',') {
			p->pos++;
			continue;
		}
		if (cur(p) == ';') {
			p->pos++;
			if (in_group && (a = add_address(p)) != NULL)
				in_group = false;
			continue;
		}
		parse_one(p, &in_group);
	}
	if (in_group && (a = add_address(p)) != NULL)
		a->invalid_syntax = true;
}

int
rfc822_address_parse(struct arena *arena, const char *in, size_t size,
		     unsigned int max_addresses, struct rfc822_address **list_r)
{
	struct addr_parser p;

	memset(&p, 0, sizeof(p));
	p.in = in;
	p.size = size;
	p.arena = arena;
	p.tail = &p.head;
	p.max = max_addresses == 0 ? RFC822_ADDRESS_MAX : max_addresses;
	buffer_init(&p.phrase, ADDR_TOKEN_MAX);
	buffer_init(&p.comment, ADDR_TOKEN_MAX);
	buffer_init(&p.local, ADDR_TOKEN_MAX);
	buffer_init(&p.domain, ADDR_TOKEN_MAX);
	buffer_init(&p.route, ADDR_TOKEN_MAX);
	parse_list(&p);
	buffer_deinit(&p.phrase);
	buffer_deinit(&p.comment);
	buffer_deinit(&p.local);
	buffer_deinit(&p.domain);
	buffer_deinit(&p.route);
	*list_r = p.failed ? NULL : p.head;
	return p.failed ? -1 : 0;
}

bool
rfc822_address_is_group_start(const struct rfc822_address *addr)
{
	return addr->mailbox != NULL && addr->domain == NULL;
}

bool
rfc822_address_is_group_end(const struct rfc822_address *addr)
{
	return addr->mailbox == NULL && addr->domain == NULL;
}
