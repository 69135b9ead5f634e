/* Exact ENVELOPE, BODYSTRUCTURE and BODY[section] output. */
#include "config.h"

#include <string.h>

#include "imap-bodystructure.h"
#include "imap-envelope.h"
#include "imap-section.h"
#include "mime-part.h"
#include "../tests/unit/tap.h"

static const char msg[] =
    "Date: Mon, 23 Nov 2026 15:16:30 +0100\n"
    "From: \"Doe, John\" <j@x.org>\n"
    "To: undisclosed-recipients:;\n"
    "Cc: a@b (Comment Name), <>\n"
    "Subject: =?utf-8?q?hi?=\tthere\n"
    "  folded\n"
    "Message-ID: <id@x.org>\n"
    "Content-Type: multipart/mixed; boundary=B\n"
    "\n"
    "--B\n"
    "Content-Type: text/plain; format=flowed\n"
    "Content-Language: en\n"
    "\n"
    "hello\n"
    "--B\n"
    "Content-Type: message/rfc822\n"
    "Content-Disposition: inline\n"
    "\n"
    "Subject: inner\n"
    "From: i@y\n"
    "\n"
    "inner body\n"
    "--B\n"
    "Content-Type: application/pdf; name=\"a \\\"b\\\".pdf\"\n"
    "Content-Transfer-Encoding: base64\n"
    "Content-ID: <c@x>\n"
    "Content-Description: a file\n"
    "\n"
    "AAAA\n"
    "--B--\n";

static const char want_env[] =
    "(\"Mon, 23 Nov 2026 15:16:30 +0100\" \"=?utf-8?q?hi?= there folded\" "
    "((\"Doe, John\" NIL \"j\" \"x.org\")) "
    "((\"Doe, John\" NIL \"j\" \"x.org\")) "
    "((\"Doe, John\" NIL \"j\" \"x.org\")) "
    "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) "
    "((\"Comment Name\" NIL \"a\" \"b\")"
    "(NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")) "
    "NIL NIL \"<id@x.org>\")";

static const char want_bs[] =
    "((\"TEXT\" \"PLAIN\" (\"FORMAT\" \"flowed\" \"CHARSET\" \"US-ASCII\") "
    "NIL NIL \"7BIT\" 5 0 NIL NIL (\"en\") NIL)"
    "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 39 "
    "(NIL \"inner\" ((NIL NIL \"i\" \"y\")) ((NIL NIL \"i\" \"y\")) "
    "((NIL NIL \"i\" \"y\")) NIL NIL NIL NIL NIL) "
    "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 0 "
    "NIL NIL NIL NIL) 3 NIL (\"INLINE\" NIL) NIL NIL)"
    "(\"APPLICATION\" \"PDF\" (\"NAME\" {9}\r\na \"b\".pdf) \"<c@x>\" "
    "\"a file\" \"BASE64\" 4 NIL NIL NIL NIL) "
    "\"MIXED\" (\"BOUNDARY\" \"B\") NIL NIL NIL)";

static const char want_body[] =
    "((\"TEXT\" \"PLAIN\" (\"FORMAT\" \"flowed\" \"CHARSET\" \"US-ASCII\") "
    "NIL NIL \"7BIT\" 5 0)"
    "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 39 "
    "(NIL \"inner\" ((NIL NIL \"i\" \"y\")) ((NIL NIL \"i\" \"y\")) "
    "((NIL NIL \"i\" \"y\")) NIL NIL NIL NIL NIL) "
    "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 0) "
    "3)"
    "(\"APPLICATION\" \"PDF\" (\"NAME\" {9}\r\na \"b\".pdf) \"<c@x>\" "
    "\"a file\" \"BASE64\" 4) \"MIXED\")";

static void
test_output(struct arena *arena, const struct mime_part *root)
{
	struct imap_envelope env;
	struct buffer out;

	buffer_init(&out, 65536);
	ok(imap_envelope_parse(arena, msg, root->hdr_size, NULL, &env) == 0 &&
	       imap_envelope_write(&out, &env) == 0,
	   "envelope written");
	is_str(buffer_cstr(&out), want_env, "ENVELOPE");
	buffer_clear(&out);
	ok(imap_bodystructure_write(&out, arena, msg, root, true) == 0,
	   "bodystructure written");
	is_str(buffer_cstr(&out), want_bs, "BODYSTRUCTURE");
	buffer_clear(&out);
	ok(imap_bodystructure_write(&out, arena, msg, root, false) == 0,
	   "body written");
	is_str(buffer_cstr(&out), want_body, "BODY");
	buffer_deinit(&out);

	/* output caps: exactly enough works, one byte less fails cleanly */
	buffer_init(&out, sizeof(want_bs) - 1);
	ok(imap_bodystructure_write(&out, arena, msg, root, true) == 0,
	   "bodystructure at the cap");
	buffer_deinit(&out);
	buffer_init(&out, sizeof(want_bs) - 2);
	ok(imap_bodystructure_write(&out, arena, msg, root, true) < 0 &&
	       buffer_len(&out) == 0,
	   "bodystructure over the cap leaves out empty");
	buffer_deinit(&out);
	buffer_init(&out, sizeof(want_env) - 2);
	ok(imap_envelope_write(&out, &env) < 0 && buffer_len(&out) == 0,
	   "envelope over the cap leaves out empty");
	buffer_deinit(&out);
}

static void
check_section(const struct mime_part *root, const char *spec, const char *want)
{
	struct imap_section s;
	struct buffer out;
	const char *error;

	buffer_init(&out, 65536);
	if (!ok(imap_section_find(root, spec, strlen(spec), &s, &error) == 0,
		"BODY[%s] found", spec))
		return;
	if (s.part != NULL)
		(void)rfc822_append_crlf(&out, msg + s.offset, s.size);
	is_str(s.part != NULL ? buffer_cstr(&out) : NULL, want, spec);
	if (s.part != NULL)
		is_int(buffer_len(&out), s.crlf_size, "CRLF size");
	buffer_deinit(&out);
}

static void
test_sections(const struct mime_part *root)
{
	static const char *const fields[] = {"subject", "FROM"};
	struct imap_section s;
	struct buffer out;
	const char *error;

	check_section(root, "1", "hello");
	check_section(root, "1.MIME",
		      "Content-Type: text/plain; format=flowed\r\n"
		      "Content-Language: en\r\n\r\n");
	check_section(root, "2",
		      "Subject: inner\r\nFrom: i@y\r\n\r\n"
		      "inner body");
	check_section(root, "2.HEADER", "Subject: inner\r\nFrom: i@y\r\n\r\n");
	check_section(root, "2.TEXT", "inner body");
	check_section(root, "2.1", "inner body");
	check_section(root, "3", "AAAA");
	check_section(root, "4", NULL);
	check_section(root, "1.2", NULL);
	check_section(root, "3.TEXT", NULL);
	check_section(root, "2.1.1", NULL);
	ok(imap_section_find(root, "", 0, &s, &error) == 0 && s.offset == 0 &&
	       s.size == sizeof(msg) - 1,
	   "BODY[] is the whole message");
	ok(imap_section_find(root, "text", 4, &s, &error) == 0 &&
	       s.offset == root->body_offset,
	   "keywords are case-insensitive");
	ok(imap_section_find(root, "MIME", 4, &s, &error) < 0,
	   "MIME needs a number");
	ok(imap_section_find(root, "0", 1, &s, &error) < 0, "part 0 refused");
	ok(imap_section_find(root, "1.", 2, &s, &error) < 0,
	   "trailing dot refused");
	ok(imap_section_find(root, "1..2", 4, &s, &error) < 0,
	   "empty number refused");
	ok(imap_section_find(root, "4294967296", 10, &s, &error) < 0,
	   "overflowing number refused");
	ok(imap_section_find(root, "4294967295", 10, &s, &error) == 0 &&
	       s.part == NULL,
	   "largest number is no part");
	ok(imap_section_find(root, "1.FOO", 5, &s, &error) < 0,
	   "unknown keyword refused");

	buffer_init(&out, 4096);
	ok(imap_section_find(root, "HEADER.FIELDS", 13, &s, &error) == 0 &&
	       s.kind == IMAP_SECTION_HEADER_FIELDS &&
	       imap_header_fields_write(msg + s.offset, s.size, fields, 2,
					false, &out) == 0,
	   "HEADER.FIELDS");
	is_str(buffer_cstr(&out),
	       "From: \"Doe, John\" <j@x.org>\r\n"
	       "Subject: =?utf-8?q?hi?=\tthere\r\n  folded\r\n\r\n",
	       "HEADER.FIELDS keeps order and folding");
	buffer_clear(&out);
	ok(imap_section_find(root, "2.HEADER.FIELDS.NOT", 19, &s, &error) ==
		   0 &&
	       imap_header_fields_write(msg + s.offset, s.size, fields, 2, true,
					&out) == 0 &&
	       strcmp(buffer_cstr(&out), "\r\n") == 0,
	   "HEADER.FIELDS.NOT of the inner message");
	buffer_deinit(&out);
}

static void
test_unfold(struct arena *arena)
{
	static const char v[] = "  a\tb \n c\r\n\td  ";

	is_str(imap_envelope_unfold(arena, v, sizeof(v) - 1, false),
	       "a\tb  c\td  ", "plain unfolding keeps inner and end blanks");
	is_str(imap_envelope_unfold(arena, v, sizeof(v) - 1, true), "a b c d",
	       "subject unfolding collapses blanks");
	is_str(imap_envelope_unfold(arena, "x\0y", 3, false), "x\xef\xbf\xbdy",
	       "NUL becomes U+FFFD");
}

int
main(void)
{
	struct arena *arena = arena_new(4096, 1024 * 1024);
	struct mime_part *root;
	const char *error;

	ok(mime_parse(arena, msg, sizeof(msg) - 1, NULL, &root, &error) == 0,
	   "parses");
	test_output(arena, root);
	test_sections(root);
	test_unfold(arena);
	arena_free(&arena);
	return tap_done();
}
