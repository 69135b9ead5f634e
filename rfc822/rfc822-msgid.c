/* Message-ID list parsing; see rfc822-msgid.h. */
#include "config.h"

#include <string.h>

#include "buffer.h"
#include "rfc822-msgid.h"

#define MSGID_MAX_LEN 998

struct msgid_parser {
	const char *in;
	size_t size, pos;
};

static void
skip_comment(struct msgid_parser *p)
{
	unsigned int depth = 0;

	while (p->pos < p->size) {
		char c = p->in[p->pos++];

		if (c == '\\' && p->pos < p->size)
			p->pos++;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return;
	}
}

/* Reads one "<...>" at pos (pos at '<'); returns its text in b or false
   when it is unclosed or malformed. */
static bool
read_msgid(struct msgid_parser *p, struct buffer *b)
{
	bool at = false;

	buffer_clear(b);
	p->pos++;
	while (p->pos < p->size) {
		char c = p->in[p->pos];

		if (c == '>') {
			p->pos++;
			return at && buffer_len(b) > 1 &&
			       buffer_cstr(b)[0] != '@' &&
			       buffer_cstr(b)[buffer_len(b) - 1] != '@';
		}
		if (c == '<')
			return false; /* restart at this '<' */
		p->pos++;
		if (c == '(') {
			p->pos--;
			skip_comment(p);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"')
			continue;
		if (c == '\\' && p->pos < p->size)
			c = p->in[p->pos++];
		if ((unsigned char)c < 0x20 || c == 0x7f)
			return false; /* no control characters in an id */
		if (c == '@')
			at = true;
		if (buffer_append_c(b, c) < 0)
			return false;
	}
	return false;
}

int
rfc822_msgid_list_parse(struct arena *arena, const char *value, size_t size,
			const char ***ids_r, unsigned int *count_r)
{
	struct msgid_parser p = {value, size, 0};
	const char **ids = NULL;
	struct buffer b;
	unsigned int count = 0;
	int ret = 0;

	*ids_r = NULL;
	*count_r = 0;
	buffer_init(&b, MSGID_MAX_LEN);
	while (p.pos < p.size) {
		char c = p.in[p.pos];
		char *id;

		if (c == '(') {
			skip_comment(&p);
			continue;
		}
		if (c != '<') {
			p.pos++;
			continue;
		}
		if (!read_msgid(&p, &b))
			continue;
		if (ids == NULL && (ids = arena_calloc(arena, RFC822_MSGID_MAX,
						       sizeof(*ids))) == NULL) {
			ret = -1;
			break;
		}
		if ((id = arena_strndup(arena, buffer_cstr(&b),
					buffer_len(&b))) == NULL) {
			ret = -1;
			break;
		}
		if (count == RFC822_MSGID_MAX) {
			memmove(ids, ids + 1, (count - 1) * sizeof(*ids));
			count--;
		}
		ids[count++] = id;
	}
	buffer_deinit(&b);
	if (ret == 0) {
		*ids_r = ids;
		*count_r = count;
	}
	return ret;
}
