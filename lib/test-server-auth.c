#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "server-auth.h"
#include "../tests/unit/tap.h"

int
main(void)
{
	struct server_account a;

	memset(&a, 0, sizeof(a));
	ok(!server_account_option(&a, "disablepop3"), "no options: false");
	a.options = strdup("disablepop3=0,group=staff,disableimap,"
			   "disableinsecurepop3=1,x=");
	ok(!server_account_option(&a, "disablepop3"), "=0 is false");
	ok(server_account_option(&a, "disableimap"), "bare key is true");
	ok(server_account_option(&a, "disableinsecurepop3"), "=1 is true");
	ok(server_account_option(&a, "group"), "other value is true");
	ok(!server_account_option(&a, "x"), "empty value is false");
	ok(!server_account_option(&a, "disable"), "prefix does not match");
	ok(!server_account_option(&a, "disablepop"), "shorter key no match");
	a.address = strdup("u@example.test");
	server_account_clear(&a);
	ok(a.options == NULL && a.address == NULL, "clear frees and zeroes");
	return tap_done();
}
