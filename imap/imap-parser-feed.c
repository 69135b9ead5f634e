/*
 * The byte state machine of the IMAP parser (imap-parser.h): one call per
 * byte of a command line, bulk copies for literal data and for input that
 * is being skipped after an error.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "arena.h"
#include "imap-parser-private.h"

bool
imap_is_atom_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return false;
	/* Wildcards, ']' and '\' are let through: LIST patterns, astrings
	   and flags use them; handlers check their own grammar. */
	return c != '(' && c != ')' && c != '{' && c != '"';
}

static bool
is_tag_char(unsigned char c)
{
	return imap_is_atom_char(c) && c != '%' && c != '*' && c != '+' &&
	       c != '\\';
}

static bool
is_name_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

static void
tok_add(struct imap_parser *p, unsigned char c)
{
	/* tok holds max_line bytes and every byte was counted against the
	   line first, so this cannot fail; be safe anyway. */
	if (buffer_append_c(&p->tok, (char)c) < 0)
		imap_parser_fail(p, "Command line too long", false, false);
}

static void
see_cr(struct imap_parser *p)
{
	p->eol_state = p->state;
	p->state = ST_CR;
}

static void
name_end(struct imap_parser *p, bool eol)
{
	const char *name = buffer_cstr(&p->tok);

	if (buffer_len(&p->tok) == 0) {
		imap_parser_fail(p, "Missing command name", false, eol);
		return;
	}
	if (!p->uid && strcasecmp(name, "UID") == 0) {
		if (eol) {
			imap_parser_fail(p, "Missing command after UID", false,
					 true);
			return;
		}
		p->uid = true;
		buffer_clear(&p->tok);
		return;
	}
	p->name = arena_strdup(p->arena, name);
	buffer_clear(&p->tok);
	p->event = IMAP_PARSE_NAME;
	p->after_open = false;
	p->state = eol ? ST_NAME_EOL : ST_ARG;
}

void
imap_parser_literal_finish(struct imap_parser *p)
{
	struct imap_arg *arg;

	p->lit_buf[p->lit.size] = '\0';
	p->nargs--; /* reserved when the header was accepted */
	arg = imap_parser_push(p, IMAP_ARG_LITERAL);
	arg->v.str = p->lit_buf;
	arg->len = (size_t)p->lit.size;
	arg->literal8 = p->lit.literal8;
	arg->nonsync = !p->lit.sync;
	p->after_open = false;
	p->state = ST_AFTER_ARG;
}

/* "{n}" CR LF was read: check the literal against every budget. */
static void
literal_header(struct imap_parser *p)
{
	bool sync = p->lit.sync;
	bool stream = (p->flags & IMAP_PARSE_FLAG_STREAM_LITERALS) != 0 &&
		      !(p->depth == 0 && p->stack_count == 0);
	uint64_t max = stream ? p->limits.max_stream : p->limits.max_literal;

	p->line_len = 0;
	p->lit.depth = p->depth;
	if (++p->literals > p->limits.max_literals) {
		imap_parser_fail(p, "Too many literals", !sync, true);
		return;
	}
	if (p->nargs >= p->limits.max_args) {
		imap_parser_fail(p, "Too many arguments", !sync, true);
		return;
	}
	if (p->lit_overflow || p->lit.size > max ||
	    (!stream && p->lit.size > p->limits.max_command - p->cmd_size)) {
		imap_parser_fail(p, "[TOOBIG] Literal too large", !sync, true);
		return;
	}
	p->nargs++;
	if (stream) {
		p->state = ST_STREAM;
		p->event = IMAP_PARSE_LITERAL_STREAM;
		return;
	}
	p->lit_buf = arena_alloc(p->arena, (size_t)p->lit.size + 1);
	if (p->lit_buf == NULL) {
		imap_parser_fail(p, "[TOOBIG] Command too large", !sync, true);
		return;
	}
	p->cmd_size += (size_t)p->lit.size;
	p->lit_remaining = p->lit.size;
	p->state = ST_LIT_DATA;
	if (p->lit.size == 0)
		imap_parser_literal_finish(p);
	if (sync)
		p->event = IMAP_PARSE_CONTINUE;
}

/* LF ended the line; eol_state is where the line ended. */
static void
end_of_line(struct imap_parser *p)
{
	switch (p->eol_state) {
	case ST_TAG:
		imap_parser_fail(p,
				 buffer_len(&p->tok) == 0
				     ? "Empty command line"
				     : "Missing command name",
				 false, true);
		break;
	case ST_NAME:
		name_end(p, true);
		break;
	case ST_ARG:
		if (p->after_open)
			imap_parser_fail(p, "Missing ')'", false, true);
		else
			imap_parser_complete(p);
		break;
	case ST_ATOM:
		if (imap_parser_finish_token(p, IMAP_ARG_ATOM) == 0)
			imap_parser_complete(p);
		break;
	case ST_AFTER_ARG:
		imap_parser_complete(p);
		break;
	case ST_LIT_EOL:
		literal_header(p);
		break;
	default:
		imap_parser_fail(p, "Unexpected end of line", false, true);
		break;
	}
}

static void
arg_start(struct imap_parser *p, unsigned char c)
{
	switch (c) {
	case '(':
		(void)imap_parser_open_list(p);
		return;
	case ')':
		if (p->after_open)
			(void)imap_parser_close_list(p);
		else
			imap_parser_fail(p, "Unexpected ')'", false, false);
		return;
	case '"':
		p->state = ST_QUOTED;
		return;
	case '{':
	case '~':
		memset(&p->lit, 0, sizeof(p->lit));
		p->lit.sync = true;
		p->lit_digits = 0;
		p->lit_overflow = false;
		if (c == '{') {
			p->state = ST_LIT_SIZE;
		} else if ((p->flags & IMAP_PARSE_FLAG_LITERAL8) != 0) {
			p->lit.literal8 = true;
			p->state = ST_LIT8;
		} else {
			imap_parser_fail(p, "Unexpected '~'", false, false);
		}
		return;
	case '\r':
		see_cr(p);
		return;
	case '\n':
		p->eol_state = ST_ARG;
		end_of_line(p);
		return;
	default:
		break;
	}
	if (!imap_is_atom_char(c)) {
		imap_parser_fail(p,
				 c == ' ' ? "Unexpected space"
					  : "Invalid characters in atom",
				 false, false);
		return;
	}
	p->state = ST_ATOM;
	if (c == '[' && (p->flags & IMAP_PARSE_FLAG_SECTIONS) != 0)
		p->state = ST_SECTION;
	tok_add(p, c);
}

static void
after_arg(struct imap_parser *p, unsigned char c)
{
	switch (c) {
	case ' ':
		p->state = ST_ARG;
		p->after_open = false;
		break;
	case ')':
		(void)imap_parser_close_list(p);
		break;
	case '\r':
		see_cr(p);
		break;
	case '\n':
		p->eol_state = p->state;
		end_of_line(p);
		break;
	default:
		imap_parser_fail(p, "Missing space between arguments", false,
				 false);
		break;
	}
}

static void
atom_byte(struct imap_parser *p, unsigned char c)
{
	if (imap_is_atom_char(c)) {
		if (c == '[' && (p->flags & IMAP_PARSE_FLAG_SECTIONS) != 0)
			p->state = ST_SECTION;
		tok_add(p, c);
		return;
	}
	if (c != ' ' && c != ')' && c != '\r' && c != '\n') {
		imap_parser_fail(p, "Invalid characters in atom", false, false);
		return;
	}
	if (c == '\n')
		p->eol_state = ST_ATOM;
	else if (imap_parser_finish_token(p, IMAP_ARG_ATOM) < 0)
		return;
	else
		p->state = ST_AFTER_ARG;
	if (c == '\n')
		end_of_line(p);
	else
		after_arg(p, c);
}

/* Inside the brackets of BODY[...]: kept verbatim for the FETCH parser,
   quoted strings included; no literals, no control or 8-bit bytes. */
static void
section_byte(struct imap_parser *p, unsigned char c)
{
	if (c < 0x20 || c >= 0x7f ||
	    ((c == '{' || c == '[') && p->state == ST_SECTION)) {
		imap_parser_fail(p,
				 c == '\n' || c == '\r'
				     ? "Missing ']'"
				     : "Invalid characters in section",
				 false, c == '\n');
		return;
	}
	if (p->state == ST_SECTION_ESC) {
		if (c != '"' && c != '\\') {
			imap_parser_fail(p, "Invalid escape in section", false,
					 false);
			return;
		}
		p->state = ST_SECTION_QUOTED;
	} else if (p->state == ST_SECTION_QUOTED) {
		if (c == '\\')
			p->state = ST_SECTION_ESC;
		else if (c == '"')
			p->state = ST_SECTION;
	} else if (c == '"') {
		p->state = ST_SECTION_QUOTED;
	} else if (c == ']') {
		p->state = ST_ATOM;
	}
	tok_add(p, c);
}

static void
quoted_byte(struct imap_parser *p, unsigned char c)
{
	if (p->state == ST_QUOTED_ESC) {
		if (c != '"' && c != '\\') {
			imap_parser_fail(p, "Invalid escape in quoted string",
					 false, c == '\n');
			return;
		}
		p->state = ST_QUOTED;
		tok_add(p, c);
		return;
	}
	if (c == '"') {
		if (imap_parser_finish_token(p, IMAP_ARG_STRING) == 0)
			p->state = ST_AFTER_ARG;
	} else if (c == '\\') {
		p->state = ST_QUOTED_ESC;
	} else if (c == '\0' || c == '\r' || c == '\n') {
		imap_parser_fail(
		    p, c == '\0' ? "NUL in quoted string" : "Missing '\"'",
		    false, c == '\n');
	} else if (c >= 0x80 && !p->utf8) {
		imap_parser_fail(p, "8-bit data in quoted string", false,
				 false);
	} else {
		if (c >= 0x80)
			p->tok_8bit = true;
		tok_add(p, c);
	}
}

static void
literal_size_byte(struct imap_parser *p, unsigned char c)
{
	if (c >= '0' && c <= '9') {
		/* Digit by digit: anything above 32 bits is marked, never
		   wrapped; the header is rejected when it is complete. */
		p->lit_digits++;
		if (!p->lit_overflow) {
			p->lit.size = p->lit.size * 10 + (c - '0');
			if (p->lit.size > UINT32_MAX)
				p->lit_overflow = true;
		}
		return;
	}
	if (p->lit_digits > 0 && c == '+') {
		p->lit.sync = false;
		p->state = ST_LIT_CLOSE;
	} else if (p->lit_digits > 0 && c == '}') {
		p->state = ST_LIT_EOL;
	} else {
		imap_parser_fail(p, "Invalid literal size", false, c == '\n');
	}
}

static void
literal_syntax_byte(struct imap_parser *p, unsigned char c)
{
	if (p->state == ST_LIT8 && c == '{') {
		p->state = ST_LIT_SIZE;
	} else if (p->state == ST_LIT_CLOSE && c == '}') {
		p->state = ST_LIT_EOL;
	} else if (p->state == ST_LIT_EOL && c == '\r') {
		see_cr(p);
	} else if (p->state == ST_LIT_EOL && c == '\n') {
		p->eol_state = ST_LIT_EOL;
		end_of_line(p);
	} else {
		imap_parser_fail(p, "Invalid literal syntax", false, c == '\n');
	}
}

static void
tag_byte(struct imap_parser *p, unsigned char c)
{
	if (is_tag_char(c)) {
		tok_add(p, c);
	} else if (c == ' ' && buffer_len(&p->tok) > 0) {
		p->tag = arena_strndup(p->arena, buffer_cstr(&p->tok),
				       buffer_len(&p->tok));
		buffer_clear(&p->tok);
		p->state = ST_NAME;
	} else if (c == '\r') {
		see_cr(p);
	} else if (c == '\n') {
		p->eol_state = ST_TAG;
		end_of_line(p);
	} else {
		imap_parser_fail(p, "Invalid tag", false, false);
	}
}

static void
name_byte(struct imap_parser *p, unsigned char c)
{
	if (is_name_char(c)) {
		if (buffer_len(&p->tok) >= IMAP_NAME_MAX)
			imap_parser_fail(p, "Unknown command", false, false);
		else
			tok_add(p, c);
	} else if (c == ' ') {
		name_end(p, false);
	} else if (c == '\r') {
		see_cr(p);
	} else if (c == '\n') {
		p->eol_state = ST_NAME;
		end_of_line(p);
	} else {
		imap_parser_fail(p, "Invalid command name", false, false);
	}
}

/* One byte of a command line (not literal data). */
void
imap_parser_byte(struct imap_parser *p, unsigned char c)
{
	p->started = true;
	if (c != '\r' && c != '\n' && ++p->line_len > p->limits.max_line) {
		imap_parser_fail(p, "[TOOBIG] Command line too long", false,
				 false);
		return;
	}
	if (++p->cmd_size > p->limits.max_command) {
		imap_parser_fail(p, "[TOOBIG] Command too large", false,
				 c == '\n');
		return;
	}
	switch (p->state) {
	case ST_TAG:
		tag_byte(p, c);
		break;
	case ST_NAME:
		name_byte(p, c);
		break;
	case ST_ARG:
		arg_start(p, c);
		break;
	case ST_AFTER_ARG:
		after_arg(p, c);
		break;
	case ST_ATOM:
		atom_byte(p, c);
		break;
	case ST_SECTION:
	case ST_SECTION_QUOTED:
	case ST_SECTION_ESC:
		section_byte(p, c);
		break;
	case ST_QUOTED:
	case ST_QUOTED_ESC:
		quoted_byte(p, c);
		break;
	case ST_LIT_SIZE:
		literal_size_byte(p, c);
		break;
	case ST_LIT8:
	case ST_LIT_CLOSE:
	case ST_LIT_EOL:
		literal_syntax_byte(p, c);
		break;
	case ST_CR:
		if (c == '\n')
			end_of_line(p);
		else
			imap_parser_fail(p, "CR without LF", false, false);
		break;
	default:
		imap_parser_fail(p, "Internal parser state", true, false);
		break;
	}
}
