#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "userdb-format.h"
#include "../tests/unit/tap.h"

static void
test_line(void)
{
	struct userdb_line l;
	const char *err;
	static const char line[] = "vuser@example.test\tuid=1|gid=2|home=/h";

	is_int(userdb_line_parse(line, sizeof(line) - 1, &l, &err), 1,
	       "account line");
	ok(l.addr_len == 18 && memcmp(l.addr, "vuser@example.test", 18) == 0,
	   "address");
	ok(l.fields_len == 19 && memcmp(l.fields, "uid=1|gid=2|home=/h", 19) ==
	   0, "fields");
	is_int(userdb_line_parse("", 0, &l, &err), 0, "blank line");
	is_int(userdb_line_parse("# c\tx", 5, &l, &err), 0, "comment");
	is_int(userdb_line_parse("noTab", 5, &l, &err), -1, "no tab");
	is_int(userdb_line_parse("\tuid=1", 6, &l, &err), -1, "empty address");
	is_int(userdb_line_parse("a\x01\tuid=1", 8, &l, &err), -1,
	       "control character in address");
	is_int(userdb_line_parse("a\tuid=1\r", 8, &l, &err), 1, "CR stripped");
	is_int(l.fields_len, 5, "fields without CR");
	is_int(userdb_line_parse("1001=\tctest", 11, &l, &err), 1,
	       "uid reverse line");
}

static void
test_fields(void)
{
	static const char f[] = "uid=1|gid=2|systempw=$1$x|imappw=y|flag|x=";
	struct abuf pub = ABUF_INIT, sec = ABUF_INIT, out = ABUF_INIT;
	char *v;

	v = userdb_field_get(f, strlen(f), "gid");
	is_str(v, "2", "get gid");
	free(v);
	v = userdb_field_get(f, strlen(f), "flag");
	is_str(v, "", "bare field");
	free(v);
	v = userdb_field_get(f, strlen(f), "x");
	is_str(v, "", "empty value");
	free(v);
	ok(userdb_field_get(f, strlen(f), "ui") == NULL, "prefix no match");
	ok(userdb_field_get(f, 5, "gid") == NULL, "length bound respected");
	userdb_fields_split(f, strlen(f), &pub, &sec);
	is_str(pub.data, "uid=1|gid=2|flag|x=", "public part");
	is_str(sec.data, "systempw=$1$x|imappw=y", "secret part");
	userdb_fields_update(f, strlen(f), "gid", "9", &out);
	is_str(out.data, "uid=1|gid=9|systempw=$1$x|imappw=y|flag|x=",
	       "replace in place");
	abuf_reset(&out);
	userdb_fields_update(f, strlen(f), "home", "/h", &out);
	is_str(out.data, "uid=1|gid=2|systempw=$1$x|imappw=y|flag|x=|home=/h",
	       "append new field");
	abuf_reset(&out);
	userdb_fields_update(f, strlen(f), "imappw", NULL, &out);
	is_str(out.data, "uid=1|gid=2|systempw=$1$x|flag|x=", "remove field");
	abuf_reset(&out);
	userdb_fields_update("", 0, "uid", "5", &out);
	is_str(out.data, "uid=5", "set on empty");
	ok(userdb_field_is_secret("systempw", 8), "systempw is secret");
	ok(!userdb_field_is_secret("pwd", 3), "pwd is not secret");
	ok(userdb_field_name_valid("hmac-md5pw", 10), "name with dash");
	ok(!userdb_field_name_valid("a=b", 3), "name with =");
	ok(!userdb_field_value_valid("a|b"), "value with bar");
	ok(!userdb_field_value_valid("a\nb"), "value with newline");
	ok(userdb_field_value_valid("$y$j9T$a/b.c"), "hash value");
	abuf_free(&pub);
	abuf_free(&sec);
	abuf_free(&out);
}

int
main(void)
{
	test_line();
	test_fields();
	return tap_done();
}
