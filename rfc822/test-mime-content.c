/* Tests for Content-Type / Content-Disposition / RFC 2231 parsing. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mime-content.h"
#include "../tests/unit/tap.h"

static void
render(const struct mime_param *p, struct buffer *out)
{
	for (; p != NULL; p = p->next)
		buffer_printf(out, "[%s=%s]", p->name, p->value);
}

static void
check_type(const char *in, const char *want_type, const char *want_sub,
	   const char *want_params, const char *name)
{
	struct arena *arena = arena_new(1024, 1024 * 1024);
	const char *type, *subtype;
	struct mime_param *params;
	struct buffer out;

	buffer_init(&out, 65536);
	ok(mime_content_type_parse(arena, in, strlen(in), &type, &subtype,
				   &params) == 0,
	   "%s: parses", name);
	is_str(type, want_type, name);
	is_str(subtype, want_sub, name);
	render(params, &out);
	is_str(buffer_cstr(&out), want_params, name);
	buffer_deinit(&out);
	arena_free(&arena);
}

static void
test_types(void)
{
	check_type("text/plain", "TEXT", "PLAIN", "", "simple");
	check_type(" Text / Plain ; Charset = \"utf-8\" ", "TEXT", "PLAIN",
		   "[Charset=utf-8]", "blanks and case");
	check_type("multipart/mixed (c) ; boundary=----=_Part_1 (x); a=b",
		   "MULTIPART", "MIXED", "[boundary=----=_Part_1][a=b]",
		   "comments and unquoted specials");
	check_type("text", NULL, NULL, "", "no subtype");
	check_type("text/html charset=utf-8", NULL, NULL, "",
		   "junk after the subtype makes it invalid");
	check_type("text/pl\x03ain", NULL, NULL, "",
		   "control character makes it invalid");
	check_type("text/html (c) ; charset=utf-8", "TEXT", "HTML",
		   "[charset=utf-8]", "comment before the semicolon");
	check_type("; a=b", NULL, NULL, "[a=b]", "no type, params kept");
	check_type("text/plain; charset; a=\"x\\\"y\"", "TEXT", "PLAIN",
		   "[a=x\"y]", "valueless param dropped, quoted-pair");
	check_type("text/plain; a=\"unterminated", "TEXT", "PLAIN",
		   "[a=unterminated]", "unterminated quote");
	check_type("a/b; t*0=\"x \"; t*1=y; t*2=z", "A", "B", "[t=x yz]",
		   "RFC 2231 plain continuations");
	check_type("a/b; t*1=y; t*0=x", "A", "B", "[t=xy]",
		   "sections out of order");
	check_type("a/b; t*0*=utf-8''%C3%A9; t*1=\" x\"", "A", "B",
		   "[t*=utf-8''%C3%A9%20x]", "extended first section");
	check_type("a/b; t*=utf-8'en'a%20b", "A", "B", "[t*=utf-8'en'a%20b]",
		   "single extended");
	check_type("a/b; t*1=orphan", "A", "B", "[t*1=orphan]",
		   "section without 0 kept");
	check_type("a/b; t*0=a; t*2=c", "A", "B", "[t=a][t*2=c]",
		   "gap stops the join");
	check_type("a/b; t*00=a", "A", "B", "[t*00=a]",
		   "leading zero is no section");
}

static void
test_limits(void)
{
	struct arena *arena = arena_new(1024, 1024 * 1024);
	const char *type, *subtype;
	struct mime_param *params, *p;
	struct buffer in, out;
	unsigned int i, n;
	const char **langs;

	buffer_init(&in, 65536);
	buffer_printf(&in, "a/b");
	for (i = 0; i < MIME_PARAMS_MAX; i++)
		buffer_printf(&in, "; p%u=v", i);
	ok(mime_content_type_parse(arena, buffer_cstr(&in), buffer_len(&in),
				   &type, &subtype, &params) == 0,
	   "params at the cap parse");
	for (n = 0, p = params; p != NULL; p = p->next)
		n++;
	is_int(n, MIME_PARAMS_MAX, "params at the cap kept");
	buffer_printf(&in, "; extra=v");
	ok(mime_content_type_parse(arena, buffer_cstr(&in), buffer_len(&in),
				   &type, &subtype, &params) == 0,
	   "params over the cap parse");
	for (n = 0, p = params; p != NULL; p = p->next)
		n++;
	is_int(n, MIME_PARAMS_MAX, "params over the cap dropped");
	buffer_clear(&in);
	buffer_printf(&in, "a/b; t*%u=x; t*0=y", MIME_PARAM_SECTION_MAX);
	ok(mime_content_type_parse(arena, buffer_cstr(&in), buffer_len(&in),
				   &type, &subtype, &params) == 0 &&
	       params != NULL && params->next != NULL,
	   "highest section number is a section");
	buffer_clear(&in);
	buffer_printf(&in, "a/b; t*%u=x", MIME_PARAM_SECTION_MAX + 1);
	ok(mime_content_type_parse(arena, buffer_cstr(&in), buffer_len(&in),
				   &type, &subtype, &params) == 0 &&
	       params != NULL && strcmp(params->name, "t*1000") == 0,
	   "section number over the cap is a plain name");
	buffer_deinit(&in);

	ok(mime_disposition_parse(arena, "Attachment; filename=a.txt", 26,
				  &type, &params) == 0 &&
	       strcmp(type, "ATTACHMENT") == 0 &&
	       strcmp(mime_param_get(params, "FILENAME"), "a.txt") == 0,
	   "disposition");
	ok(mime_language_parse(arena, "en, de-CH (Swiss), ,fr", 22, &langs,
			       &n) == 0 &&
	       n == 3 && strcmp(langs[1], "de-CH") == 0,
	   "language list");
	buffer_init(&out, 1024);
	ok(mime_param_decode("iso-8859-1'de'Gr%FC%DFe", &out) == 0 &&
	       strcmp(buffer_cstr(&out), "Gr\xc3\xbc\xc3\x9f"
					 "e") == 0,
	   "RFC 2231 value decoded");
	buffer_clear(&out);
	ok(mime_param_decode("plain", &out) == 0 &&
	       strcmp(buffer_cstr(&out), "plain") == 0,
	   "plain value as it is");
	buffer_deinit(&out);
	arena_free(&arena);
}

int
main(void)
{
	test_types();
	test_limits();
	return tap_done();
}
