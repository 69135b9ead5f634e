#include "config.h"

#include "strnum.h"
#include "../tests/unit/tap.h"

static void
test_uint32(void)
{
	uint32_t n = 7;

	ok(str_to_uint32("0", &n) == 0 && n == 0, "uint32 zero");
	ok(str_to_uint32("4294967295", &n) == 0 && n == 4294967295U,
	   "uint32 max");
	n = 7;
	ok(str_to_uint32("4294967296", &n) < 0 && n == 7,
	   "uint32 max+1 fails, value untouched");
	ok(str_to_uint32("", &n) < 0, "empty fails");
	ok(str_to_uint32("-1", &n) < 0, "sign fails");
	ok(str_to_uint32("+1", &n) < 0, "plus fails");
	ok(str_to_uint32(" 1", &n) < 0, "leading space fails");
	ok(str_to_uint32("1 ", &n) < 0, "trailing space fails");
	ok(str_to_uint32("12a", &n) < 0, "junk fails");
	ok(str_to_uint32_n("123xyz", 3, &n) == 0 && n == 123,
	   "length-bounded parse");
	ok(str_to_uint32_n("123", 0, &n) < 0, "zero length fails");
}

static void
test_uint64(void)
{
	uint64_t n = 0;
	const char *end;

	ok(str_to_uint64("18446744073709551615", &n) == 0 &&
		   n == UINT64_MAX,
	   "uint64 max");
	ok(str_to_uint64("18446744073709551616", &n) < 0, "uint64 max+1 fails");
	ok(str_to_uint64("99999999999999999999999", &n) < 0,
	   "uint64 long overflow fails");
	ok(str_parse_uint64("4096S,10C", &n, &end) == 0 && n == 4096 &&
		   *end == 'S',
	   "prefix parse stops at first non-digit");
	ok(str_parse_uint64("S", &n, &end) < 0, "prefix parse needs a digit");
}

static void
test_int64_mode(void)
{
	int64_t s = 0;
	unsigned int m = 0;

	ok(str_to_int64("-206", &s) == 0 && s == -206, "negative int64");
	ok(str_to_int64("-9223372036854775808", &s) == 0 && s == INT64_MIN,
	   "int64 min");
	ok(str_to_int64("9223372036854775808", &s) < 0, "int64 max+1 fails");
	ok(str_to_int64("-", &s) < 0, "lone minus fails");
	ok(str_to_mode("022", &m) == 0 && m == 022, "octal umask");
	ok(str_to_mode("089", &m) < 0, "non-octal digit fails");
	ok(str_to_mode("177777", &m) < 0, "mode overflow fails");
}

int
main(void)
{
	test_uint32();
	test_uint64();
	test_int64_mode();
	return tap_done();
}
