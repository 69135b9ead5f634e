/*
 * authpasswd [scheme]: reads a password (twice on a terminal) and prints
 * its hash, ready to paste into a userdb, SQL or LDAP record. Schemes are
 * those of password_hash(); the default is yescrypt.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-str.h"
#include "password-scheme.h"
#include "tool-password.h"

static void
usage_to(FILE *out, int status)
{
	size_t i;

	fprintf(out, "usage: authpasswd [scheme]\nschemes:");
	for (i = 0; password_scheme_names[i] != NULL; i++)
		fprintf(out, " %s", password_scheme_names[i]);
	fprintf(out, "\n");
	exit(status);
}

static void
usage(void)
{
	usage_to(stderr, 1);
}

int
main(int argc, char **argv)
{
	const char *scheme = NULL, *err;
	char *pw, *hash = NULL;
	int ret = 1;

	log_open("authpasswd", true);
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage_to(stdout, 0);
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		usage();
	if (argc == 2)
		scheme = argv[1];
	pw = tool_read_password("authpasswd", true);
	if (pw == NULL)
		return 1;
	if (password_hash(scheme, pw, &hash, &err) < 0) {
		fprintf(stderr, "authpasswd: %s\n", err);
		if (strcmp(err, "unknown password scheme") == 0)
			usage();
	} else {
		printf("%s\n", hash);
		ret = fflush(stdout) == 0 ? 0 : 1;
	}
	str_free_secret(&pw);
	str_free_secret(&hash);
	return ret;
}
