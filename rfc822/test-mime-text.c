/* Tests for decoded search text and case folding. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mime-text.h"
#include "utf8-casefold.h"
#include "../tests/unit/tap.h"

static const char msg[] = "From: =?utf-8?q?J=C3=B6rg?= <j@example.org>\n"
			  "Subject: =?iso-8859-1?q?Gr=FC=DFe?=\n"
			  "Content-Type: multipart/mixed; boundary=b\n"
			  "\n"
			  "--b\n"
			  "Content-Type: text/plain; charset=iso-8859-1\n"
			  "Content-Transfer-Encoding: quoted-printable\n"
			  "\n"
			  "Sch=F6ne Gr=FC=DFe\n"
			  "--b\n"
			  "Content-Type: text/html; charset=utf-8\n"
			  "Content-Transfer-Encoding: base64\n"
			  "\n"
			  "PGI+Q2Fmw6k8L2I+\n"
			  "--b\n"
			  "Content-Type: application/octet-stream\n"
			  "Content-Transfer-Encoding: base64\n"
			  "\n"
			  "AAEC\n"
			  "--b\n"
			  "Content-Type: message/rfc822\n"
			  "\n"
			  "Subject: =?utf-8?b?aW5uZXIgw6k=?=\n"
			  "\n"
			  "inner body\n"
			  "--b--\n";

static void
test_text(void)
{
	struct arena *arena = arena_new(4096, 1024 * 1024);
	struct mime_part *root;
	struct buffer out;
	const char *error;

	buffer_init(&out, 65536);
	ok(mime_parse(arena, msg, sizeof(msg) - 1, NULL, &root, &error) == 0,
	   "parses");
	ok(mime_text_header(msg, root->hdr_size, "subject", &out) == 0,
	   "subject text");
	is_str(buffer_cstr(&out),
	       "Gr\xc3\xbc\xc3\x9f"
	       "e\n",
	       "subject decoded");
	buffer_clear(&out);
	ok(mime_text_header(msg, root->hdr_size, "FROM", &out) == 0 &&
	       strcmp(buffer_cstr(&out), "J\xc3\xb6rg <j@example.org>\n") == 0,
	   "from decoded");
	buffer_clear(&out);
	ok(mime_text_header(msg, root->hdr_size, NULL, &out) == 0 &&
	       strstr(buffer_cstr(&out), "Subject: Gr\xc3\xbc") != NULL,
	   "all fields as lines");
	buffer_clear(&out);
	ok(mime_text_body(msg, root, &out) == 0, "body text");
	is_str(buffer_cstr(&out),
	       "Sch\xc3\xb6ne Gr\xc3\xbc\xc3\x9f"
	       "e\n"
	       "<b>Caf\xc3\xa9</b>\n"
	       "Subject: inner \xc3\xa9\n"
	       "inner body\n",
	       "text parts decoded, binary skipped, inner header included");
	buffer_clear(&out);
	ok(mime_text_part_body(msg, root->children->next->next, false, &out) ==
		   0 &&
	       buffer_len(&out) == 3 &&
	       memcmp(buffer_data(&out), "\0\1\2", 3) == 0,
	   "binary part decoded when asked");
	buffer_deinit(&out);
	buffer_init(&out, 4);
	ok(mime_text_body(msg, root, &out) < 0, "cap reached reported");
	buffer_deinit(&out);
	arena_free(&arena);
}

static void
check_fold(const char *in, const char *want, const char *name)
{
	struct buffer out;

	buffer_init(&out, 1024);
	ok(utf8_casefold(in, strlen(in), &out) == 0, "%s: ok", name);
	is_str(buffer_cstr(&out), want, name);
	buffer_deinit(&out);
}

static void
test_fold(void)
{
	struct buffer a, b;

	check_fold("Hello WORLD", "hello world", "ASCII");
	check_fold("\xc3\x84\xc3\x96\xc3\x9c", "\xc3\xa4\xc3\xb6\xc3\xbc",
		   "Latin-1 umlauts");
	check_fold("\xce\xa3\xce\x9f\xce\xa6", "\xcf\x83\xce\xbf\xcf\x86",
		   "Greek");
	check_fold("\xd0\x9f\xd0\xa0\xd0\x98", "\xd0\xbf\xd1\x80\xd0\xb8",
		   "Cyrillic");
	check_fold("a\xffz",
		   "a"
		   "\xef\xbf\xbd"
		   "z",
		   "invalid replaced");
	buffer_init(&a, 1024);
	buffer_init(&b, 1024);
	(void)utf8_casefold("Sch\xc3\xb6ne GR\xc3\x9c\xc3\x9f"
			    "E",
			    15, &a);
	(void)utf8_casefold("gr\xc3\xbc\xc3\x9f", 6, &b);
	ok(utf8_folded_contains(buffer_cstr(&a), buffer_len(&a),
				buffer_cstr(&b), buffer_len(&b)),
	   "case-insensitive substring");
	ok(utf8_folded_contains("abc", 3, "", 0), "empty key matches");
	ok(!utf8_folded_contains("abc", 3, "abd", 3), "no match");
	buffer_deinit(&a);
	buffer_deinit(&b);
	buffer_init(&a, 3);
	ok(utf8_casefold("abc", 3, &a) == 0, "fold at the cap");
	buffer_clear(&a);
	ok(utf8_casefold("abcd", 4, &a) < 0 && buffer_len(&a) == 0,
	   "fold over the cap");
	buffer_deinit(&a);
}

int
main(void)
{
	test_text();
	test_fold();
	return tap_done();
}
