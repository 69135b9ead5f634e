/*
 * SEARCH program parsing (imap-search-parse.h): recursive descent over
 * the argument tree with an explicit depth budget.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "imap-date.h"
#include "imap-flags.h"
#include "imap-search-parse.h"
#include "imap-utf7.h"
#include "strnum.h"

struct search_ctx {
	struct arena *arena;
	const struct imap_arg *arg; /* cursor */
	unsigned int max_depth;
	bool ascii_only;
	const char *error;
};

enum value_kind {
	V_NONE,
	V_STRING,
	V_DATE,
	V_SENTDATE,
	V_NUMBER,
	V_KEYWORD,
	V_FLAG,
	V_UNFLAG,
	V_HEADER
};

static const struct {
	const char *name;
	enum value_kind kind;
	int key;	 /* enum imap_search_key, or extra for V_NONE */
	const char *arg; /* header field, flag name */
} keys[] = {
    {"ALL", V_NONE, IMAP_SEARCH_ALL, NULL},
    {"ANSWERED", V_FLAG, 0, "\\Answered"},
    {"DELETED", V_FLAG, 0, "\\Deleted"},
    {"DRAFT", V_FLAG, 0, "\\Draft"},
    {"FLAGGED", V_FLAG, 0, "\\Flagged"},
    {"RECENT", V_FLAG, 0, "\\Recent"},
    {"SEEN", V_FLAG, 0, "\\Seen"},
    {"UNANSWERED", V_UNFLAG, 0, "\\Answered"},
    {"UNDELETED", V_UNFLAG, 0, "\\Deleted"},
    {"UNDRAFT", V_UNFLAG, 0, "\\Draft"},
    {"UNFLAGGED", V_UNFLAG, 0, "\\Flagged"},
    {"OLD", V_UNFLAG, 0, "\\Recent"},
    {"UNSEEN", V_UNFLAG, 0, "\\Seen"},
    {"KEYWORD", V_KEYWORD, 0, NULL},
    {"UNKEYWORD", V_KEYWORD, 1, NULL},
    {"BEFORE", V_DATE, IMAP_SEARCH_BEFORE, NULL},
    {"ON", V_DATE, IMAP_SEARCH_ON, NULL},
    {"SINCE", V_DATE, IMAP_SEARCH_SINCE, NULL},
    {"SENTBEFORE", V_DATE, IMAP_SEARCH_SENTBEFORE, NULL},
    {"SENTON", V_DATE, IMAP_SEARCH_SENTON, NULL},
    {"SENTSINCE", V_DATE, IMAP_SEARCH_SENTSINCE, NULL},
    {"LARGER", V_NUMBER, IMAP_SEARCH_LARGER, NULL},
    {"SMALLER", V_NUMBER, IMAP_SEARCH_SMALLER, NULL},
    {"BODY", V_STRING, IMAP_SEARCH_BODY, NULL},
    {"TEXT", V_STRING, IMAP_SEARCH_TEXT, NULL},
    {"FROM", V_STRING, IMAP_SEARCH_HEADER, "From"},
    {"TO", V_STRING, IMAP_SEARCH_HEADER, "To"},
    {"CC", V_STRING, IMAP_SEARCH_HEADER, "Cc"},
    {"BCC", V_STRING, IMAP_SEARCH_HEADER, "Bcc"},
    {"SUBJECT", V_STRING, IMAP_SEARCH_HEADER, "Subject"},
    {"HEADER", V_HEADER, IMAP_SEARCH_HEADER, NULL},
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static struct imap_search_node *
new_node(struct search_ctx *ctx, enum imap_search_key key)
{
	struct imap_search_node *node = arena_zalloc(ctx->arena, sizeof(*node));

	if (node == NULL)
		ctx->error = "Search program too large";
	else
		node->key = key;
	return node;
}

static struct imap_search_node *
wrap_not(struct search_ctx *ctx, struct imap_search_node *child)
{
	struct imap_search_node *node = new_node(ctx, IMAP_SEARCH_NOT);

	if (node != NULL)
		node->children = child;
	return node;
}

/* The next argument as a search string (astring, checked charset). */
static const char *
next_string(struct search_ctx *ctx)
{
	const char *str;
	size_t len, i;

	if (!imap_arg_astring(ctx->arg, &str, &len)) {
		ctx->error = "Missing search string";
		return NULL;
	}
	ctx->arg++;
	if (!imap_utf8_valid(str, len)) {
		ctx->error = "Invalid UTF-8 in search string";
		return NULL;
	}
	for (i = 0; ctx->ascii_only && i < len; i++) {
		if ((unsigned char)str[i] >= 0x80) {
			ctx->error = "8-bit search string with US-ASCII";
			return NULL;
		}
	}
	return str;
}

static bool
valid_field_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < 33 || *s > 126 || *s == ':')
			return false;
	}
	return true;
}

/* The value of keys[i]; node is already allocated for its key. */
static int
parse_value(struct search_ctx *ctx, size_t i, struct imap_search_node *node)
{
	struct imap_date date;
	const char *s;

	switch (keys[i].kind) {
	case V_NONE:
		return 0;
	case V_FLAG:
	case V_UNFLAG:
		node->v.flag = imap_flag_from_name(keys[i].arg);
		return 0;
	case V_KEYWORD:
		if (!imap_arg_atom(ctx->arg++, &s) || !imap_keyword_valid(s))
			break;
		node->v.str = s;
		return 0;
	case V_DATE:
	case V_SENTDATE:
		if (!imap_arg_astring(ctx->arg++, &s, NULL) ||
		    imap_date_parse(s, &date) < 0)
			break;
		node->v.day = imap_date_days(&date);
		return 0;
	case V_NUMBER:
		if (!imap_arg_atom(ctx->arg++, &s) ||
		    str_to_uint32(s, &node->v.size) < 0)
			break;
		return 0;
	case V_HEADER:
		if (!imap_arg_astring(ctx->arg++, &s, NULL) ||
		    !valid_field_name(s))
			break;
		node->v.header.field = s;
		node->v.header.value = next_string(ctx);
		return node->v.header.value == NULL ? -1 : 0;
	case V_STRING:
		s = next_string(ctx);
		if (s == NULL)
			return -1;
		if (keys[i].key == IMAP_SEARCH_HEADER) {
			node->v.header.field = keys[i].arg;
			node->v.header.value = s;
		} else {
			node->v.str = s;
		}
		return 0;
	}
	ctx->error = "Invalid search key argument";
	return -1;
}

static struct imap_search_node *parse_key(struct search_ctx *ctx,
					  unsigned int depth);

/* Keys until EOL into an AND node. */
static struct imap_search_node *
parse_and(struct search_ctx *ctx, const struct imap_arg *items,
	  unsigned int depth)
{
	struct imap_search_node *and = new_node(ctx, IMAP_SEARCH_AND);
	struct imap_search_node **tail, *child;

	if (and == NULL)
		return NULL;
	tail = &and->children;
	ctx->arg = items;
	if (ctx->arg->type == IMAP_ARG_EOL) {
		ctx->error = "Missing search key";
		return NULL;
	}
	while (ctx->arg->type != IMAP_ARG_EOL) {
		child = parse_key(ctx, depth);
		if (child == NULL)
			return NULL;
		*tail = child;
		tail = &child->next;
	}
	return and;
}

static struct imap_search_node *
parse_set(struct search_ctx *ctx, const char *atom, enum imap_search_key key)
{
	struct imap_search_node *node = new_node(ctx, key);
	const char *error;

	if (node != NULL &&
	    imap_seqset_parse(ctx->arena, atom, &node->v.set, &error) < 0) {
		ctx->error = error;
		return NULL;
	}
	return node;
}

static struct imap_search_node *
parse_named(struct search_ctx *ctx, const char *atom, unsigned int depth)
{
	struct imap_search_node *node, *a;
	size_t i;

	if (strcasecmp(atom, "NOT") == 0) {
		a = parse_key(ctx, depth + 1);
		return a == NULL ? NULL : wrap_not(ctx, a);
	}
	if (strcasecmp(atom, "OR") == 0) {
		node = new_node(ctx, IMAP_SEARCH_OR);
		if (node == NULL ||
		    (node->children = parse_key(ctx, depth + 1)) == NULL ||
		    (node->children->next = parse_key(ctx, depth + 1)) == NULL)
			return NULL;
		return node;
	}
	if (strcasecmp(atom, "NEW") == 0) {
		node = new_node(ctx, IMAP_SEARCH_AND);
		a = new_node(ctx, IMAP_SEARCH_FLAG);
		if (node == NULL || a == NULL)
			return NULL;
		a->v.flag = IMAP_FLAG_RECENT;
		node->children = a;
		a = new_node(ctx, IMAP_SEARCH_FLAG);
		if (a == NULL ||
		    (node->children->next = wrap_not(ctx, a)) == NULL)
			return NULL;
		a->v.flag = IMAP_FLAG_SEEN;
		return node;
	}
	if (strcasecmp(atom, "UID") == 0) {
		if (!imap_arg_atom(ctx->arg++, &atom)) {
			ctx->error = "Missing UID set";
			return NULL;
		}
		return parse_set(ctx, atom, IMAP_SEARCH_UIDSET);
	}
	for (i = 0; i < N_ELEMS(keys); i++) {
		if (strcasecmp(atom, keys[i].name) == 0)
			break;
	}
	if (i == N_ELEMS(keys)) {
		ctx->error = "Unknown search key";
		return NULL;
	}
	node = new_node(ctx, keys[i].kind == V_FLAG || keys[i].kind == V_UNFLAG
				 ? IMAP_SEARCH_FLAG
			     : keys[i].kind == V_KEYWORD ? IMAP_SEARCH_KEYWORD
							 : keys[i].key);
	if (node == NULL || parse_value(ctx, i, node) < 0)
		return NULL;
	if (keys[i].kind == V_UNFLAG ||
	    (keys[i].kind == V_KEYWORD && keys[i].key == 1))
		return wrap_not(ctx, node);
	return node;
}

static struct imap_search_node *
parse_key(struct search_ctx *ctx, unsigned int depth)
{
	const struct imap_arg *arg = ctx->arg, *items;
	struct imap_search_node *node;
	const char *atom;

	if (depth > ctx->max_depth) {
		ctx->error = "Search program nested too deeply";
		return NULL;
	}
	if (arg->type == IMAP_ARG_EOL) {
		ctx->error = "Missing search key";
		return NULL;
	}
	ctx->arg++;
	if (imap_arg_list(arg, &items, NULL)) {
		node = parse_and(ctx, items, depth + 1);
		ctx->arg = arg + 1;
		return node;
	}
	if (!imap_arg_atom(arg, &atom)) {
		ctx->error = "Invalid search key";
		return NULL;
	}
	if ((*atom >= '0' && *atom <= '9') || *atom == '*' || *atom == '$')
		return parse_set(ctx, atom, IMAP_SEARCH_SEQSET);
	return parse_named(ctx, atom, depth);
}

static const struct {
	const char *name;
	unsigned int option;
} return_options[] = {
    {"MIN", IMAP_SEARCH_RETURN_MIN},   {"MAX", IMAP_SEARCH_RETURN_MAX},
    {"ALL", IMAP_SEARCH_RETURN_ALL},   {"COUNT", IMAP_SEARCH_RETURN_COUNT},
    {"SAVE", IMAP_SEARCH_RETURN_SAVE},
};

static int
parse_return(struct search_ctx *ctx, struct imap_search_program *prog)
{
	const struct imap_arg *items;
	const char *atom;
	size_t i;

	if (!imap_arg_list(ctx->arg++, &items, NULL)) {
		ctx->error = "Invalid RETURN options";
		return -1;
	}
	prog->esearch = true;
	for (; items->type != IMAP_ARG_EOL; items++) {
		for (i = 0; i < N_ELEMS(return_options); i++) {
			if (imap_arg_atom(items, &atom) &&
			    strcasecmp(atom, return_options[i].name) == 0)
				break;
		}
		if (i == N_ELEMS(return_options)) {
			ctx->error = "Invalid RETURN options";
			return -1;
		}
		prog->return_options |= return_options[i].option;
	}
	if (prog->return_options == 0 ||
	    prog->return_options == IMAP_SEARCH_RETURN_SAVE)
		prog->return_options |= IMAP_SEARCH_RETURN_ALL;
	return 0;
}

int
imap_search_parse(struct arena *arena, const struct imap_arg *args,
		  unsigned int max_depth, struct imap_search_program *prog_r,
		  const char **error_r)
{
	struct search_ctx ctx = {
	    .arena = arena, .arg = args, .max_depth = max_depth};
	const char *charset;

	memset(prog_r, 0, sizeof(*prog_r));
	if (imap_arg_atom_equals(ctx.arg, "RETURN")) {
		ctx.arg++;
		if (parse_return(&ctx, prog_r) < 0)
			goto fail;
	}
	if (imap_arg_atom_equals(ctx.arg, "CHARSET")) {
		if (!imap_arg_astring(++ctx.arg, &charset, NULL)) {
			ctx.error = "Missing charset";
			goto fail;
		}
		ctx.arg++;
		if (strcasecmp(charset, "UTF-8") != 0 &&
		    strcasecmp(charset, "US-ASCII") != 0) {
			*error_r = "Unsupported charset";
			return IMAP_SEARCH_BADCHARSET;
		}
		prog_r->charset = charset;
		ctx.ascii_only = strcasecmp(charset, "US-ASCII") == 0;
	}
	prog_r->root = parse_and(&ctx, ctx.arg, 0);
	if (prog_r->root == NULL)
		goto fail;
	return 0;
fail:
	*error_r = ctx.error;
	return -1;
}
