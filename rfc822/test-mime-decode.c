#include "config.h"

#include <string.h>

#include "mime-decode.h"
#include "../tests/unit/tap.h"

/* Decodes in whole and one byte at a time; both must give want. */
static void
check_b64(const char *in, const char *want, unsigned int want_errors,
	  const char *name)
{
	struct base64_decoder dec;
	struct buffer whole, bytes;
	size_t i, len = strlen(in);

	buffer_init(&whole, 1024);
	buffer_init(&bytes, 1024);
	base64_decoder_init(&dec);
	ok(base64_decode_more(&dec, in, len, &whole) == 0, "%s: whole", name);
	base64_decode_finish(&dec);
	is_int(dec.errors, want_errors, name);
	base64_decoder_init(&dec);
	for (i = 0; i < len; i++)
		(void)base64_decode_more(&dec, in + i, 1, &bytes);
	base64_decode_finish(&dec);
	is_str(buffer_cstr(&whole), want, name);
	is_str(buffer_cstr(&bytes), want, name);
	buffer_deinit(&whole);
	buffer_deinit(&bytes);
}

static void
check_qp(const char *in, bool header, const char *want, const char *name)
{
	struct qp_decoder dec;
	struct buffer whole, bytes;
	size_t i, len = strlen(in);

	buffer_init(&whole, 1024);
	buffer_init(&bytes, 1024);
	qp_decoder_init(&dec, header);
	ok(qp_decode_more(&dec, in, len, &whole) == 0 &&
	       qp_decode_finish(&dec, &whole) == 0,
	   "%s: whole", name);
	qp_decoder_init(&dec, header);
	for (i = 0; i < len; i++)
		(void)qp_decode_more(&dec, in + i, 1, &bytes);
	(void)qp_decode_finish(&dec, &bytes);
	is_str(buffer_cstr(&whole), want, name);
	is_str(buffer_cstr(&bytes), want, name);
	buffer_deinit(&whole);
	buffer_deinit(&bytes);
}

static void
test_base64(void)
{
	check_b64("", "", 0, "b64 empty");
	check_b64("aGVsbG8=", "hello", 0, "b64 padded");
	check_b64("aGVsbG8", "hello", 1, "b64 unpadded (leftover bits)");
	check_b64("aGVs\r\nbG8h\n", "hello!", 0, "b64 with line breaks");
	check_b64("aG!Vs*bG8h", "hello!", 2, "b64 junk skipped");
	check_b64("YQ==YQ==", "aa", 0, "b64 concatenated");
	check_b64("Zm9vYmFy", "foobar", 0, "b64 no padding needed");
	check_b64("Zg==", "f", 0, "b64 two pads");
}

static void
test_base64_cap(void)
{
	struct base64_decoder dec;
	struct buffer out;

	buffer_init(&out, 5);
	base64_decoder_init(&dec);
	ok(base64_decode_more(&dec, "aGVsbG8=", 8, &out) == 0 &&
	       buffer_len(&out) == 5,
	   "b64 output at the cap");
	buffer_deinit(&out);
	buffer_init(&out, 4);
	base64_decoder_init(&dec);
	ok(base64_decode_more(&dec, "aGVsbG8=", 8, &out) < 0,
	   "b64 output at cap+1 fails");
	buffer_deinit(&out);
}

static void
test_qp(void)
{
	check_qp("", false, "", "qp empty");
	check_qp("a=3Db", false, "a=b", "qp escape");
	check_qp("a=3db", false, "a=b", "qp lower-case hex");
	check_qp("soft=\nbreak", false, "softbreak", "qp soft break LF");
	check_qp("soft=\r\nbreak", false, "softbreak", "qp soft break CRLF");
	check_qp("soft= \t\nbreak", false, "softbreak",
		 "qp soft break with blanks");
	check_qp("trail  \nx", false, "trail\nx", "qp trailing blanks dropped");
	check_qp("trail \t\r\nx", false, "trail\r\nx",
		 "qp trailing blanks before CRLF");
	check_qp("in  side", false, "in  side", "qp inner blanks kept");
	check_qp("end  ", false, "end", "qp blanks at end of body");
	check_qp("a=ZZb", false, "a=ZZb", "qp bad escape kept");
	check_qp("a=4", false, "a=4", "qp truncated escape kept");
	check_qp("a=", false, "a", "qp final soft break");
	check_qp("a= b", false, "a= b", "qp '= ' not a break");
	check_qp("a_b=5F", true, "a b_", "q header underscore");
	check_qp("a_b", false, "a_b", "qp body underscore");
	check_qp("x  ", true, "x  ", "q header trailing blanks kept");
}

static void
test_qp_pending_limit(void)
{
	char in[QP_PENDING_MAX + 3], want[QP_PENDING_MAX + 3];

	memset(in, ' ', sizeof(in));
	in[0] = 'a';
	in[QP_PENDING_MAX + 1] = 'b';
	in[QP_PENDING_MAX + 2] = '\0';
	memcpy(want, in, sizeof(want));
	check_qp(in, false, want, "qp blanks at the pending cap");
	in[QP_PENDING_MAX + 1] = ' ';
	in[QP_PENDING_MAX + 2] = '\0';
	memset(in + 1, ' ', QP_PENDING_MAX + 1);
	memcpy(want, in, sizeof(want));
	want[QP_PENDING_MAX + 1] = '\0';
	check_qp(in, false, want, "qp blanks over the pending cap are flushed");
	in[QP_PENDING_MAX] = '\0';
	check_qp(in, false, "a", "qp blanks under the cap at end dropped");
}

int
main(void)
{
	test_base64();
	test_base64_cap();
	test_qp();
	test_qp_pending_limit();
	ok(mime_hex_value('f') == 15 && mime_hex_value('G') < 0, "hex");
	return tap_done();
}
