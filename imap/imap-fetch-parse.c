/*
 * FETCH data item parsing (imap-fetch-parse.h).
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "imap-fetch-parse.h"
#include "imap-quote.h"
#include "strnum.h"

static const struct {
	const char *name;
	unsigned int items;
} simple_items[] = {
    {"UID", IMAP_FETCH_UID},
    {"FLAGS", IMAP_FETCH_FLAGS},
    {"INTERNALDATE", IMAP_FETCH_INTERNALDATE},
    {"RFC822.SIZE", IMAP_FETCH_RFC822_SIZE},
    {"ENVELOPE", IMAP_FETCH_ENVELOPE},
    {"BODY", IMAP_FETCH_BODY},
    {"BODYSTRUCTURE", IMAP_FETCH_BODYSTRUCTURE},
    {"RFC822", IMAP_FETCH_RFC822},
    {"RFC822.HEADER", IMAP_FETCH_RFC822_HEADER},
    {"RFC822.TEXT", IMAP_FETCH_RFC822_TEXT},
};

#define FAST_ITEMS                                                             \
	(IMAP_FETCH_FLAGS | IMAP_FETCH_INTERNALDATE | IMAP_FETCH_RFC822_SIZE)

static const struct {
	const char *name;
	unsigned int items;
} macros[] = {
    {"ALL", FAST_ITEMS | IMAP_FETCH_ENVELOPE},
    {"FAST", FAST_ITEMS},
    {"FULL", FAST_ITEMS | IMAP_FETCH_ENVELOPE | IMAP_FETCH_BODY},
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct section_ctx {
	struct arena *arena;
	struct imap_fetch_section *sec;
	struct buffer name;	     /* the response name being built */
	size_t spec_start, spec_end; /* the spec text inside name */
	const char *s;		     /* cursor in the atom */
	uint32_t parts[64];
	const char *fields[256];
};

/* Digits at ctx->s; nz: no zero and no leading zero. */
static int
parse_num(struct section_ctx *ctx, bool nz, uint32_t *num_r)
{
	size_t n = strspn(ctx->s, "0123456789");

	if (n == 0 || str_to_uint32_n(ctx->s, n, num_r) < 0)
		return -1;
	if (nz && (ctx->s[0] == '0'))
		return -1;
	ctx->s += n;
	return 0;
}

static int
parse_parts(struct section_ctx *ctx)
{
	struct imap_fetch_section *sec = ctx->sec;
	unsigned int n = 0;
	uint32_t *copy;

	while (*ctx->s >= '0' && *ctx->s <= '9') {
		if (n == N_ELEMS(ctx->parts) ||
		    parse_num(ctx, true, &ctx->parts[n]) < 0)
			return -1;
		n++;
		if (ctx->s[0] != '.' || ctx->s[1] < '0' || ctx->s[1] > '9')
			break;
		ctx->s++;
	}
	if (n == 0)
		return 0;
	copy = arena_memdup(ctx->arena, ctx->parts, n * sizeof(uint32_t));
	if (copy == NULL)
		return -1;
	sec->parts = copy;
	sec->part_count = n;
	return 0;
}

/* One header field name: atom or quoted string, of ftext characters. */
static const char *
parse_field(struct section_ctx *ctx)
{
	struct buffer f;
	const char *s = ctx->s, *ret = NULL;
	bool quoted = *s == '"';

	buffer_init(&f, 1000);
	if (quoted)
		s++;
	for (; *s != '\0'; s++) {
		if (quoted && *s == '"')
			break;
		if (!quoted && (*s == ' ' || *s == ')'))
			break;
		if (quoted && *s == '\\')
			s++;
		/* RFC 5322 ftext: printable ASCII except ':'. */
		if (*s < 33 || *s > 126 || *s == ':' ||
		    buffer_append_c(&f, *s) < 0)
			goto out;
	}
	if (buffer_len(&f) == 0 || (quoted && *s != '"'))
		goto out;
	ctx->s = quoted ? s + 1 : s;
	ret = arena_strdup(ctx->arena, buffer_cstr(&f));
out:
	buffer_deinit(&f);
	return ret;
}

static int
parse_field_list(struct section_ctx *ctx)
{
	struct imap_fetch_section *sec = ctx->sec;
	unsigned int n = 0, i;

	if (strncmp(ctx->s, " (", 2) != 0)
		return -1;
	ctx->s += 2;
	for (;;) {
		if (n == N_ELEMS(ctx->fields) ||
		    (ctx->fields[n] = parse_field(ctx)) == NULL)
			return -1;
		n++;
		if (*ctx->s != ' ')
			break;
		ctx->s++;
	}
	if (*ctx->s++ != ')')
		return -1;
	sec->fields = arena_memdup(ctx->arena, ctx->fields, n * sizeof(char *));
	sec->field_count = n;
	if (sec->fields == NULL || buffer_append_str(&ctx->name, " (") < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((i > 0 && buffer_append_c(&ctx->name, ' ') < 0) ||
		    imap_write_astring(&ctx->name, ctx->fields[i],
				       strlen(ctx->fields[i]), 0) < 0)
			return -1;
	}
	return buffer_append_c(&ctx->name, ')');
}

static const struct {
	const char *word;
	enum imap_fetch_spec spec;
} specs[] = {
    {"HEADER.FIELDS.NOT", IMAP_FETCH_SPEC_HEADER_FIELDS_NOT},
    {"HEADER.FIELDS", IMAP_FETCH_SPEC_HEADER_FIELDS},
    {"HEADER", IMAP_FETCH_SPEC_HEADER},
    {"TEXT", IMAP_FETCH_SPEC_TEXT},
    {"MIME", IMAP_FETCH_SPEC_MIME},
};

static int
parse_spec(struct section_ctx *ctx)
{
	struct imap_fetch_section *sec = ctx->sec;
	size_t i, n;

	if (sec->part_count > 0 && *ctx->s++ != '.')
		return -1;
	for (i = 0; i < N_ELEMS(specs); i++) {
		n = strlen(specs[i].word);
		if (strncasecmp(ctx->s, specs[i].word, n) == 0 &&
		    (ctx->s[n] == ']' || ctx->s[n] == ' '))
			break;
	}
	if (i == N_ELEMS(specs) ||
	    (specs[i].spec == IMAP_FETCH_SPEC_MIME && sec->part_count == 0))
		return -1;
	sec->spec = specs[i].spec;
	ctx->s += n;
	if (buffer_printf(&ctx->name, "%s%s", sec->part_count > 0 ? "." : "",
			  specs[i].word) < 0)
		return -1;
	ctx->spec_end = buffer_len(&ctx->name);
	if (sec->spec == IMAP_FETCH_SPEC_HEADER_FIELDS ||
	    sec->spec == IMAP_FETCH_SPEC_HEADER_FIELDS_NOT)
		return parse_field_list(ctx);
	return 0;
}

static int
parse_partial(struct section_ctx *ctx)
{
	struct imap_fetch_section *sec = ctx->sec;

	if (*ctx->s == '\0')
		return 0;
	if (sec->kind == IMAP_FETCH_KIND_BINARY_SIZE || *ctx->s++ != '<' ||
	    parse_num(ctx, false, &sec->offset) < 0 || *ctx->s++ != '.' ||
	    parse_num(ctx, true, &sec->length) < 0 || strcmp(ctx->s, ">") != 0)
		return -1;
	sec->partial = true;
	return buffer_printf(&ctx->name, "<%u>", sec->offset);
}

static int
section_parts_name(struct section_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->sec->part_count; i++) {
		if (buffer_printf(&ctx->name, "%s%u", i > 0 ? "." : "",
				  ctx->sec->parts[i]) < 0)
			return -1;
	}
	return 0;
}

/* atom = PREFIX "[" section "]" [partial]; bracket points at "[". */
static int
parse_section(struct section_ctx *ctx, const char *atom, const char *bracket)
{
	struct imap_fetch_section *sec = ctx->sec;
	size_t plen = (size_t)(bracket - atom);

	if (plen == 4 && strncasecmp(atom, "BODY", 4) == 0) {
		sec->kind = IMAP_FETCH_KIND_BODY;
	} else if (plen == 9 && strncasecmp(atom, "BODY.PEEK", 9) == 0) {
		sec->kind = IMAP_FETCH_KIND_BODY;
		sec->peek = true;
	} else if (plen == 6 && strncasecmp(atom, "BINARY", 6) == 0) {
		sec->kind = IMAP_FETCH_KIND_BINARY;
	} else if (plen == 11 && strncasecmp(atom, "BINARY.PEEK", 11) == 0) {
		sec->kind = IMAP_FETCH_KIND_BINARY;
		sec->peek = true;
	} else if (plen == 11 && strncasecmp(atom, "BINARY.SIZE", 11) == 0) {
		sec->kind = IMAP_FETCH_KIND_BINARY_SIZE;
	} else {
		return -1;
	}
	if (buffer_append_str(&ctx->name, sec->kind == IMAP_FETCH_KIND_BODY
					      ? "BODY["
					  : sec->kind == IMAP_FETCH_KIND_BINARY
					      ? "BINARY["
					      : "BINARY.SIZE[") < 0)
		return -1;
	ctx->s = bracket + 1;
	ctx->spec_start = buffer_len(&ctx->name);
	if (parse_parts(ctx) < 0 || section_parts_name(ctx) < 0)
		return -1;
	ctx->spec_end = buffer_len(&ctx->name);
	if (*ctx->s != ']') {
		if (sec->kind != IMAP_FETCH_KIND_BODY || parse_spec(ctx) < 0)
			return -1;
	}
	if (*ctx->s++ != ']' || buffer_append_c(&ctx->name, ']') < 0)
		return -1;
	return parse_partial(ctx);
}

static int
add_section(struct arena *arena, const char *atom, const char *bracket,
	    struct imap_fetch_request *req)
{
	struct section_ctx ctx;
	struct imap_fetch_section *sec = &req->sections[req->section_count];
	int ret = -1;

	memset(&ctx, 0, sizeof(ctx));
	memset(sec, 0, sizeof(*sec));
	ctx.arena = arena;
	ctx.sec = sec;
	buffer_init(&ctx.name, 4096);
	if (parse_section(&ctx, atom, bracket) < 0)
		goto out;
	sec->response_name = arena_strdup(arena, buffer_cstr(&ctx.name));
	sec->spec_text =
	    arena_strndup(arena, buffer_cstr(&ctx.name) + ctx.spec_start,
			  ctx.spec_end - ctx.spec_start);
	if (sec->response_name == NULL || sec->spec_text == NULL)
		goto out;
	if (!sec->peek && sec->kind != IMAP_FETCH_KIND_BINARY_SIZE)
		req->sets_seen = true;
	req->section_count++;
	ret = 0;
out:
	buffer_deinit(&ctx.name);
	return ret;
}

static int
add_item(struct arena *arena, const char *atom, struct imap_fetch_request *req,
	 const char **error_r)
{
	const char *bracket = strchr(atom, '[');
	size_t i;

	if (bracket != NULL) {
		if (add_section(arena, atom, bracket, req) < 0) {
			*error_r = "Invalid FETCH section";
			return -1;
		}
		return 0;
	}
	for (i = 0; i < N_ELEMS(simple_items); i++) {
		if (strcasecmp(atom, simple_items[i].name) == 0) {
			req->items |= simple_items[i].items;
			if ((simple_items[i].items &
			     (IMAP_FETCH_RFC822 | IMAP_FETCH_RFC822_TEXT)) != 0)
				req->sets_seen = true;
			return 0;
		}
	}
	*error_r = "Invalid FETCH item";
	return -1;
}

int
imap_fetch_parse(struct arena *arena, const struct imap_arg *arg,
		 struct imap_fetch_request *req_r, const char **error_r)
{
	const struct imap_arg *items = arg;
	unsigned int count = 1;
	const char *atom;
	size_t i;

	memset(req_r, 0, sizeof(*req_r));
	if (imap_arg_atom(arg, &atom)) {
		for (i = 0; i < N_ELEMS(macros); i++) {
			if (strcasecmp(atom, macros[i].name) == 0) {
				req_r->items = macros[i].items;
				return 0;
			}
		}
	} else if (!imap_arg_list(arg, &items, &count) || count == 0) {
		*error_r = "Invalid FETCH items";
		return -1;
	}
	req_r->sections = arena_calloc(arena, count, sizeof(*req_r->sections));
	if (req_r->sections == NULL) {
		*error_r = "Too many FETCH items";
		return -1;
	}
	for (i = 0; i < count; i++) {
		if (!imap_arg_atom(&items[i], &atom)) {
			*error_r = "Invalid FETCH items";
			return -1;
		}
		if (add_item(arena, atom, req_r, error_r) < 0)
			return -1;
	}
	return 0;
}
