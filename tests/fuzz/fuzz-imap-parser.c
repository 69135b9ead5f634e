/*
 * Fuzzes the streaming IMAP parser. data[0] picks the limits, UTF8=ACCEPT
 * and the chunk pattern; the rest is client input. The input is parsed
 * twice, whole and in varying chunks, and the transcripts (events and
 * argument trees) must be identical; every argument tree must respect the
 * limits and the string rules. Any difference aborts.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "../../imap/imap-parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct imap_parser_limits tiny = {
    .max_line = 40,
    .max_command = 120,
    .max_literal = 20,
    .max_stream = 50,
    .max_depth = 3,
    .max_literals = 3,
    .max_args = 8,
};

static void
walk(struct buffer *out, const struct imap_arg *args, unsigned int depth,
     const struct imap_parser_limits *l, unsigned int *nargs)
{
	const struct imap_arg *a;

	if (depth > l->max_depth)
		abort();
	for (a = args; a->type != IMAP_ARG_EOL; a++) {
		if (++*nargs > l->max_args)
			abort();
		(void)buffer_printf(out, " %d:%zu", (int)a->type, a->len);
		switch (a->type) {
		case IMAP_ARG_ATOM:
		case IMAP_ARG_STRING:
		case IMAP_ARG_NIL:
			if (strlen(a->v.str) != a->len || a->len > l->max_line)
				abort();
			(void)buffer_append(out, a->v.str, a->len);
			break;
		case IMAP_ARG_LITERAL:
			if (a->len > l->max_literal || a->v.str[a->len] != '\0')
				abort();
			if (!a->literal8 && memchr(a->v.str, 0, a->len) != NULL)
				abort();
			(void)buffer_append(out, a->v.str, a->len);
			break;
		case IMAP_ARG_LIST:
			if (a->v.list[a->len].type != IMAP_ARG_EOL)
				abort();
			walk(out, a->v.list, depth + 1, l, nargs);
			break;
		case IMAP_ARG_STREAMED:
			if (a->v.size > l->max_stream)
				abort();
			break;
		case IMAP_ARG_EOL:
			break;
		}
	}
}

static void
transcript(const uint8_t *in, size_t len, size_t pattern,
	   const struct imap_parser_limits *l, bool utf8, struct buffer *out)
{
	struct imap_parser *p = imap_parser_new(l);
	const struct imap_arg *args;
	const struct imap_literal_info *lit;
	size_t pos = 0, n, used, step = 0;
	unsigned int count, nargs;
	enum imap_parse_result r;
	const char *name;
	bool fatal, done = false;

	imap_parser_set_utf8(p, utf8);
	while (!done) {
		n = pattern == 0 ? len - pos
				 : 1 + ((pattern >> (step++ % 5)) & 7);
		if (n > len - pos)
			n = len - pos;
		r = imap_parser_feed(p, in + pos, n, &used);
		if (used > n || (r == IMAP_PARSE_NEED_MORE && used != n))
			abort();
		pos += used;
		(void)buffer_printf(out, "|%d", (int)r);
		switch (r) {
		case IMAP_PARSE_NEED_MORE:
			done = pos == len;
			break;
		case IMAP_PARSE_NAME:
			name = imap_parser_name(p);
			if (strcasecmp(name, "FETCH") == 0)
				imap_parser_set_flags(p,
						      IMAP_PARSE_FLAG_SECTIONS);
			else if (strcasecmp(name, "APPEND") == 0)
				imap_parser_set_flags(
				    p, IMAP_PARSE_FLAG_STREAM_LITERALS |
					   IMAP_PARSE_FLAG_LITERAL8);
			else if (strcasecmp(name, "X") == 0)
				imap_parser_discard(p);
			break;
		case IMAP_PARSE_CONTINUE:
			break;
		case IMAP_PARSE_LITERAL_STREAM:
			lit = imap_parser_literal(p);
			if (lit->size > l->max_stream)
				abort();
			if (lit->size % 3 == 1) {
				imap_parser_discard(p);
				break;
			}
			n = lit->size < len - pos ? lit->size : len - pos;
			pos += n;
			imap_parser_literal_streamed(p);
			break;
		case IMAP_PARSE_COMPLETE:
			args = imap_parser_args(p, &count);
			nargs = 0;
			if (args[count].type != IMAP_ARG_EOL)
				abort();
			walk(out, args, 0, l, &nargs);
			break;
		case IMAP_PARSE_ERROR:
			(void)buffer_printf(out, "%s",
					    imap_parser_error(p, &fatal));
			done = fatal;
			break;
		}
	}
	imap_parser_free(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct imap_parser_limits *l;
	struct buffer whole, chunked;

	if (size < 1)
		return 0;
	l = (data[0] & 3) == 0	 ? &imap_parser_limits_prelogin
	    : (data[0] & 3) == 1 ? &imap_parser_limits_session
				 : &tiny;
	buffer_init(&whole, 1 << 24);
	buffer_init(&chunked, 1 << 24);
	transcript(data + 1, size - 1, 0, l, (data[0] & 4) != 0, &whole);
	transcript(data + 1, size - 1, data[0] >> 3 | 1, l, (data[0] & 4) != 0,
		   &chunked);
	/* NEED_MORE events depend on the chunking; compare the rest. */
	{
		struct buffer *b[2] = {&whole, &chunked};
		char *s[2];
		int i;

		for (i = 0; i < 2; i++) {
			char *src = (char *)buffer_cstr(b[i]), *dst = src;
			size_t k, len = buffer_len(b[i]);

			for (k = 0; k < len; k++) {
				if (k + 1 < len && src[k] == '|' &&
				    src[k + 1] == '0') {
					k++;
					continue;
				}
				*dst++ = src[k];
			}
			*dst = '\0';
			s[i] = src;
		}
		if (strcmp(s[0], s[1]) != 0)
			abort();
	}
	buffer_deinit(&whole);
	buffer_deinit(&chunked);
	return 0;
}
