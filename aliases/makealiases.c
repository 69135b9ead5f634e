/*
 * makealiases: compiles the alias source files into aliases.dat.
 *
 *   makealiases [-alias=FILE] [-src=PATH] [-tmp=FILE] [-me=DOMAIN] [-chk]
 *   makealiases [-alias=FILE] -dump
 */
#include "config.h"

#include <stdbool.h>
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
		"Usage: makealiases [-alias=FILE] [-src=PATH] [-tmp=FILE] "
		"[-me=DOMAIN] [-chk] [-dump]\n"
		"Compiles the alias files in PATH (default %s/aliases, a file "
		"or a directory\n"
		"of files) into the gdbm database FILE (default "
		"%s/aliases.dat).\n"
		"  -chk    check the sources and report errors; write "
		"nothing\n"
		"  -dump   print the database as \"alias: member\" lines\n"
		"  -tmp=F  temporary file renamed over FILE (default "
		"FILE.tmp)\n"
		"  -me=D   domain for names without '@' (default: %s/me, "
		"else the host name)\n",
		SYSCONFDIR, SYSCONFDIR, SYSCONFDIR);
}

static const char *
opt_value(const char *arg, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(arg, name, len) == 0 && arg[len] == '=')
		return arg + len + 1;
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *alias_path = SYSCONFDIR "/aliases.dat";
	const char *src = SYSCONFDIR "/aliases", *tmp = NULL, *me_opt = NULL;
	const char *error, *v;
	struct alias_table *table;
	bool chk = false, dump = false;
	char *me, *tmp_alloc = NULL;
	int i, ret = EXIT_FAILURE;

	log_open("makealiases", true);
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			usage(stdout);
			return EXIT_SUCCESS;
		} else if (strcmp(arg, "-chk") == 0) {
			chk = true;
		} else if (strcmp(arg, "-dump") == 0) {
			dump = true;
		} else if ((v = opt_value(arg, "-alias")) != NULL) {
			alias_path = v;
		} else if ((v = opt_value(arg, "-src")) != NULL) {
			src = v;
		} else if ((v = opt_value(arg, "-tmp")) != NULL) {
			tmp = v;
		} else if ((v = opt_value(arg, "-me")) != NULL) {
			me_opt = v;
		} else if (strncmp(arg, "-protocol=", 10) == 0) {
			fprintf(stderr, "makealiases: -protocol is not "
				"supported (there is one alias set)\n");
			return EXIT_FAILURE;
		} else {
			fprintf(stderr, "makealiases: unknown argument: %s\n",
				arg);
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (dump) {
		if (alias_db_dump(alias_path, stdout, &error) < 0) {
			fprintf(stderr, "makealiases: %s\n", error);
			return EXIT_FAILURE;
		}
		return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	me = me_opt != NULL ? xstrdup(me_opt) : alias_local_domain();
	table = alias_table_new(me);
	if (alias_table_read(table, src, &error) < 0 ||
	    alias_table_expand(table, &error) < 0) {
		fprintf(stderr, "makealiases: %s\n", error);
		goto out;
	}
	if (chk) {
		printf("%zu aliases, no errors.\n", table->count);
		ret = EXIT_SUCCESS;
		goto out;
	}
	if (tmp == NULL)
		tmp = tmp_alloc = xasprintf("%s.tmp", alias_path);
	if (alias_db_write(table, alias_path, tmp, &error) < 0) {
		fprintf(stderr, "makealiases: %s\n", error);
		goto out;
	}
	ret = EXIT_SUCCESS;
out:
	alias_table_free(&table);
	free(tmp_alloc);
	free(me);
	return ret;
}
