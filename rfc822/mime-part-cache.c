/* MIME layout cache lines; see mime-part-cache.h. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "mime-part-cache.h"
#include "strnum.h"

#define CACHE_FIELDS 11
#define CACHE_FLAGS_MASK                                                       \
	(MIME_PART_MULTIPART | MIME_PART_MESSAGE | MIME_PART_TEXT |            \
	 MIME_PART_SYNTHETIC | MIME_PART_LIMITED | MIME_PART_HEADER_CUT)

static int
write_part(const struct mime_part *part, struct buffer *out)
{
	const struct mime_part *c;

	if (buffer_printf(out, "%u %u %zu %zu %zu %zu %zu %zu %zu %zu %u\n",
			  part->flags, part->child_count, part->hdr_offset,
			  part->hdr_size, part->hdr_crlf_offset,
			  part->hdr_crlf_size, part->body_offset,
			  part->body_size, part->body_crlf_offset,
			  part->body_crlf_size, part->body_lines) < 0)
		return -1;
	for (c = part->children; c != NULL; c = c->next) {
		if (write_part(c, out) < 0)
			return -1;
	}
	return 0;
}

int
mime_part_cache_write(const struct mime_part *root, struct buffer *out)
{
	size_t start = buffer_len(out);

	if (write_part(root, out) < 0) {
		buffer_truncate(out, start);
		return -1;
	}
	return 0;
}

struct cache_reader {
	struct arena *arena;
	const char *text;
	size_t len, pos, msg_size;
	unsigned int max_depth;
	const char *error;
};

/* Reads one line of CACHE_FIELDS numbers. */
static int
read_line(struct cache_reader *r, uint64_t v[CACHE_FIELDS])
{
	unsigned int i;
	size_t end;

	for (i = 0; i < CACHE_FIELDS; i++) {
		for (end = r->pos;
		     end < r->len && r->text[end] >= '0' && r->text[end] <= '9';
		     end++)
			;
		if (str_to_uint64_n(r->text + r->pos, end - r->pos, &v[i]) <
			0 ||
		    end >= r->len ||
		    r->text[end] != (i + 1 == CACHE_FIELDS ? '\n' : ' ')) {
			r->error = "malformed cache line";
			return -1;
		}
		r->pos = end + 1;
	}
	return 0;
}

static bool
range_ok(const struct cache_reader *r, uint64_t off, uint64_t size)
{
	return off <= r->msg_size && size <= r->msg_size - off;
}

static struct mime_part *
read_part(struct cache_reader *r, struct mime_part *parent, unsigned int depth)
{
	uint64_t v[CACHE_FIELDS];
	struct mime_part *part, **tail;
	uint64_t i;

	if (depth > r->max_depth) {
		r->error = "cached structure too deep";
		return NULL;
	}
	if (read_line(r, v) < 0)
		return NULL;
	if ((v[0] & ~(uint64_t)CACHE_FLAGS_MASK) != 0 ||
	    v[1] > r->len / 22 + 1 || !range_ok(r, v[2], v[3]) ||
	    !range_ok(r, v[6], v[7]) || v[2] + v[3] > v[6] || v[5] < v[3] ||
	    v[9] < v[7] || v[10] > v[7] || v[4] < v[2] || v[8] < v[6] ||
	    v[4] > 2 * r->msg_size || v[8] > 2 * r->msg_size ||
	    v[5] > 2 * r->msg_size || v[9] > 2 * r->msg_size ||
	    (parent != NULL && v[2] < parent->body_offset)) {
		r->error = "inconsistent cache line";
		return NULL;
	}
	if ((part = arena_zalloc(r->arena, sizeof(*part))) == NULL) {
		r->error = "memory budget reached";
		return NULL;
	}
	part->parent = parent;
	part->flags = (unsigned int)v[0];
	part->type = "APPLICATION";
	part->subtype = "OCTET-STREAM";
	part->encoding = "7BIT";
	part->hdr_offset = v[2];
	part->hdr_size = v[3];
	part->hdr_crlf_offset = v[4];
	part->hdr_crlf_size = v[5];
	part->body_offset = v[6];
	part->body_size = v[7];
	part->body_crlf_offset = v[8];
	part->body_crlf_size = v[9];
	part->body_lines = (unsigned int)v[10];
	tail = &part->children;
	for (i = 0; i < v[1]; i++) {
		if ((*tail = read_part(r, part, depth + 1)) == NULL)
			return NULL;
		tail = &(*tail)->next;
		part->child_count++;
	}
	if (((part->flags & (MIME_PART_MULTIPART | MIME_PART_MESSAGE)) != 0) !=
	    (part->child_count > 0)) {
		r->error = "children do not match the part's flags";
		return NULL;
	}
	return part;
}

int
mime_part_cache_read(struct arena *arena, const char *text, size_t len,
		     size_t msg_size, unsigned int max_depth,
		     struct mime_part **root_r, const char **error_r)
{
	struct cache_reader r = {arena,	   text,      len, 0,
				 msg_size, max_depth, NULL};

	*root_r = read_part(&r, NULL, 0);
	if (*root_r != NULL && r.pos != len) {
		r.error = "trailing data after the cached structure";
		*root_r = NULL;
	}
	if (*root_r == NULL) {
		*error_r = r.error;
		return -1;
	}
	return 0;
}
