/*
 * makeuserdb [-f userdb]: compiles the userdb text file or directory into
 * userdb.dat and userdbshadow.dat (see userdb-make.h). Safe to run while
 * authdaemond serves requests.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-paths.h"
#include "auth-str.h"
#include "userdb-make.h"

int
main(int argc, char **argv)
{
	const char *userdb = USERDB_PATH_DEFAULT;
	char *path, *err = NULL;
	size_t len;
	int ret = 0;

	log_open("makeuserdb", true);
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: makeuserdb [-f userdb]\n"
		       "Compiles the userdb text file or directory into "
		       "userdb.dat and userdbshadow.dat;\nsee makeuserdb(8).\n");
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "-f") == 0) {
		userdb = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: makeuserdb [-f userdb]\n");
		return 1;
	}
	path = xstrdup(userdb);
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	if (userdb_make(path, NULL, NULL, &err) < 0) {
		fprintf(stderr, "makeuserdb: %s\n", err);
		free(err);
		ret = 1;
	}
	free(path);
	return ret;
}
