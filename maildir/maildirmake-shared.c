/*
 * maildirmake --add NAME=PATH and --del NAME: maintain the maildir's
 * "shared-maildirs" file (NAME<TAB>PATH lines) the way Courier does.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "safe-io.h"
#include "maildir.h"
#include "maildirmake.h"

#define SHARED_FILE "shared-maildirs"
#define SHARED_FILE_MAX (1024 * 1024)

static bool
has_control(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	}
	return false;
}

/* Reads the file; a missing file gives an empty buffer when missing_ok. */
static int
read_shared(const char *maildir, bool missing_ok, char **data_r,
	    size_t *size_r)
{
	char path[MAILDIR_PATH_MAX];
	struct stat st;

	if (stat(maildir, &st) < 0 ||
	    maildir_path(path, sizeof(path), maildir, SHARED_FILE) < 0) {
		fprintf(stderr, "%s: %s\n", maildir, strerror(errno));
		return -1;
	}
	if (read_file(path, SHARED_FILE_MAX, data_r, size_r) == 0)
		return 0;
	if (errno == ENOENT && missing_ok) {
		*data_r = calloc(1, 1);
		*size_r = 0;
		if (*data_r != NULL)
			return 0;
	}
	/* Courier reports the maildir for a missing file. */
	fprintf(stderr, "%s: %s\n", errno == ENOENT ? maildir : path,
		strerror(errno));
	return -1;
}

static int
write_shared(const char *maildir, const char *data, size_t size)
{
	char path[MAILDIR_PATH_MAX];

	if (maildir_path(path, sizeof(path), maildir, SHARED_FILE) < 0 ||
	    safe_write_file(path, data, size, 0644) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Does the line at line (len bytes, no newline) define name? */
static bool
line_is(const char *line, size_t len, const char *name)
{
	size_t nlen = strlen(name);

	return len > nlen && memcmp(line, name, nlen) == 0 &&
	       line[nlen] == '\t';
}

int
maildirmake_shared_add(const char *maildir, const char *arg)
{
	const char *eq = strchr(arg, '='), *path, *p;
	char name[MAILDIR_PATH_MAX], *data = NULL, *out = NULL;
	size_t size, nlen;
	struct stat st;
	int ret = 1;

	if (eq == NULL || eq[1] != '/' ||
	    (size_t)(eq - arg) >= sizeof(name)) {
		printf("Usage: maildirmake [ options ] maildir\n");
		return 1;
	}
	nlen = (size_t)(eq - arg);
	memcpy(name, arg, nlen);
	name[nlen] = '\0';
	path = eq + 1;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (nlen == 0 || strchr(name, '.') != NULL ||
	    strchr(name, '/') != NULL || has_control(name) ||
	    has_control(path)) {
		fprintf(stderr, "%s: invalid name\n", name);
		return 1;
	}
	if (read_shared(maildir, true, &data, &size) < 0)
		return 1;
	for (p = data; p < data + size;) {
		const char *nl = memchr(p, '\n', (size_t)(data + size - p));
		size_t len = nl != NULL ? (size_t)(nl - p)
					: (size_t)(data + size - p);

		if (line_is(p, len, name)) {
			fprintf(stderr,
				"%s: already defined as a sharable maildir.\n",
				name);
			ret = 2;
			goto out;
		}
		p += len + 1;
	}
	out = malloc(size + nlen + strlen(path) + 3);
	if (out == NULL) {
		perror("maildirmake");
		goto out;
	}
	memcpy(out, data, size);
	if (size > 0 && data[size - 1] != '\n')
		out[size++] = '\n';
	size += (size_t)sprintf(out + size, "%s\t%s\n", name, path);
	if (write_shared(maildir, out, size) == 0)
		ret = 0;
out:
	free(out);
	free(data);
	return ret;
}

int
maildirmake_shared_del(const char *maildir, const char *name)
{
	char *data = NULL, *out = NULL;
	size_t size, outlen = 0;
	const char *p;
	bool found = false;
	int ret = 1;

	if (read_shared(maildir, false, &data, &size) < 0)
		return 1;
	out = malloc(size + 1);
	if (out == NULL) {
		perror("maildirmake");
		goto out;
	}
	for (p = data; p < data + size;) {
		const char *nl = memchr(p, '\n', (size_t)(data + size - p));
		size_t len = nl != NULL ? (size_t)(nl - p + 1)
					: (size_t)(data + size - p);

		if (line_is(p, len, name)) {
			found = true;
		} else {
			memcpy(out + outlen, p, len);
			outlen += len;
		}
		p += len;
	}
	if (!found) {
		fprintf(stderr, "%s: not found.\n", name);
		goto out;
	}
	if (write_shared(maildir, out, outlen) == 0)
		ret = 0;
out:
	free(out);
	free(data);
	return ret;
}
