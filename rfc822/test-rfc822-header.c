#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rfc822-header.h"
#include "../tests/unit/tap.h"

static const char msg_lf[] = "From: a@example.org\n"
			     "Subject: hello\n"
			     "  world\n"
			     "X-Empty:\n"
			     "to : b@example.org\n"
			     "\n"
			     "body line\n";

static const char msg_crlf[] = "From: a@example.org\r\n"
			       "Subject: hello\r\n"
			       "  world\r\n"
			       "X-Empty:\r\n"
			       "to : b@example.org\r\n"
			       "\r\n"
			       "body line\r\n";

static void
check_fields(const char *msg, size_t size, const char *what)
{
	struct rfc822_header_iter iter;
	struct rfc822_field f;
	struct rfc822_header_info info;
	struct buffer buf;
	char name[64];
	int n = 0;

	buffer_init(&buf, 1024);
	rfc822_header_iter_init(&iter, msg, size, NULL);
	while (rfc822_header_iter_next(&iter, &f)) {
		buffer_clear(&buf);
		ok(rfc822_field_unfold(&f, &buf) == 0, "%s unfold %d", what, n);
		snprintf(name, sizeof(name), "%.*s", (int)f.name_len, f.name);
		switch (n) {
		case 0:
			is_str(name, "From", "from name");
			is_str(buffer_cstr(&buf), "a@example.org",
			       "from value");
			is_int(f.offset, 0, "from offset");
			break;
		case 1:
			is_str(buffer_cstr(&buf), "hello  world", "unfolded");
			ok(rfc822_field_is(&f, "SUBJECT"), "case-insensitive");
			break;
		case 2:
			is_str(buffer_cstr(&buf), "", "empty value");
			break;
		case 3:
			is_str(name, "to", "name blanks trimmed");
			break;
		}
		n++;
	}
	is_int(n, 4, "four fields");
	rfc822_header_iter_finish(&iter, &info);
	ok(info.has_eoh, "%s end of header found", what);
	is_int(info.size, strstr(msg, "body") - msg, "header size");
	is_int(info.crlf_size, 78, "crlf header size");
	is_int(info.lines, 6, "header lines");
	buffer_deinit(&buf);
}

static void
test_basic(void)
{
	check_fields(msg_lf, sizeof(msg_lf) - 1, "LF");
	check_fields(msg_crlf, sizeof(msg_crlf) - 1, "CRLF");
	is_int(rfc822_crlf_size(msg_lf, sizeof(msg_lf) - 1),
	       sizeof(msg_crlf) - 1, "crlf size of LF message");
	is_int(rfc822_crlf_size(msg_crlf, sizeof(msg_crlf) - 1),
	       sizeof(msg_crlf) - 1, "crlf size of CRLF message");
}

static void
test_get_and_convert(void)
{
	struct buffer buf;

	buffer_init(&buf, 1024);
	is_int(rfc822_header_get(msg_lf, sizeof(msg_lf) - 1, "TO", &buf), 1,
	       "get finds To");
	is_str(buffer_cstr(&buf), "b@example.org", "get value");
	buffer_clear(&buf);
	is_int(rfc822_header_get(msg_lf, sizeof(msg_lf) - 1, "cc", &buf), 0,
	       "missing field");
	is_int(rfc822_header_get(msg_lf, sizeof(msg_lf) - 1, "body line", &buf),
	       0, "body is not header");
	ok(rfc822_append_crlf(&buf, msg_lf, sizeof(msg_lf) - 1) == 0 &&
	       strcmp(buffer_cstr(&buf), msg_crlf) == 0,
	   "LF to CRLF conversion");
	buffer_clear(&buf);
	ok(rfc822_append_crlf(&buf, msg_crlf, sizeof(msg_crlf) - 1) == 0 &&
	       strcmp(buffer_cstr(&buf), msg_crlf) == 0,
	   "CRLF stays CRLF");
	buffer_deinit(&buf);
	buffer_init(&buf, 10);
	ok(rfc822_append_crlf(&buf, "a\nb\nc\nd\ne\n", 10) < 0 &&
	       buffer_len(&buf) == 0,
	   "conversion over the cap fails cleanly");
	ok(rfc822_append_crlf(&buf, "a\nb\nc\nde", 8) < 0,
	   "conversion at cap+1 fails");
	ok(rfc822_append_crlf(&buf, "a\nb\nc\nd", 7) == 0 &&
	       buffer_len(&buf) == 10,
	   "conversion at the cap");
	buffer_deinit(&buf);
	is_int(rfc822_count_lines("a\nb\n\nc", 6), 3, "line count");
}

/* Every prefix of the message: never reads past it, header size never
   exceeds it, and a field is only reported once complete or at the end. */
static void
test_prefixes(void)
{
	size_t len = sizeof(msg_crlf) - 1, i;
	bool all_ok = true;

	for (i = 0; i <= len; i++) {
		char *copy = malloc(i + 1);
		struct rfc822_header_iter iter;
		struct rfc822_field f;
		struct rfc822_header_info info;
		unsigned int n = 0;

		memcpy(copy, msg_crlf, i);
		rfc822_header_iter_init(&iter, copy, i, NULL);
		while (rfc822_header_iter_next(&iter, &f)) {
			if (f.offset + f.size > i)
				all_ok = false;
			n++;
		}
		rfc822_header_iter_finish(&iter, &info);
		if (info.size > i || n > 5)
			all_ok = false;
		if (info.has_eoh !=
		    (i >= (size_t)(strstr(msg_crlf, "body") - msg_crlf)))
			all_ok = false;
		free(copy);
	}
	ok(all_ok, "every prefix parses within bounds");
}

static void
test_broken(void)
{
	static const char m1[] = " cont\nno colon line\nA: 1\n\n";
	static const char m2[] = "A: 1\nB: 2";
	static const char m3[] = "\nbody";
	static const char m4[] = "A: x\0y\n \n\n";
	struct rfc822_header_iter iter;
	struct rfc822_field f;
	struct rfc822_header_info info;

	rfc822_header_iter_init(&iter, m1, sizeof(m1) - 1, NULL);
	ok(rfc822_header_iter_next(&iter, &f) && f.missing_colon &&
	       f.name_len == 5,
	   "leading continuation becomes a field");
	ok(rfc822_header_iter_next(&iter, &f) && f.missing_colon &&
	       f.name_len == 13 && f.value_len == 0,
	   "line without colon is a name");
	ok(rfc822_header_iter_next(&iter, &f) && !f.missing_colon,
	   "then a normal field");
	ok(!rfc822_header_iter_next(&iter, &f), "end");
	rfc822_header_iter_finish(&iter, &info);
	ok(info.has_eoh && info.size == sizeof(m1) - 1, "eoh after junk");

	rfc822_header_iter_init(&iter, m2, sizeof(m2) - 1, NULL);
	ok(rfc822_header_iter_next(&iter, &f), "A");
	ok(rfc822_header_iter_next(&iter, &f) && f.value_len == 2,
	   "last field without LF");
	rfc822_header_iter_finish(&iter, &info);
	ok(!info.has_eoh && info.size == sizeof(m2) - 1 &&
	       info.crlf_size == sizeof(m2),
	   "header ended by data");

	rfc822_header_scan(m3, sizeof(m3) - 1, &info);
	ok(info.has_eoh && info.size == 1 && info.crlf_size == 2,
	   "empty header");
	rfc822_header_scan("", 0, &info);
	ok(!info.has_eoh && info.size == 0, "empty message");

	rfc822_header_iter_init(&iter, m4, sizeof(m4) - 1, NULL);
	ok(rfc822_header_iter_next(&iter, &f) && f.value_len == 6,
	   "NUL and blank continuation line kept in the field");
	rfc822_header_iter_finish(&iter, &info);
	ok(info.has_nul && info.has_eoh && info.size == sizeof(m4) - 1,
	   "NUL noticed");
}

static void
test_limits(void)
{
	static const char m[] = "A: 12345\nB: 6\nC: 7\n\nbody";
	struct rfc822_header_limits lim = {1000, 5, 2};
	struct rfc822_header_iter iter;
	struct rfc822_field f;
	struct rfc822_header_info info;

	/* max_fields 2: third field dropped */
	rfc822_header_iter_init(&iter, m, sizeof(m) - 1, &lim);
	lim.max_field_size = 6;
	rfc822_header_iter_init(&iter, m, sizeof(m) - 1, &lim);
	ok(rfc822_header_iter_next(&iter, &f) && !f.truncated &&
	       f.value_len == 6,
	   "field at the cap is whole");
	lim.max_field_size = 5;
	rfc822_header_iter_init(&iter, m, sizeof(m) - 1, &lim);
	ok(rfc822_header_iter_next(&iter, &f) && f.truncated &&
	       f.value_len == 5,
	   "field cap-1 is truncated");
	ok(rfc822_header_iter_next(&iter, &f), "second field");
	ok(!rfc822_header_iter_next(&iter, &f), "third dropped by count");
	rfc822_header_iter_finish(&iter, &info);
	ok(info.truncated && info.has_eoh && info.size == sizeof(m) - 5,
	   "header end still found");

	lim.max_fields = 3;
	rfc822_header_iter_init(&iter, m, sizeof(m) - 1, &lim);
	while (rfc822_header_iter_next(&iter, &f))
		;
	rfc822_header_iter_finish(&iter, &info);
	ok(!info.truncated, "count at the cap is whole");

	/* header size: C starts at offset 14 */
	lim.max_header_size = 15;
	rfc822_header_iter_init(&iter, m, sizeof(m) - 1, &lim);
	while (rfc822_header_iter_next(&iter, &f))
		;
	rfc822_header_iter_finish(&iter, &info);
	ok(!info.truncated, "field starting before the size cap is kept");
	lim.max_header_size = 14;
	rfc822_header_iter_init(&iter, m, sizeof(m) - 1, &lim);
	while (rfc822_header_iter_next(&iter, &f))
		;
	rfc822_header_iter_finish(&iter, &info);
	ok(info.truncated, "field starting at the size cap is dropped");
}

static void
test_huge(void)
{
	size_t n = 200000, i;
	char *m = malloc(n * 4 + 10);
	struct rfc822_header_iter iter;
	struct rfc822_field f;
	struct rfc822_header_info info;
	unsigned int count = 0;

	for (i = 0; i < n; i++)
		memcpy(m + i * 4, "X:\n ", 4);
	memcpy(m + n * 4, "\n\nbody", 6);
	rfc822_header_iter_init(&iter, m, n * 4 + 6, NULL);
	while (rfc822_header_iter_next(&iter, &f)) {
		count++;
		if (f.truncated)
			break;
	}
	ok(count == 1 && f.truncated, "one huge folded field is truncated");
	rfc822_header_iter_finish(&iter, &info);
	is_int(info.size, n * 4 + 2, "huge header measured");
	is_int(info.lines, n + 2, "huge header lines");
	for (i = 0; i < n; i++)
		memcpy(m + i * 4, "X:\nY", 4);
	rfc822_header_iter_init(&iter, m, n * 4 + 6, NULL);
	count = 0;
	while (rfc822_header_iter_next(&iter, &f))
		count++;
	rfc822_header_iter_finish(&iter, &info);
	ok(count == RFC822_HEADER_DEFAULT_MAX_FIELDS && info.truncated,
	   "field count capped");
	free(m);
}

int
main(void)
{
	test_basic();
	test_get_and_convert();
	test_prefixes();
	test_broken();
	test_limits();
	test_huge();
	return tap_done();
}
