#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imap-bodystructure.h"
#include "mime-part-cache.h"
#include "mime-part.h"
#include "../tests/unit/tap.h"

static const char msg[] = "From: a@example.org\n"
			  "Content-Type: multipart/mixed; boundary=\"outer\"\n"
			  "\n"
			  "preamble\n"
			  "--outer\n"
			  "Content-Type: text/plain; charset=utf-8\n"
			  "\n"
			  "hello\n"
			  "world\n"
			  "--outer\n"
			  "Content-Type: message/rfc822\n"
			  "\n"
			  "Subject: inner\n"
			  "Content-Type: multipart/alternative; boundary=in\n"
			  "\n"
			  "--in\n"
			  "\n"
			  "plain\n"
			  "--in\n"
			  "Content-Type: text/html\n"
			  "\n"
			  "<b>x</b>\n"
			  "--in--\n"
			  "--outer--\n"
			  "epilogue\n";

static const char *
body_of(const struct mime_part *part)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%.*s", (int)part->body_size,
		 msg + part->body_offset);
	return buf;
}

static void
test_structure(void)
{
	struct arena *arena = arena_new(4096, 1024 * 1024);
	struct mime_part *root, *text, *message, *inner, *alt1, *alt2;
	const char *error;

	ok(mime_parse(arena, msg, sizeof(msg) - 1, NULL, &root, &error) == 0,
	   "parses");
	ok((root->flags & MIME_PART_MULTIPART) != 0 && root->child_count == 2,
	   "root is multipart with two parts");
	is_int(root->hdr_size, strstr(msg, "preamble") - msg, "root header");
	is_int(root->body_size, sizeof(msg) - 1 - root->hdr_size,
	       "root body runs to the end");
	is_int(root->body_crlf_size,
	       rfc822_crlf_size(msg + root->body_offset, root->body_size),
	       "root body CRLF size");
	text = root->children;
	is_str(text->type, "TEXT", "part 1 type");
	is_str(body_of(text), "hello\nworld", "part 1 body");
	is_int(text->body_lines, 1, "part 1 lines");
	is_int(text->body_crlf_size, 12, "part 1 CRLF size");
	is_int(text->hdr_crlf_offset, rfc822_crlf_size(msg, text->hdr_offset),
	       "part 1 CRLF offset");
	is_int(text->body_crlf_offset, rfc822_crlf_size(msg, text->body_offset),
	       "part 1 body CRLF offset");
	message = text->next;
	ok(message != NULL && (message->flags & MIME_PART_MESSAGE) != 0,
	   "part 2 is message/rfc822");
	inner = message->children;
	ok(inner != NULL && (inner->flags & MIME_PART_MULTIPART) != 0,
	   "encapsulated message is multipart");
	is_int(message->body_offset, inner->hdr_offset,
	       "message body is the inner message");
	is_int(message->body_size,
	       strstr(msg, "--outer--") - msg - message->body_offset,
	       "message body includes the close delimiter's line break");
	alt1 = inner->children;
	alt2 = alt1->next;
	is_str(body_of(alt1), "plain", "alternative 1 body");
	is_int(alt1->hdr_size, 1, "alternative 1 empty header");
	is_str(alt2->subtype, "HTML", "alternative 2 subtype");
	is_str(body_of(alt2), "<b>x</b>", "alternative 2 body");
	is_str(mime_param_get(inner->params, "BOUNDARY"), "in",
	       "boundary parameter");
	arena_free(&arena);
}

/* Every prefix: parses, and every part lies inside the data. */
static bool
parts_in_bounds(const struct mime_part *part, size_t size)
{
	const struct mime_part *c;

	if (part->hdr_offset + part->hdr_size > size ||
	    part->body_offset + part->body_size > size ||
	    part->hdr_offset + part->hdr_size > part->body_offset ||
	    part->body_crlf_size < part->body_size)
		return false;
	for (c = part->children; c != NULL; c = c->next) {
		if (c->hdr_offset < part->body_offset ||
		    !parts_in_bounds(c, size))
			return false;
	}
	return true;
}

static void
test_prefixes(void)
{
	struct arena *arena = arena_new(4096, 1024 * 1024);
	struct mime_part *root;
	struct buffer out;
	const char *error;
	size_t i;
	bool all = true;

	buffer_init(&out, 65536);
	for (i = 0; i <= sizeof(msg) - 1; i++) {
		char *copy = malloc(i + 1);

		memcpy(copy, msg, i);
		if (mime_parse(arena, copy, i, NULL, &root, &error) < 0 ||
		    !parts_in_bounds(root, i) ||
		    imap_bodystructure_write(&out, arena, copy, root, true) < 0)
			all = false;
		buffer_clear(&out);
		arena_clear(arena);
		free(copy);
	}
	ok(all, "every prefix parses within bounds and writes");
	buffer_deinit(&out);
	arena_free(&arena);
}

/* depth nested multiparts around one text part */
static char *
make_nested(unsigned int depth)
{
	struct buffer b;
	unsigned int i;

	buffer_init(&b, 1024 * 1024);
	for (i = 0; i < depth; i++)
		buffer_printf(&b,
			      "Content-Type: multipart/mixed; "
			      "boundary=b%u\n\n--b%u\n",
			      i, i);
	buffer_printf(&b, "\ntext\n");
	for (i = depth; i-- > 0;)
		buffer_printf(&b, "--b%u--\n", i);
	return buffer_steal(&b, NULL);
}

static unsigned int
depth_of(const struct mime_part *part)
{
	unsigned int d = 0;

	while (part->children != NULL) {
		part = part->children;
		d++;
	}
	return d;
}

static void
test_limits(void)
{
	struct arena *arena = arena_new(4096, 16 * 1024 * 1024);
	struct mime_limits lim = mime_default_limits;
	struct mime_part *root, *p;
	struct buffer b;
	const char *error;
	char *m = make_nested(5);
	unsigned int n;

	lim.max_depth = 5;
	ok(mime_parse(arena, m, strlen(m), &lim, &root, &error) == 0 &&
	       depth_of(root) == 5,
	   "depth at the limit is parsed");
	for (p = root; p->children != NULL; p = p->children)
		;
	ok(p->type != NULL && strcmp(p->type, "TEXT") == 0 && p->body_size == 4,
	   "innermost text part found");
	lim.max_depth = 4;
	ok(mime_parse(arena, m, strlen(m), &lim, &root, &error) == 0 &&
	       depth_of(root) == 4,
	   "depth over the limit stops splitting");
	for (p = root; p->children != NULL; p = p->children)
		;
	ok((p->flags & MIME_PART_LIMITED) != 0 &&
	       strcmp(p->type, "APPLICATION") == 0,
	   "limited part reported as application/octet-stream");
	free(m);

	buffer_init(&b, 1024 * 1024);
	buffer_printf(&b, "Content-Type: multipart/mixed; boundary=p\n\n");
	for (n = 0; n < 10; n++)
		buffer_printf(&b, "--p\n\npart %u\n", n);
	buffer_printf(&b, "--p--\n");
	lim = mime_default_limits;
	lim.max_parts = 11;
	ok(mime_parse(arena, buffer_cstr(&b), buffer_len(&b), &lim, &root,
		      &error) == 0 &&
	       root->child_count == 10,
	   "parts at the limit (root + 10)");
	lim.max_parts = 10;
	ok(mime_parse(arena, buffer_cstr(&b), buffer_len(&b), &lim, &root,
		      &error) == 0 &&
	       root->child_count == 9,
	   "parts over the limit are not split off");
	buffer_deinit(&b);
	arena_free(&arena);

	arena = arena_new(256, 256);
	m = make_nested(20);
	ok(mime_parse(arena, m, strlen(m), NULL, &root, &error) < 0 &&
	       root == NULL,
	   "arena budget exhausted fails cleanly");
	free(m);
	arena_free(&arena);

	arena = arena_new(65536, 64 * 1024 * 1024);
	m = make_nested(5000);
	ok(mime_parse(arena, m, strlen(m), NULL, &root, &error) == 0 &&
	       depth_of(root) == MIME_DEFAULT_MAX_DEPTH,
	   "5000 nested multiparts stop at the default depth");
	free(m);
	arena_free(&arena);
}

static void
test_odd(void)
{
	static const char crlf[] =
	    "Content-Type: multipart/mixed; boundary=x\r\n\r\n"
	    "--x\r\n\r\nab\r\n--x--\r\n";
	static const char no_parts[] =
	    "Content-Type: multipart/mixed; boundary=x\n\nnothing\n";
	static const char digest[] =
	    "Content-Type: multipart/digest; boundary=d\n\n"
	    "--d\n\nSubject: s\n\nb\n--d--\n";
	struct arena *arena = arena_new(4096, 1024 * 1024);
	struct mime_part *root;
	const char *error;

	ok(mime_parse(arena, crlf, sizeof(crlf) - 1, NULL, &root, &error) ==
		   0 &&
	       root->children->body_size == 2 &&
	       root->children->body_crlf_size == 2 &&
	       root->children->hdr_size == 2,
	   "CRLF multipart");
	ok(mime_parse(arena, no_parts, sizeof(no_parts) - 1, NULL, &root,
		      &error) == 0 &&
	       root->child_count == 1 &&
	       (root->children->flags & MIME_PART_SYNTHETIC) != 0,
	   "multipart without parts gets a synthetic child");
	ok(mime_parse(arena, digest, sizeof(digest) - 1, NULL, &root, &error) ==
		   0 &&
	       mime_part_is(root->children, "message", "rfc822") &&
	       root->children->children != NULL,
	   "digest default is message/rfc822");
	ok(mime_parse(arena, "", 0, NULL, &root, &error) == 0 &&
	       root->hdr_size == 0 && root->body_size == 0 &&
	       mime_part_is(root, "TEXT", "PLAIN"),
	   "empty message");
	arena_free(&arena);
}

static bool
same_layout(const struct mime_part *a, const struct mime_part *b)
{
	const struct mime_part *ca, *cb;

	if (a->flags != b->flags || a->child_count != b->child_count ||
	    a->hdr_offset != b->hdr_offset || a->hdr_size != b->hdr_size ||
	    a->hdr_crlf_offset != b->hdr_crlf_offset ||
	    a->hdr_crlf_size != b->hdr_crlf_size ||
	    a->body_offset != b->body_offset || a->body_size != b->body_size ||
	    a->body_crlf_offset != b->body_crlf_offset ||
	    a->body_crlf_size != b->body_crlf_size ||
	    a->body_lines != b->body_lines)
		return false;
	for (ca = a->children, cb = b->children; ca != NULL && cb != NULL;
	     ca = ca->next, cb = cb->next) {
		if (!same_layout(ca, cb))
			return false;
	}
	return ca == NULL && cb == NULL;
}

static void
test_cache(void)
{
	struct arena *arena = arena_new(4096, 1024 * 1024);
	struct mime_part *root, *back;
	struct buffer out;
	const char *error;
	char *copy;
	size_t len, i;
	bool all_ok = true;

	buffer_init(&out, 65536);
	ok(mime_parse(arena, msg, sizeof(msg) - 1, NULL, &root, &error) == 0 &&
	       mime_part_cache_write(root, &out) == 0,
	   "cache written");
	ok(mime_part_cache_read(arena, buffer_cstr(&out), buffer_len(&out),
				sizeof(msg) - 1, 100, &back, &error) == 0 &&
	       same_layout(root, back),
	   "cache read back gives the same layout");
	ok(mime_part_cache_read(arena, buffer_cstr(&out), buffer_len(&out),
				sizeof(msg) - 2, 100, &back, &error) < 0,
	   "cache for a longer message refused");
	ok(mime_part_cache_read(arena, buffer_cstr(&out), buffer_len(&out),
				sizeof(msg) - 1, 2, &back, &error) < 0 &&
	       mime_part_cache_read(arena, buffer_cstr(&out), buffer_len(&out),
				    sizeof(msg) - 1, 3, &back, &error) == 0,
	   "cache depth limit exact");
	len = buffer_len(&out);
	copy = malloc(len + 1);
	for (i = 0; i < len; i++) {
		if (mime_part_cache_read(arena, buffer_cstr(&out), i,
					 sizeof(msg) - 1, 100, &back,
					 &error) == 0)
			all_ok = false;
	}
	ok(all_ok, "every truncated cache entry refused");
	for (i = 0; i < len; i++) {
		static const char subst[] = "9 x\n0";
		size_t k;

		for (k = 0; k < sizeof(subst) - 1; k++) {
			memcpy(copy, buffer_cstr(&out), len);
			copy[i] = subst[k];
			if (mime_part_cache_read(arena, copy, len,
						 sizeof(msg) - 1, 100, &back,
						 &error) == 0 &&
			    !parts_in_bounds(back, sizeof(msg) - 1))
				all_ok = false;
		}
	}
	ok(all_ok, "corrupted cache entries refused or within bounds");
	free(copy);
	buffer_deinit(&out);
	arena_free(&arena);
}

int
main(void)
{
	test_cache();
	test_structure();
	test_prefixes();
	test_limits();
	test_odd();
	return tap_done();
}
