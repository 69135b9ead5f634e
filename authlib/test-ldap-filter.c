#include "config.h"

#include <string.h>

#include "ldap-filter.h"
#include "../tests/unit/tap.h"

static void
check_escape(const char *in, size_t len, const char *want, const char *name)
{
	struct abuf out = ABUF_INIT;

	ldap_filter_escape(&out, in, len);
	abuf_append(&out, "", 0);
	is_str(out.data, want, name);
	abuf_free(&out);
}

int
main(void)
{
	struct abuf out = ABUF_INIT;

	check_escape("plain@example.test", 18, "plain@example.test", "plain");
	check_escape("*", 1, "\\2a", "star");
	check_escape("a)(uid=*", 8, "a\\29\\28uid=\\2a", "injection");
	check_escape("a\\b", 3, "a\\5cb", "backslash");
	check_escape("a\0b", 3, "a\\00b", "NUL");
	check_escape("\n", 1, "\\0a", "newline");
	check_escape("\xc3\xa4", 2, "\xc3\xa4", "UTF-8 kept");
	ldap_filter_match(&out, "mail", "x*", NULL);
	is_str(out.data, "(mail=x\\2a)", "match without extra");
	abuf_reset(&out);
	ldap_filter_match(&out, "mail", "x", "(objectClass=posixAccount)");
	is_str(out.data, "(&(mail=x)(objectClass=posixAccount))",
	       "match with extra");
	abuf_reset(&out);
	ldap_filter_emailmap(&out, "(&(userid=@user@)(realm=@realm@))",
			     "j*", "ex)ample");
	is_str(out.data, "(&(userid=j\\2a)(realm=ex\\29ample))", "emailmap");
	abuf_reset(&out);
	ldap_filter_emailmap(&out, "@user", "a", "b");
	is_str(out.data, "@user", "incomplete marker kept");
	abuf_free(&out);
	return tap_done();
}
