/*
 * aliaslookup: prints what each address expands to in aliases.dat.
 *
 *   aliaslookup [-alias=FILE] [-me=DOMAIN] ADDRESS...
 *
 * Each member is printed on a line of its own. An address that is no alias
 * prints nothing and makes the exit status 1; a database error gives 2.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alias-db.h"
#include "alias-table.h"
#include "log.h"
#include "xalloc.h"

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: aliaslookup [-alias=FILE] [-me=DOMAIN] ADDRESS...\n"
		"Prints the members each ADDRESS expands to in FILE "
		"(default %s/aliases.dat),\n"
		"one per line. Exit status 1 when an address is not an "
		"alias, 2 on errors.\n",
		SYSCONFDIR);
}

int
main(int argc, char **argv)
{
	const char *alias_path = SYSCONFDIR "/aliases.dat", *error;
	char *me = NULL;
	int i, ret = EXIT_SUCCESS;

	log_open("aliaslookup", true);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_SUCCESS;
		} else if (strncmp(argv[i], "-alias=", 7) == 0) {
			alias_path = argv[i] + 7;
		} else if (strncmp(argv[i], "-me=", 4) == 0) {
			free(me);
			me = xstrdup(argv[i] + 4);
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strncmp(argv[i], "-m", 2) == 0) {
			fprintf(stderr, "aliaslookup: modules are not "
				"supported: %s\n", argv[i]);
			return 2;
		} else {
			fprintf(stderr, "aliaslookup: unknown option %s\n",
				argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (i == argc) {
		usage(stderr);
		return 2;
	}
	if (me == NULL)
		me = alias_local_domain();
	for (; i < argc; i++) {
		char *addr = alias_canonical(argv[i], strlen(argv[i]), me,
					     &error);
		char **members = NULL;
		int found;
		size_t j;

		if (addr == NULL) {
			fprintf(stderr, "aliaslookup: %s: %s\n", argv[i],
				error);
			ret = 2;
			continue;
		}
		found = alias_db_lookup(alias_path, addr, &members, &error);
		if (found < 0) {
			fprintf(stderr, "aliaslookup: %s\n", error);
			ret = 2;
		} else if (found == 0) {
			fprintf(stderr, "aliaslookup: %s: not an alias\n",
				addr);
			if (ret == EXIT_SUCCESS)
				ret = 1;
		} else {
			for (j = 0; members[j] != NULL; j++)
				printf("%s\n", members[j]);
			alias_members_free(&members);
		}
		free(addr);
	}
	free(me);
	return fflush(stdout) == 0 ? ret : 2;
}
