#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-record.h"
#include "../tests/unit/tap.h"

static void
test_format(void)
{
	struct auth_record rec = { 0 };
	struct abuf out = ABUF_INIT;

	rec.uid = 1001;
	rec.gid = 1001;
	rec.home = xstrdup("/home/ctest");
	rec.address = xstrdup("vuser@example.test");
	rec.maildir = xstrdup("/home/ctest/Maildir");
	rec.quota = xstrdup("5000000S");
	rec.passwd = xstrdup("$1$5SW8");
	rec.options = xstrdup("disablepop3=0,group=staff");
	auth_record_format(&rec, NULL, &out);
	is_str(out.data, "UID=1001\nGID=1001\nHOME=/home/ctest\n"
	       "ADDRESS=vuser@example.test\nMAILDIR=/home/ctest/Maildir\n"
	       "QUOTA=5000000S\nPASSWD=$1$5SW8\n"
	       "OPTIONS=disablepop3=0,group=staff\n.\n",
	       "Courier's userdb reply");
	abuf_reset(&out);
	auth_record_format(&rec, "disablepop3=1,disableimap=1", &out);
	ok(strstr(out.data, "\nOPTIONS=disablepop3=0,group=staff,"
		  "disableimap=1\n.\n") != NULL, "DEFAULTOPTIONS merged");
	auth_record_clear(&rec);

	rec.username = xstrdup("ctest");
	rec.gid = 1001;
	rec.home = xstrdup("/home/ctest");
	rec.address = xstrdup("ctest");
	rec.name = xstrdup("");
	rec.passwd = xstrdup("$y$x");
	rec.passwd2 = xstrdup("ctest");
	abuf_reset(&out);
	auth_record_format(&rec, "", &out);
	is_str(out.data, "USERNAME=ctest\nGID=1001\nHOME=/home/ctest\n"
	       "ADDRESS=ctest\nNAME=\nPASSWD=$y$x\nPASSWD2=ctest\n.\n",
	       "Courier's authpam reply");
	auth_record_set(&rec.name, "evil\nUID=0");
	abuf_reset(&out);
	auth_record_format(&rec, "", &out);
	ok(strstr(out.data, "NAME=evil UID=0\n") != NULL,
	   "newline in a value cannot add a line");
	auth_record_clear(&rec);
	abuf_free(&out);
}

static void
test_parse(void)
{
	static const char reply[] =
		"UID=1001\nGID=1002\nHOME=/h\nADDRESS=a@b\nNAME=N\n"
		"MAILDIR=/h/M\nQUOTA=5S\nPASSWD=x\nPASSWD2=y\nOPTIONS=o=1\n"
		"FUTURE=ignored\n.\n";
	struct auth_record rec = { 0 };
	const char *err;

	ok(auth_record_parse(reply, sizeof(reply) - 1, &rec, &err) == 0,
	   "reply parses");
	ok(rec.have_uid && rec.uid == 1001 && rec.gid == 1002, "ids");
	is_str(rec.home, "/h", "home");
	is_str(rec.address, "a@b", "address");
	is_str(rec.name, "N", "name");
	is_str(rec.maildir, "/h/M", "maildir");
	is_str(rec.quota, "5S", "quota");
	is_str(rec.passwd, "x", "passwd");
	is_str(rec.passwd2, "y", "passwd2");
	is_str(rec.options, "o=1", "options");
	ok(auth_record_parse("UID=1\n", 6, &rec, &err) < 0,
	   "reply without . refused");
	ok(auth_record_parse("UID=x\n.\n", 8, &rec, &err) < 0,
	   "bad UID refused");
	ok(auth_record_parse("junk\n.\n", 7, &rec, &err) < 0,
	   "line without = refused");
	auth_record_clear(&rec);
}

static void
test_options(void)
{
	char *s;

	s = auth_options_merge("", "a=1,b");
	is_str(s, "a=1,b", "defaults only");
	free(s);
	s = auth_options_merge("b=2", "a=1,b");
	is_str(s, "b=2,a=1", "account key wins");
	free(s);
	s = auth_options_merge(NULL, NULL);
	is_str(s, "", "both empty");
	free(s);
	s = auth_options_get("disableimap=1,group=staff,x", "group");
	is_str(s, "staff", "get group");
	free(s);
	s = auth_options_get("disableimap=1,group=staff,x", "x");
	is_str(s, "", "bare key");
	free(s);
	ok(auth_options_get("disableimap=1", "disable") == NULL,
	   "prefix is not a key");
}

int
main(void)
{
	test_format();
	test_parse();
	test_options();
	return tap_done();
}
