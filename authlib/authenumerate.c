/*
 * authenumerate [-s] [-o] [-m module] [-S socket]
 * Lists every account the daemon's modules can enumerate, one per line:
 * name TAB uid TAB gid TAB home TAB maildir [TAB options with -o].
 * -s leaves out accounts with the disableshared option (the output is then
 * a shared-folder index); -m keeps only one module's accounts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authclient.h"

struct enum_opts {
	bool skip_unshared;
	bool options;
	const char *module;
};

static bool
disableshared(const char *options)
{
	char *v = auth_options_get(options, "disableshared");
	bool ret = v != NULL && strcmp(v, "0") != 0;

	free(v);
	return ret;
}

static void
print_entry(const struct authclient_enum_entry *e, void *context)
{
	const struct enum_opts *o = context;

	if (o->module != NULL && strcmp(o->module, e->module) != 0)
		return;
	if (o->skip_unshared && disableshared(e->options))
		return;
	printf("%s\t%lu\t%lu\t%s\t%s", e->name, e->uid, e->gid, e->home,
	       e->maildir);
	if (o->options)
		printf("\t%s", e->options);
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct authclient_settings set = { 0 };
	struct enum_opts o = { false, false, NULL };
	const char *err = "";
	int opt;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: authenumerate [-s] [-o] [-m module] "
		       "[-S socket]\n"
		       "Lists the accounts authdaemond knows; see "
		       "authenumerate(1).\n");
		return 0;
	}
	while ((opt = getopt(argc, argv, "som:S:")) != -1) {
		switch (opt) {
		case 's':
			o.skip_unshared = true;
			break;
		case 'o':
			o.options = true;
			break;
		case 'm':
			o.module = optarg;
			break;
		case 'S':
			set.socket_path = optarg;
			break;
		default:
			fprintf(stderr, "usage: authenumerate [-s] [-o] "
					"[-m module] [-S socket]\n");
			return 1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: authenumerate [-s] [-o] [-m module] "
				"[-S socket]\n");
		return 1;
	}
	set.timeout_ms = 600000;
	if (authclient_enumerate(&set, print_entry, &o, &err) !=
	    AUTHCLIENT_OK) {
		fprintf(stderr, "authenumerate: %s\n", err);
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
