/*
 * The bulk paths of the IMAP parser (imap-parser.h): the feed loop, runs
 * of token bytes, literal data, and input skipped after an error. Single
 * bytes of a command line go to the state machine in imap-parser-feed.c.
 */
#include "config.h"

#include <string.h>

#include "imap-parser-private.h"

static size_t
literal_data(struct imap_parser *p, const unsigned char *d, size_t n)
{
	size_t take = n < p->lit_remaining ? n : (size_t)p->lit_remaining;
	size_t at = (size_t)(p->lit.size - p->lit_remaining);
	const unsigned char *nul = NULL;

	if (!p->lit.literal8)
		nul = memchr(d, '\0', take);
	if (nul != NULL) {
		take = (size_t)(nul - d) + 1;
		p->lit_remaining -= take;
		imap_parser_fail(p, "NUL in literal", false, false);
		if (p->lit_remaining > 0) {
			p->skip_remaining = p->lit_remaining;
			p->state = ST_SKIP_LITERAL;
		}
		return take;
	}
	memcpy(p->lit_buf + at, d, take);
	p->lit_remaining -= take;
	if (p->lit_remaining == 0)
		imap_parser_literal_finish(p);
	return take;
}

/* Tracks "{digits+}" CR LF at the end of a skipped line. */
static int
skip_track_byte(int track, unsigned char c, uint64_t *size)
{
	if (c == '{') {
		*size = 0;
		return 1;
	}
	if ((track == 1 || track == 2) && c >= '0' && c <= '9') {
		if (*size <= UINT32_MAX)
			*size = *size * 10 + (c - '0');
		return 2;
	}
	if (track == 2 && c == '+')
		return 3;
	if (track == 3 && c == '}')
		return 4;
	if (track == 4 && c == '\r')
		return 5;
	return 0;
}

void
imap_parser_skip_begin(struct imap_parser *p)
{
	/* Keep a literal header the error interrupted in view. */
	p->skip_track = 0;
	if (p->state == ST_LIT_SIZE && p->lit_digits > 0) {
		p->skip_track = 2;
		p->skip_size =
		    p->lit_overflow ? (uint64_t)UINT32_MAX + 1 : p->lit.size;
	} else if (p->state == ST_LIT_CLOSE) {
		p->skip_track = 3;
		p->skip_size =
		    p->lit_overflow ? (uint64_t)UINT32_MAX + 1 : p->lit.size;
	}
	p->state = ST_SKIP;
}

static size_t
skip_line(struct imap_parser *p, const unsigned char *d, size_t n)
{
	uint64_t max = p->limits.max_literal > p->limits.max_stream
			   ? p->limits.max_literal
			   : p->limits.max_stream;
	size_t i;

	for (i = 0; i < n; i++) {
		if (d[i] != '\n') {
			p->skip_track =
			    skip_track_byte(p->skip_track, d[i], &p->skip_size);
			continue;
		}
		if (p->skip_track == 4 || p->skip_track == 5) {
			/* LITERAL+ data follows whether we like it or not. */
			if (p->skip_size > max) {
				imap_parser_fail(p,
						 "[TOOBIG] Literal too large",
						 true, true);
				return i + 1;
			}
			p->skip_remaining = p->skip_size;
			p->state = ST_SKIP_LITERAL;
		} else {
			p->state = ST_TAG;
		}
		p->skip_track = 0;
		return i + 1;
	}
	return n;
}

/*
 * Fast path for the inside of an atom or quoted string: takes the run of
 * bytes that only extend the token (no state change), within the line and
 * command budgets, in one copy. Returns 0 when the next byte needs the
 * state machine.
 */
static size_t
token_run(struct imap_parser *p, const unsigned char *d, size_t n)
{
	size_t room = p->limits.max_line - p->line_len, i;

	if (p->limits.max_command - p->cmd_size < room)
		room = p->limits.max_command - p->cmd_size;
	if (n > room)
		n = room;
	if (p->state == ST_ATOM) {
		for (i = 0; i < n && imap_is_atom_char(d[i]) && d[i] != '[';
		     i++)
			;
	} else {
		for (i = 0; i < n && d[i] >= 0x20 && d[i] < 0x7f &&
			    d[i] != '"' && d[i] != '\\';
		     i++)
			;
	}
	if (i == 0 || buffer_append(&p->tok, d, i) < 0)
		return 0;
	p->line_len += i;
	p->cmd_size += i;
	return i;
}

enum imap_parse_result
imap_parser_feed(struct imap_parser *p, const void *data, size_t size,
		 size_t *consumed_r)
{
	const unsigned char *d = data;
	size_t pos = 0, n;

	*consumed_r = 0;
	p->event = IMAP_PARSE_NEED_MORE;
	switch (p->state) {
	case ST_FATAL:
		return IMAP_PARSE_ERROR;
	case ST_STREAM:
		return IMAP_PARSE_LITERAL_STREAM;
	case ST_NAME_EOL:
		imap_parser_complete(p);
		return p->event;
	case ST_DONE:
		p->state = ST_TAG;
		p->need_clear = true;
		break;
	default:
		break;
	}
	if (p->need_clear)
		imap_parser_clear_command(p);
	while (pos < size && p->event == IMAP_PARSE_NEED_MORE) {
		switch (p->state) {
		case ST_LIT_DATA:
			pos += literal_data(p, d + pos, size - pos);
			break;
		case ST_SKIP:
			pos += skip_line(p, d + pos, size - pos);
			break;
		case ST_SKIP_LITERAL:
			n = size - pos;
			if (n > p->skip_remaining)
				n = (size_t)p->skip_remaining;
			p->skip_remaining -= n;
			pos += n;
			if (p->skip_remaining == 0)
				p->state = ST_SKIP;
			break;
		case ST_ATOM:
		case ST_QUOTED:
			n = token_run(p, d + pos, size - pos);
			if (n > 0) {
				pos += n;
				break;
			}
			imap_parser_byte(p, d[pos++]);
			break;
		default:
			imap_parser_byte(p, d[pos++]);
			break;
		}
	}
	*consumed_r = pos;
	return p->event;
}
