/*
 * The streaming IMAP command parser: a byte-at-a-time state machine (with
 * bulk copies for literal data and skipped input) that builds the argument
 * tree in a capped arena. See imap-parser.h for the contract.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buffer.h"
#include "imap-parser-private.h"
#include "imap-utf7.h"
#include "xalloc.h"

const struct imap_parser_limits imap_parser_limits_prelogin = {
    .max_line = 8192,
    .max_command = 16384,
    .max_literal = 8192,
    .max_stream = 0,
    .max_depth = 4,
    .max_literals = 4,
    .max_args = 128,
};

const struct imap_parser_limits imap_parser_limits_session = {
    .max_line = 65536,
    .max_command = 4 * 1024 * 1024,
    .max_literal = 1024 * 1024,
    .max_stream = 100 * 1024 * 1024,
    .max_depth = 64,
    .max_literals = 1000,
    .max_args = 20000,
};

static size_t
arena_cap(const struct imap_parser_limits *limits)
{
	/* Strings (bounded by max_command) plus, per argument, its copy in
	   a finished list and allocation slack. */
	return limits->max_command +
	       (size_t)limits->max_args * (2 * sizeof(struct imap_arg) + 32) +
	       8192;
}

static void
apply_limits(struct imap_parser *p, const struct imap_parser_limits *limits)
{
	p->limits = *limits;
	arena_free(&p->arena);
	p->arena = arena_new(4096, arena_cap(limits));
	buffer_deinit(&p->tok);
	buffer_init(&p->tok, limits->max_line);
	free(p->open_lists);
	p->open_lists = xcalloc(limits->max_depth + 1, sizeof(*p->open_lists));
}

struct imap_parser *
imap_parser_new(const struct imap_parser_limits *limits)
{
	struct imap_parser *p = xcalloc(1, sizeof(*p));

	buffer_init(&p->tok, 1);
	apply_limits(p, limits);
	p->state = ST_TAG;
	return p;
}

void
imap_parser_free(struct imap_parser **parser)
{
	struct imap_parser *p = *parser;

	if (p == NULL)
		return;
	arena_free(&p->arena);
	buffer_deinit(&p->tok);
	free(p->open_lists);
	free(p->stack);
	free(p);
	*parser = NULL;
}

static bool
command_in_progress(const struct imap_parser *p)
{
	/* Skipping the rest of a refused command counts as in progress:
	   dropping that state would run the rest of its line. */
	if (p->state == ST_DONE)
		return false;
	if (p->state == ST_TAG)
		return !p->need_clear && buffer_len(&p->tok) > 0;
	return true;
}

int
imap_parser_set_limits(struct imap_parser *p,
		       const struct imap_parser_limits *limits)
{
	if (command_in_progress(p) || p->state == ST_FATAL)
		return -1;
	imap_parser_reset(p);
	apply_limits(p, limits);
	return 0;
}

void
imap_parser_set_utf8(struct imap_parser *p, bool enabled)
{
	p->utf8 = enabled;
}

void
imap_parser_set_flags(struct imap_parser *p, unsigned int flags)
{
	p->flags = flags;
}

/* Forgets the previous command's data (its results were read). */
void
imap_parser_clear_command(struct imap_parser *p)
{
	arena_clear(p->arena);
	buffer_clear(&p->tok);
	p->tag = NULL;
	p->name = NULL;
	p->uid = false;
	p->flags = 0;
	p->line_len = 0;
	p->cmd_size = 0;
	p->depth = 0;
	p->literals = 0;
	p->nargs = 0;
	p->stack_count = 0;
	p->after_open = false;
	p->args = NULL;
	p->arg_count = 0;
	p->error = NULL;
	p->need_clear = false;
	p->started = false;
}

void
imap_parser_reset(struct imap_parser *p)
{
	imap_parser_clear_command(p);
	p->fatal = false;
	p->state = ST_TAG;
	p->skip_remaining = 0;
	p->skip_track = 0;
}

/* Sets the error event. last_was_lf: the byte that caused it ended the
   line, so nothing is left to skip. */
void
imap_parser_fail(struct imap_parser *p, const char *msg, bool fatal,
		 bool last_was_lf)
{
	p->error = msg;
	p->event = IMAP_PARSE_ERROR;
	p->need_clear = true;
	if (fatal) {
		p->fatal = true;
		p->state = ST_FATAL;
	} else if (last_was_lf) {
		p->state = ST_TAG;
	} else {
		imap_parser_skip_begin(p);
	}
}

/* Appends one finished argument to the pending stack. */
struct imap_arg *
imap_parser_push(struct imap_parser *p, enum imap_arg_type type)
{
	struct imap_arg *arg;

	if (p->nargs >= p->limits.max_args)
		return NULL;
	if (p->stack_count == p->stack_alloc) {
		size_t n = p->stack_alloc == 0 ? 16 : p->stack_alloc * 2;

		if (n > (size_t)p->limits.max_args + 1)
			n = (size_t)p->limits.max_args + 1;
		p->stack = xreallocarray(p->stack, n, sizeof(*p->stack));
		p->stack_alloc = n;
	}
	p->nargs++;
	arg = &p->stack[p->stack_count++];
	memset(arg, 0, sizeof(*arg));
	arg->type = type;
	return arg;
}

/* Moves the pending items from index start on into an arena array with an
   EOL sentinel. */
static struct imap_arg *
pop_items(struct imap_parser *p, size_t start, unsigned int *count_r)
{
	size_t count = p->stack_count - start;
	struct imap_arg *items;

	items = arena_calloc(p->arena, count + 1, sizeof(*items));
	if (items == NULL)
		return NULL;
	if (count > 0)
		memcpy(items, p->stack + start, count * sizeof(*items));
	items[count].type = IMAP_ARG_EOL;
	p->stack_count = start;
	*count_r = (unsigned int)count;
	return items;
}

int
imap_parser_open_list(struct imap_parser *p)
{
	if (p->depth >= p->limits.max_depth) {
		imap_parser_fail(p, "Too deeply nested lists", false, false);
		return -1;
	}
	if (p->nargs >= p->limits.max_args) {
		imap_parser_fail(p, "Too many arguments", false, false);
		return -1;
	}
	p->nargs++; /* the list itself, pushed when it closes */
	p->open_lists[++p->depth] = p->stack_count;
	p->after_open = true;
	return 0;
}

int
imap_parser_close_list(struct imap_parser *p)
{
	struct imap_arg *items, *list;
	unsigned int count;

	if (p->depth == 0) {
		imap_parser_fail(p, "Unexpected ')'", false, false);
		return -1;
	}
	items = pop_items(p, p->open_lists[p->depth--], &count);
	if (items == NULL) {
		imap_parser_fail(p, "Command too large", false, false);
		return -1;
	}
	p->nargs--; /* counted at the open */
	list = imap_parser_push(p, IMAP_ARG_LIST);
	list->v.list = items;
	list->len = count;
	p->after_open = false;
	p->state = ST_AFTER_ARG;
	return 0;
}

/* Finishes the atom or quoted string in tok. */
int
imap_parser_finish_token(struct imap_parser *p, enum imap_arg_type type)
{
	const char *str = buffer_cstr(&p->tok);
	size_t len = buffer_len(&p->tok);
	struct imap_arg *arg;
	char *copy;

	if (type == IMAP_ARG_STRING && p->tok_8bit &&
	    !imap_utf8_valid(str, len)) {
		imap_parser_fail(p, "Invalid UTF-8 in quoted string", false,
				 false);
		return -1;
	}
	if (type == IMAP_ARG_ATOM && strcasecmp(str, "NIL") == 0)
		type = IMAP_ARG_NIL;
	arg = imap_parser_push(p, type);
	copy = arg == NULL ? NULL : arena_strndup(p->arena, str, len);
	if (arg == NULL || copy == NULL) {
		imap_parser_fail(
		    p, arg == NULL ? "Too many arguments" : "Command too large",
		    false, false);
		return -1;
	}
	arg->v.str = copy;
	arg->len = len;
	buffer_clear(&p->tok);
	p->tok_8bit = false;
	p->after_open = false;
	return 0;
}

/* The command line ended at depth 0. */
void
imap_parser_complete(struct imap_parser *p)
{
	struct imap_arg *args;
	unsigned int count;

	if (p->depth != 0) {
		imap_parser_fail(p, "Missing ')'", false, true);
		return;
	}
	args = pop_items(p, 0, &count);
	if (args == NULL) {
		imap_parser_fail(p, "Command too large", false, true);
		return;
	}
	p->args = args;
	p->arg_count = count;
	p->state = ST_DONE;
	p->event = IMAP_PARSE_COMPLETE;
}

const char *
imap_parser_tag(const struct imap_parser *p)
{
	return p->tag;
}

const char *
imap_parser_name(const struct imap_parser *p)
{
	return p->name;
}

bool
imap_parser_is_uid(const struct imap_parser *p)
{
	return p->uid;
}

const struct imap_arg *
imap_parser_args(const struct imap_parser *p, unsigned int *count_r)
{
	static const struct imap_arg eol = {.type = IMAP_ARG_EOL};

	if (p->args == NULL) {
		*count_r = 0;
		return &eol;
	}
	*count_r = p->arg_count;
	return p->args;
}

const struct imap_arg *
imap_parser_args_so_far(const struct imap_parser *p, unsigned int *count_r)
{
	/* Top-level items are the first ones on the stack, finished lists
	   included; open lists' items follow them. */
	*count_r =
	    (unsigned int)(p->depth == 0 ? p->stack_count : p->open_lists[1]);
	return p->stack;
}

const struct imap_literal_info *
imap_parser_literal(const struct imap_parser *p)
{
	return &p->lit;
}

void
imap_parser_literal_streamed(struct imap_parser *p)
{
	struct imap_arg *arg;

	if (p->state != ST_STREAM)
		return;
	/* Counted against max_args when the header was accepted. */
	p->nargs--;
	arg = imap_parser_push(p, IMAP_ARG_STREAMED);
	arg->v.size = p->lit.size;
	arg->literal8 = p->lit.literal8;
	arg->nonsync = !p->lit.sync;
	p->after_open = false;
	p->line_len = 0;
	p->state = ST_AFTER_ARG;
}

const char *
imap_parser_error(const struct imap_parser *p, bool *fatal_r)
{
	if (fatal_r != NULL)
		*fatal_r = p->fatal;
	return p->error;
}

void
imap_parser_discard(struct imap_parser *p)
{
	switch (p->state) {
	case ST_DONE:
	case ST_FATAL:
	case ST_SKIP:
	case ST_SKIP_LITERAL:
		return; /* finished, or already being dropped */
	case ST_STREAM:
		/* A LITERAL+ message is on its way: drop it, then the rest
		   of the line. A synchronising one never comes. */
		if (!p->lit.sync) {
			p->skip_remaining = p->lit.size;
			p->state = ST_SKIP_LITERAL;
			p->skip_track = 0;
		} else {
			p->state = ST_TAG;
		}
		break;
	case ST_NAME_EOL:
	case ST_TAG:
		p->state = ST_TAG;
		break;
	case ST_LIT_DATA:
		if (p->lit.sync) {
			p->state = ST_TAG;
			break;
		}
		p->skip_remaining = p->lit_remaining;
		p->state = ST_SKIP_LITERAL;
		p->skip_track = 0;
		break;
	default:
		imap_parser_skip_begin(p);
		break;
	}
	p->need_clear = true;
}
