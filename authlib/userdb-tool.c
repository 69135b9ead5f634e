/*
 * userdb: edits the userdb text file as Courier's userdb(8) does.
 *   userdb [-f file] [path/]addr set field=value...  (no "=value": read it
 *                                                     from standard input)
 *   userdb [-f file] [path/]addr unset field...
 *   userdb [-f file] [path/]addr del
 *   userdb -show [-f file | path] [addr]
 * Run makeuserdb afterwards to rebuild userdb.dat.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth-paths.h"
#include "auth-str.h"
#include "safe-io.h"
#include "tool-password.h"
#include "userdb-edit.h"
#include "userdb-format.h"

#define USERDB_SHOW_MAX (256 * 1024 * 1024)

static void
usage_to(FILE *out, int status)
{
	fprintf(out,
		"usage: userdb [-f file] [path/]addr set field=value...\n"
		"       userdb [-f file] [path/]addr unset field...\n"
		"       userdb [-f file] [path/]addr del\n"
		"       userdb -show [-f file | path] [addr]\n");
	exit(status);
}

static void
usage(void)
{
	usage_to(stderr, 1);
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
show(const char *file, const char *addr)
{
	char *data = NULL;
	size_t size, pos = 0;

	if (read_file(file, USERDB_SHOW_MAX, &data, &size) < 0) {
		fprintf(stderr, "userdb: %s: %s\n", file, strerror(errno));
		return 1;
	}
	while (pos < size) {
		const char *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl != NULL ? (size_t)(nl - data) - pos
					: size - pos;
		struct userdb_line l;
		const char *err;

		if (userdb_line_parse(data + pos, len, &l, &err) == 1) {
			if (addr == NULL) {
				printf("%.*s\n", (int)l.addr_len, l.addr);
			} else if (strlen(addr) == l.addr_len &&
				   memcmp(addr, l.addr, l.addr_len) == 0) {
				size_t i;

				for (i = 0; i < l.fields_len; i++)
					putchar(l.fields[i] == '|'
							? '\n' : l.fields[i]);
				putchar('\n');
			}
		}
		pos += len + 1;
	}
	explicit_bzero(data, size);
	free(data);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
cmd_show(const char *file, int argc, char **argv)
{
	char *path = NULL;
	int ret;

	if (file == NULL && is_dir(USERDB_PATH_DEFAULT)) {
		if (argc < 1)
			usage();
		path = xasprintf("%s/%s", USERDB_PATH_DEFAULT, argv[0]);
		argc--;
		argv++;
	}
	if (argc > 1)
		usage();
	ret = show(path != NULL ? path : file != NULL ? file
						      : USERDB_PATH_DEFAULT,
		   argc == 1 ? argv[0] : NULL);
	free(path);
	return ret;
}

/* "field" without "=value" in a set: the value comes from stdin. */
static char *
set_item(const char *arg)
{
	char *value, *item;

	if (strchr(arg, '=') != NULL)
		return xstrdup(arg);
	value = tool_read_password("userdb", true);
	if (value == NULL)
		exit(1);
	item = xasprintf("%s=%s", arg, value);
	str_free_secret(&value);
	return item;
}

static int
cmd_edit(const char *file, int argc, char **argv)
{
	const char *userdb = file != NULL ? file : USERDB_PATH_DEFAULT;
	char *addr = xstrdup(argv[0]), *sub = NULL, *err = NULL;
	char **items = xcalloc((size_t)argc, sizeof(char *));
	enum userdb_edit_op op;
	int i, n = argc - 2, ret = 1;

	if (strcmp(argv[1], "set") == 0 && n > 0)
		op = USERDB_EDIT_SET;
	else if (strcmp(argv[1], "unset") == 0 && n > 0)
		op = USERDB_EDIT_UNSET;
	else if (strcmp(argv[1], "del") == 0 && n == 0)
		op = USERDB_EDIT_DELETE;
	else
		usage();
	if (is_dir(userdb) && strrchr(addr, '/') != NULL) {
		char *slash = strrchr(addr, '/');

		*slash = '\0';
		sub = addr;
		addr = xstrdup(slash + 1);
	}
	for (i = 0; i < n; i++)
		items[i] = op == USERDB_EDIT_SET ? set_item(argv[i + 2])
						 : xstrdup(argv[i + 2]);
	if (userdb_edit(userdb, sub, addr, op, (const char *const *)items,
			(size_t)n, &err) < 0)
		fprintf(stderr, "userdb: %s\n", err);
	else
		ret = 0;
	for (i = 0; i < n; i++)
		str_free_secret(&items[i]);
	free(items);
	free(addr);
	free(sub);
	free(err);
	return ret;
}

int
main(int argc, char **argv)
{
	const char *file = NULL;
	bool showing = false;
	int i = 1;

	log_open("userdb", true);
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage_to(stdout, 0);
	if (i < argc && strcmp(argv[i], "-show") == 0) {
		showing = true;
		i++;
	}
	if (i + 1 < argc && strcmp(argv[i], "-f") == 0) {
		file = argv[i + 1];
		i += 2;
	}
	if (showing)
		return cmd_show(file, argc - i, argv + i);
	if (argc - i < 2)
		usage();
	return cmd_edit(file, argc - i, argv + i);
}
