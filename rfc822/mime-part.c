/* MIME structure parser over a message in memory; see mime-part.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime-part.h"
#include "xalloc.h"

const struct mime_limits mime_default_limits = {
    .max_depth = MIME_DEFAULT_MAX_DEPTH,
    .max_parts = MIME_DEFAULT_MAX_PARTS,
    .header =
	{
	    .max_header_size = RFC822_HEADER_DEFAULT_MAX_SIZE,
	    .max_field_size = RFC822_HEADER_DEFAULT_MAX_FIELD,
	    .max_fields = RFC822_HEADER_DEFAULT_MAX_FIELDS,
	},
};

struct boundary {
	const char *str;
	size_t len;
};

/* A boundary line found by the scanner. */
struct bfound {
	bool found;
	bool close;	    /* "--boundary--" */
	unsigned int index; /* in the boundary stack */
	size_t line_start;
	size_t line_end; /* after its LF */
};

struct mime_parser {
	struct arena *arena;
	const char *data;
	size_t size;
	struct mime_limits limits;
	struct boundary *bounds;
	unsigned int nbounds;
	unsigned int parts;
	bool failed;
	/* End of the last header cut short by a boundary line, or of the
	   last close delimiter line: a body ending at the next boundary
	   reaches at least there (its line break is not the boundary's). */
	size_t min_end;
	/* A cursor converting raw offsets (asked for in increasing order)
	   into CRLF offsets and line numbers. */
	size_t cur_raw, cur_crlf;
	unsigned int cur_lines;
};

static void
cursor_move(struct mime_parser *p, size_t offset)
{
	const char *d = p->data, *nl;

	if (offset < p->cur_raw) {
		p->cur_raw = p->cur_crlf = 0;
		p->cur_lines = 0;
	}
	p->cur_crlf += offset - p->cur_raw;
	while ((nl = memchr(d + p->cur_raw, '\n', offset - p->cur_raw)) !=
	       NULL) {
		p->cur_lines++;
		if (nl == d || nl[-1] != '\r')
			p->cur_crlf++;
		p->cur_raw = (size_t)(nl - d) + 1;
	}
	p->cur_raw = offset;
}

/* Does the line at pos start with "--" and an active boundary? The
   innermost boundary is tried first. */
static bool
boundary_match(const struct mime_parser *p, size_t pos, size_t line_len,
	       struct bfound *r)
{
	const char *line = p->data + pos;
	unsigned int i;

	if (line_len < 2 || line[0] != '-' || line[1] != '-')
		return false;
	for (i = p->nbounds; i-- > 0;) {
		const struct boundary *b = &p->bounds[i];

		if (line_len - 2 < b->len ||
		    memcmp(line + 2, b->str, b->len) != 0)
			continue;
		r->found = true;
		r->index = i;
		r->close = line_len - 2 - b->len >= 2 &&
			   line[2 + b->len] == '-' && line[3 + b->len] == '-';
		return true;
	}
	return false;
}

/* Finds the next boundary line at or after pos (a line start). */
static struct bfound
boundary_find(const struct mime_parser *p, size_t pos)
{
	struct bfound r;
	const char *nl;
	size_t end;

	memset(&r, 0, sizeof(r));
	if (p->nbounds == 0)
		return r;
	while (pos < p->size) {
		nl = memchr(p->data + pos, '\n', p->size - pos);
		end = nl == NULL ? p->size : (size_t)(nl - p->data) + 1;
		if (boundary_match(p, pos, end - pos, &r)) {
			r.line_start = pos;
			r.line_end = end;
			return r;
		}
		pos = end;
	}
	return r;
}

/* Where the header starting at pos ends: after its empty line, at a
   boundary line (*cut_r set), or at the end of the data. */
static size_t
header_limit(const struct mime_parser *p, size_t pos, bool *cut_r)
{
	struct bfound r;
	const char *nl;
	size_t end;

	while (pos < p->size) {
		nl = memchr(p->data + pos, '\n', p->size - pos);
		end = nl == NULL ? p->size : (size_t)(nl - p->data) + 1;
		if (p->data[pos] == '\n' ||
		    (p->data[pos] == '\r' && end - pos == 2))
			return end;
		if (boundary_match(p, pos, end - pos, &r)) {
			*cut_r = true;
			return pos;
		}
		pos = end;
	}
	return p->size;
}

/* The line break before a boundary line belongs to the boundary. */
static size_t
body_end_before(const struct mime_parser *p, size_t line_start,
		size_t body_start)
{
	size_t end = line_start;

	if (end > body_start && p->data[end - 1] == '\n') {
		end--;
		if (end > body_start && p->data[end - 1] == '\r')
			end--;
	}
	return end;
}

static struct mime_part *
part_new(struct mime_parser *p, struct mime_part *parent,
	 struct mime_part **tail)
{
	struct mime_part *part = arena_zalloc(p->arena, sizeof(*part));

	if (part == NULL) {
		p->failed = true;
		return NULL;
	}
	p->parts++;
	part->parent = parent;
	if (parent != NULL) {
		*tail = part;
		parent->child_count++;
	}
	return part;
}

/* Is the line at pos a boundary of an enclosing multipart (and not the
   part's own boundary, which would match first)? */
static bool
eoh_before_boundary(const struct mime_parser *p, const struct mime_part *part,
		    size_t pos)
{
	const char *nl, *own;
	size_t len;
	struct bfound r;

	if (pos >= p->size)
		return false;
	nl = memchr(p->data + pos, '\n', p->size - pos);
	len = (nl == NULL ? p->size : (size_t)(nl - p->data) + 1) - pos;
	if (!boundary_match(p, pos, len, &r))
		return false;
	own = strcmp(part->type, "MULTIPART") == 0
		  ? mime_param_get(part->params, "boundary")
		  : NULL;
	return own == NULL || own[0] == '\0' || len - 2 < strlen(own) ||
	       memcmp(p->data + pos + 2, own, strlen(own)) != 0;
}

/* Parses the header at start; returns the body offset. */
static size_t
part_header(struct mime_parser *p, struct mime_part *part, size_t start)
{
	struct rfc822_header_info info;
	bool cut = false;
	size_t limit = header_limit(p, start, &cut), hdr_end = limit;
	bool digest = part->parent != NULL &&
		      mime_part_is(part->parent, "MULTIPART", "DIGEST");

	if (cut) {
		/* Cut short by a boundary line: like Dovecot, the line
		   break before it belongs to the boundary, but an
		   enclosing message/rfc822 body still reaches it. */
		hdr_end = body_end_before(p, limit, start);
		part->flags |= MIME_PART_HEADER_CUT;
	}
	part->hdr_offset = start;
	cursor_move(p, start);
	part->hdr_crlf_offset = p->cur_crlf;
	if (mime_part_header_parse(p->arena, part, p->data + start,
				   hdr_end - start, &p->limits.header, digest,
				   &info) < 0) {
		p->failed = true;
		return start;
	}
	part->hdr_size = info.size;
	if (info.has_eoh && eoh_before_boundary(p, part, start + info.size)) {
		/* An empty line right before a boundary line is that
		   boundary's line break, as Dovecot sees it. */
		part->hdr_size -=
		    info.size >= 2 && p->data[start + info.size - 2] == '\r'
			? 2
			: 1;
		part->flags |= MIME_PART_HEADER_CUT;
		info.lines--;
	}
	part->hdr_lines = info.lines;
	part->hdr_has_nul = info.has_nul;
	part->body_offset = start + info.size;
	cursor_move(p, part->body_offset);
	part->body_crlf_offset = p->cur_crlf;
	part->body_lines = p->cur_lines;
	part->hdr_crlf_size = part->body_crlf_offset - part->hdr_crlf_offset;
	return part->body_offset;
}

static void
part_body_end(struct mime_parser *p, struct mime_part *part,
	      const struct bfound *r)
{
	size_t end = r->found
			 ? body_end_before(p, r->line_start, part->body_offset)
			 : p->size;

	if (r->found && p->min_end > end && p->min_end <= r->line_start)
		end = p->min_end;

	/* body_lines holds the line number of the body's start here. */
	cursor_move(p, end);
	part->body_size = end - part->body_offset;
	part->body_crlf_size = p->cur_crlf - part->body_crlf_offset;
	part->body_lines = p->cur_lines - part->body_lines;
	part->body_has_nul =
	    memchr(p->data + part->body_offset, '\0', part->body_size) != NULL;
}

/* An empty TEXT/PLAIN child for a multipart that has no parts. */
static void
part_add_synthetic(struct mime_parser *p, struct mime_part *part)
{
	struct mime_part *child = part_new(p, part, &part->children);

	if (child == NULL)
		return;
	child->flags = MIME_PART_SYNTHETIC | MIME_PART_TEXT;
	child->type = "TEXT";
	child->subtype = "PLAIN";
	child->encoding = "7BIT";
	child->hdr_offset = child->body_offset = part->body_offset;
	child->hdr_crlf_offset = child->body_crlf_offset =
	    part->body_crlf_offset;
}

static struct bfound parse_part(struct mime_parser *p, struct mime_part *part,
				size_t start, unsigned int depth);

static struct bfound
parse_multipart(struct mime_parser *p, struct mime_part *part,
		size_t body_start, unsigned int depth, const char *boundary)
{
	struct mime_part **tail = &part->children, *child;
	unsigned int mine = p->nbounds;
	struct bfound r;

	p->bounds[mine].str = boundary;
	p->bounds[mine].len = strlen(boundary);
	p->nbounds++;
	r = boundary_find(p, body_start);
	while (!p->failed && r.found && r.index == mine && !r.close &&
	       p->parts < p->limits.max_parts) {
		child = part_new(p, part, tail);
		if (child == NULL)
			break;
		tail = &child->next;
		r = parse_part(p, child, r.line_end, depth + 1);
	}
	p->nbounds = mine;
	if (r.found && r.index == mine) {
		/* Close delimiter (or the part limit): the rest up to an
		   outer boundary is epilogue. */
		p->min_end = r.line_end;
		r = boundary_find(p, r.line_end);
	}
	if (part->children == NULL && !p->failed)
		part_add_synthetic(p, part);
	return r;
}

static struct bfound
parse_part(struct mime_parser *p, struct mime_part *part, size_t start,
	   unsigned int depth)
{
	struct bfound r;
	size_t body_start = part_header(p, part, start);
	const char *boundary = mime_param_get(part->params, "boundary");
	bool room = depth < p->limits.max_depth &&
		    p->parts < p->limits.max_parts &&
		    p->nbounds < p->limits.max_depth;
	struct mime_part *child;

	memset(&r, 0, sizeof(r));
	if (p->failed)
		return r;
	if (strcmp(part->type, "MULTIPART") == 0 && room && boundary != NULL &&
	    boundary[0] != '\0') {
		part->flags |= MIME_PART_MULTIPART;
		r = parse_multipart(p, part, body_start, depth, boundary);
	} else if (strcmp(part->type, "MULTIPART") == 0 && room) {
		part->flags |= MIME_PART_MULTIPART;
		r = boundary_find(p, body_start);
		part_add_synthetic(p, part);
	} else if (mime_part_is(part, "MESSAGE", "RFC822") && room) {
		/* Parsed even when encoded, as Dovecot does: base64 text
		   makes a header of junk lines and an empty body. */
		part->flags |= MIME_PART_MESSAGE;
		child = part_new(p, part, &part->children);
		if (child != NULL)
			r = parse_part(p, child, body_start, depth + 1);
	} else {
		if (!room && (strcmp(part->type, "MULTIPART") == 0 ||
			      mime_part_is(part, "MESSAGE", "RFC822"))) {
			part->flags |= MIME_PART_LIMITED;
			part->type = "APPLICATION";
			part->subtype = "OCTET-STREAM";
		}
		r = boundary_find(p, body_start);
	}
	if (!p->failed)
		part_body_end(p, part, &r);
	if ((part->flags & MIME_PART_HEADER_CUT) != 0 && r.found &&
	    part->hdr_size > 0)
		p->min_end = r.line_start;
	return r;
}

int
mime_parse(struct arena *arena, const char *data, size_t size,
	   const struct mime_limits *limits, struct mime_part **root_r,
	   const char **error_r)
{
	struct mime_parser p;
	struct mime_part *root;

	memset(&p, 0, sizeof(p));
	p.arena = arena;
	p.data = data;
	p.size = size;
	p.limits = limits != NULL ? *limits : mime_default_limits;
	if (p.limits.max_depth == 0)
		p.limits.max_depth = 1;
	p.bounds = xcalloc(p.limits.max_depth + 1, sizeof(*p.bounds));
	root = part_new(&p, NULL, NULL);
	if (root != NULL)
		(void)parse_part(&p, root, 0, 0);
	free(p.bounds);
	if (p.failed) {
		*error_r = "message structure exceeds the memory budget";
		*root_r = NULL;
		return -1;
	}
	*root_r = root;
	return 0;
}

bool
mime_part_is(const struct mime_part *part, const char *type,
	     const char *subtype)
{
	return part->type != NULL && strcasecmp(part->type, type) == 0 &&
	       (subtype == NULL || (part->subtype != NULL &&
				    strcasecmp(part->subtype, subtype) == 0));
}
